//! SQA301 unknown-relationship-target.

use crate::hir::{Expr, resolve_expr_symbol};
use crate::models::{AttrKind, ModelAttr};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity, did_you_mean};
use crate::schema::{annotation_class_name, schema};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, string_value};

pub static RULE: Rule = Rule {
    code: "SQA301",
    name: "unknown-relationship-target",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "`relationship(\"X\")` names a class that is not mapped",
    doc: r#"## What it does
Finds `relationship("Name")` whose string names no mapped class in the workspace, and
`relationship()` without a target whose `Mapped[...]` annotation names a class that is neither
mapped nor defined or imported in the file (`Mapped[List["Adress"]]`).

## Why is this bad?
The string is resolved when the mappers are configured, at run time: a typo raises
`InvalidRequestError` on first use, and no type checker sees it.

## Example
```python
addresses = relationship("Adress", back_populates="user")
orders: Mapped[List["Ordr"]] = relationship()
```

## Use instead
```python
addresses = relationship("Address", back_populates="user")
orders: Mapped[List["Order"]] = relationship()
```

## Fix safety
Safe when exactly one mapped class name is close to the typo.
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
            let first = field(value, "arguments").and_then(|a| named_children(a).into_iter().next());
            match first {
                // The string wins over the annotation: SQLAlchemy looks it up in its registry.
                Some(string) if string.kind() == "string" => check_string(cx, model.name(), attr, string, out),
                // A class, a lambda: Python resolves it.
                Some(argument) if argument.kind() != "keyword_argument" => {}
                _ => check_annotation(cx, model.name(), attr, value, out),
            }
        }
    }
}

fn check_string(cx: &RuleContext<'_>, model: &str, attr: &ModelAttr, string: Node<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let Some(written) = string_value(string, cx.parsed.text()) else { return };
    let class_name = written.rsplit('.').next().unwrap_or(&written);
    // A class of that name elsewhere (not mapped, or outside our view) is not a typo.
    if models.by_name(class_name).next().is_some() || written.contains('(') || known_elsewhere(cx, class_name) {
        return;
    }
    // A class the file defines or imports that model discovery does not see as mapped.
    let resolved = resolve_expr_symbol(cx.db, cx.file, &Expr::Name(class_name.into()));
    if matches!(resolved, Some(crate::hir::Definition::Class { .. } | crate::hir::Definition::External(_))) {
        return;
    }
    let suggestion = did_you_mean(class_name, models.models.iter().map(|m| m.name()));
    let fix = suggestion.map(|name| Fix {
        applicability: Applicability::Safe,
        message: format!("Use `{name}`"),
        edits: vec![Edit {
            file: cx.file,
            start: string.start_byte() as u32,
            end: string.end_byte() as u32,
            content: format!("\"{name}\""),
        }],
    });
    let hint = suggestion.map(|name| format!("; did you mean `{name}`?")).unwrap_or_default();
    let message = format!("`{model}.{}`: no mapped class `{class_name}`{hint}", attr.name);
    out.push(cx.diagnostic_at(&RULE, string, message, fix));
}

/// `addresses: Mapped[List["Adress"]] = relationship()`: SQLAlchemy resolves the class the
/// annotation names through its registry when the mappers are configured.
fn check_annotation(cx: &RuleContext<'_>, model: &str, attr: &ModelAttr, value: Node<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let Some(annotation) = attr.annotation.as_deref() else { return };
    let Some(Expr::Name(class_name)) = annotation_class_name(annotation) else { return };
    if models.by_name(&class_name).next().is_some()
        || known_elsewhere(cx, &class_name)
        || resolve_expr_symbol(cx.db, cx.file, &Expr::Name(class_name.clone())).is_some()
    {
        return;
    }
    let Some(node) = value.parent().and_then(|assignment| field(assignment, "type")) else { return };
    let suggestion = did_you_mean(&class_name, models.models.iter().map(|m| m.name()));
    // The name, where it is written once in the annotation.
    let text = cx.text(node);
    let whole_word = |at: usize| {
        let before = text[..at].chars().next_back();
        let after = text[at + class_name.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    let occurrences: Vec<usize> =
        text.match_indices(class_name.as_str()).map(|(at, _)| at).filter(|at| whole_word(*at)).collect();
    let fix = match (suggestion, occurrences.as_slice()) {
        (Some(name), [at]) => {
            let start = node.start_byte() as u32 + *at as u32;
            Some(Fix {
                applicability: Applicability::Safe,
                message: format!("Use `{name}`"),
                edits: vec![Edit {
                    file: cx.file,
                    start,
                    end: start + class_name.len() as u32,
                    content: name.to_owned(),
                }],
            })
        }
        _ => None,
    };
    let hint = suggestion.map(|name| format!("; did you mean `{name}`?")).unwrap_or_default();
    let message =
        format!("`{model}.{}`: the annotation names `{class_name}`, which is not a mapped class{hint}", attr.name);
    out.push(cx.diagnostic_at(&RULE, node, message, fix));
}

/// A class declared with a `__tablename__` that model discovery does not see (in a function, or on
/// a base outside the workspace).
fn known_elsewhere(cx: &RuleContext<'_>, class_name: &str) -> bool {
    schema(cx.db).unmapped_classes.iter().any(|c| c == class_name)
}
