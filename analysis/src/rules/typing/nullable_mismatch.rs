//! SQA204 nullable-mismatch.

use crate::hir::Expr;
use crate::models::AttrKind;
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};

pub static RULE: Rule = Rule {
    code: "SQA204",
    name: "nullable-mismatch",
    family: Family::Typing,
    severity: Severity::Warning,
    series: None,
    summary: "`Mapped[...]` optionality disagrees with `nullable=` / `primary_key=`",
    doc: r#"## What it does
Finds typed columns whose annotation and `mapped_column()` arguments disagree about NULL:
`Mapped[str]` with `nullable=True`, `Mapped[Optional[str]]` with `nullable=False` or
`primary_key=True`.

## Why is this bad?
The table allows what the type says cannot happen (a `None` where `str` is promised), or the type
allows `None` where the database rejects it.

## Example
```python
nickname: Mapped[str] = mapped_column(nullable=True)
```

## Use instead
```python
nickname: Mapped[Optional[str]]
```

## Fix safety
No fix: which side is right is for you to decide.
"#,
    fixable: false,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for model in cx.models().in_file(cx.file) {
        for attr in &model.attributes {
            if attr.kind != AttrKind::Column
                || !attr.typed
                || attr.declared_in != model.class
                || attr.declared_in.file != cx.file
            {
                continue;
            }
            let Some(value) = attr.value.as_deref() else { continue };
            let explicit = value.kwarg("nullable").and_then(Expr::as_bool);
            let optional = attr.python.is_optional();
            let message = match (optional, explicit, attr.primary_key) {
                (false, Some(true), _) => "`nullable=True` but the annotation is not `Optional`",
                (true, Some(false), _) => "`nullable=False` but the annotation is `Optional`",
                (true, _, true) => "a primary key is never NULL, but the annotation is `Optional`",
                _ => continue,
            };
            let Some((_, start, end)) = cx.declaration(&attr.declared_in, Some(&attr.name)) else { continue };
            out.push(cx.diagnostic(&RULE, start, end, format!("`{}.{}`: {message}", model.name(), attr.name), None));
        }
    }
}
