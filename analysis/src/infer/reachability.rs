//! Whether a function's body can run to its end, which returns `None` (`if x: return 1` is
//! `Literal[1] | None` to type checkers): `return` and `raise` end the flow, an `if` whose every
//! branch ends it does too, as does `while True:` without a `break`, a `try` whose body and
//! handlers all end it, and a call of a `NoReturn` function.

use crate::syntax::node_ext::{field, named_children, walk};
use crate::syntax::{Node, Parsed};

/// Whether running `block` may reach its end; `no_return` tells a call that never returns.
pub(super) fn may_complete(block: Node<'_>, parsed: &Parsed, no_return: &dyn Fn(Node<'_>) -> bool) -> bool {
    named_children(block).into_iter().all(|stmt| completes(stmt, parsed, no_return))
}

fn completes(stmt: Node<'_>, parsed: &Parsed, no_return: &dyn Fn(Node<'_>) -> bool) -> bool {
    let block = |node: Option<Node<'_>>| node.is_none_or(|b| may_complete(b, parsed, no_return));
    match stmt.kind() {
        "return_statement" | "raise_statement" => false,
        "expression_statement" => !named_children(stmt).into_iter().any(|e| e.kind() == "call" && no_return(e)),
        "if_statement" => {
            let clauses = named_children(stmt);
            let has_else = clauses.iter().any(|c| c.kind() == "else_clause");
            !has_else
                || block(field(stmt, "consequence"))
                || clauses.iter().any(|c| match c.kind() {
                    "elif_clause" => block(field(*c, "consequence")),
                    "else_clause" => block(field(*c, "body")),
                    _ => false,
                })
        }
        // `while True:` ends only through a `break`.
        "while_statement" => {
            let forever = field(stmt, "condition").is_some_and(|c| matches!(parsed.node_text(c), "True" | "1"));
            !forever || field(stmt, "body").is_some_and(breaks)
        }
        "try_statement" => {
            let parts = named_children(stmt);
            if parts.iter().any(|p| p.kind() == "finally_clause" && !clause_completes(*p, parsed, no_return)) {
                return false;
            }
            let body = parts.iter().find(|p| p.kind() == "block").is_none_or(|b| may_complete(*b, parsed, no_return));
            let else_ok =
                parts.iter().filter(|p| p.kind() == "else_clause").all(|p| clause_completes(*p, parsed, no_return));
            (body && else_ok)
                || parts
                    .iter()
                    .filter(|p| matches!(p.kind(), "except_clause" | "except_group_clause"))
                    .any(|p| clause_completes(*p, parsed, no_return))
        }
        "with_statement" => block(field(stmt, "body")),
        _ => true,
    }
}

fn clause_completes(clause: Node<'_>, parsed: &Parsed, no_return: &dyn Fn(Node<'_>) -> bool) -> bool {
    named_children(clause).into_iter().filter(|c| c.kind() == "block").all(|b| may_complete(b, parsed, no_return))
}

/// Whether a loop body has a `break` of its own (not of a nested loop or function).
fn breaks(body: Node<'_>) -> bool {
    let mut found = false;
    walk(body, |node| {
        if matches!(node.kind(), "for_statement" | "while_statement" | "function_definition" | "class_definition") {
            return false;
        }
        found |= node.kind() == "break_statement";
        !found
    });
    found
}

/// Whether the function body raises `NotImplementedError` and returns nothing: a method meant to
/// be overridden, whose return type checkers leave unknown.
pub(super) fn raises_not_implemented(body: Node<'_>, parsed: &Parsed) -> bool {
    let mut raises = false;
    walk(body, |node| {
        if matches!(node.kind(), "function_definition" | "class_definition" | "lambda") {
            return false;
        }
        if node.kind() == "raise_statement" {
            raises |= parsed.node_text(node).trim_start_matches("raise").trim().starts_with("NotImplementedError");
        }
        true
    });
    raises
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_text;

    fn completes_body(source: &str) -> bool {
        let parsed = parse_text(std::sync::Arc::from(source));
        let def = named_children(parsed.root()).into_iter().next().expect("a def");
        let body = field(def, "body").expect("a body");
        may_complete(body, &parsed, &|call| parsed.node_text(call).starts_with("sys.exit"))
    }

    #[test]
    fn the_end_of_a_body_is_reached_unless_every_path_leaves() {
        // What pyright 1.1.414 infers: `None` joins the returns where the end is reachable.
        assert!(completes_body("def f(x):\n    if x:\n        return 1\n"));
        assert!(!completes_body("def f(x):\n    if x:\n        return 1\n    else:\n        raise E\n"));
        assert!(!completes_body("def f(x):\n    for i in x:\n        return i\n    raise ValueError\n"));
        assert!(completes_body("def f(x):\n    try:\n        return int(x)\n    except ValueError:\n        pass\n"));
        assert!(!completes_body(
            "def f(x):\n    try:\n        return int(x)\n    except ValueError:\n        return 0\n"
        ));
        assert!(!completes_body("def f(x):\n    while True:\n        return 1\n"));
        assert!(completes_body("def f(x):\n    while True:\n        if x:\n            break\n"));
        assert!(!completes_body("def f(x):\n    while True:\n        for i in x:\n            break\n"));
        assert!(!completes_body("def f(x):\n    sys.exit(1)\n"));
        assert!(!completes_body("def f(x):\n    with x:\n        return 1\n"));
    }

    #[test]
    fn not_implemented_bodies_are_told() {
        let parsed =
            parse_text(std::sync::Arc::from("def f(self):\n    \"\"\"doc\"\"\"\n    raise NotImplementedError()\n"));
        let def = named_children(parsed.root()).into_iter().next().expect("a def");
        assert!(raises_not_implemented(field(def, "body").expect("a body"), &parsed));
    }
}
