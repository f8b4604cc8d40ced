//! SQA315 ambiguous-foreign-keys.

use super::common::{DerivedJoin, append_argument, declaration_call, derived_joins, name_range};
use crate::models::ModelAttr;
use crate::rules::{Applicability, Diagnostic, Family, Fix, Rule, RuleContext, Severity};
use crate::schema::{ForeignKeyLink, foreign_key_links, links_between, same_hierarchy, schema};

pub static RULE: Rule = Rule {
    code: "SQA315",
    name: "ambiguous-foreign-keys",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "a relationship between two tables that more than one foreign key links, without `foreign_keys=`",
    doc: r#"## What it does
Finds `relationship()` between two mapped classes whose tables more than one foreign key links
(`author_id` and `editor_id` both referencing `users`, or keys in both directions), when the
relationship gives neither `foreign_keys=` nor `primaryjoin=`. Each side of a `back_populates`
pair needs its own `foreign_keys=`; a `backref` shares its relationship's.

## Why is this bad?
SQLAlchemy cannot tell which key the relationship rides on: it raises `AmbiguousForeignKeysError:
Could not determine join condition between parent/child tables ... there are multiple foreign key
paths linking the tables` when the mappers are configured, at run time.

## Example
```python
class Post(Base):
    __tablename__ = "posts"
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship()
```

## Use instead
```python
class Post(Base):
    __tablename__ = "posts"
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship(foreign_keys="Post.author_id")
```

## Fix safety
Unsafe, and offered only when exactly one of the keys is named after the relationship (or the
attribute it pairs with): `author` → `author_id`. Which key was meant is the author's call.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let schema = schema(cx.db);
    for DerivedJoin { model, attr, target, ours, theirs, .. } in derived_joins(cx) {
        if same_hierarchy(models, &model.class, &target.class) {
            continue;
        }
        let our_links = foreign_key_links(cx.db, models, schema, model);
        let their_links = foreign_key_links(cx.db, models, schema, target);
        // SQLAlchemy looks at the class's own table first, then at its mapped parents' too.
        let mut paths = links_between(schema, models, (model, &our_links, &ours[..1]), (target, &their_links, &theirs));
        if paths.is_empty() {
            paths = links_between(schema, models, (model, &our_links, &ours), (target, &their_links, &theirs));
        }
        paths.dedup_by(|a, b| a.0 == b.0);
        if paths.len() < 2 {
            continue;
        }
        let Some((start, end)) = name_range(cx, &attr.declared_in, Some(&attr.name)) else { continue };
        let listed: Vec<String> =
            paths.iter().map(|(link, _)| format!("`{}.{}`", link.table, link.columns.join(", "))).collect();
        let message = format!(
            "`{}.{}`: {} foreign keys link `{}` and `{}` ({}); SQLAlchemy raises `AmbiguousForeignKeysError` without `foreign_keys=`",
            model.name(),
            attr.name,
            paths.len(),
            ours[0],
            theirs[0],
            listed.join(", ")
        );
        let fix = choose_key(attr, &paths).and_then(|(link, holder)| {
            let column = link.attribute.as_ref()?;
            let holder = if holder { model } else { target };
            let call = declaration_call(cx, attr)?;
            let edit = append_argument(cx, call, &format!("foreign_keys=\"{}.{column}\"", holder.name()))?;
            Some(Fix {
                applicability: Applicability::Unsafe,
                message: format!("Join on `{}.{column}`", holder.name()),
                edits: vec![edit],
            })
        });
        out.push(cx.diagnostic(&RULE, start, end, message, fix));
    }
}

/// The one key named after the relationship or its pair (`author` → `author_id`).
fn choose_key<'l>(attr: &ModelAttr, paths: &[(&'l ForeignKeyLink, bool)]) -> Option<(&'l ForeignKeyLink, bool)> {
    let mut names: Vec<String> = vec![format!("{}_id", attr.name)];
    names.extend(attr.back_populates.iter().map(|b| format!("{b}_id")));
    names.extend(attr.backref.iter().map(|b| format!("{b}_id")));
    let matching: Vec<(&ForeignKeyLink, bool)> = paths
        .iter()
        .copied()
        .filter(|(link, _)| link.attribute.as_ref().is_some_and(|a| names.iter().any(|n| n == a.as_str())))
        .collect();
    match matching.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}
