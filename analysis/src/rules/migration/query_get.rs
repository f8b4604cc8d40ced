//! SQA109 query-get.

use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::node_ext::{field, named_children};
use crate::types::Ty;

pub static RULE: Rule = Rule {
    code: "SQA109",
    name: "query-get",
    family: Family::Migration,
    severity: Severity::Warning,
    series: None,
    summary: "`Query.get()` is legacy; use `Session.get()`",
    doc: r#"## What it does
Finds `session.query(Model).get(pk)` and `Model.query.get(pk)`.

## Why is this bad?
`Query.get()` is deprecated in 2.0 (legacy `Query` API); `Session.get()` does the same identity-map
lookup and is typed `Model | None`.

## Example
```python
user = session.query(User).get(5)
```

## Use instead
```python
user = session.get(User, 5)
```

## Fix safety
Safe for `session.query(Model).get(pk)`: the same lookup. `Model.query.get(pk)` is reported without
a fix (which session to use is not visible).
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(function) = field(call, "function").filter(|f| f.kind() == "attribute") else { continue };
        if field(function, "attribute").map(|a| cx.text(a)) != Some("get") {
            continue;
        }
        let Some(query) = field(function, "object") else { continue };
        let is_query =
            matches!(cx.type_of(query), Ty::Instance(..) if cx.type_of(query).ext_name() == Some("sqlalchemy.Query"));
        if !is_query {
            continue;
        }
        let args = field(call, "arguments").map(named_children).unwrap_or_default();
        let [key] = args.as_slice() else { continue };
        let fix = session_query_parts(cx, query).map(|(session, entity)| Fix {
            applicability: Applicability::Safe,
            message: format!("Use `{session}.get({entity}, ...)`"),
            edits: vec![Edit {
                file: cx.file,
                start: call.start_byte() as u32,
                end: call.end_byte() as u32,
                content: format!("{session}.get({entity}, {})", cx.text(*key)),
            }],
        });
        out.push(cx.diagnostic_at(&RULE, call, "`Query.get()` is legacy; use `Session.get()`".to_owned(), fix));
    }
}

/// `session.query(User)` → ("session", "User").
fn session_query_parts<'a>(cx: &RuleContext<'a>, query: crate::syntax::Node<'_>) -> Option<(&'a str, &'a str)> {
    let function = field(query, "function").filter(|f| f.kind() == "attribute")?;
    if field(function, "attribute").map(|a| cx.text(a)) != Some("query") {
        return None;
    }
    let session = field(function, "object")?;
    let args = field(query, "arguments").map(named_children).unwrap_or_default();
    let [entity] = args.as_slice() else { return None };
    Some((cx.text(session), cx.text(*entity)))
}
