//! Narrowing by conditions: `if x is not None`, `if x:`, `if not x`, `isinstance`, early returns
//! (handled by the walker dropping branches that leave the flow).

use super::walker::Walker;
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, unparenthesize};
use crate::types::{Class, Literal, Ty};

/// Conditions nested deeper than this narrow nothing (`a and (b and (c and …))` from generated code).
const MAX_DEPTH: u32 = 64;

/// Narrows the walker's environment as if `condition` evaluated to `positive`.
pub(super) fn narrow(walker: &mut Walker<'_>, condition: Node<'_>, positive: bool) {
    narrow_at(walker, condition, positive, 0);
}

fn narrow_at(walker: &mut Walker<'_>, condition: Node<'_>, positive: bool, depth: u32) {
    if depth > MAX_DEPTH {
        return;
    }
    let narrow = |walker: &mut Walker<'_>, node: Node<'_>, positive: bool| narrow_at(walker, node, positive, depth + 1);
    let condition = unparenthesize(condition);
    match condition.kind() {
        // `if x:` / `if not x:`: the part of `x` that is truthy (falsy), as pyright narrows it.
        "identifier" | "attribute" | "named_expression" => {
            update(walker, condition, |walker, ty| super::members::truthiness_part(walker, ty.clone(), positive));
        }
        "not_operator" => {
            if let Some(arg) = field(condition, "argument") {
                narrow(walker, arg, !positive);
            }
        }
        "boolean_operator" => {
            let op = field(condition, "operator").map(|o| o.kind());
            let (Some(left), Some(right)) = (field(condition, "left"), field(condition, "right")) else { return };
            // `a and b` true ⇒ both true; `a or b` false ⇒ both false.
            if (op == Some("and") && positive) || (op == Some("or") && !positive) {
                narrow(walker, left, positive);
                narrow(walker, right, positive);
            } else {
                // `a or b` true ⇒ `a` true, or `a` false and `b` true (`and` false alike): what
                // each way narrows, joined.
                let before = walker.env.clone();
                narrow(walker, left, positive);
                let first = std::mem::replace(&mut walker.env, before.clone());
                narrow(walker, left, !positive);
                narrow(walker, right, positive);
                let second = std::mem::take(&mut walker.env);
                walker.env = walker.merge_envs(&before, vec![first, second]);
            }
        }
        "comparison_operator" => {
            let operands = named_children(condition);
            let mut cursor = condition.walk();
            let operators: Vec<String> = condition
                .children_by_field_name("operators", &mut cursor)
                .map(|o| walker.text(o).split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            let [subject, other] = operands.as_slice() else { return };
            if operators.len() != 1 {
                return;
            }
            let is_not = matches!(operators[0].as_str(), "is not" | "!=");
            let is = matches!(operators[0].as_str(), "is" | "==");
            if !(is || is_not) {
                return;
            }
            // `config is False`: a `bool` is the literal compared with, or the other one.
            if let Some(value) = match other.kind() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            } {
                let holds = is == positive;
                update(walker, *subject, |_, ty| bool_compared(ty, value, holds));
                return;
            }
            // `ver == 2`: an `int` or `str` compared with a literal of its class.
            if matches!(operators[0].as_str(), "==" | "!=")
                && let Ty::Literal(literal @ (Literal::Int(_) | Literal::Str(_))) = walker.expr(*other)
            {
                let holds = is == positive;
                update(walker, *subject, |_, ty| literal_compared(ty, &literal, holds));
                return;
            }
            if other.kind() != "none" {
                return;
            }
            if is_not == positive {
                update(walker, *subject, |_, ty| ty.without_none());
            } else {
                update(walker, *subject, |_, ty| narrowed_to_none(ty));
            }
        }
        "call" => {
            // isinstance(x, Cls) narrows x to Cls when true; when false, a union loses its `Cls`
            // members (`str | Logger` is a `Logger` past `if isinstance(x, str): x = ...`).
            let Some(func) = field(condition, "function") else { return };
            let subclass = match walker.text(func) {
                "isinstance" => false,
                "issubclass" => true,
                "callable" => return narrow_by_callable(walker, condition, positive),
                _ => return narrow_by_type_guard(walker, condition, positive),
            };
            let args = field(condition, "arguments").map(named_children).unwrap_or_default();
            let [subject, classes] = args.as_slice() else { return };
            // `isinstance(x, (A, B))`: either class.
            let instances: Vec<Ty> = match walker.expr(*classes) {
                Ty::TypeOf(instance) => vec![*instance],
                Ty::Tuple(_, items) if !items.is_empty() => {
                    let mut instances = Vec::new();
                    for item in items {
                        let Ty::TypeOf(instance) = item else { return };
                        instances.push(*instance);
                    }
                    instances
                }
                _ => return,
            };
            // `issubclass(cls, Base)` narrows the class object (`type[Base]`) as `isinstance`
            // narrows an instance.
            let instance_part = |ty: &Ty| match ty {
                Ty::TypeOf(inner) if subclass => Some((**inner).clone()),
                _ if subclass => None,
                other => Some(other.clone()),
            };
            let wrap = |ty: Ty| match subclass {
                true => Ty::union(ty.union_parts().iter().map(|p| Ty::TypeOf(Box::new(p.clone()))).collect()),
                false => ty,
            };
            if positive {
                let gradual = gradual_members(walker, *subject, subclass);
                update(walker, *subject, |_, ty| {
                    let parts: Vec<Ty> = ty.union_parts().iter().filter_map(instance_part).collect();
                    let of = Ty::union(parts);
                    let narrowed =
                        wrap(Ty::union(instances.iter().map(|instance| narrowed_to_instance(&of, instance)).collect()));
                    keep_gradual_members(ty, narrowed, &gradual)
                });
            } else if !subclass {
                // Nothing left is `Never` (`bytes_to_str(b)`'s `return s` past `if isinstance(s,
                // bytes): return s.decode()` returns nothing when given `bytes`).
                let is_any_instance = |p: &Ty| instances.iter().any(|instance| is_instance_of(p, instance));
                update(walker, *subject, |_, ty| match ty {
                    Ty::Union(parts) => Ty::union(parts.iter().filter(|p| !is_any_instance(p)).cloned().collect()),
                    other if is_any_instance(other) => Ty::Never,
                    other => other.clone(),
                });
            }
        }
        _ => {}
    }
}

