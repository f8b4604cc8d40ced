//! Settings that change what the analysis means: the SQLAlchemy series it follows, and whether
//! unannotated parameters get types assumed from their names.

use std::fmt;

/// The SQLAlchemy release series whose annotations we follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Series {
    V20,
    #[default]
    V21,
}

impl Series {
    pub const NEWEST: Series = Series::V21;

    pub fn parse(text: &str) -> Option<Series> {
        let text = text.trim();
        if text == "2.0" || text.starts_with("2.0.") {
            Some(Series::V20)
        } else if text == "2.1" || text.starts_with("2.1.") {
            Some(Series::V21)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Series::V20 => "2.0",
            Series::V21 => "2.1",
        }
    }
}

impl fmt::Display for Series {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Settings {
    pub series: Series,
    /// An unannotated parameter named like a session, an engine, a connection or a mapped class
    /// is assumed to hold one, in the precise view (`infer/assumed.rs`). On by default.
    pub assume_parameter_types: bool,
}

impl Settings {
    /// The default settings for a series.
    pub fn for_series(series: Series) -> Settings {
        Settings { series, ..Settings::default() }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings { series: Series::default(), assume_parameter_types: true }
    }
}
