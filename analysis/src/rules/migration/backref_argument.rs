//! SQA111 backref-argument.

use super::spelling::{Edits, class_body_insertion, external_name};
use super::untyped_column::relationship_annotation;
use crate::models::{AttrKind, Collection, Model, ModelAttr, ModelRegistry};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, string_value};

pub static RULE: Rule = Rule {
    code: "SQA111",
    name: "backref-argument",
    family: Family::Migration,
    severity: Severity::Info,
    series: None,
    summary: "`relationship(backref=...)` is legacy; declare both sides with `back_populates`",
    doc: r#"## What it does
Finds relationships that declare their reverse side with `backref="name"` or
`backref=backref("name", ...)`.

## Why is this bad?
The reverse attribute exists only once the mappers are configured: type checkers never see it
(`address.user` is an error for them), readers of the other class do not find it, and it cannot be
typed with `Mapped[...]`. SQLAlchemy 2.0 documents `backref` as legacy in favour of two explicit
`relationship()`s linked by `back_populates`.

## Example
```python
class User(Base):
    addresses = relationship("Address", backref="user")

class Address(Base):
    user_id = mapped_column(ForeignKey("users.id"))
```

## Use instead
```python
class User(Base):
    addresses = relationship("Address", back_populates="user")

class Address(Base):
    user_id = mapped_column(ForeignKey("users.id"))
    user = relationship("User", back_populates="addresses")
```

## Fix safety
Unsafe: the fix edits the target class too, possibly in another file. The new relationship carries
the `backref(...)` arguments and what SQLAlchemy copies to a backref (`secondary=`, `viewonly=`, …);
it is typed (`Mapped[...]`) when the target class uses `Mapped[...]` annotations. No fix when the
relationship spells out its join (`primaryjoin=`, `secondaryjoin=`, `foreign_keys=`), since the reverse
join would have to be written by hand, or when the target class already has an attribute of that
name.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    for model in models.in_file(cx.file) {
        for attr in &model.attributes {
            if attr.kind != AttrKind::Relationship || attr.declared_in != model.class || attr.via_backref {
                continue;
            }
            let Some(value) = cx.attribute_value(&attr.declared_in, &attr.name) else { continue };
            let Some(keyword) = keyword_argument(cx, value, "backref") else { continue };
            let reverse = match (&attr.backref, &attr.target) {
                (Some(backref), Some(target)) => format!("`{}.{backref}`", target.name),
                _ => "the reverse side".to_owned(),
            };
            let message = format!(
                "`{}.{}` declares {reverse} with `backref=` (legacy); declare both sides with `back_populates=`",
                model.name(),
                attr.name
            );
            let fix = fix(cx, models, model, attr, value, keyword);
            out.push(cx.diagnostic_at(&RULE, keyword, message, fix));
        }
    }
}

fn keyword_argument<'t>(cx: &RuleContext<'_>, call: Node<'t>, name: &str) -> Option<Node<'t>> {
    if call.kind() != "call" {
        return None;
    }
    named_children(field(call, "arguments")?)
        .into_iter()
        .find(|a| a.kind() == "keyword_argument" && field(*a, "name").is_some_and(|n| cx.text(n) == name))
}

fn is_literal(node: Node<'_>) -> bool {
    matches!(node.kind(), "string" | "concatenated_string" | "integer" | "float" | "true" | "false" | "none")
}

