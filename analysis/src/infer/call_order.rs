//! The order in which type checkers call each member of a union, which is the order of the union
//! the call makes: pyright sorts the callee's members into a deterministic order first, so
//! calling `type[B] | type[A]` gives `A | B`.
//!
//! The order, as pyright 1.1.414 sorts: by kind (type variables, modules, classes, functions,
//! `Never`, `Any`, `Unknown`), and among classes instances before class objects, literals before
//! the rest (by value within a class), `None` last, classes without type parameters before
//! generic ones (pseudo-generic ones included), then by name, by the number of type arguments
//! and by the type arguments. Functions keep their order (pyright compares their parameters,
//! which we do not carry).

use std::cmp::Ordering;

use crate::db::Db;
use crate::hir::ParamKind;
use crate::types::{Class, ClassRef, Literal, Ty};

/// `parts` in the order type checkers call them.
pub(super) fn sorted<'p>(db: &dyn Db, parts: &'p [Ty]) -> Vec<&'p Ty> {
    let mut sorted: Vec<&Ty> = parts.iter().collect();
    // A stable sort, as JavaScript's: members that compare equal keep their order.
    sorted.sort_by(|a, b| compare(db, a, b, 0));
    sorted
}

/// Results of calling one method on each member of a union, with the number of parameters each
/// method takes, in the order type checkers give them: pyright orders the methods by their
/// signatures, the most parameters first, then by what they return (`Select.where` and
/// `Delete.where` return `Self`). Parameter types, which we do not compare, come between.
pub(super) fn sort_results(db: &dyn Db, results: &mut [(usize, Ty)]) {
    results.sort_by(|(count_a, a), (count_b, b)| count_b.cmp(count_a).then_with(|| compare(db, a, b, 0)));
}

/// pyright's type categories, in the order it sorts them (the highest first).
fn category(ty: &Ty) -> u8 {
    match ty {
        Ty::Unknown | Ty::EmptyDisplayItem => 1,
        Ty::Any => 2,
        Ty::Never => 3,
        Ty::Function(_) | Ty::UnboundMethod(..) | Ty::Signature(_) | Ty::BoundMethod(..) | Ty::Special(_) => 4,
        Ty::Instance(..) if super::generics::is_type_var(ty) => 8,
        Ty::Instance(Class::Ext(name), _) if name.as_str() == crate::types::annotation::CALLABLE => 4,
        Ty::Instance(..) | Ty::TypeOf(_) | Ty::None | Ty::Tuple(..) | Ty::Rows(..) | Ty::Literal(_) => 6,
        Ty::Module(_) => 7,
        Ty::Union(_) => 9,
    }
}

fn compare(db: &dyn Db, a: &Ty, b: &Ty, depth: usize) -> Ordering {
    if depth > 16 {
        return Ordering::Equal;
    }
    let (ca, cb) = (category(a), category(b));
    if ca != cb {
        return cb.cmp(&ca);
    }
    match ca {
        6 => compare_classes(db, a, b, depth),
        8 => type_var_name(a).cmp(type_var_name(b)),
        _ => Ordering::Equal,
    }
}

