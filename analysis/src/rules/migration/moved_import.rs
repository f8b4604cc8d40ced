//! SQA114 moved-import.

use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::node_ext::{field, named_children};

pub static RULE: Rule = Rule {
    code: "SQA114",
    name: "moved-import",
    family: Family::Migration,
    severity: Severity::Warning,
    series: None,
    summary: "`sqlalchemy.ext.declarative` names moved to `sqlalchemy.orm`",
    doc: r#"## What it does
Finds imports of `declarative_base`, `declared_attr`, `as_declarative`, `has_inherited_table` and
`synonym_for` from `sqlalchemy.ext.declarative`.

## Why is this bad?
They moved to `sqlalchemy.orm` in 1.4 (`MovedIn20Warning`); the old location is deprecated.

## Example
```python
from sqlalchemy.ext.declarative import declarative_base
```

## Use instead
```python
from sqlalchemy.orm import declarative_base
```

## Fix safety
Safe: the same objects are imported from their new module.
"#,
    fixable: true,
    check,
};

const MOVED: &[&str] = &["declarative_base", "declared_attr", "as_declarative", "has_inherited_table", "synonym_for"];

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for statement in cx.nodes("import_from_statement") {
        let Some(module) = field(statement, "module_name") else { continue };
        if cx.text(module) != "sqlalchemy.ext.declarative" {
            continue;
        }
        let mut cursor = statement.walk();
        let names: Vec<&str> = statement
            .children_by_field_name("name", &mut cursor)
            .map(|n| match n.kind() {
                "aliased_import" => field(n, "name").map(|m| cx.text(m)).unwrap_or(""),
                _ => cx.text(n),
            })
            .collect();
        let all_moved = !names.is_empty() && names.iter().all(|n| MOVED.contains(n));
        let fix = all_moved.then(|| Fix {
            applicability: Applicability::Safe,
            message: "Import from `sqlalchemy.orm`".to_owned(),
            edits: vec![Edit {
                file: cx.file,
                start: module.start_byte() as u32,
                end: module.end_byte() as u32,
                content: "sqlalchemy.orm".to_owned(),
            }],
        });
        let _ = named_children;
        let message = format!("`{}` moved to `sqlalchemy.orm`", names.join("`, `"));
        out.push(cx.diagnostic_at(&RULE, module, message, fix));
    }
}
