//! Which names SQLAlchemy's modules export (for star imports) and which dotted names are its submodules.

/// Submodules users import or reach by attribute (`sa.orm`, `sqlalchemy.ext.asyncio`).
const SUBMODULES: &[&str] = &[
    "sqlalchemy.orm",
    "sqlalchemy.ext",
    "sqlalchemy.ext.asyncio",
    "sqlalchemy.ext.declarative",
    "sqlalchemy.ext.hybrid",
    "sqlalchemy.ext.associationproxy",
    "sqlalchemy.ext.mutable",
    "sqlalchemy.ext.compiler",
    "sqlalchemy.ext.automap",
    "sqlalchemy.sql",
    "sqlalchemy.sql.expression",
    "sqlalchemy.sql.functions",
    "sqlalchemy.sql.sqltypes",
    "sqlalchemy.sql.schema",
    "sqlalchemy.sql.elements",
    "sqlalchemy.sql.selectable",
    "sqlalchemy.sql.visitors",
    "sqlalchemy.sql.operators",
    "sqlalchemy.engine",
    "sqlalchemy.engine.result",
    "sqlalchemy.engine.row",
    "sqlalchemy.types",
    "sqlalchemy.schema",
    "sqlalchemy.future",
    "sqlalchemy.dialects",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.mysql",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.mssql",
    "sqlalchemy.dialects.oracle",
    "sqlalchemy.event",
    "sqlalchemy.exc",
    "sqlalchemy.inspection",
    "sqlalchemy.pool",
    "sqlalchemy.util",
    "sqlalchemy.orm.session",
    "sqlalchemy.orm.query",
    "sqlalchemy.orm.attributes",
    "sqlalchemy.orm.decl_api",
    "sqlalchemy.orm.dynamic",
    "sqlalchemy.orm.writeonly",
    "collections.abc",
    "os.path",
];

pub fn is_submodule(dotted: &str) -> bool {
    SUBMODULES.contains(&dotted)
}

/// Schema and ORM names star imports bring in besides those the API tables know.
const OTHER_EXPORTS: &[&str] = &[
    "Column",
    "Table",
    "MetaData",
    "ForeignKey",
    "ForeignKeyConstraint",
    "Index",
    "UniqueConstraint",
    "CheckConstraint",
    "PrimaryKeyConstraint",
    "Sequence",
    "Identity",
    "Computed",
    "DeclarativeBase",
    "DeclarativeBaseNoMeta",
    "Mapped",
    "WriteOnlyMapped",
    "DynamicMapped",
    "MappedAsDataclass",
    "mapped_column",
    "relationship",
    "backref",
    "declarative_base",
    "DeclarativeMeta",
    "as_declarative",
    "mapped_as_dataclass",
    "declared_attr",
    "registry",
    "column_property",
    "synonym",
    "deferred",
    "joinedload",
    "selectinload",
    "subqueryload",
    "lazyload",
    "noload",
    "raiseload",
    "contains_eager",
    "load_only",
    "defer",
    "undefer",
    "with_polymorphic",
    "with_parent",
    "validates",
    "event",
    "inspect",
];

/// SQLModel's own names; everything else `sqlmodel` exports is SQLAlchemy's (`from sqlmodel import
/// Column, String`), re-exported unchanged.
const SQLMODEL_OWN: &[&str] = &["SQLModel", "Field", "Relationship", "Session", "select", "col", "AutoString"];

/// The dialects whose `insert` makes an `Insert` of their own, with its upsert methods.
const UPSERT_DIALECTS: &[&str] = &["postgresql", "sqlite", "mysql"];

/// A dialect's own `insert` and `Insert`, by the full name of its definition: the `Insert`
/// `sqlalchemy.dialects.postgresql.insert` makes has `on_conflict_do_update`, the core one has
/// not, and type checkers tell the two apart. Other names a dialect exports are SQLAlchemy's own.
pub fn dialect_symbol(module: &str, name: &str) -> Option<smol_str::SmolStr> {
    let dialect = module.strip_prefix("sqlalchemy.dialects.")?;
    let dialect = dialect.strip_suffix(".dml").unwrap_or(dialect);
    if !UPSERT_DIALECTS.contains(&dialect) {
        return None;
    }
    match name {
        "insert" => Some(smol_str::format_smolstr!("sqlalchemy.dialects.{dialect}.insert")),
        "Insert" => Some(smol_str::format_smolstr!("sqlalchemy.dialects.{dialect}.dml.Insert")),
        _ => None,
    }
}

/// The canonical name of `sqlmodel.<name>`: `sqlmodel.Field`, or SQLAlchemy's for its re-exports.
pub fn sqlmodel_symbol(name: &str) -> smol_str::SmolStr {
    let family = if SQLMODEL_OWN.contains(&name) { "sqlmodel" } else { "sqlalchemy" };
    smol_str::SmolStr::from(format!("{family}.{name}"))
}

/// Whether `from module import *` brings `name` in: for SQLAlchemy, the public names we model; for
/// typing, any public name.
pub fn is_exported(module: &str, name: &str) -> bool {
    if name.starts_with('_') {
        return false;
    }
    if matches!(module, "typing" | "typing_extensions") {
        return true;
    }
    if module == "sqlmodel" && SQLMODEL_OWN.contains(&name) {
        return true;
    }
    let sqlalchemy = module == "sqlalchemy" || module.starts_with("sqlalchemy.") || module == "sqlmodel";
    sqlalchemy
        && (OTHER_EXPORTS.contains(&name)
            || super::sql_types::is_sql_type(name)
            || super::api::is_known_symbol(&format!("sqlalchemy.{name}"))
            || super::api::MEMBERS.iter().any(|m| m.class == name))
}
