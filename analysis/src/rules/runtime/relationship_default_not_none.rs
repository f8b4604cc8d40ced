//! SQA405 relationship-default-not-none.

use super::{is_dataclass_mapped, keyword};
use crate::models::{AttrKind, Collection};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::settings::Series;
use crate::syntax::node_ext::field;

pub static RULE: Rule = Rule {
    code: "SQA405",
    name: "relationship-default-not-none",
    family: Family::Runtime,
    severity: Severity::Error,
    series: Some(Series::V21),
    summary: "a dataclass-mapped relationship default other than `None` / the collection class",
    doc: r#"## What it does
Finds, in classes mapped as dataclasses (`MappedAsDataclass`, `@registry.mapped_as_dataclass`) under
SQLAlchemy 2.1, `relationship(default=...)` with a value other than `None` on a scalar
relationship, `default=` on a collection, and `default_factory=` other than the collection's own
class (`list` for `Mapped[list[...]]`, `set` for `Mapped[set[...]]`).

## Why is this bad?
SQLAlchemy 2.1 no longer hands these defaults to `@dataclass` as real defaults: the attribute is
left unset and the ORM supplies `None` or an empty collection on access, so that a default never
overwrites a value set through a foreign key, a backref or `Session.merge()`. It therefore accepts
only `default=None` (for a many-to-one or `uselist=False` relationship) and, for collections,
`default_factory=` naming exactly the annotated collection class; anything else raises
`ArgumentError` when the mappers are configured.

## Example
```python
class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    children: Mapped[list["Child"]] = relationship(default=[])
    favorite: Mapped[Optional["Child"]] = relationship(default=NOBODY)
```

## Use instead
```python
class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    children: Mapped[list["Child"]] = relationship(default_factory=list)
    favorite: Mapped[Optional["Child"]] = relationship(default=None)
```

## Fix safety
For collections, `default=[]` (or `list()`, `set()`) and `default_factory=lambda: []` become
`default_factory=list` (or `set`): safe, the same empty collection. Any other collection default is
replaced the same way, unsafe (the initial value changes). Scalar defaults are reported without a
fix: which object to start from is the author's call.
"#,
    fixable: true,
    check,
};

/// `[]`, `list()`, `set()`, `lambda: []`: an empty collection (the body of a lambda counts).
fn is_empty_collection(text: &str) -> bool {
    let text = text.trim();
    let body = text.strip_prefix("lambda").and_then(|rest| rest.trim_start().strip_prefix(':')).unwrap_or(text).trim();
    matches!(body, "[]" | "list()" | "set()")
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for model in cx.models().in_file(cx.file) {
        if !is_dataclass_mapped(cx, model) {
            continue;
        }
        for attr in &model.attributes {
            if attr.kind != AttrKind::Relationship || attr.declared_in != model.class || attr.via_backref {
                continue;
            }
            let Some(call) = cx.attribute_value(&model.class, &attr.name).filter(|v| v.kind() == "call") else {
                continue;
            };
            let Some(arguments) = field(call, "arguments") else { continue };
            let default = keyword(cx, arguments, "default");
            let factory = keyword(cx, arguments, "default_factory");
            let wanted = match attr.collection {
                Some(Collection::List) => "list",
                Some(Collection::Set) => "set",
                Some(Collection::Scalar) => {
                    let Some(value) = default.filter(|v| cx.text(*v) != "None") else { continue };
                    let message = format!(
                        "`{}.{}`: a relationship's `default=` only accepts `None` in SQLAlchemy 2.1 (`ArgumentError` when the mappers are configured)",
                        model.name(),
                        attr.name
                    );
                    out.push(cx.diagnostic_at(&RULE, value.parent().unwrap_or(value), message, None));
                    continue;
                }
                _ => continue,
            };
            let (argument, value) = match (default, factory) {
                (Some(value), _) => (value.parent().unwrap_or(value), value),
                (None, Some(value)) if cx.text(value) != wanted => (value.parent().unwrap_or(value), value),
                _ => continue,
            };
            let text = cx.text(value);
            let safe = is_empty_collection(text) && text.contains("set()") == (wanted == "set");
            let fix = Fix {
                applicability: if safe { Applicability::Safe } else { Applicability::Unsafe },
                message: format!("Use `default_factory={wanted}`"),
                edits: vec![Edit {
                    file: cx.file,
                    start: argument.start_byte() as u32,
                    end: argument.end_byte() as u32,
                    content: format!("default_factory={wanted}"),
                }],
            };
            let message = format!(
                "`{}.{}`: a collection relationship takes only `default_factory={wanted}` in SQLAlchemy 2.1, not `{}` (`ArgumentError` when the mappers are configured)",
                model.name(),
                attr.name,
                cx.text(argument)
            );
            out.push(cx.diagnostic_at(&RULE, argument, message, Some(fix)));
        }
    }
}
