//! SQA303 back-populates-mismatch.

use rustc_hash::FxHashSet;

use super::common::{append_argument, declaration_call, kwarg_node, name_range, string_fix};
use crate::models::{AttrKind, Model, ModelAttr, ModelRegistry};
use crate::rules::{Applicability, Diagnostic, Family, Fix, Rule, RuleContext, Severity, did_you_mean};
use crate::schema;
use crate::schema::same_hierarchy;
use crate::syntax::node_ext::{field, named_children};

pub static RULE: Rule = Rule {
    code: "SQA303",
    name: "back-populates-mismatch",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "`back_populates=\"x\"` does not name the relationship that names this one back",
    doc: r#"## What it does
Checks both ends of every `relationship(..., back_populates="x")`: the target class must have a
relationship `x`, `x` must point back to this class, and `x` must name this attribute in its own
`back_populates`. Also checks `backref="x"`: `x` must not already be a mapped attribute of the
target (nor another relationship's backref), and `backref=` cannot be combined with
`back_populates=`.

## Why is this bad?
The name is a string, looked up when the mappers are configured: a missing attribute or one that
is not a relationship raises `InvalidRequestError` at run time, and no type checker sees it. When
the other side does not name this one back, the two attributes are synchronised in one direction
only: appending to one collection does not update the other in memory. A `backref` whose name is
taken raises `ArgumentError: Error creating backref` when the mappers are configured.

## Example
```python
class User(Base):
    addresses: Mapped[List["Address"]] = relationship(back_populates="users")

class Address(Base):
    user: Mapped["User"] = relationship(back_populates="addresses")
```

## Use instead
```python
class User(Base):
    addresses: Mapped[List["Address"]] = relationship(back_populates="user")
```

## Fix safety
Safe when exactly one relationship of the target class fits (it points back to this class and
names this attribute, or its name is close to the typo): the string is renamed. Adding the missing
`back_populates` on the other side is unsafe: it changes what is synchronised in memory.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let mut seen = FxHashSet::default();
    for model in models.declaring_in(cx.file) {
        for attr in &model.attributes {
            if attr.kind != AttrKind::Relationship || attr.via_backref || attr.declared_in.file != cx.file {
                continue;
            }
            if attr.backref.is_some() && attr.declared_in == model.class {
                check_backref(cx, models, model, attr, out);
            }
            let Some(wanted) = attr.back_populates.as_deref() else { continue };
            if attr.backref.is_some() {
                continue;
            }
            // An attribute from a mixin is checked once, where it is declared.
            let own = attr.declared_in == model.class;
            if !own && !seen.insert((attr.declared_in.clone(), attr.name.clone())) {
                continue;
            }
            let Some(target) = attr.target.as_ref().and_then(|t| models.model(t)) else { continue };
            let Some(finding) = examine(cx, models, model, attr, target, wanted, own) else { continue };
            report(cx, model, attr, target, wanted, finding, out);
        }
    }
}

enum Finding<'m> {
    Missing,
    NotARelationship,
    WrongTarget(&'m str),
    NamesOther(&'m str),
    /// The other side exists and points back, but has no `back_populates` of its own.
    OneSided(&'m ModelAttr),
}

fn examine<'m>(
    cx: &RuleContext<'_>,
    models: &'m ModelRegistry,
    model: &Model,
    attr: &ModelAttr,
    target: &'m Model,
    wanted: &str,
    own: bool,
) -> Option<Finding<'m>> {
    let Some(other) = target.attribute(wanted) else {
        let opaque = schema::schema(cx.db).model(&target.class).is_none_or(|m| m.opaque);
        return (!opaque).then_some(Finding::Missing);
    };
    if other.kind != AttrKind::Relationship {
        return Some(Finding::NotARelationship);
    }
    if !own {
        return None;
    }
    let back = other.target.as_ref()?;
    if !same_hierarchy(models, back, &model.class) {
        return Some(Finding::WrongTarget(&back.name));
    }
    match other.back_populates.as_deref() {
        Some(name) if name == attr.name => None,
        // Reported on the other side when it names nothing valid here.
        Some(name) if model.attribute(name).is_none_or(|a| a.kind != AttrKind::Relationship) => None,
        Some(name) => Some(Finding::NamesOther(name)),
        // `backref=` on the other side pairs it with an attribute of its own.
        None if other.backref.is_some() => None,
        None => Some(Finding::OneSided(other)),
    }
}

/// The one relationship of the target that fits: it points back to this class and names this
/// attribute, or (failing that) its name is close to the one written.
fn suggestion<'m>(
    models: &ModelRegistry,
    model: &Model,
    attr: &ModelAttr,
    target: &'m Model,
    wanted: &str,
) -> Option<&'m str> {
    let pointing_back: Vec<&ModelAttr> = target
        .attributes
        .iter()
        .filter(|a| a.kind == AttrKind::Relationship && a.name != wanted)
        .filter(|a| a.target.as_ref().is_some_and(|t| same_hierarchy(models, t, &model.class)))
        .collect();
    let naming_us: Vec<&ModelAttr> =
        pointing_back.iter().copied().filter(|a| a.back_populates.as_deref() == Some(attr.name.as_str())).collect();
    if let [one] = naming_us.as_slice() {
        return Some(&one.name);
    }
    did_you_mean(wanted, pointing_back.iter().map(|a| a.name.as_str()))
}

