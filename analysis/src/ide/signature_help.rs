//! Signature help for model constructors (`User(` → its fields, as the declarative constructor or
//! the dataclass `__init__` takes them) and for `relationship(` / `mapped_column(` / `Column(`
//! (their parameters as SQLAlchemy 2.0 declares them in `orm/_orm_constructors.py` and
//! `sql/schema.py`).

use crate::db::{Db, SourceFile};
use crate::hir::{Definition, Expr, Name, module_index, resolve_expr_symbol};
use crate::models::{AttrKind, Model, ModelRegistry, model_registry};
use crate::syntax::parse;
use crate::types::{ClassRef, display};

use super::call_context::{Frame, cursor_context};
use crate::semantics::string_refs::{class_by_name, dotted_expr, sqlalchemy_function};
use crate::semantics::{TextSize, clamp_offset};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    /// `User(name: str, email: str | None = None)`.
    pub label: String,
    /// Each parameter's label (a substring of `label`) and its documentation.
    pub parameters: Vec<(String, Option<String>)>,
    pub active_parameter: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Positional,
    /// `*args`: takes every further positional argument.
    VarArgs,
    KeywordOnly,
    /// `**kw`.
    VarKeywords,
}

/// A parameter of a SQLAlchemy function, transcribed from its signature.
pub struct ParamSpec {
    pub name: &'static str,
    pub ty: &'static str,
    pub default: Option<&'static str>,
    pub kind: ParamKind,
    pub doc: Option<&'static str>,
}

const fn p(name: &'static str, ty: &'static str, default: &'static str, doc: Option<&'static str>) -> ParamSpec {
    ParamSpec { name, ty, default: Some(default), kind: ParamKind::KeywordOnly, doc }
}

const fn positional(name: &'static str, ty: &'static str, default: &'static str, doc: &'static str) -> ParamSpec {
    ParamSpec { name, ty, default: Some(default), kind: ParamKind::Positional, doc: Some(doc) }
}

const fn var_args(name: &'static str, ty: &'static str, kind: ParamKind, doc: &'static str) -> ParamSpec {
    ParamSpec { name, ty, default: None, kind, doc: Some(doc) }
}

/// The values `lazy=` accepts.
pub const LAZY_VALUES: &[&str] = &[
    "select",
    "joined",
    "selectin",
    "subquery",
    "raise",
    "raise_on_sql",
    "noload",
    "write_only",
    "dynamic",
    "immediate",
];

/// The tokens `cascade=` combines.
pub const CASCADE_TOKENS: &[&str] =
    &["save-update", "merge", "expunge", "delete", "delete-orphan", "refresh-expire", "all"];

// Parameters that several of these functions declare alike: the dataclass field options (and
// `active_history`, `**kw`) of `relationship()` and `mapped_column()`, then the column options
// `mapped_column()` shares with `Column()`.

const INIT: ParamSpec = p(
    "init",
    "Union[_NoArg, bool]",
    "_NoArg.NO_ARG",
    Some("Dataclass mapping: whether the field is a parameter of `__init__`."),
);
const REPR: ParamSpec = p("repr", "Union[_NoArg, bool]", "_NoArg.NO_ARG", None);
const COMPARE: ParamSpec = p("compare", "Union[_NoArg, bool]", "_NoArg.NO_ARG", None);
const KW_ONLY: ParamSpec = p("kw_only", "Union[_NoArg, bool]", "_NoArg.NO_ARG", None);
const HASH: ParamSpec = p("hash", "Union[_NoArg, bool, None]", "_NoArg.NO_ARG", None);
const DATACLASS_METADATA: ParamSpec =
    p("dataclass_metadata", "Union[_NoArg, Mapping[Any, Any], None]", "_NoArg.NO_ARG", None);
const ACTIVE_HISTORY: ParamSpec = p("active_history", "bool", "False", None);
const KW: ParamSpec = var_args("kw", "Any", ParamKind::VarKeywords, "Further keyword arguments.");

