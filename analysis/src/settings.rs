//! Settings that change what the analysis means: the SQLAlchemy series it follows.

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

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Settings {
    pub series: Series,
}
