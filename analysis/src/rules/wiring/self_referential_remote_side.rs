//! SQA317 self-referential-missing-remote-side.

use super::common::{append_argument, declaration_call, file_models, name_range, own_relationships};
use super::uselist_mismatch::annotated_collection;
use crate::hir::Expr;
use crate::models::{AttrKind, ModelAttr};
use crate::rules::{Applicability, Diagnostic, Family, Fix, Rule, RuleContext, Severity};
use crate::schema::{class_tables, foreign_key_links, schema};

pub static RULE: Rule = Rule {
    code: "SQA317",
    name: "self-referential-missing-remote-side",
    family: Family::Wiring,
    severity: Severity::Warning,
    series: None,
    summary: "a self-referential relationship to a single object without `remote_side=`",
    doc: r#"## What it does
Finds a relationship from a class to itself (an adjacency list: `Employee.manager`,
`Comment.parent`) that holds a single object (`Mapped["Employee"]`, `Mapped[Optional[...]]`,
`uselist=False`) but gives no `remote_side=` (nor `primaryjoin=`), when the table has a foreign key
to itself.

## Why is this bad?
Without `remote_side=`, SQLAlchemy takes a self-referential relationship as one-to-many: the
parent's key is the local side. `employee.manager` then loads an employee whose `manager_id` is
this employee's id (one of its reports, with a "Multiple rows returned with uselist=False"
warning when there are several), not the employee `manager_id` names. Setting it writes the
wrong row's key.

## Example
```python
class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employees.id"))
    manager: Mapped[Optional["Employee"]] = relationship()
```

## Use instead
```python
class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employees.id"))
    manager: Mapped[Optional["Employee"]] = relationship(remote_side="Employee.id")
```

## Fix safety
Unsafe, and offered only when the class has a single primary key column: the fix adds
`remote_side=` naming it, which turns the relationship around (many-to-one).
"#,
    fixable: true,
    check,
};

/// Arguments that orient the relationship or give its join.
const ORIENTING: &[&str] = &["remote_side", "primaryjoin", "secondary", "secondaryjoin", "_local_remote_pairs"];

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let schema = schema(cx.db);
    for model in file_models(cx) {
        for attr in own_relationships(model) {
            if attr.target.as_ref() != Some(&model.class) {
                continue;
            }
            let Some(value) = attr.value.as_deref() else { continue };
            let positional_secondary = matches!(value, Expr::Call { args, .. } if args.len() > 1);
            if positional_secondary || ORIENTING.iter().any(|k| value.kwarg(k).is_some()) || !single_object(attr) {
                continue;
            }
            // The table must refer to itself (else another rule says there is no key at all).
            let Some(tables) = class_tables(models, schema, model) else { continue };
            let links = foreign_key_links(cx.db, models, schema, model);
            if !links.iter().any(|l| tables.contains(&l.table) && tables.contains(&l.references)) {
                continue;
            }
            let Some((start, end)) = name_range(cx, &attr.declared_in, Some(&attr.name)) else { continue };
            let keys: Vec<&ModelAttr> =
                model.attributes.iter().filter(|a| a.kind == AttrKind::Column && a.primary_key).collect();
            let fix = match keys.as_slice() {
                [key] => declaration_call(cx, attr)
                    .and_then(|call| {
                        append_argument(cx, call, &format!("remote_side=\"{}.{}\"", model.name(), key.name))
                    })
                    .map(|edit| Fix {
                        applicability: Applicability::Unsafe,
                        message: format!("Add `remote_side=\"{}.{}\"`", model.name(), key.name),
                        edits: vec![edit],
                    }),
                _ => None,
            };
            let message = format!(
                "`{}.{}` refers to its own class as a single object without `remote_side=`: SQLAlchemy loads it as one-to-many (a row whose key points at this one), not the row this one points at",
                model.name(),
                attr.name
            );
            out.push(cx.diagnostic(&RULE, start, end, message, fix));
        }
    }
}

/// Declared to hold a single object: by its annotation (unless `uselist=True`), or `uselist=False`.
fn single_object(attr: &ModelAttr) -> bool {
    let uselist = attr.value.as_deref().and_then(|v| v.kwarg("uselist")).and_then(|u| u.as_bool());
    match uselist {
        Some(uselist) => !uselist,
        None => attr.typed && annotated_collection(attr) == Some(false),
    }
}