const SCHEMA_ITEMS: ParamSpec = var_args(
    "args",
    "SchemaEventTarget",
    ParamKind::VarArgs,
    "Schema items: `ForeignKey(\"users.id\")`, `Identity()`, `Sequence(...)`.",
);
const AUTOINCREMENT: ParamSpec = p("autoincrement", "_AutoIncrementType", "\"auto\"", None);
const DOC: ParamSpec = p("doc", "Optional[str]", "None", None);
const KEY: ParamSpec = p("key", "Optional[str]", "None", None);
const INDEX: ParamSpec = p("index", "Optional[bool]", "None", Some("Create an index on the column."));
const UNIQUE: ParamSpec = p("unique", "Optional[bool]", "None", Some("Add a UNIQUE constraint on the column."));
const INFO: ParamSpec = p("info", "Optional[_InfoType]", "None", None);
const SERVER_DEFAULT: ParamSpec =
    p("server_default", "Optional[_ServerDefaultArgument]", "None", Some("The DEFAULT clause in the table's DDL."));
const SERVER_ONUPDATE: ParamSpec = p("server_onupdate", "Optional[_ServerOnUpdateArgument]", "None", None);
const QUOTE: ParamSpec = p("quote", "Optional[bool]", "None", None);
const SYSTEM: ParamSpec = p("system", "bool", "False", None);
const COMMENT: ParamSpec = p("comment", "Optional[str]", "None", Some("A comment on the column in the table's DDL."));

/// `relationship()` (SQLAlchemy 2.0, `orm/_orm_constructors.py`).
pub const RELATIONSHIP: &[ParamSpec] = &[
    positional(
        "argument",
        "Optional[_RelationshipArgumentType[Any]]",
        "None",
        "The target class: the class, its name as a string (\"User\"), or a lambda returning it.",
    ),
    positional(
        "secondary",
        "Optional[_RelationshipSecondaryArgument]",
        "None",
        "The association table of a many-to-many relationship (a `Table`, or its name).",
    ),
    p("uselist", "Optional[bool]", "None", Some("`False` loads a single object instead of a list.")),
    p(
        "collection_class",
        "Optional[Union[Type[Collection[Any]], Callable[[], Collection[Any]]]]",
        "None",
        Some("The collection type: `list`, `set`, `attribute_keyed_dict(...)`."),
    ),
    p(
        "primaryjoin",
        "Optional[_RelationshipJoinConditionArgument]",
        "None",
        Some("The join condition to the target: an expression, or a string evaluated against the class registry."),
    ),
    p(
        "secondaryjoin",
        "Optional[_RelationshipJoinConditionArgument]",
        "None",
        Some("The join condition from the association table to the target."),
    ),
    p("back_populates", "Optional[str]", "None", Some("The relationship on the target class that mirrors this one.")),
    p(
        "order_by",
        "_ORMOrderByArgument",
        "False",
        Some("How the collection is ordered when loaded: `\"Post.id\"`, a column, or a list."),
    ),
    p(
        "backref",
        "Optional[ORMBackrefArgument]",
        "None",
        Some("Legacy: also creates the reverse relationship on the target class, under this name."),
    ),
    p(
        "overlaps",
        "Optional[str]",
        "None",
        Some("Relationships that write the same columns, to silence the overlap warning."),
    ),
    p("post_update", "bool", "False", Some("Write this relationship with a second UPDATE (for row cycles).")),
    p(
        "cascade",
        "str",
        "\"save-update, merge\"",
        Some("Session operations that propagate to related objects: `\"all, delete-orphan\"`, …"),
    ),
    p("viewonly", "bool", "False", Some("Read-only: changes to the collection are not persisted.")),
    INIT,
    REPR,
    p("default", "Union[_NoArg, _T]", "_NoArg.NO_ARG", Some("Dataclass mapping: the field's default in `__init__`.")),
    p(
        "default_factory",
        "Union[_NoArg, Callable[[], _T]]",
        "_NoArg.NO_ARG",
        Some("Dataclass mapping: a callable producing the field's default (`list`)."),
    ),
    COMPARE,
    KW_ONLY,
    HASH,
    p(
        "lazy",
        "_LazyLoadArgumentType",
        "\"select\"",
        Some(
            "How the relationship loads: \"select\", \"joined\", \"selectin\", \"subquery\", \"raise\", \"raise_on_sql\", \"noload\", \"write_only\", \"dynamic\", \"immediate\".",
        ),
    ),
    p(
        "passive_deletes",
        "Union[Literal[\"all\"], bool]",
        "False",
        Some("Let the database's ON DELETE handle related rows instead of loading them."),
    ),
    p("passive_updates", "bool", "True", None),
    ACTIVE_HISTORY,
    p("enable_typechecks", "bool", "True", None),
    p(
        "foreign_keys",
        "Optional[_ORMColCollectionArgument]",
        "None",
        Some("The columns to treat as foreign keys in the join, when several paths exist."),
    ),
    p(
        "remote_side",
        "Optional[_ORMColCollectionArgument]",
        "None",
        Some("Self-referential relationships: the columns on the remote side (\"Node.id\")."),
    ),
    p("join_depth", "Optional[int]", "None", None),
    p("comparator_factory", "Optional[Type[RelationshipProperty.Comparator[Any]]]", "None", None),
    p("single_parent", "bool", "False", None),
    p("innerjoin", "bool", "False", Some("Joined eager loading uses an INNER JOIN.")),
    p("distinct_target_key", "Optional[bool]", "None", None),
    p("load_on_pending", "bool", "False", None),
    p("query_class", "Optional[Type[Query[Any]]]", "None", None),
    p("info", "Optional[_InfoType]", "None", None),
    p("omit_join", "Literal[None, False]", "None", None),
    p("sync_backref", "Optional[bool]", "None", None),
    DATACLASS_METADATA,
    KW,
];

