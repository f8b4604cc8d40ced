//! The attributes an imperative mapping declares in its `properties`:
//!
//! ```python
//! mapper_registry.map_imperatively(Order, orders, properties={"lines": relationship(OrderLine)})
//! ```
//!
//! Its columns are the table's (read from the `Table(...)` declaration, not here).

use rustc_hash::FxHashMap;

use super::attributes::{AttrKind, ModelAttr, blank, read_call_arguments, untyped_python_type};
use crate::db::{Db, SourceFile};
use crate::hir::{Definition, Expr, Name, resolve_expr_symbol};
use crate::types::annotation::TypeScope;
use crate::types::{ClassRef, Ty};

/// `properties` is written in `file` (the mapping's module), which its names resolve in.
pub fn collect(
    db: &dyn Db,
    class: &ClassRef,
    file: SourceFile,
    properties: &Expr,
    names: &FxHashMap<Name, ClassRef>,
) -> Vec<ModelAttr> {
    // `properties={"lines": ...}` or `properties=dict(lines=...)`.
    let pairs: Vec<(Name, &Expr)> = match properties {
        Expr::Dict(pairs) => pairs.iter().filter_map(|(k, v)| Some((Name::from(k.as_str()?), v))).collect(),
        Expr::Call { func, args, kwargs } if func.as_name() == Some("dict") && args.is_empty() => {
            kwargs.iter().map(|(k, v)| (k.clone(), v)).collect()
        }
        _ => return Vec::new(),
    };
    let scope = TypeScope { db, file, registry_names: Some(names) };
    // Names in the calls resolve in the mapping's module.
    let written_in = ClassRef { file, name: class.name.clone() };
    let mut out = Vec::new();
    for (name, value) in pairs {
        let Expr::Call { func, .. } = value else { continue };
        let Some(Definition::External(symbol)) = resolve_expr_symbol(db, file, func) else { continue };
        let kind = match symbol.strip_prefix("sqlalchemy.") {
            Some("relationship" | "relation" | "dynamic_loader") => AttrKind::Relationship,
            Some("column_property") => AttrKind::ColumnProperty,
            Some("synonym") => AttrKind::Synonym,
            _ => continue,
        };
        let mut attr = blank(&written_in, &name, kind, Ty::Unknown);
        read_call_arguments(db, &scope, &written_in, &mut attr, value);
        attr.declared_in = class.clone();
        attr.declared_with = symbol.strip_prefix("sqlalchemy.").map(Name::from);
        attr.value = Some(std::sync::Arc::new(value.clone()));
        // Without `uselist=`, the direction needs the tables' foreign keys: unknown here.
        attr.python = if attr.kind == AttrKind::Relationship && attr.collection.is_none() {
            Ty::Unknown
        } else {
            untyped_python_type(&attr, None)
        };
        out.push(attr);
    }
    out
}
