//! SQA122 apply-labels.

use super::receivers::{is_a, method_call, sorted};
use crate::rules::imports::import_name;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::node_ext::named_children;

pub static RULE: Rule = Rule {
    code: "SQA122",
    name: "apply-labels",
    family: Family::Migration,
    severity: Severity::Warning,
    series: None,
    summary: "`.apply_labels()` / `.with_labels()` are deprecated; use `.set_label_style()`",
    doc: r#"## What it does
Finds `select(...).apply_labels()`, `.with_labels()` on a `Select` or a `Query`
(MIGRATION.md M16).

## Why is this bad?
Both are deprecated since 1.4 and warn under 2.0: the label style is set with
`set_label_style()`.

## Example
```python
stmt = select(users, addresses).apply_labels()
```

## Use instead
```python
from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL

stmt = select(users, addresses).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
```

## Fix safety
Safe: `LABEL_STYLE_TABLENAME_PLUS_COL` is exactly the labelling `apply_labels()` applied. The name
is imported as the file imports SQLAlchemy.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(method) = method_call(cx, call, &["apply_labels", "with_labels"]) else { continue };
        let ty = cx.type_of(method.receiver);
        if !(is_a(&ty, "SelectBase") || is_a(&ty, "Query")) {
            continue;
        }
        let name = cx.text(method.name);
        let fix = named_children(method.arguments).is_empty().then(|| {
            let style = import_name(cx, "sqlalchemy", "LABEL_STYLE_TABLENAME_PLUS_COL");
            let mut edits: Vec<Edit> = style.edit.into_iter().collect();
            edits.push(Edit {
                file: cx.file,
                start: method.name.start_byte() as u32,
                end: method.arguments.end_byte() as u32,
                content: format!("set_label_style({})", style.expression),
            });
            Fix {
                applicability: Applicability::Safe,
                message: "Use `set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)`".to_owned(),
                edits: sorted(edits),
            }
        });
        let message = format!("`.{name}()` is deprecated; use `.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)`");
        out.push(cx.diagnostic_at(&RULE, call, message, fix));
    }
}
