//! `match` statement patterns (PEP 634) as syntax: the names a case binds and whether it always
//! matches.

use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};

/// The name nodes a case's patterns bind (`case Point(x=px) as p` binds `px` and `p`; `case
/// [first, *rest]` binds `first` and `rest`). A dotted name (`Color.RED`) is a value, not a capture.
pub(super) fn captures(case: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    for pattern in case_patterns(case) {
        collect(pattern, &mut out);
    }
    out
}

/// A case's patterns (`case A() | B():` has one, a union; the guard and body are not patterns).
fn case_patterns(case: Node<'_>) -> Vec<Node<'_>> {
    named_children(case).into_iter().filter(|c| c.kind() == "case_pattern").collect()
}

fn collect<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    match node.kind() {
        "dotted_name" => {
            // A capture only where a pattern stands: a class pattern's first name is its class.
            let parent = node.parent().map(|p| p.kind());
            if matches!(parent, Some("case_pattern" | "keyword_pattern"))
                && let [name] = named_children(node).as_slice()
            {
                out.push(*name);
            }
        }
        "splat_pattern" | "as_pattern_target" => {
            out.extend(named_children(node).into_iter().filter(|c| c.kind() == "identifier"));
        }
        // `key=pattern`: the keyword names an attribute, not a binding.
        "keyword_pattern" => {
            for child in named_children(node).into_iter().skip(1) {
                collect(child, out);
            }
        }
        _ => {
            for child in named_children(node) {
                collect(child, out);
            }
        }
    }
}

/// Whether a case matches whatever the subject is: `case _:` or a bare capture, without a guard.
pub(super) fn is_irrefutable(case: Node<'_>) -> bool {
    if field(case, "guard").is_some() {
        return false;
    }
    let [pattern] = case_patterns(case)[..] else { return false };
    match named_children(pattern).as_slice() {
        // `case _:` (the wildcard is no named node).
        [] => true,
        [name] => name.kind() == "dotted_name" && named_children(*name).len() == 1,
        _ => false,
    }
}
