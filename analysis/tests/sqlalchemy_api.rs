//! Every member row and module-level function row of `sqlalchemy/api.rs`, checked against
//! SQLAlchemy's own annotations (a class called as a constructor must give an instance of it;
//! `func.*` and SQL type classes are not checked).
//!
//! The snapshots in `tests/sqlalchemy_api/` are written by `extract.py` from an installed
//! SQLAlchemy (2.0.58 for the 2.0 series, 2.1.9 for 2.1); this test needs neither Python nor the
//! network. For each series, each row that applies to it (a series row wins over a shared one) must
//! name a member SQLAlchemy has on that class or its bases (C3 order), of the same kind, and its
//! template's checker view must agree with SQLAlchemy's return annotation:
//!
//! - the template's overload alternatives, without `[precise]` ones and `Unknown` fallbacks, and
//!   SQLAlchemy's overload returns must match each other both ways (every alternative matches some
//!   overload, every overload some alternative);
//! - two types match when their outer class names are equal (`tuple`/`Tuple`, `list`/`List`, … are
//!   one name; `Optional[X]` is `X | None`; unions match member by member); type arguments are
//!   compared pairwise; a row's columns (spelled differently by the two series), a bare generic, and
//!   trailing type parameters left to their defaults are not compared;
//! - a placeholder (`$T`, `$R`, `$A0.inst`, …) matches anything, as it is computed from the
//!   receiver or the arguments; `$self` matches `Self`; `TupleAny`, `Any` and `Tuple[Any, ...]` are
//!   one untyped row;
//! - an `async def` returns `CoroutineType[Any, Any, X]`, as pyright shows an un-awaited call;
//! - a property row may stand for an annotated class attribute (or one `__init__` assigns); a member
//!   the class lacks is read through its `__getattr__` when it has one;
//! - `$self` also matches the row's own class written out (`Connection.__enter__ -> Connection`);
//!   a type variable matches a placeholder, `$self` or an untyped row, and anything at all in a
//!   member inherited from a base (the class may bind it: `RowReturningQuery(Query[Row[...]])`);
//!   SQLAlchemy 2.0's `Select[Tuple[int, str]]` is the row `Select[int, str]` templates write;
//! - an alternative guarded on a placeholder being `Any` that gives `Any` is pyright's answer to an
//!   `Any` operand matching several overloads, not an annotation: it is left out.
//!
//! Rows that differ on purpose are listed once in OVERRIDES, with the reason. The test fails on a
//! difference not listed there, and on a listed row that no longer differs. It prints the members
//! SQLAlchemy has on the classes we have rows for that the table lacks; with `UPDATE_MISSING=1` it
//! writes them to `tests/sqlalchemy_api/missing_members.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use analysis::settings::Series;
use analysis::sqlalchemy::Template;
use analysis::sqlalchemy::annotations;
use analysis::sqlalchemy::api::{FUNCTIONS, MEMBERS, MemberKind, TYPED_DICT_KEYS, lookup_member};
use analysis::sqlalchemy::template::{Guard, Projection, ROW_KINDS, Source};
use serde_json::Value;

