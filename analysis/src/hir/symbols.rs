//! What a dotted expression in a summary names: `sa.orm.Mapped`, `db.Column` (Flask-SQLAlchemy's
//! `db` object re-exports SQLAlchemy's names), `models.User`.

use super::Name;
use super::expr::Expr;
use super::index::{Binding, module_binding, module_index};
use super::resolve::{Definition, resolve_module_member, resolve_name};
use crate::db::{Db, SourceFile};

/// Resolves a name or attribute chain to a definition, following module attributes and the
/// Flask-SQLAlchemy `db = SQLAlchemy()` object.
pub fn resolve_expr_symbol(db: &dyn Db, file: SourceFile, expr: &Expr) -> Option<Definition> {
    resolve_symbol_with(db, file, expr, resolve_name)
}

/// [`resolve_expr_symbol`] in an annotation: names an `if TYPE_CHECKING:` block imports win.
pub fn resolve_type_expr_symbol(db: &dyn Db, file: SourceFile, expr: &Expr) -> Option<Definition> {
    resolve_symbol_with(db, file, expr, super::resolve::resolve_type_name)
}

fn resolve_symbol_with(
    db: &dyn Db,
    file: SourceFile,
    expr: &Expr,
    name_resolver: fn(&dyn Db, SourceFile, &str) -> Option<Definition>,
) -> Option<Definition> {
    match expr {
        Expr::Name(name) => name_resolver(db, file, name),
        Expr::Attr(base, attr) => {
            let base = resolve_symbol_with(db, file, base, name_resolver)?;
            member_of_definition(db, &base, attr)
        }
        Expr::Resolved(symbol) => Some(resolve_qualified(db, symbol)),
        _ => None,
    }
}

/// A fully qualified name (`app.users.User`, `sqlalchemy.Column`): the workspace's (or a loaded
/// library's) definition when its module is one of our files, else the outside symbol.
fn resolve_qualified(db: &dyn Db, symbol: &Name) -> Definition {
    if let Some((module, member)) = symbol.rsplit_once('.')
        && !super::resolve::is_external_root(module)
        && let Some(file) = super::modules::module_map(db).file(module)
        && let Some(definition) = super::resolve::resolve_module_member(db, &Definition::Module(file), member)
    {
        return definition;
    }
    Definition::External(symbol.clone())
}

/// A definition as a fully qualified name that reads the same in any module (the inverse of
/// [`resolve_qualified`]); `None` for a module or a file without a module name.
pub fn qualified_expr(db: &dyn Db, definition: Definition) -> Option<Expr> {
    match definition {
        Definition::External(symbol) => Some(Expr::Resolved(symbol)),
        Definition::Class { file, name }
        | Definition::Function { file, name }
        | Definition::Variable { file, name } => {
            let module = super::modules::module_name(db, file)?;
            Some(Expr::Resolved(Name::from(format!("{module}.{name}"))))
        }
        Definition::Module(_) | Definition::ExternalModule(_) | Definition::ModuleGetattr(_) => None,
    }
}

pub fn member_of_definition(db: &dyn Db, base: &Definition, attr: &str) -> Option<Definition> {
    match base {
        Definition::Module(_) | Definition::ExternalModule(_) => resolve_module_member(db, base, attr),
        Definition::Variable { file, name } if is_flask_db(db, *file, name) => {
            // `db.Model` (the declarative base, not the plain `flask_sqlalchemy.model.Model` mixin)
            // stays a Flask symbol; everything else on `db` is SQLAlchemy's own name.
            if attr == "Model" {
                Some(Definition::External(Name::from("flask_sqlalchemy.db.Model")))
            } else {
                Some(Definition::External(Name::from(format!("sqlalchemy.{attr}"))))
            }
        }
        // `Dataset.table = Table(...)` assigned to the class at module level; `Task.Status`, a
        // class defined in the class body.
        Definition::Class { file, name } => {
            let key = Name::from(format!("{name}.{attr}"));
            match module_binding(db, *file, key.clone()) {
                Some(Binding::Variable { .. }) => Some(Definition::Variable { file: *file, name: key }),
                Some(Binding::Class(_)) => Some(Definition::Class { file: *file, name: key }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `db = SQLAlchemy(...)` (Flask-SQLAlchemy).
pub fn is_flask_db(db: &dyn Db, file: SourceFile, name: &str) -> bool {
    is_flask_db_variable(db, file, Name::from(name))
}

/// A query, so that self-referencing definitions (`log = log.child()`) end as a cycle, not a stack
/// overflow.
#[salsa::tracked(returns(copy), cycle_result = not_flask_db)]
fn is_flask_db_variable(db: &dyn Db, file: SourceFile, name: Name) -> bool {
    let index = module_index(db, file);
    let Some(Binding::Variable { value: Some(Expr::Call { func, .. }), .. }) = index.bindings.get(&name) else {
        return false;
    };
    is_flask_extension_class(db, file, func, 0)
}

/// `SQLAlchemy`, or a workspace subclass of it (`class IndicoSQLAlchemy(SQLAlchemy)`).
fn is_flask_extension_class(db: &dyn Db, file: SourceFile, class: &Expr, depth: u32) -> bool {
    match resolve_expr_symbol(db, file, class) {
        Some(Definition::External(sym)) => sym == "flask_sqlalchemy.SQLAlchemy",
        Some(Definition::Class { file, name }) if depth < 8 => super::index::class_item(db, file, &name)
            .is_some_and(|item| item.bases.iter().any(|base| is_flask_extension_class(db, file, base, depth + 1))),
        _ => false,
    }
}

fn not_flask_db(_db: &dyn Db, _id: salsa::Id, _file: SourceFile, _name: Name) -> bool {
    false
}
