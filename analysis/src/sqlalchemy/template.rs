//! Return-type templates: the right-hand side of an API table row, written the way SQLAlchemy's
//! annotations read (`Sequence[Row[$R]]`, `Optional[$T]`, `Result[$A0.R]`), parsed once and
//! instantiated against a call's receiver and arguments.
//!
//! Placeholders:
//! - `$self`: the receiver itself.
//! - `$T`: the receiver's first type argument (`ScalarResult[User]` → `User`).
//! - `$R`: the receiver's row (only inside a row-carrying type: `Row[$R]`).
//! - `$RT`: the receiver's row as `Tuple[...]`; `$Rt` as builtin `tuple[...]`.
//! - `$1`: the receiver's only column (2.0's `self: Result[Tuple[_T]]` overloads). When the row does
//!   not have exactly one column the alternative after `??` applies (`Optional[$1] ?? Any`); precise
//!   mode takes the first column instead.
//! - `$F`: the receiver's first column (2.1's `Result[_T, Unpack[TupleAny]]` overloads).
//! - `$ARGS`: the row built from the call's positional arguments (`select(User.id, User.name)`), with
//!   the table row's positional typing limit applied as type checkers apply it.
//! - `$THEN`: the common type of a `case()`'s THEN and else values.
//! - `$A0`, `$A1`…: the type of a positional argument; `$A0.R`, `$A0.1`, `$A0.F`, `$A0.T` apply the
//!   above to it, and `$A0.inst` turns a class object (`type[User]`) into its instance (an overload
//!   for entities: it does not apply to anything else). `$A1.py` is the Python type a SQL type
//!   argument stands for (`cast(x, String)` → `str`), see `sql_types.rs`.
//!
//! `$T` of a column expression class without type arguments is the class's column value
//! (`func.count()` is `count`, a `ColumnElement[int]`: `$T` is `int`). `$1` and `$F` also read a
//! tuple type argument as the row (`TupleResult[Tuple[int]]`).
//!
//! Inside a row-carrying type, anything but a row placeholder lists the columns: `Select[$T]` is a
//! one-column row. `TupleAny` is SQLAlchemy's untyped row: `Any` in 2.0, `*tuple[Any, ...]` in 2.1;
//! a lone `Any` is untyped in 2.0 (`Result[Any]`) and one `Any` column in 2.1.
//!
//! Overload alternatives (`A ?? B ?? C`) may start with a guard, mirroring the overload's signature:
//! - `[#2]`, `[#2+]`: exactly / at least that many positional arguments;
//! - `[precise]`: only in precise mode (what we know beyond what type checkers show);
//! - `[$T: int | float | Decimal]`: the placeholder's value is an instance of one of these classes
//!   (subclasses count: `bool` is an `int`; `Any` and `None` match themselves). When the value is
//!   `Unknown` the whole template is `Unknown`, as no overload can be picked.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::hir::Name;
use crate::settings::Series;
use crate::types::{Class, RowCol, RowShape, RowTail, TupleSpelling, Ty};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Template {
    Named(String, Vec<Template>),
    Optional(Box<Template>),
    /// `NotNone[X]`: `X` without `None` (`_ColumnExpressionArgument[Optional[_T]]` matching `str | None`).
    NotNone(Box<Template>),
    /// `NullableAs[X, Y]`: `X`, `| None` when `Y` may be `None` (`cast(nullable, String)` is still
    /// NULL where the column is).
    NullableAs(Box<Template>, Box<Template>),
    Union(Vec<Template>),
    Tuple(TupleSpelling, Vec<Template>),
    TypeOf(Box<Template>),
    Placeholder(Source, Projection),
    /// Overloads: the first alternative whose placeholders all apply.
    Alternatives(Vec<Template>),
    /// An alternative that applies only when its guard holds (`[#1] Query[$A0.inst]`).
    Guarded(Guard, Box<Template>),
    Any,
    None,
    Unknown,
}

/// The condition of a guarded alternative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guard {
    /// The number of positional arguments: exactly `count`, or at least `count` when `or_more`.
    Arity { count: usize, or_more: bool },
    /// The placeholder's value is an instance of one of these classes (short names, as in templates).
    Is(Source, Projection, Vec<String>),
    /// Precise mode only (`[precise]`): what we know beyond what type checkers see.
    Precise,
}

