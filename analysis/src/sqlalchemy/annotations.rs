//! SQLAlchemy's own annotations, as `tests/sqlalchemy_api/extract.py` snapshots them from its
//! installed sources (2.0.58 and 2.1.9): the classes `api.rs` names, their bases, and the classes
//! their members' annotations name, each with its members' return annotations.
//!
//! `api.rs`'s rows come first. Where no row covers a member, its annotation answers (`Column.type`
//! is a `TypeEngine[Any]`, `Connection.dialect` a `Dialect`) when a template says it exactly: one
//! signature, no type variables, literals, callables or private names, and only classes the
//! snapshot holds or the standard ones templates know. Anything else stays unknown.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::api::MemberKind;
use super::template::Template;
use crate::settings::Series;

const SNAPSHOT_20: &str = include_str!("../../../tests/sqlalchemy_api/sqlalchemy-2.0.58.json");
const SNAPSHOT_21: &str = include_str!("../../../tests/sqlalchemy_api/sqlalchemy-2.1.9.json");

/// What a SQLAlchemy class named without type arguments takes for its column collection where
/// its one parameter has a default (2.1's `TableClause` is a
/// `TableClause[ReadOnlyColumnCollection[str, ColumnClause[Any]]]`), as type checkers show it.
pub fn column_collection_default(class: &str, series: Series) -> Option<&'static str> {
    let [param] = snapshot(series)?.classes.get(class)?.params.as_slice() else { return None };
    match param.as_str() {
        "~_KeyColCC_co" => Some("ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]"),
        "~_ColClauseCC_co" => Some("ReadOnlyColumnCollection[str, ColumnClause[Any]]"),
        "~_ColCC_co" => Some("ReadOnlyColumnCollection[str, Column[Any]]"),
        _ => None,
    }
}

/// One series' snapshot: SQLAlchemy's classes by short name.
pub struct Snapshot {
    classes: FxHashMap<String, SnapshotClass>,
    /// Each class's method resolution order, computed once.
    mros: FxHashMap<String, Vec<String>>,
    /// How type checkers show a module-level function used as a value (`or_`: its signature, or
    /// `Overload[...]` of its overloads), by short name; the snapshot renders it.
    function_displays: FxHashMap<String, String>,
    /// The parameters each module-level function takes by position, by short name.
    function_params: FxHashMap<String, Vec<String>>,
}

struct SnapshotClass {
    /// The module that defines it (`sqlalchemy.sql.dml`).
    module: String,
    /// Its own type parameters (`~_T`), in order.
    params: Vec<String>,
    bases: Vec<String>,
    /// The bases that take this class's type parameters as they are (`Column` → `ColumnClause[_T]`).
    passes: Vec<String>,
    members: BTreeMap<String, SnapshotMember>,
}

struct SnapshotMember {
    kind: MemberKind,
    /// Annotated or assigned in the class body or `__init__`, not a method or property.
    attribute: bool,
    /// An attribute a class assigns without annotating it (`self.schema = schema`).
    unannotated_attribute: bool,
    /// An attribute of the class body, not one `__init__` sets: the class object has it too.
    class_level: bool,
    /// The template its annotation makes, where one can say it exactly.
    template: Option<Arc<Template>>,
    /// The template reads the class's own type parameters (`TypeEngine[$T]`).
    generic: bool,
}

/// How type checkers show a SQLAlchemy function (`sqlalchemy.or_`) used as a value: its
/// signature, as the series' snapshot renders it.
pub fn function_display(symbol: &str, series: Series) -> Option<&'static str> {
    snapshot(series)?.function_display(function_short_name(symbol)?)
}

/// The parameters a SQLAlchemy function (`sqlalchemy.bindparam`) takes by position, in order.
pub fn function_params(symbol: &str, series: Series) -> &'static [String] {
    let short = function_short_name(symbol);
    snapshot(series).zip(short).map(|(snapshot, short)| snapshot.function_params(short)).unwrap_or_default()
}

/// `or_` of `sqlalchemy.or_` (the snapshot names functions by their short names).
fn function_short_name(symbol: &str) -> Option<&str> {
    symbol.strip_prefix("sqlalchemy.")?.rsplit('.').next()
}

