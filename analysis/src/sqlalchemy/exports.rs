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

/// Whether `from module import *` brings `name` in. For SQLAlchemy's modules every public name we
/// model is exported by the top-level packages, so any public name counts there.
pub fn is_exported(module: &str, name: &str) -> bool {
    let sqlalchemy = module == "sqlalchemy" || module.starts_with("sqlalchemy.");
    let typing = matches!(module, "typing" | "typing_extensions");
    (sqlalchemy || typing) && !name.starts_with('_')
}
