//! Rows built from the arguments of `select(...)`, `returning(...)`, `session.query(...)`: each
//! argument's column type and name, and the positional typing limit as type checkers apply it.

use std::sync::Arc;

use super::calls::Arg;
use super::templates::TemplateContext;
use super::walker::Walker;
use crate::hir::Name;
use crate::settings::Series;
use crate::sqlalchemy::api::column_value;
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, string_value, unparenthesize};
use crate::types::{Class, RowCol, RowShape, RowTail, Ty};

/// The row of a row-building call, and how many columns it has.
/// An argument of unknown type is a column of that type where `gradual_columns` says so (the
/// call's typed overload is the one type checkers pick), else it makes the row untyped.
pub(super) fn build_row(
    walker: &Walker<'_>,
    args: &[Arg<'_>],
    limit: usize,
    gradual_columns: bool,
) -> (Arc<RowShape>, usize) {
    let mut cols = Vec::with_capacity(args.len());
    let mut untyped = false;
    // An argument that is not a column (`select(model.__table__)`, a `FromClause` we know only by
    // its class) adds columns nobody can count.
    let mut uncounted = false;
    for arg in args {
        // `select(users)`: a table contributes all its columns; type checkers see an untyped row.
        if let Ty::Rows(kind, shape) = &arg.ty
            && kind.as_str() == "Table"
        {
            untyped = true;
            uncounted |= shape.tail != RowTail::Exact;
            cols.extend(shape.cols.iter().cloned());
            continue;
        }
        let ty = match &arg.ty {
            gradual if gradual_columns && gradual.is_gradual() => Some(gradual.clone()),
            ty => column_type(walker, ty),
        };
        if ty.is_none() {
            untyped = true;
            uncounted |= !arg.ty.is_gradual();
        }
        let mut col = RowCol::new(ty.unwrap_or(Ty::Unknown), column_name(walker, arg.node));
        col.source = super::outer_joins::column_source(walker, arg.node);
        cols.push(col);
    }
    let total = cols.len();
    if walker.mode.precise {
        return (Arc::new(if uncounted { RowShape::opaque() } else { RowShape::new(cols) }), total);
    }
    // Type checkers fall back to the untyped overload when an argument is not a typed column.
    if untyped {
        return (Arc::new(RowShape::opaque()), total);
    }
    let shape = match walker.mode.series {
        Series::V14 | Series::V20 if total > limit => RowShape::opaque(),
        Series::V21 if total >= limit => {
            cols.truncate(limit);
            RowShape { cols, tail: RowTail::AnyTail, ..Default::default() }
        }
        _ => RowShape::new(cols),
    };
    (Arc::new(shape), total)
}

/// The source text of the keyword argument `key` among a call's arguments (`nullable=False`).
pub(super) fn keyword_text<'a>(walker: &Walker<'a>, arguments: &[Node<'_>], key: &str) -> Option<&'a str> {
    arguments.iter().find_map(|a| {
        (a.kind() == "keyword_argument" && field(*a, "name").map(|n| walker.text(n)) == Some(key))
            .then(|| field(*a, "value").map(|v| walker.text(v)))
            .flatten()
    })
}

/// The columns of `Table(name, metadata, Column("id", Integer, primary_key=True), ...)`: each
/// `Column(...)` argument, named by its first argument, nullable unless it says otherwise.
pub(super) fn table_row(walker: &Walker<'_>, args: &[Arg<'_>]) -> Arc<RowShape> {
    let mut cols = Vec::new();
    for arg in args {
        let Ty::Instance(Class::Ext(class), type_args) = &arg.ty else { continue };
        if class.as_str() != "sqlalchemy.Column" {
            continue;
        }
        let node = unparenthesize(arg.node);
        let arguments = field(node, "arguments").map(named_children).unwrap_or_default();
        let name = arguments.first().and_then(|a| string_value(*a, walker.parsed.text())).map(Name::from);
        let keyword = |key: &str| keyword_text(walker, &arguments, key);
        let nullable = match keyword("nullable") {
            Some(value) => value == "True",
            None => keyword("primary_key") != Some("True"),
        };
        let mut value = type_args.first().cloned().unwrap_or(Ty::Unknown);
        // What the SQL type loads at runtime, where type checkers leave it unsolved (`Column(Float)`).
        if let Some(loaded) = arguments.iter().find_map(|a| sql_type_value(walker, *a)) {
            value = loaded;
        }
        // `Enum(Level)` loads `Level` members.
        if let Some(enum_class) = arguments.iter().find_map(|a| enum_class_argument(walker, *a)) {
            value = enum_class;
        }
        let ty = if nullable { value.optional() } else { value };
        cols.push(RowCol::new(ty, name));
    }
    Arc::new(RowShape::new(cols))
}

/// The Python type a SQL type argument (`Float`, `Uuid`, `Numeric(10, 2)`) loads as.
fn sql_type_value(walker: &Walker<'_>, node: Node<'_>) -> Option<Ty> {
    let ty = walker.result.exprs.get(&super::ScopeRange::of(node))?;
    let class = match ty {
        Ty::TypeOf(inner) => inner.ext_name()?,
        other => other.ext_name()?,
    };
    let python = crate::sqlalchemy::sql_types::python_type_of_sql_type(class.strip_prefix("sqlalchemy.")?)?;
    let cx = TemplateContext::new(&Ty::Unknown, &[], walker.mode.series, true);
    Some(super::templates::instantiate(&crate::sqlalchemy::Template::cached(python), &cx))
}

fn enum_class_argument(walker: &Walker<'_>, node: Node<'_>) -> Option<Ty> {
    if node.kind() != "call" || !walker.text(field(node, "function")?).ends_with("Enum") {
        return None;
    }
    let first = field(node, "arguments").and_then(|a| named_children(a).into_iter().next())?;
    match walker.result.exprs.get(&super::ScopeRange::of(first)) {
        Some(Ty::TypeOf(inner)) if matches!(inner.as_ref(), Ty::Instance(Class::User(_), _)) => Some((**inner).clone()),
        _ => None,
    }
}

/// The Python value a column expression contributes to a row: `type[User]` → `User`,
/// `InstrumentedAttribute[int]` → `int`, `Label[str]` → `str`.
pub(super) fn column_type(walker: &Walker<'_>, ty: &Ty) -> Option<Ty> {
    match ty {
        // `Never` (2.1's view of `Column` on an ORM class) still matches the typed overload, with an
        // unsolved column type.
        Ty::Never => Some(Ty::Unknown),
        // A nullable Core column (`Column[str, None]`, see `table_row`) selects `str | None`.
        Ty::Instance(Class::Ext(class), args) if class.as_str() == "sqlalchemy.Column" && args.len() == 2 => {
            Some(args[0].clone().optional())
        }
        Ty::TypeOf(inner) if matches!(inner.as_ref(), Ty::Instance(Class::User(_), _)) => Some((**inner).clone()),
        // `select(self.model)` with `model: type[ModelT]`: type checkers select the variable; which
        // class it is at run time is not known here.
        Ty::TypeOf(inner) if super::generics::is_type_var(inner) => {
            Some(if walker.mode.precise { Ty::Unknown } else { (**inner).clone() })
        }
        Ty::Instance(..) | Ty::Rows(..) => {
            let class = super::members::table_class(ty)?;
            let template = column_value(class)?;
            let cx = TemplateContext::new(ty, &[], walker.mode.series, walker.mode.precise);
            Some(super::templates::instantiate(&template, &cx))
        }
        Ty::Union(members) => union_column_type(walker, members),
        _ => None,
    }
}

/// `select(A.name if c else A.id)`: type checkers solve the column's type variable from each member
/// in the order pyright sorts a union it assigns, as pyright widens a solution: a type the solution
/// takes changes nothing (`Label[str] | Label[Any]` selects `str`, `Any` once first stays), a wider
/// type replaces it, an unrelated one joins it (`int | str`), and a member that is `Any` adds nothing.
/// A member that is not a column leaves the row untyped, and so, in the precise view, does an `Any`
/// member (what it selects at run time is not known). Where we cannot tell how two solutions relate,
/// we claim none.
fn union_column_type(walker: &Walker<'_>, members: &[Ty]) -> Option<Ty> {
    let mut solved: Option<Ty> = None;
    for member in super::call_order::sorted(walker.db, members) {
        if member.is_gradual() {
            if walker.mode.precise {
                return None;
            }
            continue;
        }
        let column = column_type(walker, member)?;
        solved = Some(match solved {
            None => column,
            Some(current) if walker.mode.precise => Ty::union(vec![current, column]),
            Some(Ty::Unknown) => column,
            Some(current) if current == column || current == Ty::Any || column.is_gradual() => current,
            Some(current) => match (
                super::overloads::assignable(walker.db, &current, &column),
                super::overloads::assignable(walker.db, &column, &current),
            ) {
                (Some(true), _) => current,
                (_, Some(true)) => column,
                (Some(false), Some(false)) => Ty::union(vec![current, column]),
                _ => return None,
            },
        });
    }
    Some(solved.unwrap_or(Ty::Any))
}

/// The name a column gets in a row (`row.name`): attribute name, label, function name or entity name.
pub(super) fn column_name(walker: &Walker<'_>, node: Node<'_>) -> Option<Name> {
    column_name_at(walker, node, 0)
}

fn column_name_at(walker: &Walker<'_>, node: Node<'_>, depth: u32) -> Option<Name> {
    if depth > 16 {
        return None;
    }
    let column_name = |walker: &Walker<'_>, node: Node<'_>| column_name_at(walker, node, depth + 1);
    let node = unparenthesize(node);
    match node.kind() {
        "attribute" => field(node, "attribute").map(|a| Name::from(walker.text(a))),
        "identifier" => walker.column_name_of_local(walker.text(node)).or_else(|| Some(Name::from(walker.text(node)))),
        "call" => {
            let function = field(node, "function")?;
            let method = match function.kind() {
                "attribute" => field(function, "attribute").map(|a| walker.text(a)),
                "identifier" => Some(walker.text(function)),
                _ => None,
            }?;
            let first_arg = field(node, "arguments").and_then(|a| named_children(a).into_iter().next());
            match method {
                "label" => first_arg.and_then(|a| string_value(a, walker.parsed.text())).map(Name::from),
                // `.desc()`, `.asc()`, `cast(x, T)`… keep the name of what they wrap.
                "desc" | "asc" | "distinct" | "nulls_first" | "nulls_last" => match function.kind() {
                    "attribute" => field(function, "object").and_then(|o| column_name(walker, o)),
                    _ => first_arg.and_then(|a| column_name(walker, a)),
                },
                "cast" | "type_coerce" => first_arg.and_then(|a| column_name(walker, a)),
                name => {
                    // `func.count(...)` is named after the function.
                    let is_func = function.kind() == "attribute"
                        && field(function, "object").is_some_and(|o| walker.text(o).ends_with("func"));
                    is_func.then(|| Name::from(name))
                }
            }
        }
        _ => None,
    }
}