/// Rows whose checker view differs from SQLAlchemy's annotation on purpose: (series or `"*"`,
/// class (`"sqlalchemy"` for a function), member or `"*"` for every row of the class, why).
const OVERRIDES: &[(&str, &str, &str, &str)] = &[
    (
        "*",
        "AbstractContextManager",
        "*",
        "contextlib's (typeshed), not SQLAlchemy's: what `sessionmaker.begin()` enters",
    ),
    ("*", "_GeneratorContextManager", "*", "contextlib's (typeshed): what a `@contextmanager` method enters"),
    ("*", "_AsyncGeneratorContextManager", "*", "contextlib's (typeshed): what an `@asynccontextmanager` enters"),
    ("*", "SQLAlchemy", "*", "Flask-SQLAlchemy's `db` object, not a SQLAlchemy class"),
    (
        "*",
        "Column",
        "nullable",
        "unannotated: pyright infers `bool | None` from what `Column.__init__` assigns (an `Optional[bool]` parameter, `not primary_key`)",
    ),
    (
        "*",
        "Mapper",
        "iterate_properties",
        "unannotated: pyright infers `Iterator[MapperProperty[Any]]` from what the property returns",
    ),
    ("*", "sqlmodel.Session", "*", "SQLModel's Session (sqlmodel/orm/session.py), not SQLAlchemy's"),
    (
        "*",
        "sqlmodel.SQLModel",
        "*",
        "SQLModel's model class (sqlmodel/main.py, pydantic's BaseModel), not SQLAlchemy's",
    ),
    ("*", "DeclarativeBase", "registry", "`_RegistryType` is SQLAlchemy's alias of `registry`"),
    ("*", "DeclarativeBaseNoMeta", "registry", "`_RegistryType` is SQLAlchemy's alias of `registry`"),
    ("*", "Mapper", "registry", "`_RegistryType` is SQLAlchemy's alias of `registry`"),
    ("*", "DeclarativeMeta", "registry", "`RegistryType` is SQLAlchemy's alias of `registry`"),
    (
        "*",
        "FrozenResult",
        "metadata",
        "assigned unannotated in `__init__` from `_for_freeze() -> ResultMetaData`, as pyright infers it",
    ),
    (
        "*",
        "sqlalchemy",
        "aliased",
        "only the entity overload (`aliased(User)` → `type[User]`) is modelled; of a mapper, an alias or a table it is Unknown",
    ),
    (
        "*",
        "sqlalchemy",
        "query_expression",
        "`_T` is solved from the default `null()` (`None`) where no expression is given; the precise view does not know what `with_expression()` loads",
    ),
    (
        "*",
        "Query",
        "only_return_tuples",
        "overloads on `Literal[True]`/`Literal[False]`: the row is the `True` call, the one that changes the type",
    ),
];

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/sqlalchemy_api")
}

fn series_name(series: Series) -> &'static str {
    match series {
        Series::V14 => "1.4",
        Series::V20 => "2.0",
        Series::V21 => "2.1",
    }
}

fn load(series: Series) -> Value {
    let file = match series {
        // 1.x ships no annotations: its checker view is untyped, there is nothing to check against.
        Series::V14 => panic!("no annotated API to check for SQLAlchemy 1.x"),
        Series::V20 => "sqlalchemy-2.0.58.json",
        Series::V21 => "sqlalchemy-2.1.9.json",
    };
    let text = std::fs::read_to_string(snapshot_dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

// --- SQLAlchemy's class hierarchy -------------------------------------------------------------

struct Snapshot {
    series: Series,
    functions: serde_json::Map<String, Value>,
    classes: serde_json::Map<String, Value>,
}

impl Snapshot {
    /// Python's method resolution order, as the analyzer computes it from the same snapshot.
    fn mro(&self, class: &str) -> Vec<String> {
        annotations::snapshot(self.series).map(|s| s.mro(class).into_owned()).unwrap_or_else(|| vec![class.to_owned()])
    }

    /// The member as `class` has it: the nearest definition in the MRO, and the class defining it.
    /// The nearest class's member; an attribute a class only assigns (`self.schema = schema` in
    /// `Table.__init__`) keeps the declaration of a base that annotates it, as type checkers read it.
    fn member(&self, class: &str, name: &str) -> Option<(String, &Value)> {
        let found: Vec<(String, &Value)> = self
            .mro(class)
            .into_iter()
            .filter_map(|c| {
                let member = self.classes[c.as_str()]["members"].get(name)?;
                Some((c, member))
            })
            .collect();
        let unannotated = |member: &Value| {
            member["kind"] == "attribute" && member["returns"].as_array().is_some_and(|returns| returns.is_empty())
        };
        let at = found.iter().position(|(_, member)| !unannotated(member)).unwrap_or(0);
        found.into_iter().nth(at)
    }
}

// --- Types as both sides write them ------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Ann {
    Class(String, Vec<Ann>),
    Union(Vec<Ann>),
    /// A template placeholder: computed from the call, so anything.
    Placeholder,
    /// `$self` / `Self`.
    SelfType,
    /// SQLAlchemy's type variable (`~_T`).
    TypeVar,
    /// A literal, a callable's parameter list, `...`.
    Other(String),
}

fn class_name(name: &str) -> String {
    let name = name.rsplit('.').next().unwrap_or(name);
    match name {
        "tuple" => "Tuple",
        "list" => "List",
        "dict" => "Dict",
        "set" => "Set",
        "type" => "Type",
        "frozenset" => "FrozenSet",
        "Coroutine" => "CoroutineType",
        other => other,
    }
    .to_owned()
}

/// An untyped row or value: `Any`, `TupleAny`, `Tuple[Any, ...]`.
fn is_untyped(ann: &Ann) -> bool {
    match ann {
        Ann::Class(name, args) => {
            (name == "Any" || name == "TupleAny")
                || (name == "Tuple" && args.len() == 2 && args[1] == Ann::Other("...".into()) && is_untyped(&args[0]))
        }
        _ => false,
    }
}

fn union(items: Vec<Ann>) -> Ann {
    let mut flat = Vec::new();
    for item in items {
        match item {
            Ann::Union(inner) => flat.extend(inner),
            other if !flat.contains(&other) => flat.push(other),
            _ => {}
        }
    }
    if flat.len() == 1 { flat.pop().unwrap_or(Ann::Other(String::new())) } else { Ann::Union(flat) }
}

fn class(name: &str, args: Vec<Ann>) -> Ann {
    match name {
        "Optional" => union(args.into_iter().chain([Ann::Class("None".into(), vec![])]).collect()),
        "Union" => union(args),
        "Self" => Ann::SelfType,
        // A `TypedDict` key's qualifier: subscripted, the key is its value's type.
        "NotRequired" | "Required" if args.len() == 1 => args.into_iter().next().unwrap_or(Ann::Other(String::new())),
        _ => Ann::Class(class_name(name), args),
    }
}

/// A tolerant reader of SQLAlchemy's (normalized) annotation text.
struct AnnParser<'a> {
    text: &'a [u8],
    pos: usize,
}

