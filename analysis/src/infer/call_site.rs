//! pyright's call-site return type inference: an unannotated function whose inferred return type
//! is partly unknown is inferred again for a call, each parameter given the type of the argument
//! passed to it, else of its default value (`widgets=None` is `None` there, where the function's
//! own inference has `Unknown | None`).
//!
//! pyright does this only for a function that is not decorated nor `async`, whose code flow is
//! simple (`hir::flow_complexity`), has a parameter with neither annotation nor default (a
//! default types its parameter), is called with at most six arguments each matching a parameter,
//! and where some parameter's type is known.

use crate::hir::flow_complexity::FlowClass;
use crate::hir::{FunctionItem, Name, ParamKind};
use crate::types::Ty;

/// A call's arguments for its call-site inference, by parameter name. In a loop pyright takes
/// them, and the defaults of the parameters not passed, without their literal values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CallSiteArguments {
    pub by_name: Vec<(Name, Ty)>,
    pub in_loop: bool,
}

impl CallSiteArguments {
    pub(super) fn new(by_name: Vec<(Name, Ty)>, in_loop: bool) -> CallSiteArguments {
        let by_name = match in_loop {
            true => by_name.into_iter().map(|(name, ty)| (name, super::walker::widen_literal(ty))).collect(),
            false => by_name,
        };
        CallSiteArguments { by_name, in_loop }
    }
}

/// pyright's limit on the arguments of a call it infers again.
const MAX_ARGUMENTS: usize = 6;

/// The parameters' types for a call-site inference of `item`, by name, or `None` where pyright
/// would not infer the call again. `bound`: the receiver fills the first parameter. The precise
/// view infers a call again wherever a parameter is unannotated (what the call passes is what the
/// function gets at run time).
pub(super) fn call_site_arguments(
    item: &FunctionItem,
    flow: impl FnOnce() -> FlowClass,
    bound: bool,
    positional: &[Ty],
    keywords: &[(Name, Ty)],
    precise: bool,
) -> Option<Vec<(Name, Ty)>> {
    if !item.decorators.is_empty() || item.is_async || positional.len() + keywords.len() > MAX_ARGUMENTS {
        return None;
    }
    // Nor for a function whose code flow is too complex (its binder's count, 8 or more).
    if !precise && flow() != FlowClass::Simple {
        return None;
    }
    let params = &item.params[usize::from(bound)..];
    // A parameter with a default has the type its default infers (`widgets=None`): only one with
    // neither annotation nor default counts as unannotated to pyright.
    let unannotated = params
        .iter()
        .any(|p| p.annotation.is_none() && (precise || p.default.is_none()) && p.kind == ParamKind::Normal);
    let arguments = arguments_by_name(item, bound, positional, keywords)?;
    let passed = |name: &Name| arguments.iter().any(|(n, _)| n == name);
    let known = arguments.iter().any(|(_, ty)| !ty.is_unknown())
        || params.iter().any(|p| p.kind == ParamKind::Normal && p.default.is_some() && !passed(&p.name));
    (unannotated && known).then_some(arguments)
}

/// A call's arguments matched to the function's parameters by name: positional ones to the
/// parameters in order, keywords to the parameter of their name. `None` where one matches no
/// parameter (nor `*args` / `**kwargs`, which take what is left).
pub(super) fn arguments_by_name(
    item: &FunctionItem,
    bound: bool,
    positional: &[Ty],
    keywords: &[(Name, Ty)],
) -> Option<Vec<(Name, Ty)>> {
    let params = &item.params[usize::from(bound).min(item.params.len())..];
    let normal: Vec<&Name> = params.iter().take_while(|p| p.is_positional()).map(|p| &p.name).collect();
    let has_star = params.iter().any(|p| p.kind == ParamKind::Star && !p.name.is_empty());
    let has_double_star = params.iter().any(|p| p.kind == ParamKind::DoubleStar);
    if positional.len() > normal.len() && !has_star {
        return None;
    }
    let mut out: Vec<(Name, Ty)> =
        normal.iter().zip(positional).map(|(name, ty)| ((*name).clone(), ty.clone())).collect();
    for (name, ty) in keywords {
        let named = params.iter().any(|p| p.kind == ParamKind::Normal && &p.name == name);
        if named && !out.iter().any(|(n, _)| n == name) {
            out.push((name.clone(), ty.clone()));
        } else if !has_double_star {
            return None;
        }
    }
    Some(out)
}

