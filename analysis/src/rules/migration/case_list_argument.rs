//! SQA120 case-list-argument.

use super::receivers::{args, has_comment};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};

pub static RULE: Rule = Rule {
    code: "SQA120",
    name: "case-list-argument",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "`case([(cond, value), ...])` is the removed 1.x calling style",
    doc: r#"## What it does
Finds `case()` given its WHEN clauses as a list, positionally or as `whens=` (MIGRATION.md M13).

## Why is this bad?
SQLAlchemy 2.0 takes the `(condition, value)` tuples positionally; the list form raises. (A
dictionary with `value=` is still accepted and not reported.)

## Example
```python
expr = case([(User.age < 18, "minor"), (User.age < 65, "adult")], else_="senior")
expr2 = case(whens=[(User.active, 1)], else_=0)
```

## Use instead
```python
expr = case((User.age < 18, "minor"), (User.age < 65, "adult"), else_="senior")
expr2 = case((User.active, 1), else_=0)
```

## Fix safety
Safe: the same WHEN clauses in the same order. A list literal loses its brackets; a list held in
a variable is unpacked (`case(*whens)`); `whens=[...]` becomes the leading positional arguments.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(arguments) = field(call, "arguments").filter(|a| a.kind() == "argument_list") else { continue };
        let parsed = args(cx, arguments);
        if parsed.positional.is_empty() && parsed.keyword("whens").is_none() {
            continue;
        }
        let Some(function) = field(call, "function") else { continue };
        if cx.symbol_of(function).as_deref() != Some("sqlalchemy.case") {
            continue;
        }
        let positional = parsed.positional.first().copied().filter(|a| is_list(cx, *a));
        let keyword = parsed.keyword("whens").filter(|k| is_list(cx, k.value));
        if positional.is_none() && keyword.is_none() {
            continue;
        }
        let fix = if parsed.splat {
            None
        } else if let Some(list) = positional {
            unwrap_in_place(cx, list)
        } else {
            keyword.and_then(|k| move_whens(cx, arguments, k.node, k.value))
        };
        let node = positional.or(keyword.map(|k| k.node)).unwrap_or(call);
        let message = "`case()` takes its WHEN tuples positionally in 2.0, not a list".to_owned();
        out.push(cx.diagnostic_at(&RULE, node, message, fix));
    }
}

fn is_list(cx: &RuleContext<'_>, node: Node<'_>) -> bool {
    node.kind() == "list" || cx.type_of(node).ext_name() == Some("builtins.list")
}

/// `[a, b]` → `a, b` keeping the items' own layout; `whens` → `*whens`.
fn unwrap_in_place(cx: &RuleContext<'_>, list: Node<'_>) -> Option<Fix> {
    let edit = |start: usize, end: usize, content: &str| Edit {
        file: cx.file,
        start: start as u32,
        end: end as u32,
        content: content.to_owned(),
    };
    let edits = if list.kind() == "list" {
        let items = named_children(list);
        let (first, last) = (items.first()?, items.last()?);
        if has_comment(list, list.start_byte(), first.start_byte())
            || has_comment(list, last.end_byte(), list.end_byte())
        {
            return None;
        }
        vec![edit(list.start_byte(), first.start_byte(), ""), edit(last.end_byte(), list.end_byte(), "")]
    } else {
        vec![edit(list.start_byte(), list.start_byte(), "*")]
    };
    Some(Fix { applicability: Applicability::Safe, message: "Pass the WHEN tuples positionally".to_owned(), edits })
}

/// `case(value=x, whens=[a, b], else_=y)` → `case(a, b, value=x, else_=y)`.
fn move_whens(cx: &RuleContext<'_>, arguments: Node<'_>, keyword: Node<'_>, list: Node<'_>) -> Option<Fix> {
    if has_comment(arguments, arguments.start_byte(), arguments.end_byte()) {
        return None;
    }
    let whens = if list.kind() == "list" {
        let items = named_children(list);
        if items.is_empty() {
            return None;
        }
        items.iter().map(|i| cx.text(*i)).collect::<Vec<_>>().join(", ")
    } else {
        format!("*{}", cx.text(list))
    };
    let mut parts = vec![whens];
    parts.extend(named_children(arguments).into_iter().filter(|a| *a != keyword).map(|a| cx.text(a).to_owned()));
    Some(Fix {
        applicability: Applicability::Safe,
        message: "Pass the WHEN tuples positionally".to_owned(),
        edits: vec![Edit {
            file: cx.file,
            start: arguments.start_byte() as u32,
            end: arguments.end_byte() as u32,
            content: format!("({})", parts.join(", ")),
        }],
    })
}