/// `if callable(template):` of `template: str | Callable[[Exception], str]`: the members that are
/// surely callable (functions, classes, `Callable`) where it holds, the rest where it does not. A
/// member that may be either (an instance whose class may define `__call__`, an unknown value)
/// stays on both sides.
fn narrow_by_callable(walker: &mut Walker<'_>, call: Node<'_>, positive: bool) {
    let args = field(call, "arguments").map(named_children).unwrap_or_default();
    let [subject] = args.as_slice() else { return };
    if !is_name_chain(*subject) {
        return;
    }
    let surely = |ty: &Ty| match ty {
        Ty::Function(_) | Ty::BoundMethod(..) | Ty::UnboundMethod(..) | Ty::Signature(_) | Ty::TypeOf(_) => Some(true),
        Ty::Instance(Class::Ext(name), _) if name.as_str() == crate::types::annotation::CALLABLE => Some(true),
        Ty::Literal(_) | Ty::None | Ty::Tuple(..) => Some(false),
        Ty::Instance(Class::Ext(name), _)
            if matches!(
                name.as_str(),
                "builtins.str"
                    | "builtins.int"
                    | "builtins.float"
                    | "builtins.bool"
                    | "builtins.bytes"
                    | "builtins.list"
                    | "builtins.dict"
                    | "builtins.set"
                    | "builtins.tuple"
            ) =>
        {
            Some(false)
        }
        _ => None,
    };
    update(walker, *subject, |_, ty| match ty {
        Ty::Union(parts) => Ty::union(parts.iter().filter(|p| surely(p) != Some(!positive)).cloned().collect()),
        other => other.clone(),
    });
}

/// `if is_connection(channel):` of a `def is_connection(obj) -> TypeGuard[Connection]`: where it
/// held, its first argument is a `Connection` (`TypeIs[...]` keeps what of the argument is one).
fn narrow_by_type_guard(walker: &mut Walker<'_>, call: Node<'_>, positive: bool) {
    if !positive {
        return;
    }
    let (guarded, keeps_argument) = match walker.recorded(call) {
        Some(Ty::Instance(Class::Ext(name), args)) if args.len() == 1 => match name.as_str() {
            "typing.TypeGuard" | "typing_extensions.TypeGuard" => (args[0].clone(), false),
            "typing.TypeIs" | "typing_extensions.TypeIs" => (args[0].clone(), true),
            _ => return,
        },
        _ => return,
    };
    let subject = field(call, "arguments").and_then(|a| named_children(a).into_iter().next());
    let Some(subject) = subject.filter(|s| is_name_chain(*s)) else { return };
    update(walker, subject, |_, ty| if keeps_argument { narrowed_to_instance(ty, &guarded) } else { guarded.clone() });
}

/// `x is None` true: what may be `None` is (`Any` and unknown values too, as type checkers narrow
/// them); a type that cannot be `None` stays as it is.
fn narrowed_to_none(ty: &Ty) -> Ty {
    let may_be_none =
        ty.union_parts().iter().any(|part| matches!(part, Ty::None | Ty::Any | Ty::Unknown | Ty::EmptyDisplayItem));
    if may_be_none { Ty::None } else { ty.clone() }
}

/// What is left of `ty` where `x is value` holds (`holds`) or not, as pyright narrows a `bool`
/// (`Literal[True, False]`); a type with no `bool` in it stays.
fn bool_compared(ty: &Ty, value: bool, holds: bool) -> Ty {
    let is_bool = |t: &Ty| t.ext_name() == Some("builtins.bool") || matches!(t, Ty::Literal(Literal::Bool(_)));
    if !ty.union_parts().iter().any(is_bool) {
        return ty.clone();
    }
    let kept = if holds { value } else { !value };
    let parts = ty.union_parts().iter().filter_map(|part| match part {
        _ if part.ext_name() == Some("builtins.bool") => Some(Ty::Literal(Literal::Bool(kept))),
        Ty::Literal(Literal::Bool(b)) => (*b == kept).then(|| part.clone()),
        // `None` is neither `True` nor `False`.
        Ty::None if holds => None,
        other => Some(other.clone()),
    });
    Ty::union(parts.collect())
}

