//! Attributes a class's methods set on `self` (`self.session = session` in `__init__`), typed as
//! type checkers declare them: the annotation where one is written (`self.session: Session = ...`),
//! else the union of what every assignment assigns, literals widened (`self.count = 0` is `int`).
//!
//! Two queries: [`instance_attributes`] reads assigned values off the method's annotated
//! parameters only, without inference; [`inferred_instance_attributes`] infers every assigned
//! value by walking the methods. The walk reads other attributes through the first (a method
//! reading `self.x` while its class's attributes are being inferred), so inferring attributes never
//! asks for itself.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::walker::Walker;
use super::{ScopeRange, View};
use crate::db::{Db, SourceFile};
use crate::hir::{Name, lower_expr};
use crate::syntax::node_ext::{field, walk};
use crate::syntax::{Node, Parsed, parse};
use crate::types::annotation::TypeScope;
use crate::types::{Class, Ty};

/// What a class's methods set on `self`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct InstanceAttributes {
    /// Each attribute's declared type.
    pub types: FxHashMap<Name, Ty>,
    /// Those declared with an annotation (`self.session: Session = ...`): an assignment narrows
    /// them within the declaration; the others take the assigned value's type.
    pub annotated: FxHashSet<Name>,
}

/// The attributes the methods of class `name` in `file` set on `self`, with their declared types,
/// values read off annotated parameters only (`Unknown` where an assignment assigns anything else).
#[salsa::tracked(returns(ref))]
pub fn instance_attributes(db: &dyn Db, file: SourceFile, name: Name) -> Arc<InstanceAttributes> {
    let parsed = parse(db, file);
    let Some(class) = class_node(parsed, &name) else { return Arc::default() };
    let mut found = Assignments::default();
    for def in methods(class) {
        found.collect(db, file, parsed, def, &|_| None);
    }
    Arc::new(found.declared(db, file, &name, false))
}

/// The attributes the methods of class `name` set on `self`, every assigned value inferred (in
/// `view`) as type checkers infer it.
#[salsa::tracked(returns(ref), cycle_initial = inferred_instance_attributes_cycle, cycle_fn = settle_attributes)]
pub fn inferred_instance_attributes(db: &dyn Db, file: SourceFile, name: Name, view: View) -> Arc<InstanceAttributes> {
    let parsed = parse(db, file);
    let Some(class) = class_node(parsed, &name) else { return Arc::default() };
    let mut found = Assignments::default();
    let defs = methods(class);
    for (i, def) in defs.iter().enumerate() {
        let method = super::name_of(parsed, *def).unwrap_or_default();
        // A method defined again later (a property's setter) is walked as its last definition.
        let redefined = defs[i + 1..].iter().any(|later| super::name_of(parsed, *later) == Some(method));
        let own = (!redefined)
            .then(|| super::function_parse(db, file, Some(name.clone()), Name::from(method)).clone())
            .flatten();
        let Some(own) = own else {
            found.collect(db, file, parsed, *def, &|_| None);
            continue;
        };
        let Some(own_def) = super::find_function(&own, None, method) else { continue };
        let mut walker = Walker::new(db, file, &own, super::mode(db, view), Some(name.clone()));
        walker.scope = Some(crate::types::FunctionRef { file, class: Some(name.clone()), name: Name::from(method) });
        walker.inferring_attributes = true;
        walker.function(own_def);
        let inferred = walker.finish();
        found.collect(db, file, &own, own_def, &|value| inferred.exprs.get(&ScopeRange::of(value)).cloned());
    }
    Arc::new(found.declared(db, file, &name, true))
}

/// A cycle (a method's value reads an attribute of an instance of a class whose attributes read
/// this class's): the attributes without inference.
fn inferred_instance_attributes_cycle(
    db: &dyn Db,
    _id: salsa::Id,
    file: SourceFile,
    name: Name,
    _view: View,
) -> Arc<InstanceAttributes> {
    instance_attributes(db, file, name).clone()
}

/// The class's definition; the last definition wins, as in Python.
fn class_node<'t>(parsed: &'t Parsed, name: &str) -> Option<Node<'t>> {
    super::definitions(parsed.root())
        .into_iter()
        .rfind(|n| n.kind() == "class_definition" && super::name_of(parsed, *n) == Some(name))
}