impl AnnParser<'_> {
    fn parse(text: &str) -> Ann {
        let mut parser = AnnParser { text: text.as_bytes(), pos: 0 };
        parser.union()
    }

    fn skip_ws(&mut self) {
        while self.text.get(self.pos).is_some_and(u8::is_ascii_whitespace) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        if self.text.get(self.pos) == Some(&byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn union(&mut self) -> Ann {
        let mut items = vec![self.atom()];
        while self.eat(b'|') {
            items.push(self.atom());
        }
        union(items)
    }

    fn list(&mut self, close: u8) -> Vec<Ann> {
        let mut items = Vec::new();
        while !self.eat(close) && self.pos < self.text.len() {
            items.push(self.union());
            self.eat(b',');
        }
        items
    }

    fn atom(&mut self) -> Ann {
        self.skip_ws();
        let start = self.pos;
        match self.text.get(self.pos) {
            Some(b'[') => {
                self.pos += 1;
                let items = self.list(b']');
                return Ann::Other(format!("[{}]", items.len()));
            }
            Some(b'\'' | b'"') => {
                let quote = self.text[self.pos];
                self.pos += 1;
                while self.text.get(self.pos).is_some_and(|b| *b != quote) {
                    self.pos += 1;
                }
                self.pos += 1;
                return Ann::Other(String::from_utf8_lossy(&self.text[start..self.pos.min(self.text.len())]).into());
            }
            _ => {}
        }
        while self
            .text
            .get(self.pos)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'~' | b'-'))
        {
            self.pos += 1;
        }
        let word = String::from_utf8_lossy(&self.text[start..self.pos]).into_owned();
        if word.is_empty() {
            // Skip one byte we cannot read so the parse always ends.
            self.pos += 1;
            return Ann::Other(String::new());
        }
        if word.starts_with('~') {
            return Ann::TypeVar;
        }
        if word == "..." || word.chars().all(|c| c.is_ascii_digit() || c == '-') {
            return Ann::Other(word);
        }
        let args = if self.eat(b'[') { self.list(b']') } else { Vec::new() };
        if word == "Literal" {
            return Ann::Other("Literal".into());
        }
        class(&word, args)
    }
}

/// The checker view of a template: its alternatives as types, `[precise]` and `Unknown` ones left out.
fn checker_alternatives(template: &Template) -> Vec<Ann> {
    fn strip(template: &Template) -> Option<&Template> {
        match template {
            Template::Guarded(Guard::Precise, _) | Template::Unknown => None,
            // pyright's answer when an `Any` operand matches several overloads, not an annotation.
            Template::Guarded(Guard::Is(_, _, classes), inner)
                if classes.iter().all(|c| c == "Any") && **inner == Template::Any =>
            {
                None
            }
            Template::Guarded(_, inner) => strip(inner),
            other => Some(other),
        }
    }
    let alternatives = match template {
        Template::Alternatives(items) => items.iter().collect(),
        other => vec![other],
    };
    alternatives.into_iter().filter_map(strip).map(template_ann).collect()
}