/// Where a placeholder reads from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Receiver,
    Arg(usize),
    /// The row made of all positional arguments.
    ArgsRow,
    /// The value type of a `case()` (`$THEN`).
    Then,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Projection {
    Whole,
    FirstArg,
    Row,
    RowTuple(TupleSpelling),
    OnlyColumn,
    FirstColumn,
    Instance,
    /// The Python type of a SQL type argument (`String`, `Numeric(10, 2)`).
    PythonType,
}

/// What a template is instantiated against.
pub struct TemplateContext<'a> {
    pub receiver: &'a Ty,
    pub args: &'a [Ty],
    pub series: Series,
    /// The row made of the positional arguments, for row-building calls (`$ARGS`).
    pub args_row: Option<Arc<RowShape>>,
    /// The common type of a CASE's THEN and else values (`$THEN`), where the call computed it.
    pub then: Option<Ty>,
    /// Precise mode: know what type checkers lose (`$1` on a multi-column row is its first column).
    pub precise: bool,
}

/// Canonical names for the short names used in templates.
fn canonical(name: &str) -> String {
    match name {
        "int" | "str" | "float" | "bool" | "bytes" | "object" | "list" | "dict" | "set" => format!("builtins.{name}"),
        "Sequence" | "Iterator" | "Iterable" | "List" | "Set" | "Dict" | "Mapping" | "Coroutine" | "CoroutineType"
        | "AsyncIterator" | "Callable" | "Awaitable" | "Generator" => format!("typing.{name}"),
        "datetime" | "date" | "time" | "timedelta" => format!("datetime.{name}"),
        "Decimal" => "decimal.Decimal".to_owned(),
        "UUID" => "uuid.UUID".to_owned(),
        other if other.contains('.') => other.to_owned(),
        other => format!("sqlalchemy.{other}"),
    }
}

/// SQLAlchemy generics whose type arguments are a row (`Select[Tuple[int, str]]` / `Select[int, str]`).
pub const ROW_KINDS: &[&str] = &[
    "Select",
    "CompoundSelect",
    "Result",
    "Row",
    "CursorResult",
    "AsyncResult",
    "RowReturningQuery",
    "ReturningInsert",
    "ReturningUpdate",
    "ReturningDelete",
    "TypedReturnsRows",
    "ChunkedIteratorResult",
    "FrozenResult",
    "Subquery",
    "CTE",
    "Alias",
    "Table",
    "NamedFromClause",
];

/// Row carriers that type checkers see as plain, non-generic classes; we keep their columns for `.c.x`.
pub const UNPARAMETERISED_ROW_KINDS: &[&str] =
    &["Subquery", "CTE", "Alias", "Table", "TableColumns", "SubqueryColumns", "NamedFromClause", "AliasColumns"];

