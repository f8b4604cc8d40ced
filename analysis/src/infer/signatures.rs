//! Functions as values, as type checkers show them: `(x: int, y: str = "a") -> bool`. A nested
//! `def` is bound to its signature where it is defined (so a call of it returns what its body
//! does); a module function's is built for display from its own inference.

use std::sync::Arc;

use crate::db::Db;
use crate::hir::Name;
use crate::syntax::node_ext::{field, named_children};
use crate::syntax::{Node, Parsed};
use crate::types::{FunctionRef, Signature, SignatureParam, SignatureParamKind, Ty};

use super::{ScopeRange, View};

/// The signature of the `def` node `def`: each parameter's type is what `param_type` gives for
/// its name node (as the walk of the body bound it), `returns` what a call returns.
pub(super) fn of_def(parsed: &Parsed, def: Node<'_>, param_type: impl Fn(Node<'_>) -> Ty, returns: Ty) -> Signature {
    let mut params = Vec::new();
    for param in field(def, "parameters").map(named_children).unwrap_or_default() {
        let marker = |kind| SignatureParam { name: Name::default(), kind, ty: Ty::Unknown, default: None };
        let (name, kind, default) = match param.kind() {
            "keyword_separator" => {
                params.push(marker(SignatureParamKind::KeywordOnlyMarker));
                continue;
            }
            "positional_separator" => {
                params.push(marker(SignatureParamKind::PositionalOnlyMarker));
                continue;
            }
            "identifier" => (Some(param), SignatureParamKind::Normal, None),
            "list_splat_pattern" => (splat_name(param), SignatureParamKind::Star, None),
            "dictionary_splat_pattern" => (splat_name(param), SignatureParamKind::DoubleStar, None),
            "typed_parameter" => match named_children(param).into_iter().next() {
                Some(n) if n.kind() == "list_splat_pattern" => (splat_name(n), SignatureParamKind::Star, None),
                Some(n) if n.kind() == "dictionary_splat_pattern" => {
                    (splat_name(n), SignatureParamKind::DoubleStar, None)
                }
                inner => (inner, SignatureParamKind::Normal, None),
            },
            "default_parameter" | "typed_default_parameter" => {
                (field(param, "name"), SignatureParamKind::Normal, field(param, "value"))
            }
            _ => continue,
        };
        let Some(name) = name else { continue };
        let bound = param_type(name);
        // `*args` is bound to a tuple of its items, `**kwargs` to a dict of them.
        let ty = match kind {
            SignatureParamKind::Star => bound.args().first().cloned().unwrap_or(Ty::Unknown),
            SignatureParamKind::DoubleStar => bound.args().get(1).cloned().unwrap_or(Ty::Unknown),
            _ => bound,
        };
        let default = default.map(|d| Name::from(parsed.node_text(d)));
        params.push(SignatureParam { name: Name::from(parsed.node_text(name)), kind, ty, default });
    }
    Signature { params, returns }
}

fn splat_name(pattern: Node<'_>) -> Option<Node<'_>> {
    named_children(pattern).into_iter().find(|n| n.kind() == "identifier")
}

/// `ty` with each plain module function in it shown by its signature, as type checkers show a
/// function value. A decorated or overloaded function keeps its name: what decorators make of it
/// is not followed.
pub fn shown(db: &dyn Db, ty: &Ty, view: View) -> Ty {
    match ty {
        Ty::Function(function) if function.class.is_none() => {
            module_function(db, function, view).map_or_else(|| ty.clone(), |s| Ty::Signature(Arc::new(s)))
        }
        // Two functions of one signature are one type to type checkers: `{"a": f, "b": g}` is a
        // `dict[str, (options: Unknown) -> None]`.
        Ty::Union(parts) => {
            let mut distinct: Vec<Ty> = Vec::with_capacity(parts.len());
            for part in parts.iter().map(|p| shown(db, p, view)) {
                if !distinct.contains(&part) {
                    distinct.push(part);
                }
            }
            if distinct.len() == 1 { distinct.remove(0) } else { Ty::Union(distinct) }
        }
        Ty::Tuple(spelling, items) => Ty::Tuple(*spelling, items.iter().map(|i| shown(db, i, view)).collect()),
        // A generic class as a value shows its parameters unsolved: `type[list[Unknown]]`.
        Ty::TypeOf(inner) => match inner.as_ref() {
            Ty::Instance(class, args) if args.is_empty() => {
                let parameters = match class {
                    crate::types::Class::Ext(name) => crate::types::annotation::builtin_generic_arity(name),
                    crate::types::Class::User(c) => Some(super::generics::class_type_params(db, c.file, &c.name).len()),
                };
                match parameters {
                    Some(n) if n > 0 => Ty::TypeOf(Box::new(Ty::Instance(class.clone(), vec![Ty::Unknown; n]))),
                    _ => ty.clone(),
                }
            }
            _ => ty.clone(),
        },
        Ty::Instance(class, args) if !args.is_empty() => {
            Ty::Instance(class.clone(), args.iter().map(|a| shown(db, a, view)).collect())
        }
        _ => ty.clone(),
    }
}

fn module_function(db: &dyn Db, function: &FunctionRef, view: View) -> Option<Signature> {
    let item = super::function_item(db, function)?;
    if !item.decorators.is_empty() || !super::overloads(db, function).is_empty() {
        return None;
    }
    let parsed = super::function_parse(db, function.file, None, function.name.clone()).as_ref()?;
    let def = named_children(parsed.root()).into_iter().find(|n| n.kind() == "function_definition")?;
    let inference = super::infer_function(db, function.file, None, function.name.clone(), view);
    let param_type = |name: Node<'_>| inference.exprs.get(&ScopeRange::of(name)).cloned().unwrap_or(Ty::Unknown);
    let returns = super::function_return_type(db, function.clone(), view);
    Some(of_def(parsed, def, param_type, returns))
}

#[cfg(test)]
mod tests {
    use crate::settings::Series;
    use crate::tests::reveal;

    #[test]
    fn functions_of_one_signature_are_one_type() {
        // pyright 1.1.414 (FlexGet's `action_map` of command functions defined below it).
        let main = r#"import sqlalchemy
def do_cli(options):
    action_map = {"all": action_all, "list": action_list}
    reveal_type(action_map)
    reveal_type([action_all, action_count])
def action_all(options):
    print(options)
def action_list(options):
    print(options)
def action_count(options):
    return 1
"#;
        assert_eq!(
            reveal(main, Series::V20),
            "action_map: dict[str, (options: Unknown) -> None]\n\
             [action_all, action_count]: list[((options: Unknown) -> None) | ((options: Unknown) -> Literal[1])] \
             (checker: list[Unknown])"
        );
    }

    #[test]
    fn a_generic_class_as_a_value_shows_its_parameters_unsolved() {
        // pyright 1.1.414 (advanced-alchemy's `list` and `dict` passed as types).
        let main = r#"from typing import Generic, TypeVar
import sqlalchemy
T = TypeVar("T")
class Box(Generic[T]): ...
class Plain: ...
kinds = list
reveal_type(kinds)
reveal_type(dict)
reveal_type(Box)
reveal_type(Plain)
"#;
        assert_eq!(
            reveal(main, Series::V20),
            "kinds: type[list[Unknown]]\ndict: type[dict[Unknown, Unknown]]\nBox: type[Box[Unknown]]\nPlain: type[Plain]"
        );
    }
}
