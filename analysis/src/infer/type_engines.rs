//! A project's SQL type class as type checkers read it: `class Timestamp(TypeDecorator[datetime])`
//! is a `TypeEngine[datetime]`, `class Trimmed(String)` a `String` (`TypeEngine[str]`), so
//! `Column(Timestamp())` is a `Column[datetime]` and `bindparam("t", type_=Timestamp())` a
//! `BindParameter[datetime]`. An unparameterised `TypeDecorator` leaves its type unsolved.

use crate::db::Db;
use crate::hir::{Definition, resolve_expr_symbol};
use crate::types::annotation::TypeScope;
use crate::types::{Class, Ty};

/// The generic SQLAlchemy type classes a project's type derives from, parameterised by the Python
/// type it stands for.
const GENERIC_TYPE_CLASSES: &[&str] =
    &["sqlalchemy.TypeDecorator", "sqlalchemy.TypeEngine", "sqlalchemy.UserDefinedType"];

/// `ty` (a project type class or an instance of one) as the SQLAlchemy type class it derives from,
/// with the Python type it declares; `None` for any other type.
pub(super) fn as_sqlalchemy_type(db: &dyn Db, ty: &Ty) -> Option<Ty> {
    let (class, is_class) = match ty {
        Ty::Instance(Class::User(class), args) if args.is_empty() => (class, false),
        Ty::TypeOf(inner) => match inner.as_ref() {
            Ty::Instance(Class::User(class), args) if args.is_empty() => (class, true),
            _ => return None,
        },
        _ => return None,
    };
    let sqlalchemy = super::members::lineage(db, class).iter().find_map(|(owner, item)| {
        item.bases.iter().find_map(|base| {
            let Some(Definition::External(symbol)) = resolve_expr_symbol(db, owner.file, base.subscript_head()) else {
                return None;
            };
            if GENERIC_TYPE_CLASSES.contains(&symbol.as_str()) {
                let scope = TypeScope { db, file: owner.file, registry_names: None };
                let declared = match base {
                    crate::hir::Expr::Subscript(_, args) => args.first().map(|arg| scope.eval(arg)),
                    _ => None,
                };
                // A type variable (`TypeDecorator[_T]`) is solved by nothing here.
                let declared = declared.filter(|ty| !super::generics::mentions_type_var(ty)).unwrap_or(Ty::Unknown);
                Some(Ty::Instance(Class::Ext(symbol), vec![declared]))
            } else {
                crate::sqlalchemy::sql_types::python_type_of_sql_type(&symbol)
                    .map(|_| Ty::Instance(Class::Ext(symbol), Vec::new()))
            }
        })
    })?;
    Some(if is_class { Ty::TypeOf(Box::new(sqlalchemy)) } else { sqlalchemy })
}
