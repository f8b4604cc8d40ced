//! Attributes a class's methods set on `self` (`self.session = session` in `__init__`), typed as
//! type checkers declare them: the annotation where one is written (`self.session: Session = ...`),
//! else what every assignment assigns, here read off the method's annotated parameters. An
//! assignment of anything else leaves the attribute unknown, as a part of its declared type would be.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::db::{Db, SourceFile};
use crate::hir::{Name, lower_expr};
use crate::syntax::node_ext::{field, walk};
use crate::syntax::{Node, Parsed, parse};
use crate::types::Ty;
use crate::types::annotation::TypeScope;

/// The attributes the methods of class `name` in `file` set on `self`, with their declared types
/// (`Unknown` where an assignment is not read).
#[salsa::tracked(returns(ref))]
pub fn instance_attributes(db: &dyn Db, file: SourceFile, name: Name) -> Arc<FxHashMap<Name, Ty>> {
    let parsed = parse(db, file);
    // The last definition of the class wins, as in Python.
    let class = super::definitions(parsed.root())
        .into_iter()
        .rfind(|n| n.kind() == "class_definition" && super::name_of(parsed, *n) == Some(name.as_str()));
    let Some(class) = class else { return Arc::default() };
    let scope = TypeScope { db, file, registry_names: None };
    let mut annotated: FxHashMap<Name, Ty> = FxHashMap::default();
    let mut assigned: FxHashMap<Name, Vec<Ty>> = FxHashMap::default();
    let body = field(class, "body").map(super::definitions).unwrap_or_default();
    for def in body.into_iter().filter(|n| n.kind() == "function_definition") {
        let Some(params) = field(def, "parameters") else { continue };
        let params = crate::hir::index::lower_params(parsed, params);
        let Some(receiver) = params.first().map(|p| p.name.clone()) else { continue };
        let Some(method_body) = field(def, "body") else { continue };
        walk(method_body, |node| {
            // Nested functions and classes have their own `self`.
            if matches!(node.kind(), "function_definition" | "class_definition" | "lambda") {
                return false;
            }
            if node.kind() != "assignment" {
                return true;
            }
            let Some(left) = field(node, "left") else { return true };
            let Some(attribute) = self_attribute(parsed, left, &receiver) else { return true };
            if let Some(annotation) = field(node, "type") {
                annotated.insert(attribute, scope.eval(&lower_expr(annotation, parsed.text())));
                return true;
            }
            let value = field(node, "right").and_then(|right| {
                let parameter = (right.kind() == "identifier").then(|| parsed.node_text(right))?;
                let annotation = params.iter().find(|p| p.name == parameter)?.annotation.as_ref()?;
                Some(scope.eval(annotation))
            });
            assigned.entry(attribute).or_default().push(value.unwrap_or(Ty::Unknown));
            true
        });
    }
    let mut out: FxHashMap<Name, Ty> = assigned
        .into_iter()
        .map(|(attribute, values)| {
            let ty = if values.iter().any(Ty::is_unknown) { Ty::Unknown } else { Ty::union(values) };
            (attribute, ty)
        })
        .collect();
    out.extend(annotated);
    // The class's type variables are the class's (`AP@AccessTokenDatabase`), solved by the
    // receiver where the attribute is read.
    let params = super::generics::class_type_params(db, file, &name);
    let owner = Some((&name, params.as_slice()));
    let out = out.into_iter().map(|(attribute, ty)| (attribute, super::generics::scoped(ty, None, owner))).collect();
    Arc::new(out)
}

/// `self.name` as an assignment target.
fn self_attribute(parsed: &Parsed, target: Node<'_>, receiver: &str) -> Option<Name> {
    if target.kind() != "attribute" {
        return None;
    }
    let object = field(target, "object")?;
    (object.kind() == "identifier" && parsed.node_text(object) == receiver)
        .then(|| field(target, "attribute").map(|a| Name::from(parsed.node_text(a))))
        .flatten()
}