fn compare_classes(db: &dyn Db, a: &Ty, b: &Ty, depth: usize) -> Ordering {
    // Instances before class objects.
    match (a, b) {
        (Ty::TypeOf(_), Ty::TypeOf(_)) => {}
        (Ty::TypeOf(_), _) => return Ordering::Greater,
        (_, Ty::TypeOf(_)) => return Ordering::Less,
        _ => {}
    }
    // Literals before the rest, by value within one class.
    match (a, b) {
        (Ty::Literal(x), Ty::Literal(y)) => {
            let by_value = match (x, y) {
                (Literal::Str(x), Literal::Str(y)) => x.as_str().cmp(y.as_str()),
                (Literal::Int(x), Literal::Int(y)) => x.cmp(y),
                _ => Ordering::Equal,
            };
            return by_value;
        }
        (Ty::Literal(_), _) => return Ordering::Less,
        (_, Ty::Literal(_)) => return Ordering::Greater,
        _ => {}
    }
    // `None` last.
    match (a, b) {
        (Ty::None, Ty::None) => return Ordering::Equal,
        (Ty::None, _) => return Ordering::Greater,
        (_, Ty::None) => return Ordering::Less,
        _ => {}
    }
    let (a, b) = (instance(a), instance(b));
    // Classes without type parameters before generic ones.
    match (is_generic(db, a), is_generic(db, b)) {
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let by_name = class_name(a).cmp(class_name(b));
    if by_name != Ordering::Equal {
        return by_name;
    }
    let (args_a, args_b) = (arguments(a), arguments(b));
    args_a.len().cmp(&args_b.len()).then_with(|| {
        args_a
            .iter()
            .zip(args_b)
            .map(|(x, y)| compare(db, x, y, depth + 1))
            .find(|o| *o != Ordering::Equal)
            .unwrap_or(Ordering::Equal)
    })
}

/// The instance a class object makes (`type[A]` → `A`).
fn instance(ty: &Ty) -> &Ty {
    match ty {
        Ty::TypeOf(inner) => inner,
        other => other,
    }
}

fn is_generic(db: &dyn Db, ty: &Ty) -> bool {
    match ty {
        Ty::Tuple(..) | Ty::Rows(..) => true,
        Ty::Instance(Class::User(class), args) => !args.is_empty() || is_pseudo_generic(db, class),
        Ty::Instance(_, args) => !args.is_empty(),
        _ => false,
    }
}

/// A class pyright makes generic behind the scenes: its own `__init__` annotates none of its
/// parameters and takes at least one without a default.
fn is_pseudo_generic(db: &dyn Db, class: &ClassRef) -> bool {
    if !super::generics::class_type_params(db, class.file, &class.name).is_empty() {
        return false;
    }
    let Some(item) = crate::hir::index::class_item(db, class.file, &class.name) else { return false };
    let Some(init) = item.method("__init__") else { return false };
    init.params.len() > 1
        && init.params.iter().all(|p| p.annotation.is_none())
        && init.params.iter().skip(1).any(|p| p.kind == ParamKind::Normal && p.default.is_none())
}

fn class_name(ty: &Ty) -> &str {
    let name = match ty {
        Ty::Instance(Class::Ext(name), _) => name.as_str(),
        Ty::Instance(Class::User(class), _) => class.name.as_str(),
        Ty::Tuple(..) => "tuple",
        Ty::Rows(kind, _) => kind.as_str(),
        _ => "",
    };
    name.rsplit('.').next().unwrap_or(name)
}

fn arguments(ty: &Ty) -> &[Ty] {
    match ty {
        Ty::Instance(_, args) | Ty::Tuple(_, args) => args,
        _ => &[],
    }
}

/// A type variable's own name (`T` of `T@first`).
fn type_var_name(ty: &Ty) -> &str {
    let name = class_name(ty);
    name.split('@').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use crate::settings::Series;
    use crate::tests::reveal;

    #[test]
    fn a_union_of_classes_is_called_in_pyright_s_order() {
        // pyright 1.1.414 (celery's `self.task_cls(task_id)`, where `task_cls` is `Task` or
        // `TaskExtended` and `Task`'s `__init__` annotates nothing, making it pseudo-generic).
        let main = r#"import random
import sqlalchemy
class B: ...
class A: ...
class Pseudo:
    def __init__(self, x): ...
class Plain(Pseudo): ...
class Typed:
    def __init__(self, x: int) -> None: ...
t = B if random.random() else A
reveal_type(t())
u = Pseudo if random.random() else Plain
reveal_type(u(1))
v = Typed if random.random() else Pseudo
reveal_type(v(1))
w = A if random.random() else None
reveal_type(w)
"#;
        assert_eq!(
            reveal(main, Series::V20),
            "t(): A | B\nu(1): Plain | Pseudo\nv(1): Typed | Pseudo\nw: type[A] | None"
        );
    }

    #[test]
    fn one_method_called_on_a_union_gives_its_results_in_pyright_s_order() {
        // pyright 1.1.414 (advanced-alchemy's `statement.where(...)` on `ReturningDelete[...] |
        // Delete | Select[...]`): non-generic classes first, then by name; a method taking more
        // parameters comes first.
        let main = r#"from typing import Self
from sqlalchemy import Delete, Select, Update
class Zb:
    def w(self) -> Self: return self
    def v(self, a: int) -> int: ...
class Aa:
    def w(self) -> Self: return self
    def v(self, a: int, b: int = 0) -> str: ...
def f(stmt: Update | Select[tuple[int]] | Delete, s: Zb | Aa, l: list[str] | list[int]):
    reveal_type(stmt.where(True))
    reveal_type(s.w())
    reveal_type(s.v(1))
    reveal_type(l.pop())
"#;
        assert_eq!(
            reveal(main, Series::V20),
            "stmt.where(True): Delete | Update | Select[tuple[int]]\n\
             s.w(): Aa | Zb\ns.v(1): str | int\nl.pop(): int | str"
        );
    }
}
