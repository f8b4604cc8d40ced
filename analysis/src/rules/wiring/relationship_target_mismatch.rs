//! SQA316 relationship-target-mismatch.

use crate::hir::{Expr, Name};
use crate::models::AttrKind;
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};
use crate::schema::{annotation_class_name, is_subclass, mapped_class_named};
use crate::syntax::node_ext::{field, named_children};

pub static RULE: Rule = Rule {
    code: "SQA316",
    name: "relationship-target-mismatch",
    family: Family::Wiring,
    severity: Severity::Warning,
    series: None,
    summary: "`relationship(\"X\")` maps another class than its `Mapped[...]` annotation names",
    doc: r#"## What it does
Finds `relationship()` whose first argument (a class, or its name as a string) is not the class
its `Mapped[...]` annotation names, nor a subclass of it.

## Why is this bad?
The argument wins at run time: the attribute holds objects of the argument's class while type
checkers believe the annotation, so they accept code that fails (`post.author.email` on an
`Admin`) and the relationship joins on the other class's table. A string argument is invisible
to type checkers.

## Example
```python
class Post(Base):
    author: Mapped["User"] = relationship("Admin")
```

## Use instead
```python
class Post(Base):
    author: Mapped["User"] = relationship()
```

## Fix safety
No fix: which of the two was meant is for the author to say.
"#,
    fixable: false,
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
            let Some(annotation) = attr.annotation.as_deref() else { continue };
            let Some(value) = cx.attribute_value(&attr.declared_in, &attr.name) else { continue };
            let Some(argument) = field(value, "arguments").and_then(|a| named_children(a).into_iter().next()) else {
                continue;
            };
            let written = match argument.kind() {
                "string" => {
                    let Some(text) = crate::syntax::node_ext::string_value(argument, cx.parsed.text()) else {
                        continue;
                    };
                    let short = text.rsplit('.').next().unwrap_or(&text).trim().to_owned();
                    if short.is_empty() || !short.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    Expr::Name(Name::from(short))
                }
                "identifier" | "attribute" => crate::hir::lower_expr(argument, cx.parsed.text()),
                _ => continue,
            };
            let Some(named) = annotation_class_name(annotation) else { continue };
            let (Some(argument_class), Some(annotated)) = (
                mapped_class_named(cx.db, cx.file, models, &model.registry, &written),
                mapped_class_named(cx.db, cx.file, models, &model.registry, &named),
            ) else {
                continue;
            };
            if is_subclass(models, &argument_class.class, &annotated.class) {
                continue;
            }
            let message = format!(
                "`{}.{}` is annotated with `{}` but the relationship maps `{}`: the attribute holds `{}` objects",
                model.name(),
                attr.name,
                annotated.name(),
                argument_class.name(),
                argument_class.name()
            );
            out.push(cx.diagnostic_at(&RULE, argument, message, None));
        }
    }
}
