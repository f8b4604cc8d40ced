//! `functools.wraps` and `functools.update_wrapper`: a wrapper made to look like the function it
//! wraps is, as typeshed declares it, a `_Wrapped[P, R, P2, R2]` of the wrapped function's
//! parameters and return and the wrapper's own (`_Wrapped[..., Unknown, (self: Unknown, ...),
//! Response]`).

use std::sync::Arc;

use super::View;
use crate::db::Db;
use crate::types::annotation::WRAPPED;
use crate::types::{Class, Ty};

/// `_Wrapped[...]` of a wrapped callable and its wrapper; `Unknown` where either's parameters
/// cannot be said as type checkers say them.
pub(super) fn wrapped(db: &dyn Db, view: View, wrapped: &Ty, wrapper: &Ty) -> Ty {
    let parts = parameters_and_return(db, view, wrapped).zip(parameters_and_return(db, view, wrapper));
    match parts {
        Some(((params, returns), (own_params, own_returns))) => {
            Ty::Instance(Class::Ext(WRAPPED.into()), vec![params, returns, own_params, own_returns])
        }
        None => Ty::Unknown,
    }
}

/// A callable's parameters (a signature, or `...` for any) and what it returns.
fn parameters_and_return(db: &dyn Db, view: View, callable: &Ty) -> Option<(Ty, Ty)> {
    let any_parameters = || Ty::ext("...");
    match callable {
        Ty::Unknown | Ty::Any => Some((any_parameters(), callable.clone())),
        Ty::Signature(signature) => Some((Ty::Signature(Arc::clone(signature)), signature.returns.clone())),
        Ty::Function(_) => match super::signatures::shown(db, callable, view) {
            shown @ Ty::Signature(_) => parameters_and_return(db, view, &shown),
            _ => None,
        },
        // `f: Callable[..., Response]`, a bare `Callable`.
        Ty::Instance(Class::Ext(name), args) if name.as_str() == crate::types::annotation::CALLABLE => {
            match args.as_slice() {
                [] => Some((any_parameters(), Ty::Unknown)),
                [params, returns] if params.ext_name() == Some("...") || params.is_unknown() => {
                    Some((any_parameters(), returns.clone()))
                }
                _ => None,
            }
        }
        // `method: Callable | None`: type checkers solve from the callable.
        Ty::Union(parts) if parts.contains(&Ty::None) => parameters_and_return(db, view, &callable.without_none()),
        _ => None,
    }
}
