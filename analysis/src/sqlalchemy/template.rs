//! Return-type templates: the right-hand side of an API table row, written the way SQLAlchemy's
//! annotations read (`Sequence[Row[$R]]`, `Optional[$T]`, `Result[$A0.R]`), parsed once into a
//! small syntax tree. This module is the syntax only; `infer/templates.rs` instantiates a template
//! against a call's receiver and arguments.
//!
//! Placeholders:
//! - `$self`: the receiver itself.
//! - `$T`: the receiver's first type argument (`ScalarResult[User]` → `User`).
//! - `$V`: the receiver's second type argument (`ColumnCollection[str, Column[Any]]` → `Column[Any]`).
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
//!   argument stands for (`cast(x, String)` → `str`), see `sql_types.rs`; `$A0.ret` what a callable
//!   argument returns (`hybrid_property(getter)`).
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
//! - `[asdecimal@3 = False]`: the argument passed by that keyword, or at that position, is that
//!   `bool` literal (`self: Numeric[float]` overloads on `asdecimal: Literal[False]`); a call that
//!   does not pass it takes the other alternatives, one that passes a plain `bool` is `Unknown`;
//! - `[return_type@3]`: an argument is passed by that keyword or at that position;
//! - `[$T: int | float | Decimal]`: the placeholder's value is an instance of one of these classes
//!   (subclasses count: `bool` is an `int`; `Any` and `None` match themselves). When the value is
//!   `Unknown` the whole template is `Unknown`, as no overload can be picked.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

/// How a tuple type is spelled: `tuple[...]` (builtin) or `Tuple[...]` (typing, as SQLAlchemy 2.0 writes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum TupleSpelling {
    Builtin,
    #[default]
    Typing,
}

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
    /// A `bool` argument passed by keyword or at a position is this literal (`[asdecimal@3 = False]`).
    BoolArgument { keyword: String, position: usize, value: bool },
    /// An argument is passed by keyword or at a position (`[return_type@3]`).
    Passed { keyword: String, position: usize },
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
    /// The second type argument (`ColumnCollection[str, Column[Any]]` → `Column[Any]`).
    SecondArg,
    Row,
    RowTuple(TupleSpelling),
    OnlyColumn,
    FirstColumn,
    Instance,
    /// The Python type of a SQL type argument (`String`, `Numeric(10, 2)`).
    PythonType,
    /// The Python type of a SQL type argument taken as an instance, a class object too
    /// (`as_mutable(JSON)`: 2.1's `TypeEngine[_T]` solved to `_T`'s default from the class).
    InstancePythonType,
    /// What a callable argument returns, literals widened as a solved type variable is
    /// (`hybrid_property(getter)` → `hybrid_property[int]`).
    Returns,
}

/// Canonical names for the short names used in templates.
pub fn canonical(name: &str) -> String {
    match name {
        "int" | "str" | "float" | "bool" | "bytes" | "object" | "list" | "dict" | "set" => format!("builtins.{name}"),
        "Sequence" | "Iterator" | "Iterable" | "List" | "Set" | "FrozenSet" | "Dict" | "Mapping" | "Coroutine"
        | "CoroutineType" | "AsyncIterator" | "Callable" | "Awaitable" | "Generator" => format!("typing.{name}"),
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
        self.any_placeholder(&|source, _| source == Source::Then)
    }

    /// Whether it reads a callable argument's return type (`$A0.ret`).
    pub fn mentions_returns(&self) -> bool {
        self.any_placeholder(&|_, projection| projection == Projection::Returns)
    }

    /// The overload that types the row of a row-building call (`Select[$ARGS]` of `select`'s
    /// `[#0] Select[TupleAny] ?? Select[$ARGS] ?? Select[TupleAny]`), without its guard.
    pub fn row_overload(&self) -> Option<&Template> {
        let alternatives = match self {
            Template::Alternatives(alternatives) => alternatives.as_slice(),
            single => std::slice::from_ref(single),
        };
        alternatives
            .iter()
            .map(|alternative| match alternative {
                Template::Guarded(_, inner) => inner.as_ref(),
                other => other,
            })
            .find(|alternative| alternative.any_placeholder(&|source, _| source == Source::ArgsRow))
    }

    /// The last overload, the one taking any arguments (`Select[TupleAny]`).
    pub fn untyped_overload(&self) -> &Template {
        match self {
            Template::Alternatives(alternatives) => match alternatives.last() {
                Some(Template::Guarded(_, inner)) => inner,
                Some(last) => last,
                None => self,
            },
            single => single,
        }
    }

    fn any_placeholder(&self, f: &impl Fn(Source, Projection) -> bool) -> bool {
        match self {
            Template::Placeholder(source, projection) => f(*source, *projection),
            Template::Named(_, items)
            | Template::Union(items)
            | Template::Tuple(_, items)
            | Template::Alternatives(items) => items.iter().any(|t| t.any_placeholder(f)),
            Template::Optional(inner)
            | Template::NotNone(inner)
            | Template::TypeOf(inner)
            | Template::Guarded(_, inner) => inner.any_placeholder(f),
            Template::NullableAs(value, like) => value.any_placeholder(f) || like.any_placeholder(f),
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
}

fn parse_guard(text: &str) -> Guard {
    let text = text.trim();
    if text == "precise" {
        return Guard::Precise;
    }
    if let Some((argument, value)) = text.split_once('=') {
        let (keyword, position) = argument.split_once('@').unwrap_or((argument, ""));
        return Guard::BoolArgument {
            keyword: keyword.trim().to_owned(),
            position: position.trim().parse().unwrap_or(usize::MAX),
            value: value.trim() == "True",
        };
    }
    if let Some((keyword, position)) = text.split_once('@') {
        return Guard::Passed {
            keyword: keyword.trim().to_owned(),
            position: position.trim().parse().unwrap_or(usize::MAX),
        };
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
            "T" | "V" | "R" | "RT" | "Rt" | "1" | "F" => ("self", text),
            arg => (arg, ""),
        },
    };
    let source = match source.strip_prefix('A').and_then(|n| n.parse().ok()) {
        Some(index) => Source::Arg(index),
        None => Source::Receiver,
    };
    let projection = match projection {
        "T" => Projection::FirstArg,
        "V" => Projection::SecondArg,
        "R" => Projection::Row,
        "RT" => Projection::RowTuple(TupleSpelling::Typing),
        "Rt" => Projection::RowTuple(TupleSpelling::Builtin),
        "1" => Projection::OnlyColumn,
        "F" => Projection::FirstColumn,
        "inst" => Projection::Instance,
        "py" => Projection::PythonType,
        "inst.py" => Projection::InstancePythonType,
        "ret" => Projection::Returns,
        _ => Projection::Whole,
    };
    Template::Placeholder(source, projection)
}