fn template_ann(template: &Template) -> Ann {
    match template {
        Template::Named(name, args) => class(name, args.iter().map(template_ann).collect()),
        Template::Optional(inner) => union(vec![template_ann(inner), Ann::Class("None".into(), vec![])]),
        Template::NotNone(inner) | Template::NullableAs(inner, _) => template_ann(inner),
        Template::Union(items) => union(items.iter().map(template_ann).collect()),
        Template::Tuple(_, items) => Ann::Class("Tuple".into(), items.iter().map(template_ann).collect()),
        Template::TypeOf(inner) => Ann::Class("Type".into(), vec![template_ann(inner)]),
        Template::Placeholder(Source::Receiver, Projection::Whole) => Ann::SelfType,
        Template::Placeholder(..) => Ann::Placeholder,
        Template::Alternatives(items) => union(items.iter().map(template_ann).collect()),
        Template::Guarded(_, inner) => template_ann(inner),
        Template::Any => Ann::Class("Any".into(), vec![]),
        Template::None => Ann::Class("None".into(), vec![]),
        Template::Unknown => Ann::Placeholder,
    }
}

/// What a comparison knows of the row.
struct Cx<'a> {
    /// The row's class, which `$self` may name.
    receiver: &'a str,
    /// The member is inherited from a base, whose type variables the class may have bound
    /// (`RowReturningQuery(Query[Row[...]])`): they match anything.
    inherited: bool,
}

/// Whether our type (`ours`) agrees with SQLAlchemy's (`theirs`), as the module comment says.
fn agrees(ours: &Ann, theirs: &Ann, cx: &Cx<'_>) -> bool {
    let receiver = cx.receiver;
    let agree = |x: &Ann, y: &Ann| agrees(x, y, cx);
    match (ours, theirs) {
        (Ann::Placeholder | Ann::TypeVar, _) | (_, Ann::Placeholder) => true,
        (x, Ann::TypeVar) => cx.inherited || matches!(x, Ann::SelfType) || is_untyped(x),
        (_, Ann::Other(_)) | (Ann::Other(_), _) => true,
        (Ann::SelfType, Ann::SelfType) => true,
        (Ann::SelfType, Ann::Class(name, _)) => name == receiver,
        (Ann::SelfType, _) | (_, Ann::SelfType) => false,
        (Ann::Union(a), Ann::Union(b)) => {
            a.iter().all(|x| b.iter().any(|y| agree(x, y))) && b.iter().all(|y| a.iter().any(|x| agree(x, y)))
        }
        (Ann::Union(_), _) | (_, Ann::Union(_)) => false,
        (a, b) if is_untyped(a) && is_untyped(b) => true,
        (Ann::Class(a, a_args), Ann::Class(b, b_args)) => {
            let b_args = row_columns(b, b_args);
            a == b && arguments_agree(a, a_args, b_args, &agree)
        }
    }
}

/// Type arguments compared pairwise. A row's columns may be spelled differently by the two series,
/// a bare generic is one of untyped arguments, and trailing parameters with defaults may be left out
/// (`AbstractContextManager[X]` is `AbstractContextManager[X, bool | None]`).
fn arguments_agree(class: &str, ours: &[Ann], theirs: &[Ann], agree: &dyn Fn(&Ann, &Ann) -> bool) -> bool {
    let pairwise = ours.iter().zip(theirs).all(|(x, y)| agree(x, y));
    if ours.len() == theirs.len() {
        return pairwise;
    }
    ours.is_empty() || theirs.is_empty() || ROW_KINDS.contains(&class) || (ours.len() > theirs.len() && pairwise)
}

/// SQLAlchemy 2.0 spells a row `Select[Tuple[int, str]]`, templates (and 2.1) `Select[int, str]`.
fn row_columns<'a>(class: &str, args: &'a [Ann]) -> &'a [Ann] {
    match args {
        [Ann::Class(tuple, columns)] if tuple == "Tuple" && ROW_KINDS.contains(&class) && !is_untyped(&args[0]) => {
            columns
        }
        _ => args,
    }
}

// --- The check ---------------------------------------------------------------------------------

