//! A project's (or an installed package's) `TypeDecorator`: what its values load as.
//!
//! ```python
//! class UUIDType(TypeDecorator):
//!     impl = BINARY(16)
//!     python_type = uuid.UUID          # declared: values load as `uuid.UUID`
//!
//! class Trimmed(TypeDecorator):
//!     impl = String                    # no `process_result_value`: values load as the impl's
//! ```
//!
//! A decorator that converts results (`process_result_value`) without declaring `python_type`
//! loads something we cannot prove: unknown.

use crate::db::{Db, SourceFile};
use crate::hir::index::class_item;
use crate::hir::{ClassStmt, Definition, Expr, Name, resolve_expr_symbol};
use crate::types::Ty;
use crate::types::annotation::TypeScope;

/// How deep a decorator's class hierarchy is followed.
const MAX_DEPTH: u32 = 8;

pub struct DecoratedType {
    /// As written (`UUIDType(binary=True)`), for display.
    pub name: Name,
    /// What values load as, when proven.
    pub loads: Option<Ty>,
}

/// `UUIDType(binary=True)` or `UUIDType`, when the class is a `TypeDecorator`.
pub fn decorated_type(db: &dyn Db, file: SourceFile, expr: &Expr) -> Option<DecoratedType> {
    let (callee, called) = match expr {
        Expr::Call { func, .. } => (func.as_ref(), true),
        other => (other, false),
    };
    let Definition::Class { file: class_file, name } = resolve_expr_symbol(db, file, callee)? else { return None };
    let mut facts = Facts::default();
    if !collect(db, class_file, &name, 0, &mut facts) {
        return None;
    }
    let loads = match (facts.python_type, facts.converts, facts.impl_type) {
        (Some((file, python_type)), _, _) => {
            let ty = TypeScope { db, file, registry_names: None }.eval(&python_type);
            (!ty.is_unknown()).then_some(ty)
        }
        (None, false, Some((file, impl_type))) => impl_loads(db, file, &impl_type),
        _ => None,
    };
    let display = if called { format!("{name}(...)") } else { name.to_string() };
    Some(DecoratedType { name: Name::from(display), loads })
}

#[derive(Default)]
struct Facts {
    /// The nearest `python_type = X`, with the file it is written in.
    python_type: Option<(SourceFile, Expr)>,
    /// Some class of the chain converts results.
    converts: bool,
    /// The nearest `impl = String(...)`.
    impl_type: Option<(SourceFile, Expr)>,
}

/// Reads the class and its bases (nearest first); whether `TypeDecorator` is among them.
fn collect(db: &dyn Db, file: SourceFile, name: &str, depth: u32, facts: &mut Facts) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let Some(item) = class_item(db, file, name) else { return false };
    for stmt in &item.body {
        match stmt {
            ClassStmt::Attr { name, value: Some(value), .. }
                if name == "python_type" && facts.python_type.is_none() =>
            {
                facts.python_type = Some((file, value.clone()));
            }
            ClassStmt::Attr { name, value: Some(value), .. } if name == "impl" && facts.impl_type.is_none() => {
                facts.impl_type = Some((file, value.clone()));
            }
            ClassStmt::Method(f) if f.name == "process_result_value" || f.name == "result_processor" => {
                facts.converts = true;
            }
            // A `python_type` property computes what we cannot read.
            ClassStmt::Method(f) if f.name == "python_type" && facts.python_type.is_none() => facts.converts = true,
            _ => {}
        }
    }
    item.bases.iter().any(|base| match resolve_expr_symbol(db, file, base) {
        Some(Definition::External(symbol)) => symbol.rsplit('.').next() == Some("TypeDecorator"),
        Some(Definition::Class { file, name }) => collect(db, file, &name, depth + 1, facts),
        _ => false,
    })
}

/// What the `impl` type's values load as.
fn impl_loads(db: &dyn Db, file: SourceFile, impl_type: &Expr) -> Option<Ty> {
    let sql_type = super::attributes::sql_type_name(db, file, impl_type)?;
    let class = sql_type.split('(').next().unwrap_or(&sql_type);
    let python = crate::sqlalchemy::sql_types::runtime_python_type(class, Default::default())?;
    Some(super::attributes::template_type(python))
}
