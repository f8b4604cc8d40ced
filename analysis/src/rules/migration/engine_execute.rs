//! SQA106 engine-execute.

use super::receivers::{has_comment, identifier_used, is_a, line_indent, method_call};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{descendants, field, named_children};

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
Unsafe. The statement holding the call (an expression, an assignment, a `return`, comprehensions
included) is wrapped in `with engine.connect() as conn:` when every statement run is a `SELECT`
and `with engine.begin() as conn:` otherwise (which commits, as 1.x autocommit did); every call on
that engine in the statement runs on `conn`. For `result = engine.execute(...)`, the later
statements of the block that read `result` move into the block too, so rows are fetched while the
connection is open. Calls inside lambdas and generator expressions (which run later), in the
header of a compound statement, or sharing a line with another statement get guidance only.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(engine) = engine_call(cx, call) else { continue };
        let Some(method) = method_call(cx, call, &["execute", "scalar"]) else { continue };
        let name = cx.text(method.name);
        let engine_text = cx.text(engine);
        let fix = wrap_in_connection(cx, call, engine);
        let message = format!(
            "`Engine.{name}()` was removed in 2.0; run it on a connection: `with {engine_text}.connect() as conn: conn.{name}(...)` (`{engine_text}.begin()` to commit writes)"
        );
        out.push(cx.diagnostic_at(&RULE, call, message, fix));
    }
}

/// `engine.execute(...)` / `engine.scalar(...)` on an `Engine`: the engine expression.
fn engine_call<'t>(cx: &RuleContext<'_>, call: Node<'t>) -> Option<Node<'t>> {
    let method = method_call(cx, call, &["execute", "scalar"])?;
    is_a(&cx.type_of(method.receiver), "Engine").then_some(method.receiver)
}

/// Wraps the statement holding the call in `with engine.connect()/begin() as conn:`, running every
/// call on that engine in the statement on the connection.
fn wrap_in_connection(cx: &RuleContext<'_>, call: Node<'_>, engine: Node<'_>) -> Option<Fix> {
    if !matches!(engine.kind(), "identifier" | "attribute") {
        return None; // evaluated once, where it stands
    }
    let statement = eager_statement_of(call)?;
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
    let engine_text = cx.text(engine);
    let calls: Vec<(Node<'_>, Node<'_>)> = descendants(statement, "call")
        .into_iter()
        .filter_map(|c| engine_call(cx, c).map(|e| (c, e)))
        .filter(|(_, e)| cx.text(*e) == engine_text)
        .collect();
    let unit = if indent.contains('\t') { "\t" } else { "    " };
    let conn = ["conn", "connection", "sa_conn"].into_iter().find(|n| !identifier_used(cx, n))?;
    let reads = calls.iter().all(|(c, _)| {
        let arguments = field(*c, "arguments").map(named_children).unwrap_or_default();
        arguments.first().is_some_and(|stmt| is_a(&cx.type_of(*stmt), "SelectBase"))
    });
    let scope = if reads { "connect" } else { "begin" };
    let text = cx.parsed.text();
    let last = last_statement_reading_result(cx, statement);
    if last != statement && (has_comment(last, statement.end_byte(), last.end_byte()) || multiline_string(last)) {
        return None;
    }
    let mut body = String::new();
    let mut at = statement.start_byte();
    for (_, e) in &calls {
        body.push_str(&text[at..e.start_byte()]);
        body.push_str(conn);
        at = e.end_byte();
    }
    body.push_str(&text[at..last.end_byte()]);
    let body = body.replace('\n', &format!("\n{unit}"));
    let content = format!("with {engine_text}.{scope}() as {conn}:\n{indent}{unit}{body}");
    Some(Fix {
        applicability: Applicability::Unsafe,
        message: format!("Run it in `with {engine_text}.{scope}() as {conn}:`"),
        edits: vec![Edit { file: cx.file, start: statement.start_byte() as u32, end: last.end_byte() as u32, content }],
    })
}

/// `result = engine.execute(...)`: the last later statement of the block that reads `result`, so
/// the rows are fetched while the connection is open; else the statement itself.
fn last_statement_reading_result<'t>(cx: &RuleContext<'_>, statement: Node<'t>) -> Node<'t> {
    let assignment = named_children(statement).first().copied().filter(|a| a.kind() == "assignment");
    let holds_result = assignment
        .and_then(|a| field(a, "right"))
        .is_some_and(|value| engine_call(cx, value).is_some() && method_call(cx, value, &["execute"]).is_some());
    let assigned = assignment
        .filter(|_| holds_result)
        .and_then(|a| field(a, "left"))
        .filter(|target| target.kind() == "identifier")
        .map(|target| cx.text(target));
    let Some(name) = assigned else { return statement };
    let mut last = statement;
    let mut next = statement.next_named_sibling();
    while let Some(sibling) = next {
        if descendants(sibling, "identifier").iter().any(|id| cx.text(*id) == name) {
            last = sibling;
        }
        next = sibling.next_named_sibling();
    }
    last
}

/// The statement on lines of its own that runs `node` right away (`x = f()`, `return [... for r in
/// f()]`); `None` inside lambdas and generators (which run later) and compound statements' headers.
fn eager_statement_of(node: Node<'_>) -> Option<Node<'_>> {
    let mut current = node;
    while let Some(parent) = current.parent() {
        match parent.kind() {
            "lambda" | "generator_expression" => return None,
            "expression_statement" | "return_statement" => {
                let block = parent.parent()?;
                return matches!(block.kind(), "block" | "module").then_some(parent);
            }
            // Comprehensions run where they stand (generators, above, do not).
            "for_in_clause" | "if_clause" => current = parent,
            kind if kind.ends_with("_statement") || kind.ends_with("_definition") || kind.ends_with("_clause") => {
                return None;
            }
            "block" | "module" => return None,
            _ => current = parent,
        }
    }
    None
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