fn fix(
    cx: &RuleContext<'_>,
    models: &ModelRegistry,
    model: &Model,
    attr: &ModelAttr,
    call: Node<'_>,
    keyword: Node<'_>,
) -> Option<Fix> {
    let target = attr.target.as_ref()?;
    let target_model = models.model(target)?;
    let self_referential = *target == model.class;
    let value = field(keyword, "value")?;
    // `backref="name"` or `backref=backref("name", **kwargs)`.
    let (name, backref_kwargs): (String, Vec<Node<'_>>) = match value.kind() {
        "string" => (string_value(value, cx.parsed.text())?, Vec::new()),
        "call" if field(value, "function").and_then(|f| cx.symbol_of(f)).as_deref() == Some("sqlalchemy.backref") => {
            let args = named_children(field(value, "arguments")?);
            let (first, rest) = args.split_first()?;
            if rest.iter().any(|a| a.kind() != "keyword_argument") {
                return None;
            }
            (string_value(*first, cx.parsed.text())?, rest.to_vec())
        }
        _ => return None,
    };
    if target_model.attribute(&name).is_some_and(|a| !a.via_backref) {
        return None;
    }
    let mut carried: Vec<String> = Vec::new();
    // What SQLAlchemy copies from this side to the backref it generates.
    for argument in named_children(field(call, "arguments")?) {
        if argument.kind() != "keyword_argument" {
            continue;
        }
        let (key, value) = (cx.text(field(argument, "name")?), field(argument, "value")?);
        match key {
            "primaryjoin" | "secondaryjoin" | "foreign_keys" | "back_populates" => return None,
            "remote_side" if !self_referential => return None,
            "secondary" if is_literal(value) || target.file == cx.file => carried.push(cx.text(argument).to_owned()),
            "secondary" => return None,
            "post_update" | "passive_updates" | "viewonly" | "sync_backref" if is_literal(value) => {
                carried.push(cx.text(argument).to_owned());
            }
            "post_update" | "passive_updates" | "viewonly" | "sync_backref" => return None,
            _ => {}
        }
    }
    for argument in &backref_kwargs {
        let (key, value) = (cx.text(field(*argument, "name")?), field(*argument, "value")?);
        // Names in other expressions mean something else in the other class's body.
        if !is_literal(value) && !self_referential {
            return None;
        }
        carried.retain(|c| !c.starts_with(&format!("{key}=")));
        carried.push(cx.text(*argument).to_owned());
    }
    // The attribute SQLAlchemy creates today, shaped by `schema/` (`uselist=` included).
    let created =
        target_model.attribute(&name).filter(|a| a.via_backref && a.back_populates.as_deref() == Some(&attr.name));
    let collection: Option<Collection> = created.and_then(|a| a.collection);
    let optional = created.and_then(|a| a.shape.as_ref()).is_none_or(|s| s.optional != Some(false));

    let mut edits = Edits::default();
    edits.push(Edit {
        file: cx.file,
        start: keyword.start_byte() as u32,
        end: keyword.end_byte() as u32,
        content: format!("back_populates=\"{name}\""),
    });
    let target_cx = RuleContext::new(cx.db, target.file);
    let (at, indent, needs_newline) = class_body_insertion(&target_cx, target)?;
    let relationship = external_name(&target_cx, "sqlalchemy.orm", "relationship", &mut edits)?;
    let back_populates = format!("back_populates=\"{}\"", attr.name);
    let typed = target_model.attributes.iter().any(|a| a.declared_in == *target && !a.via_backref && a.typed);
    let declaration = if let Some(collection) = collection.filter(|_| typed) {
        let (wrapper, inner) = relationship_annotation(&target_cx, collection, optional, model.name(), &mut edits)?;
        let wrapper = external_name(&target_cx, "sqlalchemy.orm", wrapper, &mut edits)?;
        let arguments: Vec<String> = std::iter::once(back_populates).chain(carried).collect();
        format!("{name}: {wrapper}[{inner}] = {relationship}({})", arguments.join(", "))
    } else {
        let arguments: Vec<String> =
            [format!("\"{}\"", model.name()), back_populates].into_iter().chain(carried).collect();
        format!("{name} = {relationship}({})", arguments.join(", "))
    };
    edits.push(Edit {
        file: target.file,
        start: at,
        end: at,
        content: format!("{}{indent}{declaration}\n", if needs_newline { "\n" } else { "" }),
    });
    Some(Fix {
        applicability: Applicability::Unsafe,
        message: format!("Use `back_populates=\"{name}\"` and declare `{}.{name}`", target.name),
        edits: edits.finish(),
    })
}
