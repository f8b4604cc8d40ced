//! Calls of an `@overload`ed function: the first overload whose parameters accept the call's
//! arguments, as type checkers pick one. Acceptance is decided only where it is plain (a `str`
//! given where `bytes` is declared is refused, a literal `1` where `int` is accepted); where an
//! argument's type cannot decide, the overloads still in play must all return the same type, else
//! the call is `Unknown`, as pyright makes it when an `Any` argument matches overloads that differ.

use crate::db::Db;
use crate::hir::{FunctionItem, Name, ParamKind};
use crate::types::annotation::TypeScope;
use crate::types::{Class, FunctionRef, Ty};

/// What calling an overloaded function returns.
pub(super) enum Picked {
    /// This overload, surely the one type checkers pick, and its declared return type.
    Overload(Box<FunctionItem>, Ty),
    /// Undecided between overloads: their common return type, or `Unknown`.
    Undecided(Ty),
}

/// `None` when the function has no overloads.
pub(super) fn pick(db: &dyn Db, function: &FunctionRef, positional: &[Ty], keywords: &[(Name, Ty)]) -> Option<Picked> {
    let overloads = super::overloads(db, function);
    if overloads.is_empty() {
        return None;
    }
    let scope = TypeScope { db, file: function.file, registry_names: None };
    let returns = |item: &FunctionItem| {
        let declared = item.returns.as_ref().map_or(Ty::Unknown, |r| scope.eval(r));
        if item.is_async { super::calls::coroutine(declared) } else { declared }
    };
    let mut in_play: Vec<&FunctionItem> = Vec::new();
    for item in &overloads {
        match accepts(&scope, function, item, positional, keywords) {
            Some(true) if in_play.is_empty() => return Some(Picked::Overload(Box::new(item.clone()), returns(item))),
            // Surely accepted after undecided ones: no later overload is reached.
            Some(true) => {
                in_play.push(item);
                break;
            }
            Some(false) => {}
            None => in_play.push(item),
        }
    }
    let mut types = in_play.iter().map(|item| returns(item));
    let first = types.next().unwrap_or(Ty::Unknown);
    let agreed = if types.all(|t| t == first) { first } else { Ty::Unknown };
    Some(Picked::Undecided(agreed))
}

/// Whether an overload's parameters accept the arguments: `Some(false)` when an argument surely
/// does not fit (or the count is wrong), `None` when that cannot be told.
fn accepts(
    scope: &TypeScope<'_>,
    function: &FunctionRef,
    item: &FunctionItem,
    positional: &[Ty],
    keywords: &[(Name, Ty)],
) -> Option<bool> {
    let bound_receiver = function.class.is_some() && !item.has_decorator("staticmethod");
    let params: Vec<_> = item.params.iter().skip(usize::from(bound_receiver)).collect();
    let has_star = params.iter().any(|p| p.kind == ParamKind::Star);
    let has_double_star = params.iter().any(|p| p.kind == ParamKind::DoubleStar);
    let normal: Vec<_> = params.iter().filter(|p| p.kind == ParamKind::Normal).collect();
    if positional.len() > normal.len() && !has_star {
        return Some(false);
    }
    let mut verdict = Some(true);
    let mut fold = |fits: Option<bool>| {
        verdict = match (verdict, fits) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        }
    };
    for (param, arg) in normal.iter().zip(positional) {
        fold(param.annotation.as_ref().map_or(Some(true), |a| assignable(&scope.eval(a), arg)));
    }
    for (name, arg) in keywords {
        match normal.iter().skip(positional.len()).find(|p| &p.name == name) {
            Some(param) => fold(param.annotation.as_ref().map_or(Some(true), |a| assignable(&scope.eval(a), arg))),
            None if has_double_star => {}
            None => fold(Some(false)),
        }
    }
    // A parameter without a default that no argument fills.
    let missing = normal
        .iter()
        .skip(positional.len())
        .any(|p| p.default.is_none() && !keywords.iter().any(|(name, _)| name == &p.name));
    if missing {
        fold(Some(false));
    }
    verdict
}

/// Whether a value of type `arg` fits a parameter declared `param`, where that is plain.
fn assignable(param: &Ty, arg: &Ty) -> Option<bool> {
    match (param, arg) {
        (Ty::Unknown | Ty::Any, _) => Some(true),
        (_, Ty::Unknown | Ty::Any) => None,
        (Ty::Union(parts), _) => {
            let fits: Vec<Option<bool>> = parts.iter().map(|p| assignable(p, arg)).collect();
            if fits.contains(&Some(true)) {
                Some(true)
            } else if fits.iter().all(|f| *f == Some(false)) {
                Some(false)
            } else {
                None
            }
        }
        (_, Ty::Union(parts)) => {
            let fits: Vec<Option<bool>> = parts.iter().map(|a| assignable(param, a)).collect();
            if fits.iter().all(|f| *f == Some(true)) {
                Some(true)
            } else if fits.contains(&Some(false)) {
                Some(false)
            } else {
                None
            }
        }
        (Ty::None, Ty::None) => Some(true),
        (Ty::None, Ty::Literal(_) | Ty::Instance(Class::Ext(_), _)) if builtin_class(arg).is_some() => Some(false),
        (Ty::Literal(expected), Ty::Literal(given)) => Some(expected == given),
        (Ty::Literal(expected), _) => match builtin_class(arg) {
            Some(class) if Some(class) != expected.class().strip_prefix("builtins.") => Some(false),
            _ => None,
        },
        (Ty::Instance(Class::Ext(name), _), _) => {
            let expected = name.strip_prefix("builtins.")?;
            if expected == "object" {
                return Some(true);
            }
            if *arg == Ty::None {
                return Some(false);
            }
            let given = builtin_class(arg)?;
            Some(given == expected || promotes(given, expected))
        }
        _ => None,
    }
}

/// The builtin class of a value (`str` for `Literal['a']`), for the classes whose subclasses are
/// not in play here (a `str` is never `bytes`).
fn builtin_class(ty: &Ty) -> Option<&str> {
    const PLAIN: &[&str] = &["str", "bytes", "int", "float", "bool", "complex", "bytearray"];
    let class = match ty {
        Ty::Literal(literal) => literal.class().strip_prefix("builtins.")?,
        Ty::Instance(Class::Ext(name), _) => name.strip_prefix("builtins.")?,
        _ => return None,
    };
    PLAIN.contains(&class).then_some(class)
}

/// Type checkers' promotions: a `bool` is an `int`, an `int` a `float`, both a `complex`.
fn promotes(given: &str, expected: &str) -> bool {
    matches!(
        (given, expected),
        ("bool", "int" | "float" | "complex") | ("int", "float" | "complex") | ("float", "complex")
    )
}