impl Template {
    pub fn parse(text: &str) -> Template {
        let alternatives: Vec<Template> = text
            .split("??")
            .map(|part| {
                // Leading guards, each of which must hold: `[precise] [$A1.py: str] ...`.
                let mut body = part.trim();
                let mut guards = Vec::new();
                while let Some((guard, rest)) = body.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
                    guards.push(parse_guard(guard));
                    body = rest.trim_start();
                }
                let mut parser = Parser { chars: body.chars().collect(), pos: 0 };
                let template = parser.union();
                parser.skip_ws();
                debug_assert!(parser.pos == parser.chars.len(), "trailing text in template {text:?}");
                guards.into_iter().rev().fold(template, |inner, guard| Template::Guarded(guard, Box::new(inner)))
            })
            .collect();
        if alternatives.len() == 1 {
            alternatives.into_iter().next().unwrap_or(Template::Unknown)
        } else {
            Template::Alternatives(alternatives)
        }
    }

    /// Whether instantiating needs `TemplateContext::then` (a `$THEN` placeholder).
    pub fn mentions_then(&self) -> bool {
        match self {
            Template::Placeholder(Source::Then, _) => true,
            Template::Named(_, items)
            | Template::Union(items)
            | Template::Tuple(_, items)
            | Template::Alternatives(items) => items.iter().any(Template::mentions_then),
            Template::Optional(inner)
            | Template::NotNone(inner)
            | Template::TypeOf(inner)
            | Template::Guarded(_, inner) => inner.mentions_then(),
            Template::NullableAs(value, like) => value.mentions_then() || like.mentions_then(),
            _ => false,
        }
    }

    /// Parses and caches a `'static` template string.
    pub fn cached(text: &'static str) -> Arc<Template> {
        static CACHE: OnceLock<std::sync::Mutex<FxHashMap<&'static str, Arc<Template>>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.entry(text).or_insert_with(|| Arc::new(Template::parse(text))).clone()
    }

    pub fn instantiate(&self, cx: &TemplateContext<'_>) -> Ty {
        self.try_instantiate(cx).unwrap_or(Ty::Any)
    }

    /// `None` when an overload's placeholder does not apply (`$1` on a multi-column row).
    fn try_instantiate(&self, cx: &TemplateContext<'_>) -> Option<Ty> {
        Some(match self {
            Template::Alternatives(alternatives) => {
                return alternatives.iter().find_map(|a| a.try_instantiate(cx));
            }
            Template::Guarded(guard, inner) => match guard_holds(guard, cx) {
                Some(true) => return inner.try_instantiate(cx),
                Some(false) => return None,
                None => Ty::Unknown,
            },
            Template::Any => Ty::Any,
            Template::None => Ty::None,
            Template::Unknown => Ty::Unknown,
            Template::Optional(inner) => inner.try_instantiate(cx)?.optional(),
            Template::NotNone(inner) => inner.try_instantiate(cx)?.without_none(),
            Template::NullableAs(value, like) => {
                let value = value.try_instantiate(cx)?;
                if like.try_instantiate(cx)?.is_optional() { value.optional() } else { value }
            }
            Template::Union(items) => Ty::union(items.iter().map(|i| i.try_instantiate(cx)).collect::<Option<_>>()?),
            Template::Tuple(spelling, items) => {
                Ty::Tuple(*spelling, items.iter().map(|i| i.try_instantiate(cx)).collect::<Option<_>>()?)
            }
            Template::TypeOf(inner) => Ty::TypeOf(Box::new(inner.try_instantiate(cx)?)),
            Template::Placeholder(source, projection) => {
                let ty = match source {
                    Source::Receiver => cx.receiver.clone(),
                    Source::Arg(i) => cx.args.get(*i).cloned().unwrap_or(Ty::Unknown),
                    Source::ArgsRow => match &cx.args_row {
                        Some(shape) => Ty::Rows(Name::from("Row"), shape.clone()),
                        None => Ty::Unknown,
                    },
                    Source::Then => cx.then.clone()?,
                };
                project(&ty, *projection, cx)?
            }
            Template::Named(name, args) => {
                if ROW_KINDS.contains(&name.as_str()) {
                    let shape = match args.as_slice() {
                        // Past the positional limit 2.0 falls back to an untyped overload: the next alternative.
                        [Template::Placeholder(Source::ArgsRow, _)] => match &cx.args_row {
                            Some(shape) if shape.tail != RowTail::Opaque => shape.clone(),
                            _ => return None,
                        },
                        [Template::Placeholder(source, Projection::Row)] => {
                            let ty = match source {
                                Source::Arg(i) => cx.args.get(*i).unwrap_or(&Ty::Unknown),
                                _ => cx.receiver,
                            };
                            match ty {
                                Ty::Rows(_, shape) => shape.clone(),
                                // An `Any` statement matches the typed overload: one `Any` column in 2.1.
                                Ty::Any if cx.series == Series::V21 => {
                                    Arc::new(RowShape::new(vec![RowCol::new(Ty::Any, None)]))
                                }
                                _ => untyped_row(cx.series),
                            }
                        }
                        // `Select[$R, $ARGS]`: the receiver's row followed by the arguments' columns.
                        [
                            Template::Placeholder(Source::Receiver, Projection::Row),
                            Template::Placeholder(Source::ArgsRow, _),
                        ] => match (cx.receiver, &cx.args_row) {
                            (Ty::Rows(_, own), Some(added))
                                if own.tail == RowTail::Exact && added.tail == RowTail::Exact =>
                            {
                                Arc::new(RowShape::new(own.cols.iter().chain(added.cols.iter()).cloned().collect()))
                            }
                            _ => return None,
                        },
                        [Template::Named(any, none)] if any == "TupleAny" && none.is_empty() => untyped_row(cx.series),
                        [] => untyped_row(cx.series),
                        [Template::Any] if cx.series == Series::V20 => Arc::new(RowShape::opaque()),
                        cols => {
                            let cols = cols
                                .iter()
                                .map(|c| Some(RowCol::new(c.try_instantiate(cx)?, None)))
                                .collect::<Option<Vec<_>>>()?;
                            Arc::new(RowShape::new(cols))
                        }
                    };
                    return Some(Ty::Rows(Name::from(name.as_str()), shape));
                }
                let args = args.iter().map(|a| a.try_instantiate(cx)).collect::<Option<_>>()?;
                Ty::Instance(Class::Ext(Name::from(canonical(name))), args)
            }
        })
    }
}

