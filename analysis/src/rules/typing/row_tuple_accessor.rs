//! SQA203 row-tuple-accessor.

use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::settings::Series;
use crate::syntax::node_ext::field;
use crate::types::Ty;

pub static RULE: Rule = Rule {
    code: "SQA203",
    name: "row-tuple-accessor",
    family: Family::Typing,
    severity: Severity::Hint,
    series: Some(Series::V21),
    summary: "`row.t` / `row.tuple()` are not needed with SQLAlchemy 2.1",
    doc: r#"## What it does
Finds `row.t`, `row.tuple()`, `row._t` and `row._tuple()` on typed rows under SQLAlchemy 2.1.

## Why is this bad?
They existed so that 2.0 type checkers could see a row's column types as a tuple. In 2.1 `Row` is
generic over its columns (`Row[int, str]`), so indexing and unpacking the row are typed directly;
`.t` / `.tuple()` are deprecated.

## Example
```python
user_id, name = row.t
```

## Use instead
```python
user_id, name = row
```

## Fix safety
Unsafe: the value becomes the `Row` itself instead of a plain `tuple`, which matters where a real
tuple is required (`isinstance`, serialisation).
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for attribute in cx.nodes("attribute") {
        let (Some(object), Some(name)) = (field(attribute, "object"), field(attribute, "attribute")) else { continue };
        let name = cx.text(name);
        let parent_call = attribute.parent().filter(|p| p.kind() == "call" && field(*p, "function") == Some(attribute));
        let replaced = match (name, parent_call) {
            ("t" | "_t", None) => attribute,
            ("tuple" | "_tuple", Some(call)) => call,
            _ => continue,
        };
        if !matches!(cx.type_of(object), Ty::Rows(kind, _) if kind.as_str() == "Row") {
            continue;
        }
        let fix = Fix {
            applicability: Applicability::Unsafe,
            message: "Use the row itself".to_owned(),
            edits: vec![Edit {
                file: cx.file,
                start: replaced.start_byte() as u32,
                end: replaced.end_byte() as u32,
                content: cx.text(object).to_owned(),
            }],
        };
        let message = format!("`{}` is not needed with SQLAlchemy 2.1: the row is typed itself", cx.text(replaced));
        out.push(cx.diagnostic_at(&RULE, replaced, message, Some(fix)));
    }
}
