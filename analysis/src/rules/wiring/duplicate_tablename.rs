//! SQA307 duplicate-tablename.

use crate::models::Model;
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};
use crate::schema::{ModelSchema, schema};

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
    // A class that names its own table in a known metadata.
    let candidate = |m: &Model| -> Option<&ModelSchema> {
        let s = schema.model(&m.class).filter(|_| !m.is_abstract)?;
        let known = s.own_tablename && !s.extends_existing && s.metadata.is_some() && s.db_schema.is_some();
        (known && s.table.is_some()).then_some(s)
    };
    for model in models.in_file(cx.file) {
        let Some(info) = candidate(model) else { continue };
        // The other classes mapping the same table (the schema's index, not every model).
        let others: Vec<&Model> = schema
            .classes_of_table(info.table.as_deref().unwrap_or_default())
            .filter(|class| **class != model.class)
            .filter_map(|class| models.model(class))
            // One name in two database schemas (`{"schema": "oauth"}`) is two tables.
            .filter(|other| {
                candidate(other).is_some_and(|o| {
                    o.table == info.table && o.metadata == info.metadata && o.db_schema == info.db_schema
                })
            })
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
