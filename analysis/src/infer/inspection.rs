//! `sqlalchemy.inspect(subject)`, as its overloads (inspection.py) pick a result: what an
//! `Inspectable` class declares it inspects to, a typed model's `Mapper` or `InstanceState`, and
//! for anything else `Any`, or `Any | None` where `raiseerr` may be false.

use super::walker::Walker;
use crate::hir::Name;
use crate::models::{BaseKind, model_registry};
use crate::settings::Series;
use crate::types::literal::Literal;
use crate::types::{Class, Ty};

pub(super) fn inspect(walker: &Walker<'_>, args: &[Ty], keywords: &[(Name, Ty)]) -> Ty {
    let Some(subject) = args.first() else { return Ty::Unknown };
    let raiseerr = args.get(1).or_else(|| keywords.iter().find(|(k, _)| k == "raiseerr").map(|(_, v)| v));
    match subject {
        Ty::Any => Ty::Any,
        // A union whose members all inspect to one type matches that overload's protocol
        // (`Engine | Connection` is an `Inspector`); what a mixed one matches we leave unknown.
        Ty::Union(parts) => {
            let picked: Vec<Ty> = parts
                .iter()
                .map(|part| {
                    let mut args = args.to_vec();
                    args[0] = part.clone();
                    inspect(walker, &args, keywords)
                })
                .collect();
            match picked.split_first() {
                Some((first, rest)) if !first.is_unknown() && rest.iter().all(|p| p == first) => first.clone(),
                _ => Ty::Unknown,
            }
        }
        Ty::TypeOf(inner) => match inner.as_ref() {
            Ty::Instance(Class::User(_), _) => model(walker, inner, "sqlalchemy.Mapper")
                .unwrap_or_else(|| last_overload_unless_inspectable(walker, Some((**inner).clone()), raiseerr)),
            _ if super::generics::is_type_var(inner) => {
                last_overload_unless_inspectable(walker, super::generics::type_var_bound(walker, inner), raiseerr)
            }
            // `model_type: type[DeclarativeBase]`: its `_sa_inspect_type`.
            Ty::Instance(Class::Ext(name), _) if is_declarative_base(name) => {
                Ty::ext_generic("sqlalchemy.Mapper", vec![(**inner).clone()])
            }
            Ty::Instance(Class::Ext(_), _) => not_inspectable(walker.mode.series, raiseerr),
            _ => Ty::Unknown,
        },
        Ty::Instance(Class::User(_), _) => model(walker, subject, "sqlalchemy.InstanceState")
            .unwrap_or_else(|| last_overload_unless_inspectable(walker, Some(subject.clone()), raiseerr)),
        Ty::Instance(Class::Ext(name), _) if is_declarative_base(name) => {
            Ty::ext_generic("sqlalchemy.InstanceState", vec![subject.clone()])
        }
        // `datum: ModelT` of `TypeVar("ModelT", bound=SomeProtocol)`.
        _ if super::generics::is_type_var(subject) => {
            last_overload_unless_inspectable(walker, super::generics::type_var_bound(walker, subject), raiseerr)
        }
        Ty::Instance(Class::Ext(name), args) => match inspects_to(name, args) {
            Some(inspected) => inspected,
            None if super::members::table_class(subject).is_some() || name.starts_with("builtins.") => {
                not_inspectable(walker.mode.series, raiseerr)
            }
            None => Ty::Unknown,
        },
        Ty::Rows(..) | Ty::Literal(_) | Ty::None | Ty::Tuple(..) => not_inspectable(walker.mode.series, raiseerr),
        _ => Ty::Unknown,
    }
}

/// A mapped class (`Mapper[User]`) or instance (`InstanceState[User]`). Type checkers see it only
/// through `DeclarativeBase`'s declarations; a legacy base is `Any` to them, and other mappings
/// (`@registry.mapped`, Flask-SQLAlchemy, SQLModel) we leave unknown to them.
fn model(walker: &Walker<'_>, instance: &Ty, inspector: &str) -> Option<Ty> {
    let Ty::Instance(Class::User(class), _) = instance else { return None };
    let kind = model_registry(walker.db).model(class).map(|mapped| mapped.base_kind);
    let base = super::members::sqlalchemy_base(walker.db, class.file, class.name.clone());
    // `model: type[Base]` of the declarative base itself, too.
    let typed = matches!(kind, None | Some(BaseKind::Typed))
        && base.as_ref().is_some_and(|base| is_declarative_base(&format!("sqlalchemy.{base}")));
    (typed || walker.mode.precise && kind.is_some()).then(|| Ty::ext_generic(inspector, vec![instance.clone()]))
}

/// A class that is no model we know (or a type variable's bound, `None` where we cannot tell it):
/// one that surely matches no inspectable overload, as a protocol (advanced-alchemy's
/// `ModelProtocol`), takes the last ones (`Any`, or `Any | None`); any other is left unknown.
fn last_overload_unless_inspectable(walker: &Walker<'_>, class: Option<Ty>, raiseerr: Option<&Ty>) -> Ty {
    match class {
        Some(class) if !may_be_inspectable(walker, &class) => not_inspectable(walker.mode.series, raiseerr),
        _ => Ty::Unknown,
    }
}

/// Whether a class may be something `inspect` has an overload for: a class of the workspace
/// (a model, or a base of models) or one of SQLAlchemy's.
fn may_be_inspectable(walker: &Walker<'_>, class: &Ty) -> bool {
    match class {
        // A protocol (advanced-alchemy's `ModelProtocol`) is no model.
        Ty::Instance(Class::User(class), _) => {
            let Some(item) = crate::hir::index::class_item(walker.db, class.file, &class.name) else { return true };
            !item.bases.iter().any(|base| {
                matches!(
                    crate::hir::resolve_type_expr_symbol(walker.db, class.file, base.subscript_head()),
                    Some(crate::hir::Definition::External(symbol)) if symbol.as_str() == "typing.Protocol"
                )
            })
        }
        Ty::Instance(Class::Ext(name), _) => name.starts_with("sqlalchemy."),
        _ => true,
    }
}

fn is_declarative_base(name: &str) -> bool {
    matches!(name, "sqlalchemy.DeclarativeBase" | "sqlalchemy.DeclarativeBaseNoMeta")
}

/// What an `Inspectable[...]` SQLAlchemy class declares its inspection to be.
fn inspects_to(name: &str, args: &[Ty]) -> Option<Ty> {
    let short = name.strip_prefix("sqlalchemy.")?;
    let first = || args.first().cloned().unwrap_or(Ty::Unknown);
    Some(match short {
        "Engine" | "Connection" | "Inspector" => Ty::ext("sqlalchemy.Inspector"),
        "Table" | "TextClause" | "TString" => Ty::ext(name),
        "Mapper" | "AliasedInsp" | "Bundle" => Ty::Instance(Class::Ext(name.into()), args.to_vec()),
        "AliasedClass" => Ty::ext_generic("sqlalchemy.AliasedInsp", vec![first()]),
        _ => return None,
    })
}

/// The last overloads: `Any` where `raiseerr` is true (2.1 by default), `Any | None` where it may
/// be false (2.0 by default: its `raiseerr: Literal[False] = ...` overload comes first).
fn not_inspectable(series: Series, raiseerr: Option<&Ty>) -> Ty {
    let raises = match raiseerr {
        None => series == Series::V21,
        Some(Ty::Literal(Literal::Bool(value))) => *value,
        // A `bool` that may be false: 2.0 skips the `Literal[False]` overload, 2.1 takes `bool`.
        Some(_) => series != Series::V21,
    };
    if raises { Ty::Any } else { Ty::Any.optional() }
}
