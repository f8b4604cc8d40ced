//! What an outer join does to a select's rows, in the precise view: `select(User.name,
//! Address.street).outerjoin(Address)` returns `None` for the street of a user without addresses,
//! though SQLAlchemy's annotations (and type checkers) say `str`.
//!
//! Each row column remembers the mapped class it is read from ([`column_source`]); an outer join
//! (`outerjoin(X)`, `outerjoin_from(A, X)`, `join(X, isouter=True)`) makes the columns of `X`, and
//! the columns we cannot trace to a class, `X | None`; `full=True` or a target we cannot tell makes
//! every column so. The select remembers its outer joins, so columns added later
//! (`add_columns`, `with_only_columns`) follow them too.

use std::sync::Arc;

use super::walker::Walker;
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, unparenthesize};
use crate::types::{Class, ClassRef, OuterJoins, RowShape, Ty};

/// The row-carrying statements joins apply to.
const SELECTS: &[&str] = &["Select", "Query", "RowReturningQuery"];

/// The mapped class a row column is read from: `User.name`, `User.name.label("n")`, `User`, an
/// alias of `User`; `None` for expressions over columns (`func.sum(Order.total)`), literals, Core
/// columns.
pub(super) fn column_source(walker: &Walker<'_>, node: Node<'_>) -> Option<ClassRef> {
    let node = unparenthesize(node);
    match node.kind() {
        "identifier" => mapped_class(walker.recorded(node)?),
        "attribute" => {
            let object = field(node, "object")?;
            walker.recorded(object).and_then(mapped_class).or_else(|| column_source(walker, object))
        }
        // A method of a column (`User.name.label("n")`, `.desc()`): the column's class.
        "call" => {
            let function = field(node, "function")?;
            (function.kind() == "attribute").then(|| column_source(walker, field(function, "object")?)).flatten()
        }
        _ => None,
    }
}

fn mapped_class(ty: &Ty) -> Option<ClassRef> {
    match ty {
        Ty::TypeOf(inner) => match inner.as_ref() {
            Ty::Instance(Class::User(class), _) => Some(class.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The rows of a method called on a select, with the select's outer joins (and this call's)
/// applied to its columns.
pub(super) fn after_method(walker: &Walker<'_>, call: Node<'_>, receiver: &Ty, method: &str, result: Ty) -> Ty {
    let Ty::Rows(kind, shape) = &result else { return result };
    if !SELECTS.contains(&kind.as_str()) {
        return result;
    }
    let before = match receiver {
        Ty::Rows(receiver_kind, receiver_shape) if SELECTS.contains(&receiver_kind.as_str()) => {
            receiver_shape.outer.clone()
        }
        _ => OuterJoins::Nothing,
    };
    let outer = before.join(&joined_here(walker, call, method));
    if outer == OuterJoins::Nothing {
        return result;
    }
    let mut shape = RowShape::clone(shape);
    shape.outer = outer;
    for col in &mut shape.cols {
        if shape.outer.nulls(col.source.as_ref()) {
            col.ty = col.ty.clone().optional();
        }
    }
    Ty::Rows(kind.clone(), Arc::new(shape))
}

/// What this call outer-joins: `outerjoin(target, ...)`, `outerjoin_from(left, target, ...)`,
/// `join(target, ..., isouter=True)`, any of them with `full=True`.
fn joined_here(walker: &Walker<'_>, call: Node<'_>, method: &str) -> OuterJoins {
    let arguments = field(call, "arguments").map(named_children).unwrap_or_default();
    let keyword = |key: &str| super::rows::keyword_text(walker, &arguments, key);
    let keyword_true = |key: &str| keyword(key) == Some("True");
    let outer = match method {
        "outerjoin" | "outerjoin_from" => true,
        "join" | "join_from" => keyword_true("isouter"),
        _ => return OuterJoins::Nothing,
    };
    if keyword_true("full") {
        return OuterJoins::Everything;
    }
    // An `isouter=` or `full=` we cannot read may be true.
    let unreadable = ["isouter", "full"].iter().any(|key| keyword(key).is_some_and(|v| v != "True" && v != "False"))
        || arguments.iter().any(|a| matches!(a.kind(), "list_splat" | "dictionary_splat"));
    if unreadable {
        return OuterJoins::Everything;
    }
    if !outer {
        return OuterJoins::Nothing;
    }
    let positional: Vec<Node<'_>> =
        arguments.into_iter().filter(|a| !matches!(a.kind(), "keyword_argument" | "comment")).collect();
    let target = if method.ends_with("_from") { positional.get(1) } else { positional.first() };
    match target.and_then(|t| walker.recorded(*t)).and_then(joined_class) {
        Some(class) => OuterJoins::Classes(vec![class]),
        None => OuterJoins::Everything,
    }
}

/// The class a join target names: `Address`, an alias of it, or a relationship to it
/// (`User.addresses`, `Order.user`).
fn joined_class(ty: &Ty) -> Option<ClassRef> {
    if let Some(class) = mapped_class(ty) {
        return Some(class);
    }
    let Ty::Instance(_, args) = ty else { return None };
    let mut value = args.first()?.clone().without_none();
    // `InstrumentedAttribute[List[Address]]`: the collection's element.
    if let Ty::Instance(_, items) = &value
        && !matches!(value, Ty::Instance(Class::User(_), _))
        && let Some(item) = items.first()
    {
        value = item.clone();
    }
    match value {
        Ty::Instance(Class::User(class), _) => Some(class),
        _ => None,
    }
}
