//! The mapped class a name written in a relationship (its annotation or string argument) means.

use std::sync::Arc;

use super::mapping::callee_name;
use crate::db::{Db, SourceFile};
use crate::hir::{Definition, Expr, lower_expr, resolve_expr_symbol};
use crate::models::{Model, ModelRegistry};
use crate::types::ClassRef;

/// The class a relationship's `Mapped[...]` annotation names, as written: `Mapped[List["Address"]]`
/// → `Address`, `Mapped[Optional["User"]]`, `Mapped["User | None"]` → `User`. `None` when the
/// annotation holds something else (a union of classes, a type alias).
pub fn annotation_class_name(annotation: &Expr) -> Option<Expr> {
    const WRAPPERS: &[&str] = &[
        "Mapped",
        "WriteOnlyMapped",
        "DynamicMapped",
        "Optional",
        "List",
        "list",
        "Set",
        "set",
        "FrozenSet",
        "frozenset",
        "Sequence",
        "MutableSequence",
        "MutableSet",
        "Collection",
        "Iterable",
    ];
    fn inner(expr: &Expr, depth: u32) -> Option<Expr> {
        if depth > 8 {
            return None;
        }
        match expr {
            Expr::Subscript(base, args) => {
                let name = callee_name(base)?;
                if name == "Union" {
                    let parts: Vec<&Expr> = args.iter().filter(|a| !is_none(a)).collect();
                    return match parts.as_slice() {
                        [only] => inner(only, depth + 1),
                        _ => None,
                    };
                }
                if !WRAPPERS.contains(&name) || args.len() != 1 {
                    return None;
                }
                inner(&args[0], depth + 1)
            }
            Expr::BitOr(left, right) => match (is_none(left), is_none(right)) {
                (false, true) => inner(left, depth + 1),
                (true, false) => inner(right, depth + 1),
                _ => None,
            },
            Expr::Str(text) => {
                let parsed = crate::syntax::parse_text(Arc::from(text.trim()));
                let node = parsed.root().named_child(0).and_then(|stmt| stmt.named_child(0))?;
                inner(&lower_expr(node, parsed.text()), depth + 1)
            }
            Expr::Name(_) | Expr::Attr(..) => Some(expr.clone()),
            _ => None,
        }
    }
    fn is_none(expr: &Expr) -> bool {
        matches!(expr, Expr::NoneLit) || matches!(expr, Expr::Name(n) if n == "None")
    }
    inner(annotation, 0)
}

/// The mapped class a name in a relationship's annotation or string argument means: the class it
/// resolves to in the file, else the class of that name in `registry` (where SQLAlchemy looks). `None`
/// when unknown.
pub fn mapped_class_named<'r>(
    db: &dyn Db,
    file: SourceFile,
    models: &'r ModelRegistry,
    registry: &crate::models::RegistryId,
    name: &Expr,
) -> Option<&'r Model> {
    if let Some(Definition::Class { file, name }) = resolve_expr_symbol(db, file, name) {
        return models.model(&ClassRef { file, name });
    }
    let short = match name {
        Expr::Name(n) => n.as_str(),
        Expr::Attr(_, n) => n.as_str(),
        _ => return None,
    };
    // SQLAlchemy looks a string up in the relationship's own registry.
    models.resolve_in(registry, short)
}

/// `cls` is `ancestor` or one of its mapped subclasses.
pub fn is_subclass(models: &ModelRegistry, cls: &ClassRef, ancestor: &ClassRef) -> bool {
    cls == ancestor || models.model(cls).is_some_and(|m| m.bases.contains(ancestor))
}
