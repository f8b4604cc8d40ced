//! SQA118 non-mapped-annotation.

use rustc_hash::FxHashSet;

use super::spelling::{Edits, external_name};
use crate::hir::index::class_item;
use crate::hir::{Definition, Expr, Name, resolve_expr_symbol};
use crate::models::{AttrKind, Collection, Model, ModelAttr};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::node_ext::field;
use crate::types::annotation::TypeScope;
use crate::types::{Class, ClassRef, Ty};

pub static RULE: Rule = Rule {
    code: "SQA118",
    name: "non-mapped-annotation",
    family: Family::Migration,
    severity: Severity::Warning,
    series: None,
    summary: "mapped attribute annotated without `Mapped[...]` (mypy-plugin style)",
    doc: r#"## What it does
Finds mapped attributes (`relationship()`, `Column()`, `mapped_column()`, …) whose annotation is a
plain type instead of `Mapped[...]`, the style the retired mypy plugin asked for. Classes that set
`__allow_unmapped__ = True` (themselves or on a base) are left alone, and so are `ClassVar`s.

## Why is this bad?
SQLAlchemy 2.0 reads the annotations of a declarative class: a non-`Mapped` annotation on a mapped
attribute raises `ArgumentError` ("Type annotation can't be correctly interpreted for Annotated
Declarative Table form") unless the class sets `__allow_unmapped__`. Type checkers without the
plugin also take the annotation literally: `user.addresses` is a list, but `User.addresses` is not an
attribute they can build queries with.

## Example
```python
class Parent(Base):
    children: List["Child"] = relationship("Child")
```

## Use instead
```python
class Parent(Base):
    children: Mapped[List["Child"]] = relationship("Child")
```

## Fix safety
Safe when the annotation agrees with the mapping: SQLAlchemy then maps the attribute the same way.
Unsafe when `Mapped[...]` would change it: a non-`Optional` annotation on a `mapped_column()` without
`nullable=` (the column becomes NOT NULL), or a collection annotation that differs from the
relationship's (`Set[...]` without `collection_class=`, a scalar on a one-to-many).
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    // Built only when this file has an annotation to read (most files have none).
    let mut seen: FxHashSet<(ClassRef, Name)> = FxHashSet::default();
    for model in models.declaring_in(cx.file) {
        // An imperative mapping reads no annotations: any annotation on its class is fine.
        if model.base_kind == crate::models::BaseKind::Imperative {
            continue;
        }
        for attr in &model.attributes {
            if attr.declared_in.file != cx.file || attr.via_backref || attr.typed {
                continue;
            }
            let Some(annotation) = attr.annotation.as_deref() else { continue };
            if !matches!(
                attr.kind,
                AttrKind::Column
                    | AttrKind::Relationship
                    | AttrKind::ColumnProperty
                    | AttrKind::Synonym
                    | AttrKind::Composite
            ) {
                continue;
            }
            if is_class_var(cx, annotation) || is_quoted_mapped(annotation) || allows_unmapped(cx, model) {
                continue;
            }
            if !seen.insert((attr.declared_in.clone(), attr.name.clone())) {
                continue;
            }
            let Some((_, start, end)) = cx.declaration(&attr.declared_in, Some(&attr.name)) else { continue };
            let Some(type_node) = cx
                .parsed
                .root()
                .descendant_for_byte_range(start as usize, end as usize)
                .and_then(|n| n.parent())
                .filter(|p| p.kind() == "assignment")
                .and_then(|a| field(a, "type"))
            else {
                continue;
            };
            let written = cx.text(type_node);
            // Annotation strings name classes of the model's own registry.
            let scope = TypeScope { db: cx.db, file: cx.file, registry_names: models.names_in(&model.registry) };
            let annotated = scope.eval(annotation);
            let mut edits = Edits::default();
            let fix = external_name(cx, "sqlalchemy.orm", "Mapped", &mut edits).map(|mapped| {
                edits.push(Edit {
                    file: cx.file,
                    start: type_node.start_byte() as u32,
                    end: type_node.start_byte() as u32,
                    content: format!("{mapped}["),
                });
                edits.push(Edit {
                    file: cx.file,
                    start: type_node.end_byte() as u32,
                    end: type_node.end_byte() as u32,
                    content: "]".to_owned(),
                });
                Fix {
                    applicability: if changes_mapping(attr, &annotated) {
                        Applicability::Unsafe
                    } else {
                        Applicability::Safe
                    },
                    message: format!("Use `Mapped[{written}]`"),
                    edits: edits.finish(),
                }
            });
            let message = format!(
                "`{}.{}` is annotated `{written}` without `Mapped[...]`; SQLAlchemy 2.0 rejects it",
                attr.declared_in.name, attr.name
            );
            out.push(cx.diagnostic(&RULE, start, end, message, fix));
        }
    }
}

fn is_class_var(cx: &RuleContext<'_>, annotation: &Expr) -> bool {
    let base = match annotation {
        Expr::Subscript(base, _) => base.as_ref(),
        other => other,
    };
    matches!(resolve_expr_symbol(cx.db, cx.file, base), Some(Definition::External(s)) if s == "typing.ClassVar")
}

/// `"Mapped[int]"`: the whole annotation quoted (the registry does not read inside the string).
fn is_quoted_mapped(annotation: &Expr) -> bool {
    let Some(text) = annotation.as_str() else { return false };
    text.split_once('[').is_some_and(|(head, _)| head.trim().rsplit('.').next().is_some_and(|n| n.ends_with("Mapped")))
}

/// `__allow_unmapped__ = True` on the class or one of its bases.
fn allows_unmapped(cx: &RuleContext<'_>, model: &Model) -> bool {
    std::iter::once(&model.class).chain(model.bases.iter()).any(|class| {
        class_item(cx.db, class.file, &class.name)
            .is_some_and(|item| item.assigned("__allow_unmapped__").and_then(Expr::as_bool) == Some(true))
    })
}

/// Whether reading the annotation as `Mapped[...]` maps the attribute differently than now.
fn changes_mapping(attr: &ModelAttr, annotated: &Ty) -> bool {
    let value = attr.value.as_deref();
    let has_kwarg = |name: &str| value.and_then(|v| v.kwarg(name)).is_some();
    match attr.kind {
        // `Column(...)` keeps its own nullability; `mapped_column()` takes it from the annotation.
        AttrKind::Column => {
            attr.declared_with.as_deref() == Some("mapped_column")
                && !has_kwarg("nullable")
                && !attr.primary_key
                && !annotated.is_optional()
        }
        AttrKind::Relationship => {
            let shape = match annotated.without_none() {
                Ty::Instance(Class::User(_), _) => Some(Collection::Scalar),
                Ty::Instance(Class::Ext(name), _) => match name.as_str() {
                    "typing.List" | "builtins.list" => Some(Collection::List),
                    "typing.Set" | "builtins.set" => Some(Collection::Set),
                    _ => None,
                },
                _ => None,
            };
            match shape {
                None => true,
                Some(Collection::Set) => !has_kwarg("collection_class"),
                Some(shape) => {
                    let Some(current) = attr.shape.as_ref().and_then(|s| s.collection) else {
                        return true;
                    };
                    let both_lists = shape == Collection::List && current == Collection::List;
                    let both_scalar = shape == Collection::Scalar && current == Collection::Scalar;
                    !(both_lists || both_scalar || has_kwarg("uselist"))
                }
            }
        }
        _ => false,
    }
}