/// The snapshot of a series; 1.x ships no annotations.
pub fn snapshot(series: Series) -> Option<&'static Snapshot> {
    static V20: OnceLock<Snapshot> = OnceLock::new();
    static V21: OnceLock<Snapshot> = OnceLock::new();
    match series {
        Series::V14 => None,
        Series::V20 => Some(V20.get_or_init(|| Snapshot::parse(SNAPSHOT_20))),
        Series::V21 => Some(V21.get_or_init(|| Snapshot::parse(SNAPSHOT_21))),
    }
}

/// What a member `api.rs` has no row for returns, by SQLAlchemy's annotation (dunders excepted:
/// operators and protocols are the tables' to say).
pub fn member(class: &str, name: &str, series: Series) -> Option<(MemberKind, Arc<Template>)> {
    if name.starts_with("__") {
        return None;
    }
    annotated_member(class, name, series)
}

/// What reading a name the class does not define returns, through its `__getattr__` as annotated
/// (`ColumnCollection`'s is a column, `QueryableAttribute`'s is `Any`).
pub fn missing_attribute(class: &str, series: Series) -> Option<Arc<Template>> {
    annotated_member(class, "__getattr__", series).map(|(_, template)| template)
}

/// The full name of SQLAlchemy's class `class` (`sqlalchemy.sql.dml.Insert`), as type checkers
/// name it beside another class of its name.
pub fn full_name(class: &str, series: Series) -> Option<String> {
    let snapshot = snapshot(series)?;
    let module = &snapshot.classes.get(class)?.module;
    let own = class.rsplit('.').next().unwrap_or(class);
    (!module.is_empty()).then(|| format!("{module}.{own}"))
}

/// Whether SQLAlchemy's class `class` is `ancestor` or derives from it (`AsyncSession` is no
/// `Session`).
pub fn derives_from(class: &str, ancestor: &str, series: Series) -> Option<bool> {
    let snapshot = snapshot(series)?;
    snapshot.has_class(class).then(|| snapshot.mro(class).iter().any(|c| c == ancestor))
}

fn annotated_member(class: &str, name: &str, series: Series) -> Option<(MemberKind, Arc<Template>)> {
    let snapshot = snapshot(series)?;
    let (owner, member) = snapshot.member(class, name)?;
    // A type parameter means the receiver's only where the receiver passes its own parameters
    // down to the class that annotates the member; a row's parameters are its columns.
    if member.generic && (!snapshot.passes_down(class, &owner) || super::template::ROW_KINDS.contains(&class)) {
        return None;
    }
    Some((member.kind, member.template.clone()?))
}

/// What a class attribute is declared as (`inherit_cache: Optional[bool]` of `HasCacheKey`): the
/// nearest class that has the name decides, `Some(None)` where it declares no type; `None` where
/// no class in the MRO has the name.
pub fn declaration(class: &str, name: &str, series: Series) -> Option<Option<Arc<Template>>> {
    Some(nearest_member(class, name, series)?.attribute_template())
}

/// An attribute of SQLAlchemy's class read on the class object (`dialect_cls.name` of a
/// `type[Dialect]`): annotated in a class body (not set by `__init__`, no property or method),
/// where its annotation says it exactly without the class's type parameters.
pub fn class_attribute(class: &str, name: &str, series: Series) -> Option<Arc<Template>> {
    nearest_member(class, name, series).filter(|member| member.class_level)?.attribute_template()
}

/// The member `name` of the nearest class in `class`'s MRO that has it.
fn nearest_member(class: &str, name: &str, series: Series) -> Option<&'static SnapshotMember> {
    let snapshot = snapshot(series)?;
    snapshot.mro(class).iter().find_map(|c| snapshot.classes.get(c)?.members.get(name))
}

impl SnapshotMember {
    /// Its template, where it is an annotated attribute the annotation types exactly without the
    /// class's own type parameters.
    fn attribute_template(&self) -> Option<Arc<Template>> {
        self.template.clone().filter(|_| self.attribute && !self.unannotated_attribute && !self.generic)
    }
}

