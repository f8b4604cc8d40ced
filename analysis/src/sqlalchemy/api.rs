//! What SQLAlchemy's methods, properties and functions return, one row per member, transcribed from
//! SQLAlchemy's annotations. `series: None` rows hold for both 2.0 and 2.1; a series-specific row
//! wins over a shared one. Templates are documented in `template.rs`.
//!
//! A reader answers "what does `ScalarResult.one_or_none` return?" by finding its row here.

use std::sync::Arc;

use super::template::Template;
use crate::settings::Series;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    Method,
    Property,
}

pub struct Member {
    pub class: &'static str,
    pub name: &'static str,
    pub kind: MemberKind,
    pub series: Option<Series>,
    pub ret: &'static str,
}

/// A module-level function or callable object (`sqlalchemy.select`, `sqlalchemy.func.count`).
pub struct Function {
    pub name: &'static str,
    pub series: Option<Series>,
    pub ret: &'static str,
    /// Positional typing limit of a row-building call (`select`: 10), for `$ARGS`.
    pub row_limit: Option<usize>,
}

use MemberKind::{Method as M, Property as P};

const fn m(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: M, series: None, ret }
}

const fn p(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: P, series: None, ret }
}

const fn m20(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: M, series: Some(Series::V20), ret }
}

const fn m21(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: M, series: Some(Series::V21), ret }
}

const fn p20(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: P, series: Some(Series::V20), ret }
}

const fn p21(class: &'static str, name: &'static str, ret: &'static str) -> Member {
    Member { class, name, kind: P, series: Some(Series::V21), ret }
}

const fn f(name: &'static str, ret: &'static str) -> Function {
    Function { name, series: None, ret, row_limit: None }
}

/// Class → the classes whose members it inherits (only where the table needs it).
pub const PARENTS: &[(&str, &[&str])] = &[
    ("CursorResult", &["Result"]),
    ("ChunkedIteratorResult", &["Result"]),
    ("RowReturningQuery", &["Query"]),
    ("AsyncSession", &[]),
    ("scoped_session", &["Session"]),
    ("Select", &["SelectBase"]),
    ("CompoundSelect", &["SelectBase"]),
];

/// Methods and properties.
pub const MEMBERS: &[Member] = &[
    // --- Result (engine/result.py) ---
    m("Result", "all", "Sequence[Row[$R]]"),
    m("Result", "fetchall", "Sequence[Row[$R]]"),
    m("Result", "fetchmany", "Sequence[Row[$R]]"),
    m("Result", "first", "Optional[Row[$R]]"),
    m("Result", "fetchone", "Optional[Row[$R]]"),
    m("Result", "one_or_none", "Optional[Row[$R]]"),
    m("Result", "one", "Row[$R]"),
    m("Result", "__iter__", "Iterator[Row[$R]]"),
    m("Result", "__next__", "Row[$R]"),
    m("Result", "unique", "$self"),
    m("Result", "yield_per", "$self"),
    m("Result", "columns", "$self"),
    m("Result", "mappings", "MappingResult"),
    m("Result", "partitions", "Iterator[Sequence[Row[$R]]]"),
    m("Result", "tuples", "TupleResult[$RT]"),
    m20("Result", "scalars", "ScalarResult[$1] ?? ScalarResult[Any]"),
    m20("Result", "scalar_one", "$1 ?? Any"),
    m20("Result", "scalar_one_or_none", "Optional[$1] ?? Optional[Any]"),
    m20("Result", "scalar", "Optional[$1] ?? Any"),
    m21("Result", "scalars", "ScalarResult[$F]"),
    m21("Result", "scalar_one", "$F"),
    m21("Result", "scalar_one_or_none", "Optional[$F]"),
    m21("Result", "scalar", "Optional[$F]"),
    // --- ScalarResult ---
    m("ScalarResult", "all", "Sequence[$T]"),
    m("ScalarResult", "fetchall", "Sequence[$T]"),
    m("ScalarResult", "fetchmany", "Sequence[$T]"),
    m("ScalarResult", "first", "Optional[$T]"),
    m("ScalarResult", "one_or_none", "Optional[$T]"),
    m("ScalarResult", "one", "$T"),
    m("ScalarResult", "__iter__", "Iterator[$T]"),
    m("ScalarResult", "__next__", "$T"),
    m("ScalarResult", "unique", "$self"),
    m("ScalarResult", "yield_per", "$self"),
    m("ScalarResult", "partitions", "Iterator[Sequence[$T]]"),
    // --- Row ---
    p20("Row", "t", "$RT"),
    m20("Row", "tuple", "$RT"),
    p20("Row", "_t", "$RT"),
    m20("Row", "_tuple", "$RT"),
    // --- Session (orm/session.py) ---
    m("Session", "execute", "Result[$A0.R]"),
    m20("Session", "scalars", "ScalarResult[$A0.1] ?? ScalarResult[Any]"),
    m20("Session", "scalar", "Optional[$A0.1] ?? Any"),
    m("Session", "get", "Optional[$A0.inst]"),
    m("Session", "get_one", "$A0.inst"),
    // --- Select (sql/selectable.py) ---
    m("SelectBase", "subquery", "Subquery[$R]"),
    m("SelectBase", "cte", "CTE[$R]"),
    m("Select", "where", "$self"),
    m("Select", "filter", "$self"),
    m("Select", "filter_by", "$self"),
    m("Select", "order_by", "$self"),
    m("Select", "join", "$self"),
    m("Select", "join_from", "$self"),
    m("Select", "outerjoin", "$self"),
    m("Select", "limit", "$self"),
    m("Select", "offset", "$self"),
    m("Select", "options", "$self"),
    m("Select", "group_by", "$self"),
    m("Select", "having", "$self"),
    m("Select", "distinct", "$self"),
    m("Select", "execution_options", "$self"),
    m("Select", "select_from", "$self"),
];

