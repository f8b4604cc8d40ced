//! Type variables of workspace functions: scoped where they are declared (`T@first`, as type
//! checkers name them) and solved at a call from the arguments (`def first(x: T) -> T`).

use rustc_hash::FxHashMap;

use super::walker::widen_literal;
use crate::db::Db;
use crate::hir::{FunctionItem, Name, ParamKind};
use crate::types::annotation::{TYPE_VAR_PREFIX, TypeScope};
use crate::types::{Class, FunctionRef, Ty};

/// The name of a type variable `ty` is (`T`, or `T@first` once scoped).
fn type_var(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Instance(Class::Ext(name), args) if args.is_empty() => name.strip_prefix(TYPE_VAR_PREFIX),
        _ => None,
    }
}

/// Rewrites every type in `ty` bottom-up.
fn map(ty: Ty, f: &mut impl FnMut(Ty) -> Ty) -> Ty {
    let ty = match ty {
        Ty::Instance(class, args) => Ty::Instance(class, args.into_iter().map(|a| map(a, f)).collect()),
        Ty::Union(parts) => Ty::union(parts.into_iter().map(|p| map(p, f)).collect()),
        Ty::Tuple(spelling, items) => Ty::Tuple(spelling, items.into_iter().map(|i| map(i, f)).collect()),
        Ty::TypeOf(inner) => Ty::TypeOf(Box::new(map(*inner, f))),
        other => other,
    };
    f(ty)
}

/// `T` in a function's annotations is `T@function`, or `T@Class` where the method's class is
/// generic in it (`class Repo(Generic[T])`). Without a function (a class attribute's annotation)
/// only the class's own variables are scoped.
pub(super) fn scoped(ty: Ty, function: Option<&str>, class: Option<(&Name, &[Name])>) -> Ty {
    map(ty, &mut |ty| match type_var(&ty) {
        Some(name) if !name.contains('@') => {
            let owner = match class {
                Some((class, params)) if params.iter().any(|p| p == name) => Some(class.as_str()),
                _ => function,
            };
            match owner {
                Some(owner) => Ty::ext(&format!("{TYPE_VAR_PREFIX}{name}@{owner}")),
                None => ty,
            }
        }
        _ => ty,
    })
}

/// `typing.Self` in an annotation read as `replacement` (the class, or `Self@C` to type checkers).
pub(super) fn replace_self(ty: Ty, replacement: &Ty) -> Ty {
    map(ty, &mut |ty| match ty.ext_name() {
        Some("typing.Self" | "typing_extensions.Self") => replacement.clone(),
        _ => ty,
    })
}

/// Whether `ty` is a type variable.
pub(super) fn is_type_var(ty: &Ty) -> bool {
    type_var(ty).is_some()
}

/// What a call of a workspace function returns, its type variables solved from the arguments:
/// `first(select())` is the `Select` passed. A variable no argument solves is `Unknown`, as type
/// checkers leave it; a class's own (`ModelT` of a repository) is not tracked and `Unknown` too.
pub(super) fn solve_call(
    db: &dyn Db,
    function: &FunctionRef,
    item: &FunctionItem,
    declared: Ty,
    positional: &[Ty],
    keywords: &[(Name, Ty)],
) -> Ty {
    if !mentions_type_var(&declared) {
        return declared;
    }
    let scope = TypeScope { db, file: function.file, registry_names: None };
    let bound_receiver = function.class.is_some() && !item.has_decorator("staticmethod");
    let params: Vec<_> = item.params.iter().skip(usize::from(bound_receiver)).collect();
    let mut solved: FxHashMap<String, Ty> = FxHashMap::default();
    // The class's own variables come from the instance's type arguments, which are not tracked.
    let class_params = match &function.class {
        Some(class) => class_type_params(db, function.file, class),
        None => Vec::new(),
    };
    let normal = params.iter().filter(|p| p.kind == ParamKind::Normal);
    for (param, arg) in normal.zip(positional) {
        if let Some(annotation) = &param.annotation {
            solve(&scope.eval(annotation), arg, &mut solved);
        }
    }
    for (name, arg) in keywords {
        if let Some(annotation) = params.iter().find(|p| &p.name == name).and_then(|p| p.annotation.as_ref()) {
            solve(&scope.eval(annotation), arg, &mut solved);
        }
    }
    solved.retain(|name, _| !class_params.iter().any(|p| p == name));
    map(declared, &mut |ty| match type_var(&ty) {
        Some(name) => solved.get(name).cloned().unwrap_or(Ty::Unknown),
        None => ty,
    })
}

fn mentions_type_var(ty: &Ty) -> bool {
    type_var(ty).is_some()
        || match ty {
            Ty::Instance(_, args) | Ty::Union(args) | Ty::Tuple(_, args) => args.iter().any(mentions_type_var),
            Ty::TypeOf(inner) => mentions_type_var(inner),
            _ => false,
        }
}

/// Matches a parameter's declared type against an argument's, binding the type variables it meets.
fn solve(param: &Ty, arg: &Ty, solved: &mut FxHashMap<String, Ty>) {
    if arg.is_unknown() {
        return;
    }
    if let Some(name) = type_var(param) {
        let arg = widen_literal(arg.clone());
        let joined = match solved.remove(name) {
            Some(earlier) => Ty::union(vec![earlier, arg]),
            None => arg,
        };
        solved.insert(name.to_owned(), joined);
        return;
    }
    match (param, arg) {
        // `x: T | None` given a value: the value solves `T`.
        (Ty::Union(parts), _) if parts.contains(&Ty::None) => {
            let rest: Vec<Ty> = parts.iter().filter(|p| **p != Ty::None).cloned().collect();
            if let [single] = rest.as_slice() {
                solve(single, &arg.without_none(), solved);
            }
        }
        (Ty::Instance(class, params), Ty::Instance(arg_class, args))
            if class == arg_class && params.len() == args.len() =>
        {
            params.iter().zip(args).for_each(|(p, a)| solve(p, a, solved));
        }
        (Ty::Tuple(_, params), Ty::Tuple(_, args)) if params.len() == args.len() => {
            params.iter().zip(args).for_each(|(p, a)| solve(p, a, solved));
        }
        (Ty::TypeOf(param), Ty::TypeOf(arg)) => solve(param, arg, solved),
        _ => {}
    }
}

/// The type variables a workspace class is generic in: those its bases are subscripted with
/// (`Generic[T]`, `Repository[ModelT]`).
pub(super) fn class_type_params(db: &dyn Db, file: crate::db::SourceFile, class: &Name) -> Vec<Name> {
    let index = crate::hir::module_index(db, file);
    let Some(item) = index.classes.iter().rfind(|c| &c.name == class) else { return Vec::new() };
    let scope = TypeScope { db, file, registry_names: None };
    let mut params = Vec::new();
    for base in &item.bases {
        if let crate::hir::Expr::Subscript(_, args) = base {
            for arg in args {
                if let Some(name) = type_var(&scope.eval(arg)) {
                    params.push(Name::from(name));
                }
            }
        }
    }
    params
}