/// A row of either table: a member (`class` is its class) or a module-level function (`class` is
/// `"sqlalchemy"`, `kind` is `None`).
struct Row {
    class: &'static str,
    name: &'static str,
    kind: Option<MemberKind>,
    ret: &'static str,
}

/// The rows that apply to a series, a series row winning over a shared one. Functions are the
/// module-level ones (`sqlalchemy.select`), not classes called as constructors nor `func.*`.
fn rows_for(series: Series) -> Vec<Row> {
    let mut rows: BTreeMap<(&str, &str), (bool, Row)> = BTreeMap::new();
    let mut add = |specific: bool, row: Row| {
        let key = (row.class, row.name);
        if rows.get(&key).is_none_or(|(existing, _)| !existing) {
            rows.insert(key, (specific, row));
        }
    };
    for member in MEMBERS.iter().filter(|r| r.series.is_none_or(|s| s == series)) {
        let row = Row { class: member.class, name: member.name, kind: Some(member.kind), ret: member.ret };
        add(member.series.is_some(), row);
    }
    // A `TypedDict`'s keys are its class body's annotations, as attributes are.
    for key in TYPED_DICT_KEYS {
        add(false, Row { class: key.class, name: key.name, kind: Some(key.kind), ret: key.ret });
    }
    for function in FUNCTIONS.iter().filter(|r| r.series.is_none_or(|s| s == series)) {
        let Some(name) = function.name.strip_prefix("sqlalchemy.") else { continue };
        if name.contains('.') || name.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        add(function.series.is_some(), Row { class: "sqlalchemy", name, kind: None, ret: function.ret });
    }
    rows.into_values().map(|(_, row)| row).collect()
}