/// `x == literal` where it holds (`holds`) or not: a literal member of the literal's class stays
/// only where it is (is not) that literal, a plain `int` (`str`) is the literal where it holds;
/// anything else may compare equal, and stays (`Unknown | Literal[0]` is `Unknown` past
/// `if ver == 0: ...`, as type checkers narrow).
fn literal_compared(ty: &Ty, literal: &Literal, holds: bool) -> Ty {
    let class = literal.builtin_class();
    let parts = ty.union_parts().iter().filter_map(|part| match part {
        Ty::Literal(own) if own.builtin_class() == class => ((own == literal) == holds).then(|| part.clone()),
        _ if holds && part.ext_name() == class => Some(Ty::Literal(literal.clone())),
        _ => Some(part.clone()),
    });
    Ty::union(parts.collect())
}

fn update(walker: &mut Walker<'_>, subject: Node<'_>, f: impl Fn(&Walker<'_>, &Ty) -> Ty) {
    let mut subject = unparenthesize(subject);
    // `(user := find()) is not None` narrows `user`.
    if subject.kind() == "named_expression"
        && let Some(name) = field(subject, "name")
    {
        subject = name;
    }
    if !is_name_chain(subject) {
        return;
    }
    let name = walker.text(subject);
    let current = if subject.kind() == "identifier" { walker.name(name) } else { walker.expr(subject) };
    let column_name = walker.column_name_of_local(name);
    let narrowed = f(walker, &current);
    walker.bind(name, narrowed, column_name);
}

/// `x`, `x.y`, `x.y.z` (a few links at most): what narrowing can key on.
pub(super) fn is_name_chain(node: Node<'_>) -> bool {
    let mut node = node;
    for _ in 0..8 {
        match node.kind() {
            "identifier" => return true,
            "attribute" => match field(node, "object") {
                Some(object) => node = object,
                None => return false,
            },
            _ => return false,
        }
    }
    false
}

/// The members of the subject's type that are instances of a class with a base type checkers
/// cannot see (`Base = declarative_base()`): to them such a class may derive from any class, so
/// `isinstance` keeps it (`role: List[Role] | Role` is still both where `isinstance(role, list)`).
/// None in the precise view, where the class is what it is.
fn gradual_members(walker: &Walker<'_>, subject: Node<'_>, subclass: bool) -> Vec<Ty> {
    if walker.mode.precise || subclass {
        return Vec::new();
    }
    let Some(current) = walker.recorded(subject) else { return Vec::new() };
    current.union_parts().iter().filter(|part| super::members::is_gradual_instance(walker, part)).cloned().collect()
}

/// `narrowed` with the gradual members of `ty` kept, in `ty`'s order.
fn keep_gradual_members(ty: &Ty, narrowed: Ty, gradual: &[Ty]) -> Ty {
    if gradual.is_empty() {
        return narrowed;
    }
    let mut parts: Vec<Ty> = ty
        .union_parts()
        .iter()
        .filter(|part| narrowed.union_parts().contains(part) || gradual.contains(part))
        .cloned()
        .collect();
    for part in narrowed.union_parts() {
        if !parts.contains(part) {
            parts.push(part.clone());
        }
    }
    Ty::union(parts)
}

/// `isinstance(x, Cls)` true: the members of `x`'s type that are `Cls` instances keep their type
/// arguments (`list[int] | None` → `list[int]`); else a `Cls`, a generic builtin's parameters
/// unknown (`dict[Unknown, Unknown]`), as pyright narrows. An `Any` member may be any of them:
/// it adds the class too (`list[dict[str, Any]] | Any` → `list[dict[str, Any]] | list[Unknown]`).
fn narrowed_to_instance(ty: &Ty, instance: &Ty) -> Ty {
    let mut kept: Vec<Ty> = ty
        .union_parts()
        .iter()
        .filter(|p| matches!((p, instance), (Ty::Instance(class, _), Ty::Instance(of, _)) if class.is_same_runtime_class(of)))
        .cloned()
        .collect();
    let unparameterised = super::stdlib::with_unknown_parameters(instance);
    if kept.is_empty() {
        return unparameterised;
    }
    if ty.union_parts().iter().any(|p| matches!(p, Ty::Any | Ty::Unknown)) && !kept.contains(&unparameterised) {
        kept.push(unparameterised);
    }
    Ty::union(kept)
}

/// Whether `ty` is surely an instance of the class `instance` is the instance type of.
fn is_instance_of(ty: &Ty, instance: &Ty) -> bool {
    match (ty, instance) {
        // `List[Role]` is a `list`.
        (Ty::Instance(class, _), Ty::Instance(of, _)) => class.is_same_runtime_class(of),
        (Ty::Literal(literal), Ty::Instance(crate::types::Class::Ext(of), _)) => {
            literal.builtin_class() == Some(of.as_str())
        }
        _ => false,
    }
}
