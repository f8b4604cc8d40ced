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
//! - `$A0`, `$A1`…: the type of a positional argument; `$A0.R`, `$A0.1`, `$A0.F`, `$A0.T` apply the
//!   above to it, and `$A0.inst` turns a class object (`type[User]`) into its instance.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::hir::Name;
use crate::settings::Series;
use crate::types::{Class, RowShape, RowTail, TupleSpelling, Ty};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Template {
    Named(String, Vec<Template>),
    Optional(Box<Template>),
    Union(Vec<Template>),
    Tuple(TupleSpelling, Vec<Template>),
    TypeOf(Box<Template>),
    Placeholder(Source, Projection),
    /// Overloads: the first alternative whose placeholders all apply.
    Alternatives(Vec<Template>),
    Any,
    None,
    Unknown,
}

/// Where a placeholder reads from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Receiver,
    Arg(usize),
    /// The row made of all positional arguments.
    ArgsRow,
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
}

/// What a template is instantiated against.
pub struct TemplateContext<'a> {
    pub receiver: &'a Ty,
    pub args: &'a [Ty],
    pub series: Series,
    /// The row made of the positional arguments, for row-building calls (`$ARGS`).
    pub args_row: Option<Arc<RowShape>>,
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
    "TupleResult",
    "AsyncTupleResult",
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
];

/// Row carriers that type checkers see as plain, non-generic classes; we keep their columns for `.c.x`.
pub const UNPARAMETERISED_ROW_KINDS: &[&str] = &["Subquery", "CTE", "Alias"];

impl Template {
    pub fn parse(text: &str) -> Template {
        let alternatives: Vec<Template> = text
            .split("??")
            .map(|part| {
                let mut parser = Parser { chars: part.chars().collect(), pos: 0 };
                let template = parser.union();
                parser.skip_ws();
                debug_assert!(parser.pos == parser.chars.len(), "trailing text in template {text:?}");
                template
            })
            .collect();
        if alternatives.len() == 1 {
            alternatives.into_iter().next().unwrap_or(Template::Unknown)
        } else {
            Template::Alternatives(alternatives)
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
            Template::Any => Ty::Any,
            Template::None => Ty::None,
            Template::Unknown => Ty::Unknown,
            Template::Optional(inner) => inner.try_instantiate(cx)?.optional(),
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
                };
                project(&ty, *projection, cx)?
            }
            Template::Named(name, args) => {
                if ROW_KINDS.contains(&name.as_str()) {
                    let shape = match args.first() {
                        Some(Template::Placeholder(Source::ArgsRow, _)) => {
                            cx.args_row.clone().unwrap_or_else(|| Arc::new(RowShape::opaque()))
                        }
                        Some(Template::Placeholder(source, Projection::Row)) => {
                            let ty = match source {
                                Source::Arg(i) => cx.args.get(*i).unwrap_or(&Ty::Unknown),
                                _ => cx.receiver,
                            };
                            row_shape(ty)
                        }
                        _ => Arc::new(RowShape::opaque()),
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

fn project(ty: &Ty, projection: Projection, cx: &TemplateContext<'_>) -> Option<Ty> {
    Some(match projection {
        Projection::Whole => ty.clone(),
        Projection::FirstArg => match ty {
            Ty::Instance(_, args) => args.first().cloned().unwrap_or(Ty::Unknown),
            Ty::Any => Ty::Any,
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
            _ => return None,
        },
        Projection::FirstColumn => match ty {
            Ty::Rows(_, shape) => shape.col(0),
            Ty::Any => Ty::Any,
            _ => Ty::Unknown,
        },
        Projection::Instance => match ty {
            Ty::TypeOf(inner) => (**inner).clone(),
            Ty::Any => Ty::Any,
            _ => Ty::Unknown,
        },
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
        _ => Projection::Whole,
    };
    Template::Placeholder(source, projection)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{RowCol, display};

    fn result_of(cols: &[&str]) -> Ty {
        let cols = cols.iter().map(|c| RowCol { ty: Ty::builtin(c), name: None }).collect();
        Ty::Rows("Result".into(), Arc::new(RowShape::new(cols)))
    }

    fn show(template: &str, receiver: &Ty, series: Series, precise: bool) -> String {
        let cx = TemplateContext { receiver, args: &[], series, args_row: None, precise };
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
}
