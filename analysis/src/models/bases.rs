//! Which classes are declarative bases and which are mapped, following base classes across modules.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::db::Db;
use crate::hir::{Binding, ClassItem, Definition, Expr, resolve_expr_symbol};
use crate::types::ClassRef;

/// How a mapped class came to be mapped; it decides what type checkers can see of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BaseKind {
    /// `class Base(DeclarativeBase)`, `DeclarativeBaseNoMeta`, `@as_declarative`, `@registry.mapped`.
    Typed,
    /// `Base = declarative_base()` or `registry().generate_base()`: the base is `Any` to type checkers.
    Legacy,
    /// Flask-SQLAlchemy `db.Model`.
    Flask,
}

#[derive(Default)]
pub struct Classification {
    pub mapped: Vec<(ClassRef, BaseKind)>,
    pub bases: FxHashMap<ClassRef, BaseKind>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Base(BaseKind),
    Mapped(BaseKind),
    Plain,
}

pub fn classify(db: &dyn Db, classes: &[(ClassRef, &ClassItem)]) -> Classification {
    let items: FxHashMap<&ClassRef, &ClassItem> = classes.iter().map(|(c, i)| (c, *i)).collect();
    let mut roles: FxHashMap<ClassRef, Role> = FxHashMap::default();
    let mut out = Classification::default();
    for (class, _) in classes {
        let mut visiting = FxHashSet::default();
        match role(db, class, &items, &mut roles, &mut visiting) {
            Role::Base(kind) => {
                out.bases.insert(class.clone(), kind);
            }
            Role::Mapped(kind) => out.mapped.push((class.clone(), kind)),
            Role::Plain => {}
        }
    }
    out
}

fn role(
    db: &dyn Db,
    class: &ClassRef,
    items: &FxHashMap<&ClassRef, &ClassItem>,
    roles: &mut FxHashMap<ClassRef, Role>,
    visiting: &mut FxHashSet<ClassRef>,
) -> Role {
    if let Some(role) = roles.get(class) {
        return *role;
    }
    let Some(item) = items.get(class) else { return Role::Plain };
    if !visiting.insert(class.clone()) {
        return Role::Plain;
    }
    let mut result = Role::Plain;
    for decorator in &item.decorators {
        let callee = match decorator {
            Expr::Call { func, .. } => func.as_ref(),
            other => other,
        };
        match callee {
            Expr::Attr(_, attr) if attr == "mapped" || attr == "mapped_as_dataclass" => {
                result = Role::Mapped(BaseKind::Typed);
            }
            _ => {
                if let Some(Definition::External(sym)) = resolve_expr_symbol(db, class.file, callee)
                    && sym == "sqlalchemy.as_declarative"
                {
                    result = Role::Base(BaseKind::Typed);
                }
            }
        }
    }
    if result == Role::Plain {
        for base in &item.bases {
            let base_role = match resolve_expr_symbol(db, class.file, base) {
                Some(Definition::External(sym)) => match sym.as_str() {
                    "sqlalchemy.DeclarativeBase" | "sqlalchemy.DeclarativeBaseNoMeta" => Role::Base(BaseKind::Typed),
                    "flask_sqlalchemy.Model" => Role::Base(BaseKind::Flask),
                    _ => Role::Plain,
                },
                Some(Definition::Variable { file, name }) => match crate::hir::module_binding(db, file, name.clone()) {
                    Some(Binding::Variable { value: Some(value), .. }) if is_legacy_base_call(db, file, value) => {
                        Role::Base(BaseKind::Legacy)
                    }
                    _ => Role::Plain,
                },
                Some(Definition::Class { file, name }) => {
                    let base_ref = ClassRef { file, name };
                    role(db, &base_ref, items, roles, visiting)
                }
                _ => Role::Plain,
            };
            match base_role {
                // The direct subclass of `DeclarativeBase` is itself a base; subclasses of a base are mapped.
                Role::Base(kind) => {
                    let is_declarative_root = matches!(
                        resolve_expr_symbol(db, class.file, base),
                        Some(Definition::External(ref s)) if s == "sqlalchemy.DeclarativeBase" || s == "sqlalchemy.DeclarativeBaseNoMeta"
                    );
                    result = if is_declarative_root { Role::Base(kind) } else { Role::Mapped(kind) };
                }
                Role::Mapped(kind) => result = Role::Mapped(kind),
                Role::Plain => continue,
            }
            break;
        }
    }
    visiting.remove(class);
    roles.insert(class.clone(), result);
    result
}

/// `declarative_base()`, `declarative_base(cls=...)`, `registry().generate_base()`, `reg.generate_base()`.
fn is_legacy_base_call(db: &dyn Db, file: crate::db::SourceFile, value: &Expr) -> bool {
    let Expr::Call { func, .. } = value else { return false };
    if let Expr::Attr(_, attr) = func.as_ref()
        && attr == "generate_base"
    {
        return true;
    }
    matches!(resolve_expr_symbol(db, file, func), Some(Definition::External(sym)) if sym == "sqlalchemy.declarative_base")
}

/// The workspace classes a class derives from, nearest first (depth-first, left to right).
pub fn workspace_lineage(db: &dyn Db, class: &ClassRef, items: &FxHashMap<&ClassRef, &ClassItem>) -> Vec<ClassRef> {
    let mut out: Vec<ClassRef> = Vec::new();
    let mut stack = vec![class.clone()];
    while let Some(current) = stack.pop() {
        if out.len() > 64 {
            break;
        }
        let Some(item) = items.get(&current) else { continue };
        let mut direct = Vec::new();
        for base in &item.bases {
            if let Some(Definition::Class { file, name }) = resolve_expr_symbol(db, current.file, base) {
                let base_ref = ClassRef { file, name };
                if base_ref != *class && !out.contains(&base_ref) {
                    out.push(base_ref.clone());
                    direct.push(base_ref);
                }
            }
        }
        stack.extend(direct.into_iter().rev());
    }
    out
}