/// The row a value carries; anything else is an untyped row (`Any`).
pub fn row_shape(ty: &Ty) -> Arc<RowShape> {
    match ty {
        Ty::Rows(_, shape) => shape.clone(),
        _ => Arc::new(RowShape::opaque()),
    }
}

/// SQLAlchemy's untyped row (`TupleAny`): 2.0 shows `Result[Any]`, 2.1 `Result[*tuple[Any, ...]]`.
fn untyped_row(series: Series) -> Arc<RowShape> {
    Arc::new(match series {
        Series::V14 | Series::V20 => RowShape::opaque(),
        Series::V21 => RowShape { cols: Vec::new(), tail: RowTail::AnyTail, ..Default::default() },
    })
}

/// Whether a guard holds; `None` when the value it tests is `Unknown`.
fn guard_holds(guard: &Guard, cx: &TemplateContext<'_>) -> Option<bool> {
    match guard {
        Guard::Arity { count, or_more } => {
            Some(if *or_more { cx.args.len() >= *count } else { cx.args.len() == *count })
        }
        Guard::Precise => Some(cx.precise),
        Guard::Is(source, projection, classes) => {
            let value = match source {
                Source::Receiver => cx.receiver.clone(),
                Source::Arg(i) => cx.args.get(*i).cloned().unwrap_or(Ty::Unknown),
                Source::ArgsRow | Source::Then => return Some(false),
            };
            let value = match project(&value, *projection, cx) {
                Some(value) => value,
                None => return Some(false),
            };
            if value.is_unknown() {
                return None;
            }
            Some(classes.iter().any(|class| is_instance_of(&value, class)))
        }
    }
}

/// `value` is an instance of the class a template names (`int`, `Decimal`, `QueryableAttribute`).
fn is_instance_of(value: &Ty, class: &str) -> bool {
    match (value, class) {
        (Ty::Any, "Any") | (Ty::None, "None") | (Ty::StrLiteral(_), "str") => true,
        (Ty::Instance(Class::Ext(name), _), _) => {
            let wanted = canonical(class);
            if name.as_str() == wanted || (name.as_str() == "builtins.bool" && wanted == "builtins.int") {
                return true;
            }
            match (name.strip_prefix("sqlalchemy."), wanted.strip_prefix("sqlalchemy.")) {
                (Some(own), Some(wanted)) => super::api::inherits(own, wanted),
                _ => false,
            }
        }
        (Ty::Rows(kind, _), _) => kind.as_str() == class || super::api::inherits(kind, class),
        _ => false,
    }
}

fn parse_guard(text: &str) -> Guard {
    let text = text.trim();
    if text == "precise" {
        return Guard::Precise;
    }
    if let Some(count) = text.strip_prefix('#') {
        let (count, or_more) = match count.strip_suffix('+') {
            Some(count) => (count, true),
            None => (count, false),
        };
        return Guard::Arity { count: count.trim().parse().unwrap_or(0), or_more };
    }
    let (placeholder, classes) = text.split_once(':').unwrap_or((text, ""));
    let (source, projection) = match placeholder_template(placeholder.trim().trim_start_matches('$')) {
        Template::Placeholder(source, projection) => (source, projection),
        _ => (Source::Receiver, Projection::Whole),
    };
    let classes = classes.split('|').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect();
    Guard::Is(source, projection, classes)
}

