//! SQA312 delete-orphan-without-delete.

use super::common::{cascade_strings, string_edit};
use super::unknown_cascade_option::tokens;
use crate::rules::{Applicability, Diagnostic, Family, Fix, Rule, RuleContext, Severity};

pub static RULE: Rule = Rule {
    code: "SQA312",
    name: "delete-orphan-without-delete",
    family: Family::Wiring,
    severity: Severity::Warning,
    series: None,
    summary: "`cascade` has `delete-orphan` without `delete` (or `all`)",
    doc: r#"## What it does
Finds cascade strings that contain `delete-orphan` but neither `delete` nor `all`.

## Why is this bad?
SQLAlchemy warns `The 'delete-orphan' cascade option requires 'delete'`: children removed from
the collection are deleted, but children of a deleted parent are not, they are left with a
dangling (or nulled) foreign key. It is almost always meant as `all, delete-orphan`.

## Example
```python
items = relationship("Item", cascade="save-update, delete-orphan")
```

## Use instead
```python
items = relationship("Item", cascade="save-update, delete, delete-orphan")
```

## Fix safety
Unsafe: adding `delete` makes deleting the parent delete its children.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (node, value) in cascade_strings(cx) {
        let options = tokens(&value);
        let Some(&(at, _)) = options.iter().find(|(_, t)| *t == "delete-orphan") else { continue };
        if options.iter().any(|(_, t)| matches!(*t, "delete" | "all")) {
            continue;
        }
        let fix = string_edit(cx, node, at, at, "delete, ").map(|edit| Fix {
            applicability: Applicability::Unsafe,
            message: "Add `delete`".to_owned(),
            edits: vec![edit],
        });
        out.push(cx.diagnostic_at(&RULE, node, "`delete-orphan` cascade without `delete`".to_owned(), fix));
    }
}
