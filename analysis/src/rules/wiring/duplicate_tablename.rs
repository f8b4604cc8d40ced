//! SQA307 duplicate-tablename.

use super::schema::{ModelSchema, schema};
use crate::models::Model;
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};

pub static RULE: Rule = Rule {
    code: "SQA307",
    name: "duplicate-tablename",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "two mapped classes declare the same `__tablename__`",
    doc: r#"## What it does
Finds mapped classes of one declarative base (one `MetaData`) that each write the same
`__tablename__`. A subclass that writes no `__tablename__` shares its parent's table (single-table
inheritance) and is not reported; neither are tables declared with `extend_existing=True`.

## Why is this bad?
The second class raises `InvalidRequestError: Table 'x' is already defined for this MetaData
instance` when it is declared, usually because a class was copied and its table name was not
changed.

## Example
```python
class User(Base):
    __tablename__ = "users"

class Account(Base):
    __tablename__ = "users"
```

## Use instead
```python
class Account(Base):
    __tablename__ = "accounts"
```

## Fix safety
No fix: the new name is for the author to choose.
"#,
    fixable: false,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let schema = schema(cx.db);
    let candidates: Vec<(&Model, &ModelSchema)> = models
        .models
        .iter()
        .filter(|m| !m.is_abstract)
        .filter_map(|m| Some((m, schema.model(&m.class)?)))
        .filter(|(_, s)| s.own_tablename && !s.extends_existing && s.metadata.is_some() && s.table.is_some())
        .collect();
    for (model, info) in &candidates {
        if model.class.file != cx.file {
            continue;
        }
        let others: Vec<&Model> = candidates
            .iter()
            .filter(|(other, other_info)| {
                other.class != model.class && other_info.table == info.table && other_info.metadata == info.metadata
            })
            .map(|(other, _)| *other)
            .collect();
        let Some(first) = others.first() else { continue };
        let Some(value) = cx.attribute_value(&model.class, "__tablename__") else { continue };
        let table = info.table.as_deref().unwrap_or_default();
        let elsewhere = if first.class.file == cx.file {
            String::new()
        } else {
            crate::hir::module_name(cx.db, first.class.file).map(|m| format!(" (in `{m}`)")).unwrap_or_default()
        };
        let more = match others.len() {
            1 => String::new(),
            n => format!(" and {} other class{}", n - 1, if n == 2 { "" } else { "es" }),
        };
        let message = format!("table `{table}` is also mapped by `{}`{elsewhere}{more}", first.name());
        out.push(cx.diagnostic_at(&RULE, value, message, None));
    }
}
