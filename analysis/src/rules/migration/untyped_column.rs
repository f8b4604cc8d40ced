//! SQA103 untyped-column.

use rustc_hash::FxHashSet;

use super::spelling::{Edits, TypeWriter, collection_of, external_name};
use crate::hir::Name;
use crate::models::{AttrKind, Collection, ModelAttr};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::node_ext::field;
use crate::types::{ClassRef, display};

pub static RULE: Rule = Rule {
    code: "SQA103",
    name: "untyped-column",
    family: Family::Migration,
    severity: Severity::Info,
    series: None,
    summary: "mapped attribute declared without `Mapped[...]`",
    doc: r#"## What it does
Finds `Column(...)`, `mapped_column(...)` and `relationship(...)` attributes of mapped classes (and
of the mixins they inherit) that have no `Mapped[...]` annotation. Dynamic relationships are left to
SQA101, attributes with another annotation to SQA118.

## Why is this bad?
Without `Mapped[...]` type checkers see `Column[int]` (or `Any`) instead of the value type, and
SQLAlchemy 2.1 types class access of a `Column` attribute as `Never`. Step 2 and 3 of "Migrating an
Existing Mapping" in the 2.0 guide: `mapped_column()` with a `Mapped[T]` annotation.

## Example
```python
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(30))
    addresses = relationship("Address")
```

## Use instead
```python
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[Optional[str]] = mapped_column(String(30))
    addresses: Mapped[List["Address"]] = relationship("Address")
```

## Fix safety
Unsafe: what type checkers see of the attribute changes (to what SQLAlchemy loads), which can bring
new type errors where it is used. The type is the column's SQL type and nullability (`Optional[...]`
when the file already imports `Optional`, else `X | None`), a relationship's target and collection
(`List["X"]` when the file imports from `typing`, else `list["X"]`). `Column(...)` called by that
name becomes `mapped_column(...)`. No fix when the type is not known.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let mut seen: FxHashSet<(ClassRef, Name)> = FxHashSet::default();
    for model in models.declaring_in(cx.file) {
        // An imperative mapping declares its attributes in `properties`, where no annotation goes.
        if model.base_kind == crate::models::BaseKind::Imperative {
            continue;
        }
        for attr in &model.attributes {
            if attr.declared_in.file != cx.file || attr.via_backref || attr.typed || attr.annotation.is_some() {
                continue;
            }
            match (attr.kind, attr.declared_with.as_deref()) {
                (AttrKind::Column, Some("Column" | "mapped_column")) => {}
                (AttrKind::Relationship, Some("relationship" | "relation")) => {}
                _ => continue,
            }
            // Dynamic relationships are SQA101's (`WriteOnlyMapped`).
            if attr.collection == Some(Collection::Dynamic) {
                continue;
            }
            // Each declaration once: a mixin's attribute is inherited by every model using it.
            if !seen.insert((attr.declared_in.clone(), attr.name.clone())) {
                continue;
            }
            let Some((_, start, end)) = cx.declaration(&attr.declared_in, Some(&attr.name)) else { continue };
            let owner = &attr.declared_in.name;
            let message = if attr.python.is_unknown() {
                format!("`{owner}.{}` has no `Mapped[...]` annotation", attr.name)
            } else {
                format!(
                    "`{owner}.{}` has no `Mapped[...]` annotation; it holds `{}`",
                    attr.name,
                    display(&attr.python, cx.series)
                )
            };
            out.push(cx.diagnostic(&RULE, start, end, message, fix(cx, attr, end)));
        }
    }
}

fn fix(cx: &RuleContext<'_>, attr: &ModelAttr, name_end: u32) -> Option<Fix> {
    let mut edits = Edits::default();
    let (wrapper, inner) = annotation(cx, attr, name_end, &mut edits)?;
    let mapped = external_name(cx, "sqlalchemy.orm", wrapper, &mut edits)?;
    edits.push(Edit { file: cx.file, start: name_end, end: name_end, content: format!(": {mapped}[{inner}]") });
    let mut message = format!("Annotate with `{wrapper}[{inner}]`");
    // `Column(...)` → `mapped_column(...)` (step 2 of the guide), where the callee is plainly `Column`.
    if attr.declared_with.as_deref() == Some("Column")
        && let Some(value) = cx.attribute_value(&attr.declared_in, &attr.name)
        && value.kind() == "call"
        && let Some(function) = field(value, "function")
        && is_plain_column(cx, function)
    {
        let mapped_column = external_name(cx, "sqlalchemy.orm", "mapped_column", &mut edits)?;
        edits.push(Edit {
            file: cx.file,
            start: function.start_byte() as u32,
            end: function.end_byte() as u32,
            content: mapped_column,
        });
        message.push_str(" and use `mapped_column()`");
    }
    Some(Fix { applicability: Applicability::Unsafe, message, edits: edits.finish() })
}

/// `Column`, `sa.Column`, `db.Column`.
fn is_plain_column(cx: &RuleContext<'_>, function: crate::syntax::Node<'_>) -> bool {
    match function.kind() {
        "identifier" => cx.text(function) == "Column",
        "attribute" => {
            field(function, "attribute").is_some_and(|a| cx.text(a) == "Column")
                && field(function, "object").is_some_and(|o| o.kind() == "identifier")
        }
        _ => false,
    }
}

/// The `Mapped`-family wrapper and the type inside it, in the file's style.
pub(super) fn annotation(
    cx: &RuleContext<'_>,
    attr: &ModelAttr,
    at: u32,
    edits: &mut Edits,
) -> Option<(&'static str, String)> {
    match attr.kind {
        AttrKind::Column => {
            let written = TypeWriter { cx, at }.write(&attr.python, edits)?;
            Some(("Mapped", written))
        }
        AttrKind::Relationship => {
            let shape = attr.shape.as_ref()?;
            relationship_annotation(
                cx,
                shape.collection?,
                shape.optional != Some(false),
                &attr.target.as_ref()?.name,
                edits,
            )
        }
        _ => None,
    }
}

/// `Mapped["X"]`, `Mapped["X | None"]`, `Mapped[List["X"]]`, `WriteOnlyMapped["X"]`, … for a
/// relationship to the class named `target`.
pub(super) fn relationship_annotation(
    cx: &RuleContext<'_>,
    collection: Collection,
    optional: bool,
    target: &str,
    edits: &mut Edits,
) -> Option<(&'static str, String)> {
    let quoted = format!("\"{target}\"");
    Some(match collection {
        // A scalar side is `None` when no row matches, unless its foreign key is NOT NULL.
        Collection::Scalar if optional => ("Mapped", format!("\"{target} | None\"")),
        Collection::Scalar => ("Mapped", quoted),
        Collection::List => ("Mapped", collection_of(cx, "list", &quoted, edits)?),
        Collection::Set => ("Mapped", collection_of(cx, "set", &quoted, edits)?),
        Collection::WriteOnly => ("WriteOnlyMapped", quoted),
        Collection::Dynamic => ("DynamicMapped", quoted),
        // The key type of a keyed dict and a custom collection class are not ours to write.
        Collection::Dict | Collection::Custom => return None,
    })
}
