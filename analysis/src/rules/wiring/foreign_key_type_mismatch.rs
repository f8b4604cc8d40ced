//! SQA305 foreign-key-type-mismatch.

use rustc_hash::FxHashSet;

use super::common::name_range;
use crate::models::{AttrKind, ModelAttr};
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};
use crate::schema::{attr_table, column_key, referenced_table, schema};
use crate::types::{Class, Ty, display};

pub static RULE: Rule = Rule {
    code: "SQA305",
    name: "foreign-key-type-mismatch",
    family: Family::Wiring,
    severity: Severity::Warning,
    series: None,
    summary: "a foreign key column's Python type differs from the column it references",
    doc: r#"## What it does
Compares the Python type of a column holding a foreign key (`Mapped[str]`, or `Column(String)`)
with the type of the column it references (`users.id: Mapped[int]`).

## Why is this bad?
The database column is created with the type written here, not the referenced one: the values
loaded are of a different type than the key they point to, comparisons and joins need casts, and
some databases refuse the constraint. Usually one of the two annotations is a typo.

## Example
```python
class Post(Base):
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))  # users.id is Mapped[int]
```

## Use instead
```python
class Post(Base):
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
```

## Fix safety
No fix: which side is wrong is for the author to say.
"#,
    fixable: false,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let schema = schema(cx.db);
    let mut seen = FxHashSet::default();
    for model in models.declaring_in(cx.file) {
        for attr in &model.attributes {
            if attr.kind != AttrKind::Column || attr.foreign_keys.is_empty() || attr.declared_in.file != cx.file {
                continue;
            }
            if !seen.insert((attr.declared_in.clone(), attr.name.clone())) {
                continue;
            }
            // Only a type written by the author: `Mapped[...]`, or an explicit SQL type.
            if !attr.typed && attr.sql_type.is_none() {
                continue;
            }
            // The annotation as written (the loaded value follows the referenced column instead).
            let declared = if attr.typed { &attr.checker_instance } else { &attr.python };
            let Some(own) = simple_type(declared) else { continue };
            for fk in &attr.foreign_keys {
                let Some((_, column)) = fk.rsplit_once('.') else { continue };
                let table = referenced_table(fk);
                let Some((target_model, target)) = schema.classes_of_table(table).find_map(|class| {
                    let m = models.model(class)?;
                    if schema.model(class).is_none_or(|s| s.has_table_object) {
                        return None;
                    }
                    let target = m.attributes.iter().find(|a| {
                        a.kind == AttrKind::Column
                            && column_key(a) == column
                            && attr_table(&schema.models, models, m, a).as_deref() == Some(table)
                    })?;
                    Some((m, target))
                }) else {
                    continue;
                };
                let Some(theirs) = referenced_type(target) else { continue };
                // A workspace class against a library one (`class Email(str)` vs `str`): not ours to judge.
                if own == theirs || is_user(&own) != is_user(&theirs) {
                    continue;
                }
                let Some((start, end)) = name_range(cx, &attr.declared_in, Some(&attr.name)) else { continue };
                let message = format!(
                    "`{}.{}` is `{}` but references `{fk}` (`{}.{}`), which is `{}`",
                    attr.declared_in.name,
                    attr.name,
                    display(&own, cx.series),
                    target_model.name(),
                    target.name,
                    display(&theirs, cx.series),
                );
                out.push(cx.diagnostic(&RULE, start, end, message, None));
                break;
            }
        }
    }
}

fn is_user(ty: &Ty) -> bool {
    matches!(ty, Ty::Instance(Class::User(_), _))
}

fn referenced_type(attr: &ModelAttr) -> Option<Ty> {
    if !attr.typed && attr.sql_type.is_none() {
        return None;
    }
    simple_type(&attr.python)
}

/// The type without `None`, when it is a plain class instance (`int`, `str`, `UUID`, an enum).
fn simple_type(ty: &Ty) -> Option<Ty> {
    let ty = ty.without_none();
    match &ty {
        Ty::Instance(Class::Ext(_) | Class::User(_), args) if args.is_empty() => Some(ty),
        _ => None,
    }
}
