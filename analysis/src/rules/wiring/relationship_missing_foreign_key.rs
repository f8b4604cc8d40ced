//! SQA313 relationship-missing-foreign-key.

use rustc_hash::FxHashSet;

use super::common::{DerivedJoin, derived_joins, name_range};
use crate::hir::Name;
use crate::models::{AttrKind, Model, ModelAttr};
use crate::rules::imports::import_name;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::schema::{Schema, column_key, schema};
use crate::syntax::node_ext::field;
use crate::types::{Class, Ty};

pub static RULE: Rule = Rule {
    code: "SQA313",
    name: "relationship-missing-foreign-key",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "a relationship between two tables that no foreign key links",
    doc: r#"## What it does
Finds `relationship()` between two mapped classes when neither table (nor the tables of their
mapped parents) has a foreign key to the other, and the relationship gives no `primaryjoin=`,
`secondary=` or `foreign_keys=`.

## Why is this bad?
SQLAlchemy derives the join from the foreign keys: without one it raises `NoForeignKeysError:
Could not determine join condition between parent/child tables` when the mappers are configured,
at run time.

## Example
```python
class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped["Customer"] = relationship()
```

## Use instead
```python
class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    customer: Mapped["Customer"] = relationship()
```

## Fix safety
Unsafe, and offered only for a relationship to a single object (the side that holds the key):
it adds a `<target>_id` column referencing the target's primary key, which changes the table.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let schema = schema(cx.db);
    for DerivedJoin { model, attr, target, ours, theirs, .. } in derived_joins(cx) {
        let linked = |from: &[Name], to: &[Name]| {
            from.iter().any(|t| schema.tables[t].references.iter().any(|r| to.contains(r)))
        };
        if linked(&ours, &theirs) || linked(&theirs, &ours) {
            continue;
        }
        let Some((start, end)) = name_range(cx, &attr.declared_in, Some(&attr.name)) else { continue };
        let fix = add_foreign_key(cx, schema, model, attr, target, &ours);
        let message = format!(
            "`{}.{}`: no foreign key links `{}` and `{}` (SQLAlchemy raises `NoForeignKeysError`)",
            model.name(),
            attr.name,
            ours[0],
            theirs[0]
        );
        out.push(cx.diagnostic(&RULE, start, end, message, fix));
    }
}

/// `customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))` (or
/// `customer_id = Column(ForeignKey("customers.id"))`) above a relationship to a single object.
fn add_foreign_key(
    cx: &RuleContext<'_>,
    schema: &Schema,
    model: &Model,
    attr: &ModelAttr,
    target: &Model,
    ours: &[Name],
) -> Option<Fix> {
    let scalar = if attr.typed {
        matches!(attr.python.without_none(), Ty::Instance(Class::User(_), _))
    } else {
        attr.value.as_deref().and_then(|v| v.kwarg("uselist")).and_then(|u| u.as_bool()) == Some(false)
    };
    // Joined inheritance: which of our tables gets the column is not for us to guess.
    if !scalar || ours.len() != 1 {
        return None;
    }
    let keys: Vec<&ModelAttr> =
        target.attributes.iter().filter(|a| a.kind == AttrKind::Column && a.primary_key).collect();
    let [key] = keys.as_slice() else { return None };
    let table = schema.table_of(&target.class)?;
    let column = format!("{}_id", crate::models::camel_to_snake_case(target.name()));
    let taken: FxHashSet<&str> = model.attributes.iter().map(|a| a.name.as_str()).collect();
    if taken.contains(column.as_str()) || schema.tables.get(&ours[0]).is_some_and(|v| v.has_column(&column)) {
        return None;
    }
    // The statement holding the relationship, and its indentation.
    let value = cx.attribute_value(&attr.declared_in, &attr.name)?;
    let statement = value.parent().and_then(|a| a.parent()).filter(|s| s.kind() == "expression_statement")?;
    let line_start = cx.parsed.text()[..statement.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    let indent = &cx.parsed.text()[line_start..statement.start_byte()];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let mut edits: Vec<Edit> = Vec::new();
    let foreign_key = import_name(cx, "sqlalchemy", "ForeignKey");
    edits.extend(foreign_key.edit);
    let reference = format!("{}(\"{table}.{}\")", foreign_key.expression, column_key(key));
    let line = if attr.typed {
        let python = match key.python.without_none().ext_name()? {
            "builtins.int" => "int",
            "builtins.str" => "str",
            _ => return None,
        };
        let annotation = field(value.parent()?, "type").map(|t| cx.text(t)).unwrap_or_default();
        let python = if !attr.python.is_optional() {
            python.to_owned()
        } else if annotation.contains("Optional[") {
            format!("Optional[{python}]")
        } else {
            format!("{python} | None")
        };
        let mapped = import_name(cx, "sqlalchemy.orm", "Mapped");
        let mapped_column = import_name(cx, "sqlalchemy.orm", "mapped_column");
        edits.extend(mapped.edit);
        edits.extend(mapped_column.edit);
        format!("{column}: {}[{python}] = {}({reference})", mapped.expression, mapped_column.expression)
    } else {
        let column_call = import_name(cx, "sqlalchemy", "Column");
        edits.extend(column_call.edit);
        format!("{column} = {}({reference})", column_call.expression)
    };
    let at = line_start as u32;
    edits.push(Edit { file: cx.file, start: at, end: at, content: format!("{indent}{line}\n") });
    edits.sort_by_key(|e| (e.start, e.end));
    edits.dedup();
    Some(Fix { applicability: Applicability::Unsafe, message: format!("Add `{column}` referencing `{table}`"), edits })
}
