//! SQA101 dynamic-relationship.

use crate::ide::declaration_range;
use crate::models::{AttrKind, Collection};
use crate::rules::imports::import_name;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};

pub static RULE: Rule = Rule {
    code: "SQA101",
    name: "dynamic-relationship",
    family: Family::Migration,
    severity: Severity::Warning,
    series: None,
    summary: "`lazy=\"dynamic\"` relationships are legacy; use `WriteOnlyMapped`",
    doc: r#"## What it does
Finds relationships loaded with `lazy="dynamic"` (also through `backref(..., lazy="dynamic")`,
`dynamic_loader(...)` and `DynamicMapped[...]`).

## Why is this bad?
The dynamic loader returns a legacy `AppenderQuery`, built on the 1.x `Query` API. SQLAlchemy 2.0
keeps it only for compatibility; the 2.0-style replacement is a write-only collection, whose
`.select()` returns a typed `Select` you execute with the session.

## Example
```python
class User(Base):
    posts = relationship("Post", lazy="dynamic")

user.posts.filter(Post.published).all()
```

## Use instead
```python
class User(Base):
    posts: WriteOnlyMapped["Post"] = relationship()

session.scalars(user.posts.select().where(Post.published)).all()
```

## Fix safety
Safe for an untyped `relationship(..., lazy="dynamic")`: it is annotated `DynamicMapped["X"]`, the
same loader, now typed. Moving to `WriteOnlyMapped` changes the collection's API at every use site
and is left to you.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for model in &cx.models().models {
        for attr in &model.attributes {
            // Each declaration once, where it is written (inherited copies and backrefs are not).
            if attr.kind != AttrKind::Relationship || attr.declared_in != model.class || attr.via_backref {
                continue;
            }
            if attr.declared_in.file != cx.file {
                continue;
            }
            let target = attr.target.as_ref().map(|t| t.name.as_str()).unwrap_or("...");
            let (what, collection_of) = if attr.collection == Some(Collection::Dynamic) {
                (format!("`{}.{}`", model.name(), attr.name), target)
            } else if attr.backref_lazy.as_deref() == Some("dynamic") {
                let backref = attr.backref.as_deref().unwrap_or("?");
                (format!("the backref `{target}.{backref}` (of `{}.{}`)", model.name(), attr.name), model.name())
            } else {
                continue;
            };
            let Some((_, start, end)) = declaration_range(cx.db, &attr.declared_in, Some(&attr.name)) else {
                continue;
            };
            let message = format!(
                "{what} is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"{collection_of}\"]` and `.select()`"
            );
            let fix = (attr.collection == Some(Collection::Dynamic) && attr.annotation.is_none())
                .then(|| annotate_dynamic(cx, start, end, collection_of))
                .flatten();
            out.push(cx.diagnostic(&RULE, start, end, message, fix));
        }
    }
}

/// `posts = relationship(...)` → `posts: DynamicMapped["Post"] = relationship(...)`.
fn annotate_dynamic(cx: &RuleContext<'_>, _start: u32, end: u32, target: &str) -> Option<Fix> {
    if target == "..." {
        return None;
    }
    let imported = import_name(cx, "sqlalchemy.orm", "DynamicMapped");
    let mut edits =
        vec![Edit { file: cx.file, start: end, end, content: format!(": {}[\"{target}\"]", imported.expression) }];
    edits.extend(imported.edit);
    edits.sort_by_key(|e| e.start);
    Some(Fix {
        applicability: Applicability::Safe,
        message: format!("Annotate as `DynamicMapped[\"{target}\"]`"),
        edits,
    })
}