fn report(
    cx: &RuleContext<'_>,
    model: &Model,
    attr: &ModelAttr,
    target: &Model,
    wanted: &str,
    finding: Finding<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let models = cx.models();
    let owner = if attr.declared_in == model.class { model.name() } else { &attr.declared_in.name };
    let call = declaration_call(cx, attr);
    let string = call.and_then(|c| kwarg_node(c, "back_populates", cx.parsed.text())).filter(|s| s.kind() == "string");
    let (start, end) = match string {
        Some(node) => (node.start_byte() as u32, node.end_byte() as u32),
        None => match name_range(cx, &attr.declared_in, Some(&attr.name)) {
            Some(range) => range,
            None => return,
        },
    };
    let t = target.name();
    let problem = match &finding {
        Finding::Missing => format!("`{t}` has no attribute `{wanted}`"),
        Finding::NotARelationship => format!("`{t}.{wanted}` is not a relationship"),
        Finding::WrongTarget(back) => format!("`{t}.{wanted}` is a relationship to `{back}`, not to `{owner}`"),
        Finding::NamesOther(name) => format!("`{t}.{wanted}` names `{name}` back, not `{}`", attr.name),
        Finding::OneSided(_) => {
            format!("`{t}.{wanted}` does not name `{}` back (no `back_populates` there)", attr.name)
        }
    };
    let mut fix = None;
    let mut hint = String::new();
    match &finding {
        Finding::OneSided(other) => {
            let other_call = (other.declared_in.file == cx.file).then(|| declaration_call(cx, other)).flatten();
            fix = other_call.and_then(|c| append_argument(cx, c, &format!("back_populates=\"{}\"", attr.name))).map(
                |edit| Fix {
                    applicability: Applicability::Unsafe,
                    message: format!("Add `back_populates=\"{}\"` to `{t}.{wanted}`", attr.name),
                    edits: vec![edit],
                },
            );
        }
        _ => {
            if let Some(name) = suggestion(models, model, attr, target, wanted) {
                hint = format!("; did you mean `{name}`?");
                fix = string.and_then(|s| string_fix(cx, s, 0, wanted.len(), name));
            }
        }
    }
    let message = format!("`{owner}.{}`: `back_populates=\"{wanted}\"` but {problem}{hint}", attr.name);
    out.push(cx.diagnostic(&RULE, start, end, message, fix));
}

/// `backref="x"` creates `x` on the target: it must not exist there already, and it cannot be
/// combined with `back_populates=`.
fn check_backref(
    cx: &RuleContext<'_>,
    models: &ModelRegistry,
    model: &Model,
    attr: &ModelAttr,
    out: &mut Vec<Diagnostic>,
) {
    let Some(name) = attr.backref.as_deref() else { return };
    let source = cx.parsed.text();
    let Some(argument) = declaration_call(cx, attr).and_then(|c| kwarg_node(c, "backref", source)) else { return };
    // `backref("x", ...)`: point at the name.
    let node = match argument.kind() {
        "call" => field(argument, "arguments").and_then(|a| named_children(a).into_iter().next()).unwrap_or(argument),
        _ => argument,
    };
    let owner = model.name();
    if attr.back_populates.is_some() {
        let message =
            format!("`{owner}.{}` has both `backref=` and `back_populates=` (SQLAlchemy accepts only one)", attr.name);
        out.push(cx.diagnostic_at(&RULE, node, message, None));
        return;
    }
    let Some(target) = attr.target.as_ref().and_then(|t| models.model(t)) else { return };
    let Some(existing) = target.attribute(name) else { return };
    let mapped = matches!(
        existing.kind,
        AttrKind::Column | AttrKind::Relationship | AttrKind::ColumnProperty | AttrKind::Synonym | AttrKind::Composite
    );
    // The reverse side this very backref created.
    let ours = existing.via_backref
        && existing.back_populates.as_deref() == Some(attr.name.as_str())
        && existing.target.as_ref() == Some(&model.class);
    if !mapped || ours {
        return;
    }
    let what = if existing.via_backref {
        format!(
            "the backref of `{}.{}`",
            existing.target.as_ref().map_or("?", |t| t.name.as_str()),
            existing.back_populates.as_deref().unwrap_or("?")
        )
    } else {
        "an attribute".to_owned()
    };
    let message =
        format!("`{owner}.{}`: `backref=\"{name}\"` but `{}` already has `{name}` ({what})", attr.name, target.name());
    out.push(cx.diagnostic_at(&RULE, node, message, None));
}