impl Snapshot {
    fn parse(text: &str) -> Snapshot {
        let json: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        let empty = serde_json::Map::new();
        let entries = json["classes"].as_object().unwrap_or(&empty);
        let strings = |value: &Value| -> Vec<String> {
            value.as_array().into_iter().flatten().filter_map(Value::as_str).map(String::from).collect()
        };
        // How many type parameters each class takes (`TypeEngine[_T]`: 1).
        let params: FxHashMap<&str, usize> =
            entries.iter().map(|(name, class)| (name.as_str(), strings(&class["params"]).len())).collect();
        let classes = entries
            .iter()
            .map(|(name, class)| {
                let own = strings(&class["params"]);
                let members = class["members"].as_object().into_iter().flatten();
                let class = SnapshotClass {
                    module: class["module"].as_str().unwrap_or_default().to_owned(),
                    params: own.clone(),
                    bases: strings(&class["bases"]),
                    passes: strings(&class["passes"]),
                    members: members.map(|(name, member)| (name.clone(), read_member(member, &own, &params))).collect(),
                };
                (name.clone(), class)
            })
            .collect();
        let functions = json["functions"].as_object().unwrap_or(&empty);
        let function_displays = functions
            .iter()
            .filter_map(|(name, function)| Some((name.clone(), function["display"].as_str()?.to_owned())))
            .collect();
        let function_params =
            functions.iter().map(|(name, function)| (name.clone(), strings(&function["params"]))).collect();
        let mut snapshot = Snapshot { classes, mros: FxHashMap::default(), function_displays, function_params };
        let mros = snapshot.classes.keys().map(|class| (class.clone(), snapshot.compute_mro(class))).collect();
        snapshot.mros = mros;
        snapshot
    }

    /// Whether SQLAlchemy has a class of that short name (not a type alias: `ColumnExpressionArgument`).
    pub fn has_class(&self, name: &str) -> bool {
        self.classes.contains_key(name)
    }

    /// How type checkers show a SQLAlchemy function used as a value (`or_`).
    pub fn function_display(&self, name: &str) -> Option<&str> {
        self.function_displays.get(name).map(String::as_str)
    }

    /// The parameters a SQLAlchemy function takes by position, in order (`bindparam`: `key`,
    /// `value`, `type_`, ...).
    pub fn function_params(&self, name: &str) -> &[String] {
        self.function_params.get(name).map(Vec::as_slice).unwrap_or_default()
    }

    fn bases(&self, class: &str) -> impl Iterator<Item = &str> {
        let bases = self.classes.get(class).map(|c| c.bases.as_slice()).unwrap_or_default();
        bases.iter().map(String::as_str).filter(|b| self.classes.contains_key(*b))
    }

    /// Python's method resolution order of a class the snapshot holds (else the class alone).
    pub fn mro<'s>(&'s self, class: &'s str) -> std::borrow::Cow<'s, [String]> {
        match self.mros.get(class) {
            Some(mro) => std::borrow::Cow::Borrowed(mro),
            None => std::borrow::Cow::Owned(vec![class.to_owned()]),
        }
    }

    /// C3; depth-first where C3 fails.
    fn compute_mro(&self, class: &str) -> Vec<String> {
        fn c3(snapshot: &Snapshot, class: &str, depth: usize) -> Option<Vec<String>> {
            if depth > 64 {
                return None;
            }
            let bases: Vec<String> = snapshot.bases(class).map(String::from).collect();
            let mut sequences: Vec<Vec<String>> =
                bases.iter().map(|b| c3(snapshot, b, depth + 1)).collect::<Option<_>>()?;
            sequences.push(bases);
            let mut result = vec![class.to_owned()];
            loop {
                sequences.retain(|s| !s.is_empty());
                if sequences.is_empty() {
                    return Some(result);
                }
                let head = sequences
                    .iter()
                    .map(|s| &s[0])
                    .find(|candidate| sequences.iter().all(|s| !s[1..].contains(candidate)))?
                    .clone();
                for s in &mut sequences {
                    if s[0] == head {
                        s.remove(0);
                    }
                }
                result.push(head);
            }
        }
        c3(self, class, 0).unwrap_or_else(|| {
            let mut order = Vec::new();
            let mut pending = vec![class.to_owned()];
            while let Some(c) = pending.pop() {
                if !order.contains(&c) {
                    pending.extend(self.bases(&c).map(String::from).collect::<Vec<_>>().into_iter().rev());
                    order.push(c);
                }
            }
            order
        })
    }

