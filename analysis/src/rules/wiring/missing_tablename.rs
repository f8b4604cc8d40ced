//! SQA302 missing-tablename.

use super::common::file_models;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::node_ext::{field, named_children};

pub static RULE: Rule = Rule {
    code: "SQA302",
    name: "missing-tablename",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "a mapped class has no `__tablename__` (nor `__table__`, nor a mapped parent)",
    doc: r#"## What it does
Finds declarative classes that would be mapped but name no table: no `__tablename__`, no
`__table__`, not `__abstract__`, and no mapped parent whose table they could share.

## Why is this bad?
SQLAlchemy raises `InvalidRequestError: Class does not have a __table__ or __tablename__` when the
class is declared.

## Example
```python
class Address(Base):
    id: Mapped[int] = mapped_column(primary_key=True)
```

## Use instead
```python
class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
```

## Fix safety
Unsafe: the table name (the class name in snake case) is a guess.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    for model in file_models(cx) {
        // Flask-SQLAlchemy derives a table name from the class name; a computed one is there.
        if model.tablename.is_some() || model.tablename_computed || model.base_kind == crate::models::BaseKind::Flask {
            continue;
        }
        let index = crate::hir::module_index(cx.db, model.class.file);
        let has_table = index
            .classes
            .iter()
            .filter(|c| c.name == model.class.name)
            .any(|c| c.assigned("__table__").is_some() || c.keywords.iter().any(|(k, _)| k == "__table__"));
        let mapped_parent = model.bases.iter().any(|b| models.model(b).is_some_and(|m| !m.is_abstract));
        if has_table || mapped_parent {
            continue;
        }
        let Some((_, start, end)) = cx.declaration(&model.class, None) else { continue };
        let fix = insertion(cx, start).map(|(at, indent)| Fix {
            applicability: Applicability::Unsafe,
            message: "Add `__tablename__`".to_owned(),
            edits: vec![Edit {
                file: cx.file,
                start: at,
                end: at,
                content: format!("__tablename__ = \"{}\"\n{indent}", crate::models::camel_to_snake_case(model.name())),
            }],
        });
        let message = format!("`{}` is mapped but has no `__tablename__`", model.name());
        out.push(cx.diagnostic(&RULE, start, end, message, fix));
    }
}

/// Where the first statement of the class body starts, and its indentation.
fn insertion(cx: &RuleContext<'_>, name_start: u32) -> Option<(u32, String)> {
    let name = cx.parsed.root().descendant_for_byte_range(name_start as usize, name_start as usize)?;
    let class = name.parent().filter(|p| p.kind() == "class_definition")?;
    let first = named_children(field(class, "body")?).into_iter().next()?;
    if first.start_position().row == class.start_position().row {
        return None;
    }
    Some((first.start_byte() as u32, " ".repeat(first.start_position().column)))
}