/// Whether a call's arguments fill a function's parameters as its signature says: no more
/// positional ones than it takes (without `*args`), no keyword it lacks (without `**kwargs`), and
/// every parameter without a default given.
pub(super) fn fills_parameters(item: &FunctionItem, bound: bool, positional: &[Ty], keywords: &[(Name, Ty)]) -> bool {
    let Some(given) = arguments_by_name(item, bound, positional, keywords) else { return false };
    let params = &item.params[usize::from(bound).min(item.params.len())..];
    params
        .iter()
        .filter(|p| p.kind == ParamKind::Normal && p.default.is_none())
        .all(|p| given.iter().any(|(name, _)| *name == p.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hir::Param;

    fn function(params: &[(&str, ParamKind, bool, bool)], decorated: bool, is_async: bool) -> FunctionItem {
        FunctionItem {
            name: Name::from("f"),
            params: params
                .iter()
                .map(|(name, kind, annotated, default)| Param {
                    name: Name::from(*name),
                    annotation: annotated.then(|| crate::hir::Expr::Name(Name::from("int"))),
                    default: default.then(|| crate::hir::Expr::Name(Name::from("None"))),
                    kind: *kind,
                    keyword_only: false,
                })
                .collect(),
            returns: None,
            is_async,
            is_generator: false,
            decorators: if decorated { vec![crate::hir::Expr::Name(Name::from("cache"))] } else { Vec::new() },
            declared_value: None,
            declared_guards: Vec::new(),
            local_imports: Vec::new(),
            returns_base: None,
        }
    }

    fn simple() -> FlowClass {
        FlowClass::Simple
    }

    fn names(args: Option<Vec<(Name, Ty)>>) -> Option<Vec<String>> {
        args.map(|args| {
            args.into_iter()
                .map(|(n, ty)| format!("{n}={}", crate::types::display(&ty, crate::settings::Series::V20)))
                .collect()
        })
    }

    #[test]
    fn arguments_match_parameters_by_position_and_name() {
        use ParamKind::*;
        let f = function(
            &[("self", Normal, false, false), ("form", Normal, false, false), ("widgets", Normal, false, true)],
            false,
            false,
        );
        let int = Ty::builtin("int");
        assert_eq!(
            names(arguments_by_name(&f, true, std::slice::from_ref(&int), &[(Name::from("widgets"), Ty::None)])),
            Some(vec!["form=int".to_owned(), "widgets=None".to_owned()])
        );
        // An unknown keyword, or one positional too many, matches nothing.
        assert_eq!(names(arguments_by_name(&f, true, &[], &[(Name::from("other"), int.clone())])), None);
        assert_eq!(names(arguments_by_name(&f, true, &[int.clone(), int.clone(), int.clone()], &[])), None);
        let g = function(
            &[("a", Normal, false, false), ("args", Star, false, false), ("kw", DoubleStar, false, false)],
            false,
            false,
        );
        assert_eq!(
            names(arguments_by_name(&g, false, &[int.clone(), int.clone()], &[(Name::from("x"), int)])),
            Some(vec!["a=int".to_owned()])
        );
    }

    #[test]
    fn a_call_is_inferred_again_where_pyright_does() {
        use ParamKind::*;
        let plain = [("self", Normal, false, false), ("form", Normal, false, false), ("widgets", Normal, false, true)];
        // An unpassed default is a known type.
        assert!(
            call_site_arguments(&function(&plain, false, false), simple, true, &[Ty::Unknown], &[], false).is_some()
        );
        assert!(
            call_site_arguments(&function(&plain, true, false), simple, true, &[Ty::Unknown], &[], false).is_none()
        );
        assert!(
            call_site_arguments(&function(&plain, false, true), simple, true, &[Ty::Unknown], &[], false).is_none()
        );
        let no_default = [("a", Normal, false, false), ("b", Normal, true, false)];
        // Nothing known: nothing to infer again; every parameter annotated: nothing to learn.
        assert!(
            call_site_arguments(
                &function(&no_default, false, false),
                simple,
                false,
                &[Ty::Unknown, Ty::Unknown],
                &[],
                false
            )
            .is_none()
        );
        assert!(
            call_site_arguments(
                &function(&no_default, false, false),
                simple,
                false,
                &[Ty::None, Ty::Unknown],
                &[],
                false
            )
            .is_some()
        );
        let annotated = [("a", Normal, true, false)];
        assert!(
            call_site_arguments(&function(&annotated, false, false), simple, false, &[Ty::None], &[], false).is_none()
        );
        let many = [("a", Normal, false, false), ("args", Star, false, false)];
        assert!(
            call_site_arguments(&function(&many, false, false), simple, false, &vec![Ty::None; 7], &[], false)
                .is_none()
        );
        // Only defaults besides the receiver (`def g(self, x=None)`): typed by their defaults to
        // pyright, nothing to infer again; the precise view infers what the call passes.
        let defaults = [("self", Normal, false, false), ("x", Normal, false, true)];
        assert!(
            call_site_arguments(&function(&defaults, false, false), simple, true, &[Ty::None], &[], false).is_none()
        );
        assert!(
            call_site_arguments(&function(&defaults, false, false), simple, true, &[Ty::None], &[], true).is_some()
        );
        // A function whose code flow is too complex for pyright; the precise view still infers it.
        let moderate = || FlowClass::Moderate;
        assert!(
            call_site_arguments(&function(&plain, false, false), moderate, true, &[Ty::Unknown], &[], false).is_none()
        );
        assert!(
            call_site_arguments(&function(&plain, false, false), moderate, true, &[Ty::Unknown], &[], true).is_some()
        );
    }
}
