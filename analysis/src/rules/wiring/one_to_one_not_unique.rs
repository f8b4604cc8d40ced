//! SQA318 one-to-one-not-unique.

use super::common::{DerivedJoin, append_argument, declaration_call, derived_joins, name_range};
use crate::hir::{Expr, Name};
use crate::models::Model;
use crate::rules::{Applicability, Diagnostic, Family, Fix, Rule, RuleContext, Severity};
use crate::schema::{foreign_key_links, links_between, same_hierarchy, schema, table_arg_items};

pub static RULE: Rule = Rule {
    code: "SQA318",
    name: "one-to-one-not-unique",
    family: Family::Wiring,
    severity: Severity::Info,
    series: None,
    summary: "a one-to-one relationship (`uselist=False`) whose foreign key column is not unique",
    doc: r#"## What it does
Finds `relationship(uselist=False)` (a one-to-one) whose join rides on a single foreign key
column, on either table, that is neither a primary key, nor `unique=True`, nor alone in a
`UniqueConstraint` or unique `Index` of `__table_args__`.

## Why is this bad?
Nothing in the database keeps the relationship one-to-one: a second row with the same key can be
inserted, and then the side that holds a single object loads one of them at random (SQLAlchemy
warns "Multiple rows returned with uselist=False").

## Example
```python
class Profile(Base):
    __tablename__ = "profiles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped["User"] = relationship(uselist=False)
```

## Use instead
```python
class Profile(Base):
    __tablename__ = "profiles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    user: Mapped["User"] = relationship(uselist=False)
```

## Fix safety
Unsafe: the fix adds `unique=True` to the column, which changes the table (and fails to migrate
while duplicates exist).
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let schema = schema(cx.db);
    for DerivedJoin { model, attr, value, target, ours, theirs } in derived_joins(cx) {
        if value.kwarg("uselist").and_then(|u| u.as_bool()) != Some(false)
            || same_hierarchy(models, &model.class, &target.class)
        {
            continue;
        }
        let our_links = foreign_key_links(cx.db, models, schema, model);
        let their_links = foreign_key_links(cx.db, models, schema, target);
        let paths = links_between(schema, models, (model, &our_links, &ours), (target, &their_links, &theirs));
        let [(link, ours_hold)] = paths.as_slice() else { continue };
        let (holder, other) = if *ours_hold { (model, target) } else { (target, model) };
        let Some(column) = link.attribute.as_ref().and_then(|a| holder.attribute(a)) else { continue };
        let unique = column.primary_key
            || column.value.as_deref().and_then(|v| v.kwarg("unique")).is_some_and(|u| u.as_bool() != Some(false))
            || unique_in_table_args(cx, holder, &link.columns);
        if unique {
            continue;
        }
        let Some((start, end)) = name_range(cx, &attr.declared_in, Some(&attr.name)) else { continue };
        let fix = declaration_call(cx, column)
            .filter(|_| column.declared_in.file == cx.file)
            .and_then(|call| append_argument(cx, call, "unique=True"))
            .map(|edit| Fix {
                applicability: Applicability::Unsafe,
                message: format!("Make `{}.{}` unique", holder.name(), column.name),
                edits: vec![edit],
            });
        let message = format!(
            "`{}.{}` is one-to-one (`uselist=False`) but `{}.{}` is not unique: the database allows several `{}` rows per `{}`",
            model.name(),
            attr.name,
            link.table,
            link.columns.join(", "),
            holder.name(),
            other.name()
        );
        out.push(cx.diagnostic(&RULE, start, end, message, fix));
    }
}

/// `UniqueConstraint("user_id")`, `Index("ix", "user_id", unique=True)` (or anything we cannot
/// read) in `__table_args__` of the class or its bases.
fn unique_in_table_args(cx: &RuleContext<'_>, model: &Model, columns: &[Name]) -> bool {
    std::iter::once(&model.class).chain(model.bases.iter()).any(|class| {
        let Some(item) = crate::hir::index::class_item(cx.db, class.file, &class.name) else { return false };
        if item.method("__table_args__").is_some() {
            return true;
        }
        let Some(args) = item.assigned("__table_args__") else { return false };
        if !matches!(args, Expr::Tuple(_) | Expr::List(_) | Expr::Dict(_)) {
            return true;
        }
        table_arg_items(args).iter().any(|item| {
            let Expr::Call { func, args, kwargs } = item else { return false };
            let name = func.dotted_path().and_then(|p| p.last().cloned()).unwrap_or_default();
            let named: Vec<&str> = args.iter().filter_map(|a| a.as_str()).collect();
            let unique_kw = kwargs.iter().any(|(k, v)| k == "unique" && v.as_bool() != Some(false));
            match name.as_str() {
                "UniqueConstraint" | "PrimaryKeyConstraint" => {
                    named.len() != args.len() || named.iter().copied().eq(columns.iter().map(|c| c.as_str()))
                }
                "Index" if unique_kw => {
                    named.len() != args.len() || named.iter().skip(1).copied().eq(columns.iter().map(|c| c.as_str()))
                }
                _ => false,
            }
        })
    })
}