/// `$T` of a column expression class that takes no type arguments: its column value (`count` → `int`).
fn column_value_of(name: &str, cx: &TemplateContext<'_>) -> Ty {
    let short = name.strip_prefix("sqlalchemy.").unwrap_or(name);
    match super::api::column_value(short) {
        // Instantiated without a receiver: these classes' values are fixed types.
        Some(template) => template.instantiate(&TemplateContext {
            receiver: &Ty::Unknown,
            args: &[],
            series: cx.series,
            args_row: None,
            then: None,
            precise: cx.precise,
        }),
        None => Ty::Unknown,
    }
}

/// A tuple type argument read as a row (`TupleResult[Tuple[int, str]]`).
fn tuple_arg(ty: &Ty) -> Option<&[Ty]> {
    match ty {
        Ty::Instance(_, args) => match args.first() {
            Some(Ty::Tuple(_, items)) => Some(items),
            _ => None,
        },
        _ => None,
    }
}

fn project(ty: &Ty, projection: Projection, cx: &TemplateContext<'_>) -> Option<Ty> {
    Some(match projection {
        Projection::Whole => ty.clone(),
        Projection::FirstArg => match ty {
            Ty::Instance(Class::Ext(name), args) if args.is_empty() => column_value_of(name, cx),
            Ty::Instance(_, args) => args.first().cloned().unwrap_or(Ty::Unknown),
            // `Never` (2.1's `Column` on an ORM class) solves a column's type variable to `Any`.
            Ty::Any | Ty::Never => Ty::Any,
            _ => Ty::Unknown,
        },
        Projection::Row => Ty::Unknown,
        Projection::RowTuple(spelling) => match ty {
            Ty::Rows(_, shape) if shape.tail == RowTail::Exact => {
                Ty::Tuple(spelling, shape.cols.iter().map(|c| c.ty.clone()).collect())
            }
            Ty::Rows(_, shape) if shape.tail == RowTail::AnyTail => Ty::Tuple(spelling, {
                let mut cols: Vec<Ty> = shape.cols.iter().map(|c| c.ty.clone()).collect();
                cols.push(Ty::Any);
                cols
            }),
            _ => Ty::Any,
        },
        Projection::OnlyColumn => match ty {
            Ty::Rows(_, shape) if cx.precise && !shape.cols.is_empty() => shape.col(0),
            Ty::Rows(_, shape) if shape.tail == RowTail::Exact && shape.cols.len() == 1 => shape.col(0),
            _ => match tuple_arg(ty) {
                Some(items) if items.len() == 1 || (cx.precise && !items.is_empty()) => items[0].clone(),
                _ => return None,
            },
        },
        Projection::FirstColumn => match ty {
            Ty::Rows(_, shape) => shape.col(0),
            Ty::Any => Ty::Any,
            _ => match tuple_arg(ty) {
                Some([first, ..]) => first.clone(),
                _ => Ty::Unknown,
            },
        },
        Projection::Instance => match ty {
            Ty::TypeOf(inner) => (**inner).clone(),
            Ty::Any => Ty::Any,
            // `Never` matches the entity overload too, leaving the entity unsolved.
            Ty::Unknown | Ty::Never => Ty::Unknown,
            _ => return None,
        },
        // Precise mode: what the SQL type loads at runtime (`JSON` → `Any`, `Float` → `float`), where
        // type checkers may leave a type variable unsolved.
        Projection::PythonType if cx.precise => super::sql_types::runtime_python_type_of_type_arg(ty)
            .unwrap_or_else(|| super::sql_types::python_type_of_type_arg(ty, cx.series)),
        Projection::PythonType => super::sql_types::python_type_of_type_arg(ty, cx.series),
    })
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn skip_ws(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, ch: char) -> bool {
        self.skip_ws();
        if self.chars.get(self.pos) == Some(&ch) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn word(&mut self) -> String {
        self.skip_ws();
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '$')) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn union(&mut self) -> Template {
        let first = self.atom();
        let mut items = vec![first];
        while self.eat('|') {
            items.push(self.atom());
        }
        if items.len() == 1 { items.pop().unwrap_or(Template::Unknown) } else { Template::Union(items) }
    }

    fn args(&mut self) -> Vec<Template> {
        let mut args = Vec::new();
        if self.eat('[') {
            loop {
                args.push(self.union());
                if !self.eat(',') {
                    break;
                }
            }
            self.eat(']');
        }
        args
    }

    fn atom(&mut self) -> Template {
        let word = self.word();
        if let Some(placeholder) = word.strip_prefix('$') {
            return placeholder_template(placeholder);
        }
        let mut args = self.args();
        match word.as_str() {
            "Any" => Template::Any,
            "None" => Template::None,
            "Unknown" => Template::Unknown,
            "Optional" => Template::Optional(Box::new(args.pop().unwrap_or(Template::Unknown))),
            "NotNone" => Template::NotNone(Box::new(args.pop().unwrap_or(Template::Unknown))),
            "NullableAs" if args.len() == 2 => {
                let like = args.pop().unwrap_or(Template::Unknown);
                let value = args.pop().unwrap_or(Template::Unknown);
                Template::NullableAs(Box::new(value), Box::new(like))
            }
            "Union" => Template::Union(args),
            "Tuple" => Template::Tuple(TupleSpelling::Typing, args),
            "tuple" => Template::Tuple(TupleSpelling::Builtin, args),
            "type" => Template::TypeOf(Box::new(args.pop().unwrap_or(Template::Unknown))),
            _ => Template::Named(word, args),
        }
    }
}