/// `mapped_column()` (SQLAlchemy 2.0, `orm/_orm_constructors.py`).
pub const MAPPED_COLUMN: &[ParamSpec] = &[
    positional(
        "__name_pos",
        "Optional[Union[str, _TypeEngineArgument[Any], SchemaEventTarget]]",
        "None",
        "The column's name in the table (a string), or its SQL type.",
    ),
    positional(
        "__type_pos",
        "Optional[Union[_TypeEngineArgument[Any], SchemaEventTarget]]",
        "None",
        "The column's SQL type (`String(30)`), or a schema item.",
    ),
    SCHEMA_ITEMS,
    INIT,
    REPR,
    p(
        "default",
        "Optional[Any]",
        "_NoArg.NO_ARG",
        Some("The default on INSERT (and, under dataclass mapping, in `__init__`)."),
    ),
    p(
        "default_factory",
        "Union[_NoArg, Callable[[], _T]]",
        "_NoArg.NO_ARG",
        Some("Dataclass mapping: a callable producing the field's default."),
    ),
    COMPARE,
    KW_ONLY,
    HASH,
    p(
        "nullable",
        "Optional[Union[bool, Literal[SchemaConst.NULL_UNSPECIFIED]]]",
        "SchemaConst.NULL_UNSPECIFIED",
        Some("Whether the column allows NULL (by default from `Optional[...]` in `Mapped[...]`)."),
    ),
    p("primary_key", "Optional[bool]", "False", Some("Whether the column is (part of) the primary key.")),
    p("deferred", "Union[_NoArg, bool]", "_NoArg.NO_ARG", Some("Load the column only when it is first accessed.")),
    p("deferred_group", "Optional[str]", "None", None),
    p("deferred_raiseload", "Optional[bool]", "None", None),
    p("use_existing_column", "bool", "False", None),
    p("name", "Optional[str]", "None", Some("The column's name in the table, when it differs from the attribute's.")),
    p("type_", "Optional[_TypeEngineArgument[Any]]", "None", Some("The column's SQL type.")),
    AUTOINCREMENT,
    DOC,
    KEY,
    INDEX,
    UNIQUE,
    INFO,
    p("onupdate", "Optional[Any]", "None", Some("A value or callable used on UPDATE.")),
    p("insert_default", "Optional[Any]", "_NoArg.NO_ARG", Some("The default on INSERT, never a dataclass default.")),
    SERVER_DEFAULT,
    SERVER_ONUPDATE,
    ACTIVE_HISTORY,
    QUOTE,
    SYSTEM,
    COMMENT,
    p("sort_order", "Union[_NoArg, int]", "_NoArg.NO_ARG", None),
    DATACLASS_METADATA,
    KW,
];

