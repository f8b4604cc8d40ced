//! SQA404 default-and-insert-default.

use super::{enclosing_model, is_dataclass_mapped, keyword};
use crate::manifest::element_removal;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::settings::Series;
use crate::syntax::node_ext::field;

pub static RULE: Rule = Rule {
    code: "SQA404",
    name: "default-and-insert-default",
    family: Family::Runtime,
    severity: Severity::Error,
    series: Some(Series::V21),
    summary: "`mapped_column()` given both `default=` and `insert_default=` (an error in 2.1)",
    doc: r#"## What it does
Finds `mapped_column(...)` calls that pass both `default=` and `insert_default=`, under
SQLAlchemy 2.1.

## Why is this bad?
In 2.0 both could be given: `insert_default` became the column's INSERT default and, with
dataclass mapping, `default` the dataclass field's default. SQLAlchemy 2.1 makes the two
parameters mutually exclusive (they are equivalent at the `Column` level, and with dataclass
mapping `default` now also delivers the value on attribute access), and raises `ArgumentError`
when the class is mapped.

## Example
```python
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(default="new", insert_default="new")
```

## Use instead
```python
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(insert_default="new")
```

## Fix safety
Outside dataclass mapping the fix removes `default=`: 2.0 already used `insert_default` for the
column, so behaviour is unchanged (safe). With dataclass mapping the two meant different things and
no fix is offered: choose `default=` (a dataclass default that is also the INSERT default) or
`insert_default=` (the attribute stays `None` until the INSERT).
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(function) = field(call, "function") else { continue };
        if !cx.symbol_of(function).is_some_and(|s| s.starts_with("sqlalchemy") && s.ends_with(".mapped_column")) {
            continue;
        }
        let Some(arguments) = field(call, "arguments") else { continue };
        let (Some(default), Some(insert_default)) =
            (keyword(cx, arguments, "default"), keyword(cx, arguments, "insert_default"))
        else {
            continue;
        };
        let (Some(default_argument), Some(insert_argument)) = (default.parent(), insert_default.parent()) else {
            continue;
        };
        let dataclass = enclosing_model(cx, call).is_none_or(|model| is_dataclass_mapped(cx, model));
        let text = cx.parsed.text();
        let fix = (!dataclass)
            .then(|| element_removal(text, default_argument.start_byte(), default_argument.end_byte()))
            .flatten()
            .map(|(start, end)| Fix {
                applicability: Applicability::Safe,
                message: "Remove `default=` (keep `insert_default=`)".to_owned(),
                edits: vec![Edit { file: cx.file, start: start as u32, end: end as u32, content: String::new() }],
            });
        let message = "`default=` and `insert_default=` are mutually exclusive in SQLAlchemy 2.1: mapping the class raises `ArgumentError`".to_owned();
        out.push(cx.diagnostic_at(&RULE, insert_argument, message, fix));
    }
}
