//! SQA121 execute-keyword-parameters.

use super::receivers::{Args, args, is_a, is_session, method_call, sorted};
use crate::rules::imports::import_name;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::string_value;
use crate::types::Ty;

pub static RULE: Rule = Rule {
    code: "SQA121",
    name: "execute-keyword-parameters",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "`conn.execute(stmt, x=1)` and `conn.execute(\"SQL\")` were removed in 2.0",
    doc: r#"## What it does
Finds the 1.x ways of passing parameters and SQL to `Connection.execute()` / `scalar()`
(MIGRATION.md M05, M06): parameters as keyword arguments, several parameter dictionaries as
separate arguments, and SQL as a plain string (also on `Session.execute()`).

## Why is this bad?
In 2.0 `execute()` takes an executable statement, then one dictionary (or one list of
dictionaries for "executemany"). Keyword parameters and plain strings raise.

## Example
```python
conn.execute(stmt, x=10, y=5)
conn.execute(users.insert(), {"name": "a"}, {"name": "b"})
conn.execute("select * from users")
```

## Use instead
```python
conn.execute(stmt, {"x": 10, "y": 5})
conn.execute(users.insert(), [{"name": "a"}, {"name": "b"}])
conn.execute(text("select * from users"))
```

## Fix safety
Safe. Keyword parameters become one dictionary, several dictionaries one list. A string literal
without `:` or `%` gets `text()` (imported as the file imports SQLAlchemy); any other string on a
`Connection` goes to `exec_driver_sql()`, which runs it exactly as 1.x did (straight to the DBAPI,
its parameters in the driver's style). `Session.execute("...")` gets `text()`, which is what 1.4
made of the string.
"#,
    fixable: true,
    check,
};

/// `Connection.execute()` keywords that are 2.0 API, not parameters.
const CONNECTION_KEYWORDS: &[&str] = &["parameters", "execution_options"];

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(method) = method_call(cx, call, &["execute", "scalar"]) else { continue };
        let parsed = args(cx, method.arguments);
        let Some(statement) = parsed.positional.first().copied() else { continue };
        let ty = cx.type_of(method.receiver);
        let connection = is_a(&ty, "Connection");
        if !connection && !is_session(&ty) {
            continue;
        }
        let name = cx.text(method.name);
        let is_string = matches!(statement.kind(), "string" | "concatenated_string")
            || matches!(cx.type_of(statement), Ty::Literal(crate::types::Literal::Str(_)))
            || cx.type_of(statement).ext_name() == Some("builtins.str");
        let parameters: Vec<_> =
            parsed.keywords.iter().filter(|k| !CONNECTION_KEYWORDS.contains(&k.name.as_str())).collect();
        if connection && !parameters.is_empty() {
            let fix = (!is_string).then(|| keywords_to_dict(cx, method.arguments, statement, &parsed)).flatten();
            let message =
                format!("`Connection.{name}()` takes parameters as one dictionary in 2.0, not keyword arguments");
            out.push(cx.diagnostic_at(&RULE, call, message, fix));
            continue;
        }
        if connection && !is_string && parsed.positional.len() >= 3 {
            let extra = &parsed.positional[1..];
            let fix = (extra.iter().all(|p| p.kind() == "dictionary") && !parsed.splat).then(|| {
                let (first, last) = (extra[0], extra[extra.len() - 1]);
                let edit = |at: usize, content: &str| Edit {
                    file: cx.file,
                    start: at as u32,
                    end: at as u32,
                    content: content.to_owned(),
                };
                Fix {
                    applicability: Applicability::Safe,
                    message: "Pass one list of dictionaries".to_owned(),
                    edits: vec![edit(first.start_byte(), "["), edit(last.end_byte(), "]")],
                }
            });
            let message =
                format!("`Connection.{name}()` takes one list of parameter dictionaries in 2.0 (\"executemany\")");
            out.push(cx.diagnostic_at(&RULE, call, message, fix));
            continue;
        }
        if !is_string {
            continue;
        }
        let fix = if parsed.splat {
            None
        } else if !connection || (simple_literal(cx, statement) && parsed.positional.len() == 1) {
            // A session made `text()` of the string itself in 1.4; a plain literal reads the same.
            Some(wrap_in_text(cx, statement))
        } else if name == "execute" && parsed.positional.len() <= 2 && parsed.keywords.is_empty() {
            Some(Fix {
                applicability: Applicability::Safe,
                message: "Use `exec_driver_sql()`".to_owned(),
                edits: vec![Edit {
                    file: cx.file,
                    start: method.name.start_byte() as u32,
                    end: method.name.end_byte() as u32,
                    content: "exec_driver_sql".to_owned(),
                }],
            })
        } else {
            None
        };
        let owner = if connection { "Connection" } else { "Session" };
        let message = format!(
            "`{owner}.{name}()` takes no plain SQL strings in 2.0; use `text(\"...\")`{}",
            if connection { " or `exec_driver_sql(\"...\")`" } else { "" }
        );
        out.push(cx.diagnostic_at(&RULE, statement, message, fix));
    }
}

/// A string literal `text()` reads the same: no `:name` bind parameters, no `%` escapes.
fn simple_literal(cx: &RuleContext<'_>, node: Node<'_>) -> bool {
    string_value(node, cx.parsed.text()).is_some_and(|value| !value.contains([':', '%', '\\']))
}

fn wrap_in_text(cx: &RuleContext<'_>, statement: Node<'_>) -> Fix {
    let text = import_name(cx, "sqlalchemy", "text");
    let mut edits: Vec<Edit> = text.edit.into_iter().collect();
    let at = |at: usize, content: String| Edit { file: cx.file, start: at as u32, end: at as u32, content };
    edits.push(at(statement.start_byte(), format!("{}(", text.expression)));
    edits.push(at(statement.end_byte(), ")".to_owned()));
    Fix { applicability: Applicability::Safe, message: "Wrap the SQL in `text()`".to_owned(), edits: sorted(edits) }
}

/// `(stmt, x=10, y=5)` → `(stmt, {"x": 10, "y": 5})`, keeping 2.0 keywords (`execution_options=`).
fn keywords_to_dict(cx: &RuleContext<'_>, arguments: Node<'_>, statement: Node<'_>, parsed: &Args<'_>) -> Option<Fix> {
    if parsed.splat || parsed.positional.len() != 1 || parsed.keyword("parameters").is_some() {
        return None;
    }
    if super::receivers::has_comment(arguments, arguments.start_byte(), arguments.end_byte()) {
        return None;
    }
    let entries: Vec<String> = parsed
        .keywords
        .iter()
        .filter(|k| !CONNECTION_KEYWORDS.contains(&k.name.as_str()))
        .map(|k| format!("\"{}\": {}", k.name, cx.text(k.value)))
        .collect();
    let mut parts = vec![cx.text(statement).to_owned(), format!("{{{}}}", entries.join(", "))];
    parts.extend(
        parsed
            .keywords
            .iter()
            .filter(|k| CONNECTION_KEYWORDS.contains(&k.name.as_str()))
            .map(|k| cx.text(k.node).to_owned()),
    );
    Some(Fix {
        applicability: Applicability::Safe,
        message: "Pass the parameters as a dictionary".to_owned(),
        edits: vec![Edit {
            file: cx.file,
            start: arguments.start_byte() as u32,
            end: arguments.end_byte() as u32,
            content: format!("({})", parts.join(", ")),
        }],
    })
}