/// `Column()` (SQLAlchemy 2.0, `sql/schema.py`).
pub const COLUMN: &[ParamSpec] = &[
    positional(
        "__name_pos",
        "Optional[Union[str, _TypeEngineArgument[_T], SchemaEventTarget]]",
        "None",
        "The column's name (a string), or its SQL type.",
    ),
    positional(
        "__type_pos",
        "Optional[Union[_TypeEngineArgument[_T], SchemaEventTarget]]",
        "None",
        "The column's SQL type (`String(30)`), or a schema item.",
    ),
    SCHEMA_ITEMS,
    p("name", "Optional[str]", "None", Some("The column's name in the table.")),
    p("type_", "Optional[_TypeEngineArgument[_T]]", "None", Some("The column's SQL type.")),
    AUTOINCREMENT,
    p("default", "Optional[Any]", "_NoArg.NO_ARG", Some("A value, callable or SQL expression used on INSERT.")),
    p("insert_default", "Optional[Any]", "_NoArg.NO_ARG", None),
    DOC,
    KEY,
    INDEX,
    UNIQUE,
    INFO,
    p(
        "nullable",
        "Optional[Union[bool, Literal[SchemaConst.NULL_UNSPECIFIED]]]",
        "SchemaConst.NULL_UNSPECIFIED",
        Some("Whether the column allows NULL (by default, unless it is a primary key)."),
    ),
    p("onupdate", "Optional[Any]", "None", None),
    p("primary_key", "bool", "False", Some("Whether the column is (part of) the primary key.")),
    SERVER_DEFAULT,
    SERVER_ONUPDATE,
    QUOTE,
    SYSTEM,
    COMMENT,
    p("insert_sentinel", "bool", "False", None),
    var_args("dialect_kwargs", "Any", ParamKind::VarKeywords, "Dialect-specific keyword arguments."),
];

/// The SQLAlchemy functions we know the parameters of.
pub const KNOWN_FUNCTIONS: &[&str] =
    &["relationship", "relation", "dynamic_loader", "backref", "mapped_column", "Column"];

/// The parameters of a SQLAlchemy function, by short name (`backref(name, **kwargs)` takes
/// `relationship()`'s keywords).
pub fn sqlalchemy_params(function: &str) -> Option<&'static [ParamSpec]> {
    match function {
        "relationship" | "relation" | "dynamic_loader" | "backref" => Some(RELATIONSHIP),
        "mapped_column" => Some(MAPPED_COLUMN),
        "Column" => Some(COLUMN),
        _ => None,
    }
}