fn placeholder_template(text: &str) -> Template {
    if text == "ARGS" {
        return Template::Placeholder(Source::ArgsRow, Projection::Row);
    }
    if text == "THEN" {
        return Template::Placeholder(Source::Then, Projection::Whole);
    }
    let (source, projection) = match text.split_once('.') {
        Some((source, projection)) => (source, projection),
        None => match text {
            "self" => ("self", ""),
            "T" | "R" | "RT" | "Rt" | "1" | "F" => ("self", text),
            arg => (arg, ""),
        },
    };
    let source = match source.strip_prefix('A').and_then(|n| n.parse().ok()) {
        Some(index) => Source::Arg(index),
        None => Source::Receiver,
    };
    let projection = match projection {
        "T" => Projection::FirstArg,
        "R" => Projection::Row,
        "RT" => Projection::RowTuple(TupleSpelling::Typing),
        "Rt" => Projection::RowTuple(TupleSpelling::Builtin),
        "1" => Projection::OnlyColumn,
        "F" => Projection::FirstColumn,
        "inst" => Projection::Instance,
        "py" => Projection::PythonType,
        _ => Projection::Whole,
    };
    Template::Placeholder(source, projection)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::display;

    fn result_of(cols: &[&str]) -> Ty {
        let cols = cols.iter().map(|c| RowCol::new(Ty::builtin(c), None)).collect();
        Ty::Rows("Result".into(), Arc::new(RowShape::new(cols)))
    }

    fn show(template: &str, receiver: &Ty, series: Series, precise: bool) -> String {
        let cx = TemplateContext { receiver, args: &[], series, args_row: None, then: None, precise };
        display(&Template::parse(template).instantiate(&cx), series)
    }

    #[test]
    fn row_templates() {
        let result = result_of(&["int", "str"]);
        assert_eq!(show("Sequence[Row[$R]]", &result, Series::V20, false), "Sequence[Row[Tuple[int, str]]]");
        assert_eq!(show("Optional[Row[$R]]", &result, Series::V21, false), "Row[int, str] | None");
        assert_eq!(show("Optional[$1] ?? Any", &result, Series::V20, false), "Any");
        assert_eq!(show("Optional[$1] ?? Optional[Any]", &result, Series::V20, false), "Any | None");
        assert_eq!(show("Optional[$1] ?? Any", &result, Series::V20, true), "int | None");
        assert_eq!(show("ScalarResult[$F]", &result, Series::V21, false), "ScalarResult[int]");
        assert_eq!(show("TupleResult[$RT]", &result, Series::V21, false), "TupleResult[Tuple[int, str]]");
    }

    fn call(template: &str, receiver: &Ty, args: &[Ty], args_row: Option<RowShape>, series: Series) -> String {
        let cx =
            TemplateContext { receiver, args, series, args_row: args_row.map(Arc::new), then: None, precise: false };
        display(&Template::parse(template).instantiate(&cx), series)
    }

    #[test]
    fn guards_pick_the_overload() {
        let int = Ty::builtin("int");
        let column = |value: Ty| Ty::ext_generic("sqlalchemy.ColumnElement", vec![value]);
        let add = "[$T: int | float | Decimal] ColumnElement[$T] ?? [$T: str] ColumnElement[str] ?? ColumnElement[Any]";
        assert_eq!(call(add, &column(Ty::builtin("bool")), &[], None, Series::V20), "ColumnElement[bool]");
        assert_eq!(call(add, &column(Ty::builtin("str")), &[], None, Series::V20), "ColumnElement[str]");
        assert_eq!(call(add, &column(int.clone().optional()), &[], None, Series::V20), "ColumnElement[Any]");
        assert_eq!(call(add, &column(Ty::Unknown), &[], None, Series::V20), "Unknown");
        let query = "[#1] Query[$A0.inst] ?? [#1+] RowReturningQuery[$ARGS] ?? Query[Any]";
        let entity = Ty::TypeOf(Box::new(Ty::ext("models.User")));
        assert_eq!(call(query, &Ty::Unknown, &[entity], None, Series::V21), "Query[User]");
        assert_eq!(call(query, &Ty::Unknown, &[], None, Series::V21), "Query[Any]");
        let one = RowShape::new(vec![RowCol::new(int.clone(), None)]);
        assert_eq!(
            call(query, &Ty::Unknown, std::slice::from_ref(&int), Some(one), Series::V20),
            "RowReturningQuery[Tuple[int]]"
        );
        // Past 2.0's positional limit the row is untyped: the overload after `$ARGS` applies.
        assert_eq!(call(query, &Ty::Unknown, &[int.clone(), int], Some(RowShape::opaque()), Series::V20), "Query[Any]");
    }

    #[test]
    fn rows_written_in_templates() {
        let user = Ty::ext_generic("sqlalchemy.WriteOnlyCollection", vec![Ty::ext("models.User")]);
        assert_eq!(show("Select[$T]", &user, Series::V20, false), "Select[Tuple[User]]");
        assert_eq!(show("Result[TupleAny]", &Ty::Unknown, Series::V20, false), "Result[Any]");
        assert_eq!(show("Result[TupleAny]", &Ty::Unknown, Series::V21, false), "Result[*tuple[Any, ...]]");
        assert_eq!(show("CursorResult[Any]", &Ty::Unknown, Series::V21, false), "CursorResult[Any]");
        // `$A0.R` of a statement that returns no typed rows (`insert(User)`, `text(...)`).
        let insert = [Ty::ext("sqlalchemy.Insert")];
        assert_eq!(call("Result[$A0.R]", &Ty::Unknown, &insert, None, Series::V21), "Result[*tuple[Any, ...]]");
        let nick = Ty::ext_generic("sqlalchemy.InstrumentedAttribute", vec![Ty::builtin("str").optional()]);
        assert_eq!(call("coalesce[NotNone[$A0.T]]", &Ty::Unknown, &[nick], None, Series::V20), "coalesce[str]");
        let tuples = Ty::ext_generic("sqlalchemy.TupleResult", vec![Ty::Tuple(TupleSpelling::Typing, vec![Ty::Any])]);
        assert_eq!(show("Optional[$1] ?? Any", &tuples, Series::V20, false), "Any | None");
        // `$T` of a column class without type arguments is its column value.
        assert_eq!(show("Label[$T]", &Ty::ext("sqlalchemy.count"), Series::V20, false), "Label[int]");
        // `.inst` is the entity overload: nothing else matches it.
        assert_eq!(
            call("Optional[$A0.inst] ?? Unknown", &Ty::Unknown, &[Ty::builtin("int")], None, Series::V20),
            "Unknown"
        );
    }
}
