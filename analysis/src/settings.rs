//! Settings that change what the analysis means: the SQLAlchemy series it follows, and whether
//! unannotated parameters get types assumed from their names.

use std::fmt;

/// The SQLAlchemy release series whose annotations we follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Series {
    /// SQLAlchemy 1.4 (and 1.3): no inline annotations, so type checkers see its API as untyped
    /// (`Unknown`); what runs is described by 2.0's annotations closely enough for the precise
    /// view, which follows them ([`Series::tables`]).
    V14,
    V20,
    #[default]
    V21,
}

impl Series {
    pub const NEWEST: Series = Series::V21;

    pub fn parse(text: &str) -> Option<Series> {
        let text = text.trim();
        if ["1.4", "1.3"].iter().any(|v| text == *v || text.strip_prefix(v).is_some_and(|rest| rest.starts_with('.'))) {
            Some(Series::V14)
        } else if text == "2.0" || text.starts_with("2.0.") {
            Some(Series::V20)
        } else if text == "2.1" || text.starts_with("2.1.") {
            Some(Series::V21)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Series::V14 => "1.4",
            Series::V20 => "2.0",
            Series::V21 => "2.1",
        }
    }

    /// The series whose annotations (our API tables, type display) describe this one's API: 1.x
    /// has none of its own; its 2.0-style API returns at runtime what 2.0's annotations say.
    pub fn tables(self) -> Series {
        match self {
            Series::V14 => Series::V20,
            series => series,
        }
    }

    /// Whether SQLAlchemy ships inline annotations in this series (type checkers see its API).
    pub fn annotated(self) -> bool {
        self != Series::V14
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_parse_from_versions_and_flags() {
        assert_eq!(Series::parse("1.4"), Some(Series::V14));
        assert_eq!(Series::parse("1.3.24"), Some(Series::V14));
        assert_eq!(Series::parse("2.0.36"), Some(Series::V20));
        assert_eq!(Series::parse("2.1"), Some(Series::V21));
        assert_eq!(Series::parse("1.2"), None);
        assert_eq!(Series::V14.to_string(), "1.4");
        assert_eq!(Series::V14.tables(), Series::V20);
    }
}
