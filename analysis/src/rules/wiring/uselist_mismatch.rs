//! SQA310 uselist-mismatch.

use super::common::{declaration_call, keyword_argument, name_range, remove_argument};
use crate::hir::Expr;
use crate::models::{AttrKind, Collection, ModelAttr};
use crate::rules::{Applicability, Diagnostic, Family, Fix, Rule, RuleContext, Severity};
use crate::types::{Class, Ty, display};

pub static RULE: Rule = Rule {
    code: "SQA310",
    name: "uselist-mismatch",
    family: Family::Wiring,
    severity: Severity::Warning,
    series: None,
    summary: "`uselist=` (or the other side of a many-to-many) contradicts the relationship's `Mapped[...]` annotation",
    doc: r#"## What it does
Finds `relationship(uselist=False)` annotated as a collection (`Mapped[List["X"]]`,
`WriteOnlyMapped["X"]`), and `relationship(uselist=True)` annotated as a single object
(`Mapped["X"]`, `Mapped[Optional["X"]]`). Also finds a many-to-many (`secondary=`) annotated as
a single object whose other side (`back_populates=`) is a collection.

## Why is this bad?
`uselist=` wins at run time: the attribute holds a single object where the annotation promises a
list (or the reverse), so type checkers accept code that fails, and reject code that works. A
many-to-many annotated as a single object loads one of its rows and drops the others
(SQLAlchemy warns "Multiple rows returned with uselist=False").

## Example
```python
class User(Base):
    addresses: Mapped[List["Address"]] = relationship(uselist=False)
```

## Use instead
```python
class User(Base):
    address: Mapped["Address"] = relationship()
```

## Fix safety
Unsafe: the fix removes `uselist=` so that the annotation decides, which changes what the
attribute holds at run time.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    for model in models.in_file(cx.file) {
        for attr in &model.attributes {
            if attr.kind != AttrKind::Relationship || !attr.typed || attr.via_backref || attr.declared_in != model.class
            {
                continue;
            }
            let Some(uselist) = attr.value.as_deref().and_then(|v| v.kwarg("uselist")).and_then(|u| u.as_bool()) else {
                if let Some(diagnostic) = single_many_to_many(cx, model.name(), attr) {
                    out.push(diagnostic);
                }
                continue;
            };
            let Some(collection) = annotated_collection(attr) else { continue };
            if collection == uselist {
                continue;
            }
            let Some(call) = declaration_call(cx, attr) else { continue };
            let Some(argument) = keyword_argument(call, "uselist", cx.parsed.text()) else { continue };
            let shape = if collection { "a collection" } else { "a single object" };
            let message = format!(
                "`{}.{}` is annotated as {shape} (`{}`) but has `uselist={}`",
                model.name(),
                attr.name,
                display(&attr.python, cx.series),
                if uselist { "True" } else { "False" }
            );
            let fix = remove_argument(cx, argument).map(|edit| Fix {
                applicability: Applicability::Unsafe,
                message: "Remove `uselist=`: the annotation decides".to_owned(),
                edits: vec![edit],
            });
            out.push(cx.diagnostic_at(&RULE, argument, message, fix));
        }
    }
}

/// `tags: Mapped["Tag"] = relationship(secondary=..., back_populates="posts")` where `Tag.posts` is
/// a collection.
fn single_many_to_many(cx: &RuleContext<'_>, model: &str, attr: &ModelAttr) -> Option<Diagnostic> {
    let value = attr.value.as_deref()?;
    let secondary = value.kwarg("secondary").is_some() || matches!(value, Expr::Call { args, .. } if args.len() > 1);
    if !secondary || annotated_collection(attr) != Some(false) {
        return None;
    }
    let target = cx.models().model(attr.target.as_ref()?)?;
    let other = target.attribute(attr.back_populates.as_deref()?)?;
    if other.kind != AttrKind::Relationship || other.target.as_ref() != Some(&attr.declared_in) {
        return None;
    }
    let other_is_collection = if other.typed {
        annotated_collection(other)? && other.value.as_deref().and_then(|v| v.kwarg("uselist")).is_none()
    } else {
        other.value.as_deref().and_then(|v| v.kwarg("uselist")).and_then(|u| u.as_bool()) != Some(false)
    };
    if !other_is_collection {
        return None;
    }
    let (start, end) = name_range(cx, &attr.declared_in, Some(&attr.name))?;
    let message = format!(
        "`{model}.{}` is annotated as a single object (`{}`) but is a many-to-many whose other side `{}.{}` is a collection",
        attr.name,
        display(&attr.python, cx.series),
        target.name(),
        other.name
    );
    Some(cx.diagnostic(&RULE, start, end, message, None))
}

/// Whether the annotation holds a collection of the target, when the annotation says clearly.
pub(super) fn annotated_collection(attr: &ModelAttr) -> Option<bool> {
    if matches!(attr.collection, Some(Collection::WriteOnly | Collection::Dynamic)) {
        return Some(true);
    }
    match attr.python.without_none() {
        Ty::Instance(Class::User(_), _) => Some(false),
        Ty::Instance(Class::Ext(name), args) if matches!(args.first(), Some(Ty::Instance(Class::User(_), _))) => {
            let collection = ["List", "list", "Set", "set", "Sequence", "MutableSequence", "MutableSet", "Collection"];
            collection.contains(&name.rsplit('.').next().unwrap_or(&name)).then_some(true)
        }
        _ => None,
    }
}
