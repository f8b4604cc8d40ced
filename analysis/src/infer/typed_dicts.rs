//! `TypedDict` classes of the workspace: which keys they declare, whether each must be present, and
//! the methods type checkers synthesize for them from those keys (`record.get("level")`).

use super::walker::Walker;
use crate::db::Db;
use crate::hir::{ClassStmt, Definition, Expr, Name, resolve_expr_symbol};
use crate::types::annotation::TypeScope;
use crate::types::{Class, ClassRef, Literal, Ty};

/// The methods whose types follow the keys (the rest are `Mapping[str, object]`'s).
pub(super) const METHODS: &[&str] = &["get", "keys", "items", "values", "copy", "setdefault", "pop"];

/// Whether a workspace class is a `TypedDict` (`class Record(TypedDict)`, or derives from one).
pub(super) fn is_typed_dict(db: &dyn Db, class: &ClassRef) -> bool {
    super::members::derives_from_external(db, class, &["typing.TypedDict", "typing_extensions.TypedDict"])
}

/// Whether `key` is declared and must be present: `Some(true)` for a key of a total class or one
/// marked `Required[...]`, `Some(false)` under `total=False` or `NotRequired[...]`, `None` for a
/// key the class does not declare. The nearest declaration decides.
fn is_required(db: &dyn Db, class: &ClassRef, key: &str) -> Option<bool> {
    super::members::lineage(db, class).iter().find_map(|(owner, item)| {
        let annotation = item.body.iter().find_map(|stmt| match stmt {
            ClassStmt::Attr { name, annotation: Some(annotation), .. } if name == key => Some(annotation),
            _ => None,
        })?;
        let qualifier = match resolve_expr_symbol(db, owner.file, annotation.subscript_head()) {
            Some(Definition::External(symbol)) => symbol.rsplit('.').next().map(str::to_owned),
            _ => None,
        };
        Some(match qualifier.as_deref() {
            Some("Required") => true,
            Some("NotRequired") => false,
            _ => !item.keywords.iter().any(|(name, value)| name == "total" && *value == Expr::Bool(false)),
        })
    })
}

/// The keys `**kwargs: Unpack[Options]` takes: each declared key of the `TypedDict` with its value
/// type and whether it must be given. `None` where the annotation is no `Unpack` of a workspace
/// or library `TypedDict` (any keyword may then fit).
pub(super) fn unpacked_keys(db: &dyn Db, annotation: &Ty) -> Option<Vec<(Name, Ty, bool)>> {
    let Ty::Instance(Class::Ext(unpack), args) = annotation else { return None };
    if !matches!(unpack.as_str(), "typing.Unpack" | "typing_extensions.Unpack") {
        return None;
    }
    let [Ty::Instance(Class::User(class), _)] = args.as_slice() else { return None };
    if !is_typed_dict(db, class) {
        return None;
    }
    let mut keys: Vec<(Name, Ty, bool)> = Vec::new();
    for (owner, item) in super::members::lineage(db, class) {
        let scope = TypeScope { db, file: owner.file, registry_names: None };
        for stmt in &item.body {
            if let ClassStmt::Attr { name, annotation: Some(value), .. } = stmt
                && !keys.iter().any(|(key, ..)| key == name)
            {
                let required = is_required(db, class, name).unwrap_or(true);
                keys.push((name.clone(), scope.eval(value), required));
            }
        }
    }
    Some(keys)
}

/// `record.get("level")` and its siblings on an instance of a workspace `TypedDict`, as pyright
/// 1.1.414 synthesizes them: a declared key gives its value (`| None` or the default where it may
/// be absent), any other string gives `Any`. `None` where the call is not one of those.
pub(super) fn method_call(walker: &mut Walker<'_>, receiver: &Ty, name: &str, args: &[Ty]) -> Option<Ty> {
    let Ty::Instance(Class::User(class), _) = receiver else { return None };
    if !METHODS.contains(&name) || !is_typed_dict(walker.db, class) {
        return None;
    }
    if matches!(name, "keys" | "items" | "values") {
        let mapping = Ty::ext_generic("builtins.dict", vec![Ty::builtin("str"), Ty::builtin("object")]);
        return super::builtin_methods::method_return(&mapping, name, &[]);
    }
    if name == "copy" {
        return Some(receiver.clone());
    }
    let default = args.get(1).cloned().map(crate::types::literal::widen);
    let declared = match args.first()? {
        Ty::Literal(Literal::Str(key)) => is_required(walker.db, class, key)
            .map(|required| (super::members::instance_attribute(walker, class, key), required)),
        // Overloads given `Any` match in more than one way: `Any`.
        Ty::Any => return Some(Ty::Any),
        key if key.union_parts().iter().all(super::builtin_methods::is_str) => None,
        _ => return None,
    };
    Some(match (name, declared, default) {
        ("get", Some((value, true)), _) => value,
        ("get", Some((value, false)), default) => Ty::union(vec![value, default.unwrap_or(Ty::None)]),
        ("get", None, default) => Ty::union(vec![Ty::Any, default.unwrap_or(Ty::None)]),
        ("setdefault", Some((value, _)), Some(_)) => value,
        ("pop", Some((value, _)), None) => value,
        ("pop", Some((value, _)), Some(default)) => Ty::union(vec![value, default]),
        _ => return None,
    })
}

/// `for key in record`: a `TypedDict` is a `Mapping[str, object]`.
pub(super) fn as_mapping(db: &dyn Db, value: &Ty) -> Option<Ty> {
    let Ty::Instance(Class::User(class), _) = value else { return None };
    is_typed_dict(db, class).then(|| Ty::ext_generic("typing.Mapping", vec![Ty::builtin("str"), Ty::builtin("object")]))
}