fn methods(class: Node<'_>) -> Vec<Node<'_>> {
    let body = field(class, "body").map(super::definitions).unwrap_or_default();
    body.into_iter().filter(|n| n.kind() == "function_definition").collect()
}

/// What the methods assign to `self.<attribute>`, in order.
#[derive(Default)]
struct Assignments {
    annotated: FxHashMap<Name, Ty>,
    assigned: Vec<(Name, Ty)>,
}

impl Assignments {
    /// The assignments of one method; `value_of` gives an assigned value's type where it was
    /// inferred, else a parameter's annotation is its type.
    fn collect(
        &mut self,
        db: &dyn Db,
        file: SourceFile,
        parsed: &Parsed,
        def: Node<'_>,
        value_of: &dyn Fn(Node<'_>) -> Option<Ty>,
    ) {
        let scope = TypeScope { db, file, registry_names: None };
        let Some(params) = field(def, "parameters") else { return };
        let params = crate::hir::index::lower_params(parsed, params);
        let Some(receiver) = params.first().map(|p| p.name.clone()) else { return };
        let Some(method_body) = field(def, "body") else { return };
        walk(method_body, |node| {
            // Nested functions and classes have their own `self`.
            if matches!(node.kind(), "function_definition" | "class_definition" | "lambda") {
                return false;
            }
            if node.kind() != "assignment" {
                return true;
            }
            let Some(left) = field(node, "left") else { return true };
            // `self.engine, self.Session = create_session(url)`: each target holds what the walk
            // unpacked into it.
            if matches!(left.kind(), "pattern_list" | "tuple_pattern" | "tuple" | "expression_list") {
                for target in crate::syntax::node_ext::named_children(left) {
                    if let Some(attribute) = self_attribute(parsed, target, &receiver) {
                        self.assigned.push((attribute, value_of(target).unwrap_or(Ty::Unknown)));
                    }
                }
                return true;
            }
            let Some(attribute) = self_attribute(parsed, left, &receiver) else { return true };
            if let Some(annotation) = field(node, "type") {
                self.annotated.insert(attribute, scope.eval(&lower_expr(annotation, parsed.text())));
                return true;
            }
            let value = field(node, "right").and_then(|right| {
                value_of(right).or_else(|| {
                    let parameter = (right.kind() == "identifier").then(|| parsed.node_text(right))?;
                    let annotation = params.iter().find(|p| p.name == parameter)?.annotation.as_ref()?;
                    Some(scope.eval(annotation))
                })
            });
            self.assigned.push((attribute, value.unwrap_or(Ty::Unknown)));
            true
        });
    }

    /// Each attribute's declared type: its annotation, else the union of what is assigned, each
    /// value's literal widened to its class (`self.count = 0` declares `int`). Where values were
    /// not `inferred`, one unread value leaves the whole type unknown, as a part of it would be.
    fn declared(self, db: &dyn Db, file: SourceFile, class: &Name, inferred: bool) -> InstanceAttributes {
        let mut values: FxHashMap<Name, Vec<Ty>> = FxHashMap::default();
        for (attribute, value) in self.assigned {
            values.entry(attribute).or_default().push(unread_container_as_empty(widen_top_level(value)));
        }
        let declared = |values: Vec<Ty>| {
            if !inferred && values.iter().any(Ty::is_unknown) { Ty::Unknown } else { Ty::union(values) }
        };
        let mut out: FxHashMap<Name, Ty> = values.into_iter().map(|(name, values)| (name, declared(values))).collect();
        let annotated = self.annotated.keys().cloned().collect();
        out.extend(self.annotated);
        // The class's type variables are the class's (`AP@AccessTokenDatabase`), solved by the
        // receiver where the attribute is read.
        let params = super::generics::class_type_params(db, file, class);
        let owner = Some((class, params.as_slice()));
        let types =
            out.into_iter().map(|(attribute, ty)| (attribute, super::generics::scoped(ty, None, owner))).collect();
        InstanceAttributes { types, annotated }
    }
}

/// `self.items = list(self.fetch())`, whose own method this pass does not infer, is a
/// `list[Unknown]` only for want of it: it joins a filled list assigned elsewhere as an empty
/// `[]` does, rather than stand beside it.
fn unread_container_as_empty(ty: Ty) -> Ty {
    match ty {
        Ty::Instance(Class::Ext(name), args)
            if matches!(name.as_str(), "builtins.list" | "builtins.dict") && args.iter().all(|a| *a == Ty::Unknown) =>
        {
            Ty::empty_display(&name)
        }
        other => other,
    }
}

/// `Literal[0]` declares `int`; a tuple keeps its items' literals, as pyright declares it.
fn widen_top_level(ty: Ty) -> Ty {
    match ty {
        Ty::Literal(_) => crate::types::literal::widen(ty),
        Ty::Union(parts) => Ty::union(parts.into_iter().map(widen_top_level).collect()),
        other => other,
    }
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

fn settle_attributes(
    db: &dyn Db,
    cycle: &salsa::Cycle,
    _last: &Arc<InstanceAttributes>,
    new: Arc<InstanceAttributes>,
    file: SourceFile,
    name: Name,
    view: View,
) -> Arc<InstanceAttributes> {
    super::settle(cycle, new, || inferred_instance_attributes_cycle(db, cycle.id(), file, name, view))
}
