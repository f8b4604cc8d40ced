//! Row-building calls with an unpacked argument (`select(A.id, *columns)`): nobody knows how many
//! columns the row has, so the row is untyped, except where type checkers pick a typed overload
//! anyway (what pyright 1.1.414 does, checked call by call against SQLAlchemy 2.0.58 and 2.1.9).

use std::sync::Arc;

use super::calls::Arg;
use super::rows::column_type;
use super::walker::Walker;
use crate::settings::Series;
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};
use crate::types::{Class, RowCol, RowShape, RowTail, Ty};

/// What a row-building call with an unpacked argument is.
#[derive(Debug)]
pub(super) enum Unpacked {
    /// The overload typing the most columns: the arguments before the unpacked one, then its
    /// element for each column left, then `*tuple[Any, ...]` (2.1's `select`).
    Row(Arc<RowShape>),
    /// The overload taking any arguments (`Select[Any]`, `Query[Any]`).
    Untyped,
    /// The whole call: `Any` where the element's column type is `Any` and pyright finds the
    /// overloads ambiguous; `Unknown` where we cannot say which overload it takes.
    Whole(Ty),
}

/// Whether a call unpacks a sequence among its positional arguments.
pub(super) fn unpacks_arguments(call: Node<'_>) -> bool {
    field(call, "arguments").is_some_and(|a| named_children(a).iter().any(|c| c.kind() == "list_splat"))
}

/// `row_kind` is the statement class the call's typed overload builds (`Select`).
pub(super) fn unpacked_row(
    walker: &mut Walker<'_>,
    call: Node<'_>,
    args: &[Arg<'_>],
    limit: usize,
    row_kind: Option<&str>,
) -> Unpacked {
    // 2.0 takes its untyped overload for every unpacked call; the precise view cannot count columns.
    if walker.mode.precise || walker.mode.series != Series::V21 {
        return Unpacked::Untyped;
    }
    let Some(splat) =
        field(call, "arguments").and_then(|a| named_children(a).into_iter().find(|c| c.kind() == "list_splat"))
    else {
        return Unpacked::Untyped;
    };
    let sequence = named_children(splat).into_iter().next().and_then(|s| walker.recorded(s).cloned());
    let element = super::members::iterate(walker, &sequence.unwrap_or(Ty::Unknown), false);
    // The arguments before the unpacked one fill the first parameters, its element every other.
    let before = args.iter().filter(|a| a.node.start_byte() < splat.start_byte()).map(|a| Column::of(walker, &a.ty));
    let mut cols: Vec<Column> = before.take(limit).collect();
    if cols.len() < limit {
        let element = match element {
            gradual @ (Ty::Unknown | Ty::Any) => Column::Typed(gradual),
            element => Column::of(walker, &element),
        };
        cols.resize(limit, element);
    }
    let queries = row_kind == Some("RowReturningQuery");
    if cols.iter().any(|c| matches!(c, Column::AmbiguousAny)) {
        return Unpacked::Whole(if queries || row_kind == Some("Select") { Ty::Any } else { Ty::Unknown });
    }
    let typed: Option<Vec<RowCol>> =
        cols.into_iter().map(|c| if let Column::Typed(ty) = c { Some(RowCol::new(ty, None)) } else { None }).collect();
    match (typed, row_kind) {
        (Some(cols), Some("Select")) => {
            Unpacked::Row(Arc::new(RowShape { cols, tail: RowTail::AnyTail, ..Default::default() }))
        }
        // `session.query(*columns)` is a `Query[Any]`; `returning(*columns)` is `Unknown` to pyright.
        (Some(_), _) if queries => Unpacked::Untyped,
        _ => Unpacked::Whole(Ty::Unknown),
    }
}

/// A column of the typed overload, as the argument filling it makes it.
#[derive(Clone, Debug)]
enum Column {
    Typed(Ty),
    /// A column element of `Any` (`Column[Any]`, `Label[Any]`): pyright finds the call ambiguous.
    AmbiguousAny,
    /// Not a column we can type (a union of columns, a partly unknown type).
    Unsure,
}

/// Column element classes whose `Any` column type makes an unpacked call ambiguous to pyright
/// (not `KeyedColumnElement[Any]` or `InstrumentedAttribute[Any]`, which select `Unknown` and `Any`
/// columns: left unsure).
const AMBIGUOUS_WHEN_ANY: &[&str] =
    &["sqlalchemy.Column", "sqlalchemy.ColumnElement", "sqlalchemy.Label", "sqlalchemy.ColumnClause"];

impl Column {
    fn of(walker: &Walker<'_>, ty: &Ty) -> Column {
        match column_type(walker, ty) {
            Some(col) if is_static(&col) => Column::Typed(col),
            Some(Ty::Any) if matches!(ty, Ty::Instance(Class::Ext(class), _) if AMBIGUOUS_WHEN_ANY.contains(&class.as_str())) => {
                Column::AmbiguousAny
            }
            _ => Column::Unsure,
        }
    }
}

/// Whether a type says everything about its value: no `Any` or `Unknown` anywhere in it, no row
/// with untyped columns.
fn is_static(ty: &Ty) -> bool {
    !ty.mentions(&|t| t.is_gradual() || matches!(t, Ty::Rows(_, shape) if shape.tail != RowTail::Exact))
}
