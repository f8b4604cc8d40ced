//! SQA116 relation-alias.

use super::spelling::{Edits, references, swap_import};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::node_ext::field;

pub static RULE: Rule = Rule {
    code: "SQA116",
    name: "relation-alias",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "`relation()` / `eagerload()` are removed aliases of `relationship()` / `joinedload()`",
    doc: r#"## What it does
Finds calls to `relation()` and `eagerload()`.

## Why is this bad?
They are the pre-0.6 names of `relationship()` and `joinedload()`, deprecated in 1.4 and removed in
2.0: the import fails.

## Example
```python
from sqlalchemy.orm import relation

addresses = relation("Address")
```

## Use instead
```python
from sqlalchemy.orm import relationship

addresses = relationship("Address")
```

## Fix safety
Safe: the same functions under their current names. The import is renamed with them (or dropped
when the new name is already imported); `orm.relation(...)` becomes `orm.relationship(...)`.
"#,
    fixable: true,
    check,
};

const ALIASES: &[(&str, &str)] = &[("sqlalchemy.relation", "relationship"), ("sqlalchemy.eagerload", "joinedload")];

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(function) = field(call, "function") else { continue };
        let Some(symbol) = cx.symbol_of(function) else { continue };
        let Some(&(old, new)) = ALIASES.iter().find(|(old, _)| *old == symbol) else { continue };
        let old_name = &old["sqlalchemy.".len()..];
        let mut edits = Edits::default();
        let fix = match function.kind() {
            // `orm.relation` → `orm.relationship`.
            "attribute" => field(function, "attribute").map(|attribute| {
                edits.push(Edit {
                    file: cx.file,
                    start: attribute.start_byte() as u32,
                    end: attribute.end_byte() as u32,
                    content: new.to_owned(),
                });
                Some(())
            }),
            // Every use of the imported name, and the import, at once: the fixes of all these calls
            // are the same edits.
            "identifier" => {
                let bound = cx.text(function);
                let uses = references(cx, bound, old).unwrap_or_else(|| vec![function]);
                swap_import(cx, old, bound, &uses, "sqlalchemy.orm", new, &mut edits).map(|written| {
                    for node in &uses {
                        edits.push(Edit {
                            file: cx.file,
                            start: node.start_byte() as u32,
                            end: node.end_byte() as u32,
                            content: written.clone(),
                        });
                    }
                    Some(())
                })
            }
            _ => None,
        }
        .flatten()
        .map(|()| Fix {
            applicability: Applicability::Safe,
            message: format!("Use `{new}()`"),
            edits: edits.finish(),
        });
        let message = format!("`{old_name}()` is the removed alias of `{new}()`");
        out.push(cx.diagnostic_at(&RULE, function, message, fix));
    }
}
