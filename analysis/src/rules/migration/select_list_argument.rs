//! SQA105 select-list-argument.

use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::node_ext::{field, named_children};

pub static RULE: Rule = Rule {
    code: "SQA105",
    name: "select-list-argument",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "`select([a, b])` is the removed 1.x calling style",
    doc: r#"## What it does
Finds `select()` called with a list of columns.

## Why is this bad?
SQLAlchemy 2.0 removed the list form (`RemovedIn20Warning` in 1.4): `select([User.id])` raises.
The positional form is also what makes the statement typed (`Select[Tuple[int]]`).

## Example
```python
stmt = select([User.id, User.name])
```

## Use instead
```python
stmt = select(User.id, User.name)
```

## Fix safety
Safe when the list is the only argument: the brackets are removed.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let (Some(function), Some(arguments)) = (field(call, "function"), field(call, "arguments")) else { continue };
        if arguments.kind() != "argument_list" {
            continue;
        }
        let args = named_children(arguments);
        let Some(list) = args.first().filter(|a| a.kind() == "list") else { continue };
        if cx.symbol_of(function).as_deref() != Some("sqlalchemy.select") {
            continue;
        }
        let items: Vec<&str> = named_children(*list).into_iter().map(|item| cx.text(item)).collect();
        let fix = (args.len() == 1).then(|| Fix {
            applicability: Applicability::Safe,
            message: "Pass the columns positionally".to_owned(),
            edits: vec![Edit {
                file: cx.file,
                start: list.start_byte() as u32,
                end: list.end_byte() as u32,
                content: items.join(", "),
            }],
        });
        out.push(cx.diagnostic_at(
            &RULE,
            *list,
            "`select()` takes columns positionally in 2.0, not a list".to_owned(),
            fix,
        ));
    }
}
