//! SQA106 engine-execute.

use super::receivers::{has_comment, identifier_used, is_a, line_indent, method_call, statement_of};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::named_children;

pub static RULE: Rule = Rule {
    code: "SQA106",
    name: "engine-execute",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "`Engine.execute()` / `Engine.scalar()` were removed in 2.0",
    doc: r#"## What it does
Finds `engine.execute(...)` and `engine.scalar(...)` on an `Engine` (MIGRATION.md M01).

## Why is this bad?
SQLAlchemy 2.0 removed "connectionless" execution: `Engine` has no `execute()` or `scalar()`.
Statements run on a `Connection` whose scope the code states, and writes are committed explicitly
(`engine.begin()`), as the 1.x library-level autocommit is gone too.

## Example
```python
engine.execute(users.insert(), {"name": "x"})
```

## Use instead
```python
with engine.begin() as conn:
    conn.execute(users.insert(), {"name": "x"})
```

## Fix safety
Unsafe. When the call is a statement of its own (`engine.execute(...)` or `x = engine.execute(...)`),
the fix wraps it in `with engine.connect() as conn:` for a `SELECT` and `with engine.begin() as conn:`
otherwise (which commits, as 1.x autocommit did). A result used after the block reads from a
closed connection: fetch what you need inside it. Other calls are reported with guidance only.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(method) = method_call(cx, call, &["execute", "scalar"]) else { continue };
        if !is_a(&cx.type_of(method.receiver), "Engine") {
            continue;
        }
        let name = cx.text(method.name);
        let engine = cx.text(method.receiver);
        let fix = wrap_in_connection(cx, call, method.receiver, method.name, method.arguments);
        let message = format!(
            "`Engine.{name}()` was removed in 2.0; run it on a connection: `with {engine}.connect() as conn: conn.{name}(...)` (`{engine}.begin()` to commit writes)"
        );
        out.push(cx.diagnostic_at(&RULE, call, message, fix));
    }
}

fn wrap_in_connection(
    cx: &RuleContext<'_>,
    call: Node<'_>,
    engine: Node<'_>,
    name: Node<'_>,
    arguments: Node<'_>,
) -> Option<Fix> {
    if !matches!(engine.kind(), "identifier" | "attribute") {
        return None; // evaluated once, where it stands
    }
    let statement = statement_of(call)?;
    let indent = line_indent(cx, statement)?;
    if has_comment(statement, statement.start_byte(), statement.end_byte()) || multiline_string(statement) {
        return None;
    }
    let shares_line = statement
        .next_sibling()
        .is_some_and(|next| next.kind() != "comment" && next.start_position().row == statement.end_position().row);
    if shares_line {
        return None; // `engine.execute(a); more()`
    }
    let unit = if indent.contains('\t') { "\t" } else { "    " };
    let conn = ["conn", "connection", "sa_conn"].into_iter().find(|n| !identifier_used(cx, n))?;
    let reads = named_children(arguments).first().is_some_and(|stmt| is_a(&cx.type_of(*stmt), "SelectBase"));
    let scope = if reads { "connect" } else { "begin" };
    let before = &cx.parsed.text()[statement.start_byte()..engine.start_byte()];
    let after = &cx.parsed.text()[name.start_byte()..statement.end_byte()];
    let body = format!("{before}{conn}.{after}").replace('\n', &format!("\n{unit}"));
    let content = format!("with {}.{scope}() as {conn}:\n{indent}{unit}{body}", cx.text(engine));
    Some(Fix {
        applicability: Applicability::Unsafe,
        message: format!("Run it in `with {}.{scope}() as {conn}:`", cx.text(engine)),
        edits: vec![Edit {
            file: cx.file,
            start: statement.start_byte() as u32,
            end: statement.end_byte() as u32,
            content,
        }],
    })
}

/// A string spanning lines: re-indenting it would change its value.
fn multiline_string(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "string" && n.start_position().row != n.end_position().row {
            return true;
        }
        stack.extend(n.children(&mut cursor));
    }
    false
}
