//! SQA301 unknown-relationship-target.

use crate::models::AttrKind;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity, did_you_mean};
use crate::syntax::node_ext::{field, named_children, string_value};

pub static RULE: Rule = Rule {
    code: "SQA301",
    name: "unknown-relationship-target",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "`relationship(\"X\")` names a class that is not mapped",
    doc: r#"## What it does
Finds `relationship("Name")` whose string names no mapped class in the workspace.

## Why is this bad?
The string is resolved when the mappers are configured, at run time: a typo raises
`InvalidRequestError` on first use, and no type checker sees it.

## Example
```python
addresses = relationship("Adress", back_populates="user")
```

## Use instead
```python
addresses = relationship("Address", back_populates="user")
```

## Fix safety
Safe when exactly one mapped class name is close to the typo.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    for model in &models.models {
        for attr in &model.attributes {
            if attr.kind != AttrKind::Relationship
                || attr.target.is_some()
                || attr.declared_in != model.class
                || attr.via_backref
            {
                continue;
            }
            if attr.declared_in.file != cx.file {
                continue;
            }
            let Some(value) = cx.attribute_value(&attr.declared_in, &attr.name) else { continue };
            let Some(string) = field(value, "arguments").and_then(|a| named_children(a).into_iter().next()) else {
                continue;
            };
            let Some(written) = string_value(string, cx.parsed.text()) else { continue };
            let class_name = written.rsplit('.').next().unwrap_or(&written);
            // A class of that name elsewhere (not mapped, or outside our view) is not a typo.
            if models.by_name(class_name).next().is_some() || written.contains('(') {
                continue;
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
            let message = format!("`{}.{}`: no mapped class `{class_name}`{hint}", model.name(), attr.name);
            out.push(cx.diagnostic_at(&RULE, string, message, fix));
        }
    }
}
