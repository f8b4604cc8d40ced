//! Functions as values, as type checkers show them: `(x: int, y: str = "a") -> bool`. A nested
//! `def` is bound to its signature where it is defined (so a call of it returns what its body
//! does); a module function's is built for display from its own inference.

use std::sync::Arc;

use crate::db::Db;
use crate::hir::Name;
use crate::settings::Series;
use crate::syntax::node_ext::{field, named_children};
use crate::syntax::{Node, Parsed};
use crate::types::{Class, FunctionRef, Signature, SignatureParam, SignatureParamKind, Ty, class_name};

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
    Signature { params, returns, origin: None }
}

fn splat_name(pattern: Node<'_>) -> Option<Node<'_>> {
    named_children(pattern).into_iter().find(|n| n.kind() == "identifier")
}

/// The full names of the classes in `ty` that share their name with another class there
/// (`prefect.server.schemas.core.BlockSchema`, `sqlalchemy.dialects.postgresql.dml.Insert`), as
/// pyright names them to tell them apart.
pub fn full_names(db: &dyn Db, ty: &Ty, series: Series) -> rustc_hash::FxHashMap<Class, String> {
    let classes = std::cell::RefCell::new(Vec::<Class>::new());
    ty.mentions(&|part| {
        if let Ty::Instance(class @ (Class::User(_) | Class::Ext(_)), _) = part
            && !classes.borrow().contains(class)
        {
            classes.borrow_mut().push(class.clone());
        }
        false
    });
    let classes = classes.into_inner();
    classes
        .iter()
        .filter(|class| classes.iter().filter(|other| class_name(other) == class_name(class)).count() > 1)
        .filter_map(|class| Some((class.clone(), full_name(db, class, series)?)))
        .collect()
}

fn full_name(db: &dyn Db, class: &Class, series: Series) -> Option<String> {
    match class {
        Class::User(class) => {
            let module = crate::hir::module_name(db, class.file).unwrap_or_default();
            Some(format!("{module}.{}", class.name))
        }
        Class::Ext(name) => crate::sqlalchemy::annotations::full_name(name.strip_prefix("sqlalchemy.")?, series),
        Class::Synthesized(_) => None,
    }
}

/// `ty` with each plain module function in it shown by its signature, as type checkers show a
/// function value. A decorated or overloaded function keeps its name: what decorators make of it
/// is not followed.
pub fn shown(db: &dyn Db, ty: &Ty, view: View) -> Ty {
    match ty {
        Ty::Function(function) if function.class.is_none() => {
            module_function(db, function, view).map_or_else(|| ty.clone(), |s| Ty::Signature(Arc::new(s)))
        }
        Ty::Function(function) => {
            bound_method(db, function, view).map_or_else(|| ty.clone(), |s| Ty::Signature(Arc::new(s)))
        }
        Ty::UnboundMethod(function, self_ty) => {
            unbound_method(db, function, self_ty, view).map_or_else(|| ty.clone(), |s| Ty::Signature(Arc::new(s)))
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
                    crate::types::Class::Synthesized(_) => None,
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
    inferred_signature(db, function, view)
}

/// A function's or method's signature as the inference of its body gives it: each parameter's
/// type as the walk bound it, its return as `function_return_type` infers it.
fn inferred_signature(db: &dyn Db, function: &FunctionRef, view: View) -> Option<Signature> {
    let (file, class, name) = (function.file, function.class.clone(), function.name.clone());
    let parsed = super::function_parse(db, file, class.clone(), name.clone()).as_ref()?;
    let def = named_children(parsed.root()).into_iter().find_map(|n| match n.kind() {
        "function_definition" => Some(n),
        "decorated_definition" => field(n, "definition"),
        _ => None,
    })?;
    let inference = super::infer_function(db, file, class, name, view);
    let param_type = |name: Node<'_>| inference.exprs.get(&ScopeRange::of(name)).cloned().unwrap_or(Ty::Unknown);
    let returns = super::function_return_type(db, function.clone(), view);
    Some(of_def(parsed, def, param_type, returns))
}

/// A method read on an instance (`task.run`), or a class method on its class: its signature
/// without its first parameter (a static method's keeps them all). One whose types mention `Self`
/// is left as it is: what `Self` is depends on the receiver, which the value no longer carries.
fn bound_method(db: &dyn Db, function: &FunctionRef, view: View) -> Option<Signature> {
    let (mut signature, kind) = method_signature(db, function, view)?;
    if kind != MethodKind::Static {
        let first = signature.params.iter().position(|p| p.kind == SignatureParamKind::Normal)?;
        if first != 0 {
            return None;
        }
        signature.params.remove(0);
    }
    (!mentions_self(&signature)).then_some(signature)
}

/// A method read on its class or named in its class body: its whole signature, the first
/// parameter typed `self_ty` (`self: Task` on the class, `self: Self@Task` in the body) and any
/// `Self` read as the class outside the body.
fn unbound_method(db: &dyn Db, function: &FunctionRef, self_ty: &Ty, view: View) -> Option<Signature> {
    let (mut signature, kind) = method_signature(db, function, view)?;
    let first = signature.params.first_mut().filter(|p| p.kind == SignatureParamKind::Normal)?;
    if kind != MethodKind::Instance {
        return None;
    }
    first.ty = self_ty.clone();
    let in_body = matches!(self_ty, Ty::Instance(_, args) if Ty::is_self_marker(args));
    if !in_body {
        for param in &mut signature.params {
            param.ty = std::mem::replace(&mut param.ty, Ty::Unknown).without_self();
        }
        signature.returns = std::mem::replace(&mut signature.returns, Ty::Unknown).without_self();
    }
    Some(signature)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum MethodKind {
    Instance,
    Class,
    Static,
}

/// A method's signature as its body infers it, and what kind it is; none for one otherwise
/// decorated, overloaded, or of a generic class (whose variables the receiver would solve).
fn method_signature(db: &dyn Db, function: &FunctionRef, view: View) -> Option<(Signature, MethodKind)> {
    let class = function.class.as_ref()?;
    let item = super::function_item(db, function)?;
    let kind = match item.decorators.len() {
        0 => MethodKind::Instance,
        1 if item.has_decorator("staticmethod") => MethodKind::Static,
        1 if item.has_decorator("classmethod") => MethodKind::Class,
        _ => return None,
    };
    if !super::overloads(db, function).is_empty()
        || !super::generics::class_type_params(db, function.file, class).is_empty()
    {
        return None;
    }
    Some((inferred_signature(db, function, view)?, kind))
}

/// Whether `Self@C` or `Self` appears in the signature.
fn mentions_self(signature: &Signature) -> bool {
    let mut found = false;
    let mut visit = |ty: Ty| {
        let is_self = match &ty {
            Ty::Instance(_, args) => Ty::is_self_marker(args),
            other => matches!(other.ext_name(), Some("typing.Self" | "typing_extensions.Self")),
        };
        found |= is_self;
        ty
    };
    for ty in signature.params.iter().map(|p| &p.ty).chain([&signature.returns]) {
        super::generics::map(ty.clone(), &mut visit);
    }
    found
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

    #[test]
    fn methods_as_values_show_their_signatures_bound_or_not() {
        // pyright 1.1.414: bound on an instance without the first parameter, on the class with it
        // typed as the class, in the class body as `Self@C` (celery's `do_c = do_continue`); a
        // static method keeps every parameter, a class method on its class drops `cls`; a bound
        // method returning `Self` depends on its receiver and keeps its name.
        let main = r#"import sqlalchemy
class Task:
    def run(self, x, y=3, *, z: int = 1) -> int:
        return 1
    def copy(self):
        return self
    @staticmethod
    def st(a, b=None):
        return a
    @classmethod
    def make(cls, a: int) -> None:
        pass
    alias = run
    reveal_type(alias)
    reveal_type(copy)
    def use(self):
        f = self.run
        reveal_type(f)
        reveal_type(self.copy)
        reveal_type(self.alias)
t = Task()
reveal_type(t.run)
reveal_type(t.alias)
reveal_type(Task.run)
reveal_type(Task.alias)
reveal_type(Task.st)
reveal_type(Task.make)
reveal_type(Task.alias(t, 1))
"#;
        assert_eq!(
            reveal(main, Series::V20),
            "alias: (self: Self@Task, x: Unknown, y: int = 3, *, z: int = 1) -> int\n\
             copy: (self: Self@Task) -> Task (checker: (self: Self@Task) -> Self@Task)\n\
             f: (x: Unknown, y: int = 3, *, z: int = 1) -> int\n\
             self.copy: () -> Task (checker: def copy(...))\n\
             self.alias: (x: Unknown, y: int = 3, *, z: int = 1) -> int\n\
             t.run: (x: Unknown, y: int = 3, *, z: int = 1) -> int\n\
             t.alias: (x: Unknown, y: int = 3, *, z: int = 1) -> int\n\
             Task.run: (self: Task, x: Unknown, y: int = 3, *, z: int = 1) -> int\n\
             Task.alias: (self: Task, x: Unknown, y: int = 3, *, z: int = 1) -> int\n\
             Task.st: (a: Unknown, b: Unknown | None = None) -> Unknown\n\
             Task.make: (a: int) -> None\n\
             Task.alias(t, 1): int"
        );
    }
}