    /// The member as `class` has it, with the class defining it: the nearest definition in the
    /// MRO, except that an attribute a class only assigns keeps the declaration of a base that
    /// annotates it, as type checkers read it.
    fn member(&self, class: &str, name: &str) -> Option<(String, &SnapshotMember)> {
        if !self.classes.contains_key(class) {
            return None;
        }
        let found: Vec<(String, &SnapshotMember)> = self
            .mro(class)
            .iter()
            .filter_map(|c| {
                let member = self.classes.get(c)?.members.get(name)?;
                Some((c.clone(), member))
            })
            .collect();
        let at = found.iter().position(|(_, member)| !member.unannotated_attribute).unwrap_or(0);
        found.into_iter().nth(at)
    }

    /// Whether `owner` is `class` or a base `class` hands its own type parameters to, through
    /// bases that do the same.
    fn passes_down(&self, class: &str, owner: &str) -> bool {
        let mut pending = vec![class];
        let mut seen = 0;
        while let Some(current) = pending.pop() {
            seen += 1;
            if current == owner {
                return true;
            }
            if seen > 64 {
                return false;
            }
            pending.extend(self.classes.get(current).into_iter().flat_map(|c| c.passes.iter().map(String::as_str)));
        }
        false
    }
}

fn read_member(member: &Value, own: &[String], params: &FxHashMap<&str, usize>) -> SnapshotMember {
    let kind = match member["kind"].as_str() {
        Some("method") => MemberKind::Method,
        _ => MemberKind::Property,
    };
    let returns: Vec<&str> = member["returns"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let annotation = returns.as_slice().first().filter(|_| returns.len() == 1).map(|a| with_placeholders(a, own));
    let generic = annotation.as_deref().is_some_and(|a| a.contains('$'));
    let template = match annotation {
        Some(annotation) => template_text(&annotation, params).map(|text| {
            let text =
                if member["async"].as_bool() == Some(true) { format!("CoroutineType[Any, Any, {text}]") } else { text };
            Arc::new(Template::parse(&text))
        }),
        _ => None,
    };
    let attribute = member["kind"] == "attribute";
    let class_level = attribute && member["init"].as_bool() != Some(true);
    SnapshotMember {
        kind,
        attribute,
        unannotated_attribute: attribute && returns.is_empty(),
        class_level,
        template,
        generic,
    }
}

/// The class's own type parameters as the receiver's arguments: the first `$T`, the second `$V`
/// (`TypeEngine[~_T]` of `ColumnElement[_T]` → `TypeEngine[$T]`); other type variables stay.
fn with_placeholders(annotation: &str, own: &[String]) -> String {
    let mut out = String::with_capacity(annotation.len());
    let mut rest = annotation;
    while let Some(at) = rest.find('~') {
        out.push_str(&rest[..at]);
        let end = rest[at + 1..].find(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(rest.len(), |e| at + 1 + e);
        let variable = &rest[at..end];
        match own.iter().position(|p| p == variable) {
            Some(0) => out.push_str("$T"),
            Some(1) => out.push_str("$V"),
            _ => out.push_str(variable),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Names of `typing` and `builtins` a template spells as an annotation does.
const STANDARD_NAMES: &[&str] = &[
    "Any",
    "None",
    "Optional",
    "Union",
    "Tuple",
    "tuple",
    "type",
    "int",
    "str",
    "float",
    "bool",
    "bytes",
    "object",
    "list",
    "dict",
    "set",
    "Sequence",
    "Iterator",
    "Iterable",
    "List",
    "Set",
    "FrozenSet",
    "Dict",
    "Mapping",
    "AsyncIterator",
    "datetime",
    "date",
    "time",
    "timedelta",
    "Decimal",
    "TupleAny",
];

/// An annotation as a template, where every name in it is one a template resolves exactly; a bare
/// generic class gets `Unknown` arguments, as type checkers show it (`MapperProperty[Unknown]`).
fn template_text(annotation: &str, params: &FxHashMap<&str, usize>) -> Option<String> {
    if annotation.contains(['~', '\'', '"', '(', '.', '*']) {
        return None;
    }
    let mut out = String::with_capacity(annotation.len());
    let mut rest = annotation;
    while let Some(c) = rest.chars().next() {
        // The receiver's type arguments `with_placeholders` wrote.
        if let Some(placeholder) = ["$T", "$V"].into_iter().find(|p| rest.starts_with(p)) {
            out.push_str(placeholder);
            rest = &rest[2..];
            continue;
        }
        if !(c.is_alphabetic() || c == '_') {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        rest = after;
        match word {
            "Self" => out.push_str("$self"),
            "Type" => out.push_str("type"),
            _ if STANDARD_NAMES.contains(&word) => out.push_str(word),
            _ if word.starts_with('_') => return None,
            _ => {
                let count = *params.get(word)?;
                out.push_str(word);
                if count > 0 && !after.starts_with('[') {
                    out.push('[');
                    out.push_str(&vec!["Unknown"; count].join(", "));
                    out.push(']');
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(class: &str, name: &str, series: Series) -> Option<(MemberKind, String)> {
        member(class, name, series).map(|(kind, template)| (kind, format!("{template:?}")))
    }

    #[test]
    fn reads_annotated_members_the_tables_lack() {
        let (kind, template) = answer("Connection", "dialect", Series::V20).expect("Connection.dialect");
        assert_eq!(kind, MemberKind::Property);
        assert!(template.contains("Dialect"), "{template}");
        let (kind, _) = answer("Engine", "raw_connection", Series::V21).expect("Engine.raw_connection");
        assert_eq!(kind, MemberKind::Method);
    }

    #[test]
    fn leaves_what_a_template_cannot_say_exactly() {
        let params = FxHashMap::from_iter([("TypeEngine", 1), ("Dialect", 0)]);
        assert_eq!(template_text("Optional[Dialect]", &params).as_deref(), Some("Optional[Dialect]"));
        assert_eq!(template_text("TypeEngine", &params).as_deref(), Some("TypeEngine[Unknown]"));
        assert_eq!(template_text("Type[TypeEngine[Any]]", &params).as_deref(), Some("type[TypeEngine[Any]]"));
        assert_eq!(template_text("Self", &params).as_deref(), Some("$self"));
        assert_eq!(template_text("TypeEngine[~_T]", &params), None);
        assert_eq!(template_text("Literal[auto]", &params), None);
        assert_eq!(template_text("Optional[_ServerOnUpdateArgument]", &params), None);
        assert_eq!(template_text("Logger", &params), None);
        assert_eq!(template_text("Tuple[Any, ...]", &params), None);
        assert_eq!(with_placeholders("TypeEngine[~_T]", &["~_T".into()]), "TypeEngine[$T]");
        assert_eq!(with_placeholders("Dict[~_KT, ~_T]", &["~_T".into()]), "Dict[~_KT, $T]");
        assert_eq!(template_text("TypeEngine[$T]", &params).as_deref(), Some("TypeEngine[$T]"));
    }

    #[test]
    fn an_assigned_attribute_keeps_a_base_annotation_and_dunders_are_left_to_the_tables() {
        let snapshot = snapshot(Series::V20).expect("2.0 snapshot");
        assert_eq!(snapshot.mro("Select").first().map(String::as_str), Some("Select"));
        assert!(member("ColumnElement", "__eq__", Series::V20).is_none());
        assert!(member("Connection", "dialect", Series::V14).is_none());
    }

    #[test]
    fn a_type_parameter_is_the_receiver_s_where_the_receiver_passes_it_down() {
        // `Column(ColumnClause[_T])` → `NamedColumn[_T]` → ... → `ColumnElement[_T]`, whose `type`
        // is a `TypeEngine[_T]`.
        let (_, template) = answer("Column", "type", Series::V20).expect("Column.type");
        assert!(template.contains("Placeholder"), "{template}");
        let snapshot = snapshot(Series::V20).expect("2.0 snapshot");
        assert!(snapshot.passes_down("Column", "ColumnElement"));
        assert!(!snapshot.passes_down("Integer", "TypeEngine"));
    }
}
