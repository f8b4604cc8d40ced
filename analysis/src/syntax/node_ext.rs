//! Small helpers over tree-sitter nodes, so the rest of the code reads in Python terms.

use tree_sitter::Node;

/// The named children of a node, collected (tree-sitter's iterator borrows a cursor).
pub fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect()
}

/// Visits `root` and the nodes under it in source order, iteratively (no recursion over deep
/// trees); `visit` says whether to go into a node's children.
pub fn walk<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>) -> bool) {
    let mut cursor = root.walk();
    'walk: loop {
        if visit(cursor.node()) && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
}

pub fn field<'t>(node: Node<'t>, name: &str) -> Option<Node<'t>> {
    // By id: tree-sitter finds a field's id by comparing the name with every field's, each call.
    node.child_by_field_id(field_id(name)?.get())
}

/// The grammar's id of a field name, from a table built once.
fn field_id(name: &str) -> Option<std::num::NonZeroU16> {
    static IDS: std::sync::OnceLock<rustc_hash::FxHashMap<Box<str>, std::num::NonZeroU16>> = std::sync::OnceLock::new();
    let ids = IDS.get_or_init(|| {
        let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
        (1..=language.field_count() as u16)
            .filter_map(|id| Some((Box::from(language.field_name_for_id(id)?), std::num::NonZeroU16::new(id)?)))
            .collect()
    });
    ids.get(name).copied()
}

/// Strips `(`…`)` around an expression.
pub fn unparenthesize(mut node: Node<'_>) -> Node<'_> {
    while node.kind() == "parenthesized_expression" {
        match named_children(node).into_iter().next() {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The value of a string literal without prefix and quotes; `None` for f-strings and concatenations
/// with interpolation.
pub fn string_value(node: Node<'_>, source: &str) -> Option<String> {
    match node.kind() {
        "string" => {
            let mut out = String::new();
            for child in named_children(node) {
                match child.kind() {
                    "string_content" => out.push_str(source.get(child.byte_range())?),
                    "interpolation" => return None,
                    _ => {}
                }
            }
            Some(out)
        }
        "concatenated_string" => {
            let mut out = String::new();
            for child in named_children(node) {
                out.push_str(&string_value(child, source)?);
            }
            Some(out)
        }
        _ => None,
    }
}

/// Every node of `kind` inside `node` (itself included), in source order.
pub fn descendants<'t>(node: Node<'t>, kind: &str) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == kind {
            found.push(n);
        }
        stack.extend(n.children(&mut cursor));
    }
    found.sort_by_key(|n| n.start_byte());
    found
}

/// The byte range of a plain string literal's content (`"abc"` → `abc`), when the content is its
/// value as written (no escapes, no interpolation, no concatenation).
pub fn string_content(node: Node<'_>, source: &str) -> Option<(u32, u32)> {
    if node.kind() != "string" {
        return None;
    }
    let children = named_children(node);
    let contents: Vec<Node<'_>> = children.iter().copied().filter(|c| c.kind() == "string_content").collect();
    if children.iter().any(|c| c.kind() == "interpolation") {
        return None;
    }
    match contents.as_slice() {
        [content] if named_children(*content).is_empty() => {
            source.get(content.byte_range())?;
            Some((content.start_byte() as u32, content.end_byte() as u32))
        }
        [] => {
            let start = children.iter().find(|c| c.kind() == "string_start")?.end_byte() as u32;
            Some((start, start))
        }
        _ => None,
    }
}
