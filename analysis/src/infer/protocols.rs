//! A value passed for a parameter typed by a generic protocol, seen as that protocol: typeshed's
//! `as_completed(fs: Iterable[_AsCompletedFuture[_T]])` given `Future[int]`s solves `_T` from what
//! `Future.result` returns where the protocol's `result` returns `_T_co`, as type checkers match a
//! protocol member by member.

use rustc_hash::FxHashMap;

use super::View;
use crate::db::Db;
use crate::hir::ClassStmt;
use crate::types::{Class, ClassRef, FunctionRef, Ty};

/// The protocol a parameter declares, directly or as what it iterates (`Iterable[P[_T]]`), and the
/// argument seen as that protocol (each element, for an iterable).
pub(super) fn protocol_argument<'p>(db: &dyn Db, param: &'p Ty, arg: &Ty, view: View) -> Option<(&'p Ty, Ty)> {
    if let Some(seen) = as_protocol(db, param, arg, view) {
        return Some((param, seen));
    }
    let item = super::generics::iterable_item(param)?;
    Some((item, as_protocol(db, item, &super::containers::element(arg)?, view)?))
}

/// `value` as an instance of `param`'s protocol class: its type arguments solved from what the
/// value's methods return where the protocol's methods declare them. `None` where `param` is no
/// generic protocol, the value no instance of another class we read, or nothing is solved.
fn as_protocol(db: &dyn Db, param: &Ty, value: &Ty, view: View) -> Option<Ty> {
    let (Ty::Instance(Class::User(protocol), params), Ty::Instance(Class::User(class), _)) = (param, value) else {
        return None;
    };
    let item = crate::hir::index::class_item(db, protocol.file, &protocol.name)?;
    if params.is_empty() || class == protocol || !super::overloads::is_protocol(&item) {
        return None;
    }
    let mut solved = FxHashMap::default();
    for stmt in &item.body {
        let ClassStmt::Method(method) = stmt else { continue };
        if method.returns.is_none() {
            continue;
        }
        let Some(own) = super::members::method_in_lineage(db, class, &method.name) else { continue };
        let declared = super::function_return_type(db, method_of(protocol, &method.name), view);
        if !super::generics::mentions_type_var(&declared) {
            continue;
        }
        let owner = ClassRef { file: own.file, name: own.class.clone()? };
        let returned = super::generics::replace_self(super::function_return_type(db, own, view), value);
        let class_args = super::generics::class_arguments(db, value, &owner, None);
        let returned = super::generics::substitute_solved(returned, &class_args);
        super::generics::solve(&declared, &returned, &mut solved);
    }
    let type_params = super::generics::class_type_params(db, protocol.file, &protocol.name);
    let args: Vec<Ty> = type_params.iter().map(|p| solved.get(p.as_str()).cloned().unwrap_or(Ty::Unknown)).collect();
    (args.len() == params.len() && !args.iter().all(Ty::is_unknown))
        .then(|| Ty::Instance(Class::User(protocol.clone()), args))
}

fn method_of(class: &ClassRef, name: &str) -> FunctionRef {
    FunctionRef { file: class.file, class: Some(class.name.clone()), name: name.into() }
}