/// Why a row disagrees with SQLAlchemy, if it does.
fn difference(snapshot: &Snapshot, row: &Row) -> Option<String> {
    let (owner, member) = match row.kind {
        None => match snapshot.functions.get(row.name) {
            Some(function) => ("sqlalchemy".to_owned(), function),
            // A class called as a constructor (`sessionmaker(...)`) gives an instance of it.
            None if snapshot.classes.contains_key(row.name) => {
                let ours = checker_alternatives(&Template::parse(row.ret));
                let named = |ann: &Ann| matches!(ann, Ann::Class(name, _) if name == row.name);
                return (!ours.iter().all(named)).then(|| format!("ours `{}`, not an instance of the class", row.ret));
            }
            None => return Some("SQLAlchemy has no such function".to_owned()),
        },
        Some(kind) => {
            if !snapshot.classes.contains_key(row.class) {
                return Some(format!("SQLAlchemy has no class {}", row.class));
            }
            // A member the class does not define may still be read through its `__getattr__`.
            let ((owner, member), through_getattr) = match snapshot.member(row.class, row.name) {
                Some(found) => (found, false),
                None => match snapshot.member(row.class, "__getattr__") {
                    Some(found) => (found, true),
                    None => return Some("SQLAlchemy has no such member".to_owned()),
                },
            };
            let theirs = member["kind"].as_str().unwrap_or("");
            match (kind, theirs) {
                _ if through_getattr => {}
                (MemberKind::Method, "method") | (MemberKind::Property, "property" | "attribute") => {}
                _ => return Some(format!("kind: ours {kind:?}, SQLAlchemy {theirs}")),
            }
            (owner, member)
        }
    };
    let returns: Vec<&str> =
        member["returns"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    if returns.is_empty() {
        return Some("SQLAlchemy does not annotate it".to_owned());
    }
    let coroutine = member.get("async").and_then(Value::as_bool).unwrap_or(false);
    let theirs: Vec<Ann> = returns
        .iter()
        .map(|r| {
            let ann = AnnParser::parse(r);
            if coroutine {
                Ann::Class("CoroutineType".into(), vec![Ann::Placeholder, Ann::Placeholder, ann])
            } else {
                ann
            }
        })
        .collect();
    let ours = checker_alternatives(&Template::parse(row.ret));
    let cx = Cx { receiver: row.class, inherited: owner != row.class };
    let unmatched_ours = ours.iter().any(|o| !theirs.iter().any(|t| agrees(o, t, &cx)));
    let unmatched_theirs = theirs.iter().any(|t| !ours.iter().any(|o| agrees(o, t, &cx)));
    (unmatched_ours || unmatched_theirs).then(|| format!("ours `{}`, SQLAlchemy `{}`", row.ret, returns.join("` / `")))
}

fn overridden(series: Series, row: &Row) -> Option<usize> {
    OVERRIDES.iter().position(|(s, class, member, _)| {
        (*s == "*" || *s == series_name(series)) && *class == row.class && (*member == "*" || *member == row.name)
    })
}

/// Public members SQLAlchemy has on the classes we have rows for, that the table lacks.
fn missing_members(snapshot: &Snapshot, series: Series) -> BTreeMap<String, Vec<String>> {
    let covered: BTreeSet<&str> =
        MEMBERS.iter().map(|r| r.class).filter(|c| snapshot.classes.contains_key(*c)).collect();
    let mut missing = BTreeMap::new();
    for class in covered {
        let mut names = BTreeSet::new();
        for owner in snapshot.mro(class) {
            let Some(members) = snapshot.classes[owner.as_str()]["members"].as_object() else { continue };
            for (name, member) in members {
                let annotated = member["returns"].as_array().is_some_and(|r| !r.is_empty());
                let typed = member["kind"] != "attribute" || annotated;
                if !name.starts_with('_') && typed && lookup_member(class, name, series).is_none() {
                    names.insert(name.clone());
                }
            }
        }
        if !names.is_empty() {
            missing.insert(class.to_owned(), names.into_iter().collect());
        }
    }
    missing
}

#[test]
fn every_row_agrees_with_sqlalchemy() {
    let mut failures = Vec::new();
    let mut used = vec![false; OVERRIDES.len()];
    let mut report = String::from(
        "# Members SQLAlchemy has that `api.rs` lacks\n\n\
         Written by `UPDATE_MISSING=1 cargo test -p sqla-analysis --test sqlalchemy_api`: the public methods,\n\
         properties and annotated attributes of each class that has rows, with its bases, that no row\n\
         (of the class or its PARENTS) covers and whose annotation the analyzer cannot read as a\n\
         template (`analysis/src/sqlalchemy/annotations.rs`: type variables, overloads, literals,\n\
         callables, private aliases). Not every one needs a row: this is the list to read when a new\n\
         SQLAlchemy release comes out.\n",
    );
    for series in [Series::V20, Series::V21] {
        let value = load(series);
        let snapshot = Snapshot {
            series,
            functions: value["functions"].as_object().cloned().unwrap_or_default(),
            classes: value["classes"].as_object().cloned().unwrap_or_default(),
        };
        let rows = rows_for(series);
        let mut differing = 0;
        for row in &rows {
            let difference = difference(&snapshot, row);
            match (difference, overridden(series, row)) {
                (Some(_), Some(i)) => {
                    used[i] = true;
                    differing += 1;
                }
                (Some(why), None) => {
                    failures.push(format!("{} {}.{}: {why}", series_name(series), row.class, row.name));
                }
                (None, Some(i)) if OVERRIDES[i].2 != "*" => {
                    failures.push(format!(
                        "{} {}.{}: listed in OVERRIDES but agrees with SQLAlchemy (stale)",
                        series_name(series),
                        row.class,
                        row.name
                    ));
                    used[i] = true;
                }
                // A class-wide entry is stale when none of the class's rows differ.
                (None, _) => {}
            }
        }
        let missing = missing_members(&snapshot, series);
        let count: usize = missing.values().map(Vec::len).sum();
        println!(
            "SQLAlchemy {}: {} rows checked, {differing} overridden, {count} members missing from the table",
            value["sqlalchemy"].as_str().unwrap_or("?"),
            rows.len()
        );
        let _ = write!(report, "\n## SQLAlchemy {} ({count} members)\n\n", value["sqlalchemy"].as_str().unwrap_or("?"));
        for (class, names) in &missing {
            println!("  {class}: {}", names.join(", "));
            let _ = writeln!(
                report,
                "- `{class}`: {}",
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            );
        }
    }
    for (i, (series, class, member, _)) in OVERRIDES.iter().enumerate() {
        if !used[i] {
            failures.push(format!("override {series} {class}.{member} matches no differing row (stale)"));
        }
    }
    if std::env::var_os("UPDATE_MISSING").is_some() {
        std::fs::write(snapshot_dir().join("missing_members.md"), report).expect("write missing_members.md");
    }
    assert!(failures.is_empty(), "{} rows disagree with SQLAlchemy:\n{}", failures.len(), failures.join("\n"));
}