/// Module-level functions and callable objects, by canonical name.
pub const FUNCTIONS: &[Function] = &[
    Function { name: "sqlalchemy.select", series: None, ret: "Select[$ARGS]", row_limit: Some(10) },
    f("sqlalchemy.and_", "ColumnElement[bool]"),
    f("sqlalchemy.or_", "ColumnElement[bool]"),
];

/// Class short name → the Python value a column expression of that class contributes to a row
/// (`select(User.id)` → `int`). Searched through PARENTS.
pub const COLUMN_VALUES: &[(&str, &str)] = &[
    ("InstrumentedAttribute", "$T"),
    ("QueryableAttribute", "$T"),
    ("ColumnElement", "$T"),
    ("Column", "$T"),
    ("Label", "$T"),
    ("BinaryExpression", "$T"),
    ("count", "int"),
];

/// Positional typing limits of row-building members (`Insert.returning`: 8), by class and name.
pub const MEMBER_ROW_LIMITS: &[(&str, &str, usize)] =
    &[("Insert", "returning", 8), ("Update", "returning", 8), ("Delete", "returning", 8)];

pub fn column_value(class: &str) -> Option<Arc<Template>> {
    let mut pending = vec![class];
    let mut seen = 0;
    while let Some(class) = pending.pop() {
        seen += 1;
        if seen > 32 {
            break;
        }
        if let Some((_, ret)) = COLUMN_VALUES.iter().find(|(c, _)| *c == class) {
            return Some(Template::cached(ret));
        }
        if let Some((_, parents)) = PARENTS.iter().find(|(c, _)| *c == class) {
            pending.extend(parents.iter().rev());
        }
    }
    None
}

pub fn member_row_limit(class: &str, name: &str, _series: Series) -> Option<usize> {
    MEMBER_ROW_LIMITS.iter().find(|(c, n, _)| *c == class && *n == name).map(|(_, _, limit)| *limit)
}

/// The return template of `class.name` for the series, searching parent classes.
pub fn lookup_member(class: &str, name: &str, series: Series) -> Option<(MemberKind, Arc<Template>)> {
    let mut pending = vec![class];
    let mut seen = 0;
    while let Some(class) = pending.pop() {
        seen += 1;
        if seen > 32 {
            break;
        }
        let rows = MEMBERS.iter().filter(|r| r.class == class && r.name == name);
        let best = rows.filter(|r| r.series.is_none_or(|s| s == series)).max_by_key(|r| r.series.is_some());
        if let Some(row) = best {
            return Some((row.kind, Template::cached(row.ret)));
        }
        if let Some((_, parents)) = PARENTS.iter().find(|(c, _)| *c == class) {
            pending.extend(parents.iter().rev());
        }
    }
    None
}

/// The return template and row limit of a function, by canonical name.
pub fn lookup_function(name: &str, series: Series) -> Option<(Arc<Template>, Option<usize>)> {
    FUNCTIONS
        .iter()
        .filter(|r| r.name == name && r.series.is_none_or(|s| s == series))
        .max_by_key(|r| r.series.is_some())
        .map(|r| (Template::cached(r.ret), r.row_limit))
}

/// Whether a member exists at all for some series (a typo is `Unknown`, a wrong-series member too).
pub fn has_member(class: &str, name: &str) -> bool {
    MEMBERS.iter().any(|r| r.class == class && r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses_and_every_series_row_has_a_reason() {
        for row in MEMBERS {
            let _ = Template::parse(row.ret);
        }
        for row in FUNCTIONS {
            let _ = Template::parse(row.ret);
        }
    }

    #[test]
    fn series_rows_win_and_parents_are_searched() {
        assert!(lookup_member("CursorResult", "all", Series::V20).is_some());
        assert!(lookup_member("Row", "t", Series::V21).is_none());
        assert!(lookup_member("Result", "scalars", Series::V21).is_some());
    }
}
