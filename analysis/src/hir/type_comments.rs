//! PEP 484's signature type comments (`def f(a, b):` then `# type: (int, str) -> bool` as the
//! first line of the body), which type checkers read as the function's annotations.

use super::expr::{Expr, lower_expr};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};
use crate::syntax::{Parsed, parse_text};

/// A `def`'s signature comment: the annotation of each parameter it lists (`*args: str` written
/// `*str`), in order, and the return annotation. `None` without one, or where it does not read as
/// a signature.
pub fn signature_comment(parsed: &Parsed, def: Node<'_>) -> Option<(Vec<Expr>, Expr)> {
    let body = field(def, "body")?;
    let first_statement = named_children(body).into_iter().find(|n| n.kind() != "comment");
    // tree-sitter keeps a comment before the first statement either in the block or after the
    // `def`'s colon.
    let mut cursor = def.walk();
    let candidates = def.children(&mut cursor).chain(named_children(body));
    let comment = candidates
        .filter(|n| n.kind() == "comment")
        .filter(|n| first_statement.is_none_or(|s| n.start_byte() < s.start_byte()))
        .find(|n| parsed.node_text(*n).trim_start_matches('#').trim_start().starts_with("type:"))?;
    let text = parsed.node_text(comment).trim_start_matches('#').trim_start().strip_prefix("type:")?.trim();
    let (params, returns) = split_signature(text)?;
    let params = params.iter().map(|p| type_expr(p.trim_start_matches('*'))).collect::<Option<Vec<Expr>>>()?;
    Some((params, type_expr(returns)?))
}

/// `(int, str) -> bool` as its parameters' texts (none for `()`) and its return's.
fn split_signature(text: &str) -> Option<(Vec<&str>, &str)> {
    let rest = text.strip_prefix('(')?;
    let mut depth = 0usize;
    let mut start = 0;
    let mut params = Vec::new();
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ']' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => {
                params.push(rest[start..i].trim());
                start = i + 1;
            }
            ')' if depth == 0 => {
                let last = rest[start..i].trim();
                if !last.is_empty() {
                    params.push(last);
                }
                let returns = rest[i + 1..].trim().strip_prefix("->")?.trim();
                // A trailing comment (`-> None  # noqa`) is not the type.
                let returns = returns.split('#').next().unwrap_or(returns).trim();
                return (!returns.is_empty() && params.iter().all(|p| !p.is_empty())).then_some((params, returns));
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// One type written in a comment, lowered as the expression it is.
fn type_expr(text: &str) -> Option<Expr> {
    let parsed = parse_text(text.into());
    let statement = named_children(parsed.root()).into_iter().next()?;
    let expr = named_children(statement).into_iter().next()?;
    (statement.kind() == "expression_statement" && !expr.has_error()).then(|| lower_expr(expr, parsed.text()))
}

#[cfg(test)]
mod tests {
    use super::split_signature;

    #[test]
    fn a_signature_splits_at_its_top_level_commas() {
        assert_eq!(
            split_signature("(Dict[str, int], *Any, **str) -> Tuple[int, str]"),
            Some((vec!["Dict[str, int]", "*Any", "**str"], "Tuple[int, str]"))
        );
        assert_eq!(split_signature("() -> None  # noqa"), Some((vec![], "None")));
        assert_eq!(split_signature("int"), None);
        assert_eq!(split_signature("(int,) -> "), None);
    }
}
