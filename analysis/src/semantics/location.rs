//! Where a model or one of its attributes is declared (for hover, go to definition and rules).

use text_size::TextRange;

use crate::db::{Db, SourceFile};
use crate::infer::definitions;
use crate::syntax::node_ext::{field, named_children};
use crate::syntax::{Node, parse};
use crate::types::ClassRef;

/// The byte range of the name of a class, or of one of its class-level attributes or methods
/// (looked up in the class and then its workspace bases).
pub fn declaration_range(db: &dyn Db, class: &ClassRef, attribute: Option<&str>) -> Option<(SourceFile, TextRange)> {
    let parsed = parse(db, class.file);
    let class_node = match class.name.split_once(".<locals>.") {
        // A class a factory function defines (`versioned_base.<locals>.VersionedBase`).
        Some((function, name)) => {
            let function = definitions(parsed.root()).into_iter().rfind(|n| {
                n.kind() == "function_definition" && field(*n, "name").is_some_and(|n| parsed.node_text(n) == function)
            })?;
            local_classes(field(function, "body")?)
                .into_iter()
                .rfind(|n| field(*n, "name").is_some_and(|n| parsed.node_text(n) == name))?
        }
        None => definitions(parsed.root()).into_iter().rfind(|n| {
            n.kind() == "class_definition" && field(*n, "name").is_some_and(|n| parsed.node_text(n) == class.name)
        })?,
    };
    let range = |n: Node<'_>| Some((class.file, super::range_of(n)));
    let Some(attribute) = attribute else { return range(field(class_node, "name")?) };
    let body = field(class_node, "body")?;
    // The last binding wins, as in Python.
    let found = class_body_names(body).into_iter().rfind(|t| parsed.node_text(*t) == attribute)?;
    range(found)
}

/// The classes a function body defines, in its blocks too but not in nested functions.
fn local_classes(body: Node<'_>) -> Vec<Node<'_>> {
    let mut classes = Vec::new();
    let mut pending = vec![body];
    while let Some(node) = pending.pop() {
        for child in named_children(node) {
            match child.kind() {
                "class_definition" => classes.push(child),
                "decorated_definition" => {
                    classes.extend(field(child, "definition").filter(|d| d.kind() == "class_definition"))
                }
                "function_definition" => {}
                _ => pending.push(child),
            }
        }
    }
    classes.sort_by_key(|n| n.start_byte());
    classes
}

/// The names a class body binds: assignment targets and (decorated) method names.
pub fn class_body_names(body: Node<'_>) -> Vec<Node<'_>> {
    let mut names = Vec::new();
    for stmt in named_children(body) {
        let name = match stmt.kind() {
            "expression_statement" => named_children(stmt)
                .into_iter()
                .find(|c| c.kind() == "assignment")
                .and_then(|a| field(a, "left"))
                .filter(|l| l.kind() == "identifier"),
            "function_definition" => field(stmt, "name"),
            "decorated_definition" => field(stmt, "definition").and_then(|d| field(d, "name")),
            _ => None,
        };
        names.extend(name);
    }
    names
}