/// What an open call's callee is.
pub enum Callee {
    Model(ClassRef),
    Function(&'static str),
}

/// The callee of an open call, from its dotted name: a model class or a known SQLAlchemy function.
pub fn callee_of(db: &dyn Db, file: SourceFile, registry: &ModelRegistry, frame: &Frame) -> Option<Callee> {
    let callee = frame.callee.as_deref()?;
    if let Some(function) = sqlalchemy_function(db, file, callee, KNOWN_FUNCTIONS) {
        return Some(Callee::Function(function));
    }
    let class = match dotted_expr(callee).and_then(|e| resolve_expr_symbol(db, file, &e)) {
        Some(Definition::Class { file, name }) => ClassRef { file, name },
        Some(_) => return None,
        None if !callee.contains('.') => class_by_name(db, file, registry, callee)?,
        None => return None,
    };
    registry.model(&class).map(|_| Callee::Model(class))
}

/// A parameter of a model's constructor.
pub struct InitParam {
    pub name: Name,
    pub ty: String,
    pub default: Option<String>,
    pub keyword_only: bool,
    pub doc: Option<String>,
}

/// Whether a model is mapped as a dataclass (`MappedAsDataclass` among its bases' bases, or
/// `@mapped_as_dataclass`): its constructor is the dataclass `__init__`.
pub fn is_dataclass_model(db: &dyn Db, model: &Model) -> bool {
    std::iter::once(&model.class).chain(&model.bases).any(|class| {
        let index = module_index(db, class.file);
        let Some(item) = index.classes.iter().rfind(|c| c.name == class.name) else { return false };
        let base = item.bases.iter().any(|base| {
            matches!(resolve_expr_symbol(db, class.file, base), Some(Definition::External(name)) if name.ends_with("MappedAsDataclass"))
        });
        let decorated = item.decorators.iter().any(|d| {
            let callee = match d {
                Expr::Call { func, .. } => func.as_ref(),
                other => other,
            };
            matches!(callee, Expr::Name(n) | Expr::Attr(_, n) if n == "mapped_as_dataclass")
        });
        base || decorated
    })
}

/// The parameters of a model's constructor: the dataclass `__init__` fields (in dataclass order,
/// `init=False` left out), or the mapped attributes the declarative constructor accepts as keywords.
pub fn constructor_params(db: &dyn Db, model: &Model) -> Vec<InitParam> {
    let series = db.project().settings(db).series;
    let dataclass = is_dataclass_model(db, model);
    // Bases first, as dataclasses order inherited fields.
    let mut order: Vec<&ClassRef> = model.bases.iter().rev().collect();
    order.push(&model.class);
    let class_kw_only = dataclass && class_keyword_is_true(db, model, "kw_only");
    let mut params = Vec::new();
    for class in order {
        for attr in model.attributes.iter().filter(|a| &a.declared_in == class) {
            let accepted = matches!(
                attr.kind,
                AttrKind::Column | AttrKind::Relationship | AttrKind::Synonym | AttrKind::Composite | AttrKind::Other
            );
            if !accepted {
                continue;
            }
            let value = attr.value.as_deref();
            let keyword = |name: &str| value.and_then(|v| v.kwarg(name));
            let default = if dataclass {
                if attr.via_backref
                    || attr.annotation.is_none()
                    || keyword("init").and_then(|v| v.as_bool()) == Some(false)
                {
                    continue;
                }
                match (keyword("default"), keyword("default_factory")) {
                    (Some(default), _) => Some(expr_text(default)),
                    (None, Some(factory)) => Some(format!("<factory {}>", expr_text(factory))),
                    _ => None,
                }
            } else {
                Some("...".to_owned())
            };
            let keyword_only =
                !dataclass || class_kw_only || keyword("kw_only").and_then(|v| v.as_bool()) == Some(true);
            params.push(InitParam {
                name: attr.name.clone(),
                ty: display(&attr.python, series),
                default,
                keyword_only,
                doc: attribute_doc(attr),
            });
        }
    }
    if dataclass {
        // A field without a default cannot follow one with a default among positional fields; keep
        // the declared order, as the dataclass does.
        params.sort_by_key(|p| p.keyword_only);
    }
    params
}

fn class_keyword_is_true(db: &dyn Db, model: &Model, keyword: &str) -> bool {
    let index = module_index(db, model.class.file);
    index
        .classes
        .iter()
        .rfind(|c| c.name == model.class.name)
        .is_some_and(|item| item.keywords.iter().any(|(k, v)| k == keyword && v.as_bool() == Some(true)))
}

/// A short description of a model attribute: its kind and SQL facts.
pub fn attribute_doc(attr: &crate::models::ModelAttr) -> Option<String> {
    let mut facts: Vec<String> = vec![attr.kind.label().to_owned()];
    if let Some(sql_type) = &attr.sql_type {
        facts.push(format!("SQL type `{sql_type}`"));
    }
    if attr.primary_key {
        facts.push("primary key".to_owned());
    }
    for fk in &attr.foreign_keys {
        facts.push(format!("foreign key → `{fk}`"));
    }
    if let Some(target) = &attr.target {
        facts.push(format!("→ `{}`", target.name));
    }
    Some(facts.join(" · "))
}

/// An expression as source text (for defaults).
pub fn expr_text(expr: &Expr) -> String {
    match expr {
        Expr::Name(name) => name.to_string(),
        Expr::Attr(base, name) => format!("{}.{name}", expr_text(base)),
        Expr::Call { func, args, kwargs } => {
            let mut parts: Vec<String> = args.iter().map(expr_text).collect();
            parts.extend(kwargs.iter().map(|(k, v)| format!("{k}={}", expr_text(v))));
            format!("{}({})", expr_text(func), parts.join(", "))
        }
        Expr::Subscript(base, args) => {
            format!("{}[{}]", expr_text(base), args.iter().map(expr_text).collect::<Vec<_>>().join(", "))
        }
        Expr::Str(s) => format!("{s:?}"),
        Expr::Int(i) => i.to_string(),
        Expr::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Expr::NoneLit => "None".to_owned(),
        Expr::Ellipsis => "...".to_owned(),
        Expr::BitOr(a, b) => format!("{} | {}", expr_text(a), expr_text(b)),
        Expr::Tuple(items) => format!("({})", items.iter().map(expr_text).collect::<Vec<_>>().join(", ")),
        Expr::List(items) => format!("[{}]", items.iter().map(expr_text).collect::<Vec<_>>().join(", ")),
        Expr::Dict(_) => "{...}".to_owned(),
        Expr::Lambda(body) => format!("lambda: {}", expr_text(body)),
        Expr::Format(parts) => {
            let pieces: String = parts
                .iter()
                .map(|p| match p {
                    Expr::Str(s) => s.replace('{', "{{").replace('}', "}}"),
                    other => format!("{{{}}}", expr_text(other)),
                })
                .collect();
            format!("f{pieces:?}")
        }
        Expr::DoubleStar(inner) => format!("**{}", expr_text(inner)),
        Expr::In(item, collection) => format!("{} in {}", expr_text(item), expr_text(collection)),
        Expr::Set(items) => format!("{{{}}}", items.iter().map(expr_text).collect::<Vec<_>>().join(", ")),
        Expr::Sub(a, b) => format!("{} - {}", expr_text(a), expr_text(b)),
        Expr::BitAnd(a, b) => format!("{} & {}", expr_text(a), expr_text(b)),
        Expr::Invert(a) => format!("~{}", expr_text(a)),
        Expr::Resolved(symbol) => symbol.rsplit('.').next().unwrap_or(symbol).to_owned(),
        // The operators are not kept.
        Expr::Compare(..) | Expr::BoolOp(_) | Expr::Other => "...".to_owned(),
    }
}

pub fn signature_help(db: &dyn Db, file: SourceFile, offset: TextSize) -> Option<SignatureHelp> {
    let offset = u32::from(clamp_offset(file.text(db), offset));
    let parsed = parse(db, file);
    let context = cursor_context(parsed, offset);
    if context.in_comment {
        return None;
    }
    let frame = context.call()?;
    let registry = model_registry(db);
    match callee_of(db, file, registry, frame)? {
        Callee::Model(class) => {
            let typed = file.text(db).get(frame.arg_start as usize..offset as usize).unwrap_or("").trim();
            model_signature(db, registry.model(&class)?, frame, typed)
        }
        // `backref(name, **kwargs)` forwards to `relationship()`: its keywords complete, but its
        // own signature is not `relationship()`'s.
        Callee::Function("backref") => None,
        Callee::Function(function) => Some(function_signature(function, sqlalchemy_params(function)?, frame)),
    }
}

/// `typed`: what the current argument holds so far (`na` while typing `name=`).
fn model_signature(db: &dyn Db, model: &Model, frame: &Frame, typed: &str) -> Option<SignatureHelp> {
    let params = constructor_params(db, model);
    let (label, parameters) = signature_labels(
        model.name(),
        params.iter().map(|param| {
            let kind = if param.keyword_only { ParamKind::KeywordOnly } else { ParamKind::Positional };
            (kind, param_label(kind, &param.name, &param.ty, param.default.as_deref()), param.doc.clone())
        }),
    );
    let active = match &frame.keyword {
        Some(keyword) => params.iter().position(|p| p.name == keyword.as_str()),
        None if frame.args.iter().all(|a| a.keyword.is_none()) => {
            let positional: Vec<usize> =
                params.iter().enumerate().filter(|(_, p)| !p.keyword_only).map(|(i, _)| i).collect();
            positional.get(frame.arg_index as usize).copied().or_else(|| next_keyword(&params, frame, typed))
        }
        None => next_keyword(&params, frame, typed),
    };
    Some(SignatureHelp { label, parameters, active_parameter: active.map(|a| a as u32) })
}

/// Where no position applies (keyword-only fields): the first field not given yet whose name
/// starts with what is typed (`User(na` → `name`; `User(` → the first field not given).
fn next_keyword(params: &[InitParam], frame: &Frame, typed: &str) -> Option<usize> {
    let word = typed.chars().all(|c| c.is_alphanumeric() || c == '_').then_some(typed)?;
    // The fields the positional arguments gave, in order.
    let by_position = frame.args.iter().filter(|a| a.keyword.is_none()).count();
    let given: Vec<usize> =
        params.iter().enumerate().filter(|(_, p)| !p.keyword_only).map(|(i, _)| i).take(by_position).collect();
    params.iter().enumerate().position(|(i, p)| {
        p.name.starts_with(word)
            && !given.contains(&i)
            && !frame.args.iter().any(|a| a.keyword.as_deref() == Some(p.name.as_str()))
    })
}

fn function_signature(function: &str, params: &[ParamSpec], frame: &Frame) -> SignatureHelp {
    let (label, parameters) = signature_labels(
        function,
        params.iter().map(|p| (p.kind, param_label(p.kind, p.name, p.ty, p.default), p.doc.map(str::to_owned))),
    );
    let active = match &frame.keyword {
        Some(keyword) => params
            .iter()
            .position(|p| p.name == keyword.as_str() && !matches!(p.kind, ParamKind::VarArgs | ParamKind::VarKeywords))
            .or_else(|| params.iter().position(|p| p.kind == ParamKind::VarKeywords)),
        None => {
            let index = frame.arg_index as usize;
            let positional: Vec<usize> =
                params.iter().enumerate().filter(|(_, p)| p.kind == ParamKind::Positional).map(|(i, _)| i).collect();
            positional.get(index).copied().or_else(|| params.iter().position(|p| p.kind == ParamKind::VarArgs))
        }
    };
    SignatureHelp { label, parameters, active_parameter: active.map(|a| a as u32) }
}

/// `name: ty = default`, `*name: ty` or `**name: ty`.
fn param_label(kind: ParamKind, name: &str, ty: &str, default: Option<&str>) -> String {
    match (kind, default) {
        (ParamKind::VarArgs, _) => format!("*{name}: {ty}"),
        (ParamKind::VarKeywords, _) => format!("**{name}: {ty}"),
        (_, Some(default)) => format!("{name}: {ty} = {default}"),
        (_, None) => format!("{name}: {ty}"),
    }
}

/// `callee(a, *, b)` and each parameter's label with its documentation: a bare `*` goes before
/// the first keyword-only parameter, unless `*args` came before it.
fn signature_labels(
    callee: &str,
    params: impl Iterator<Item = (ParamKind, String, Option<String>)>,
) -> (String, Vec<(String, Option<String>)>) {
    let mut parts: Vec<String> = Vec::new();
    let mut labels = Vec::new();
    let mut star = false;
    for (kind, label, doc) in params {
        if kind == ParamKind::KeywordOnly && !star {
            parts.push("*".to_owned());
            star = true;
        }
        if kind == ParamKind::VarArgs {
            star = true;
        }
        parts.push(label.clone());
        labels.push((label, doc));
    }
    (format!("{callee}({})", parts.join(", ")), labels)
}
