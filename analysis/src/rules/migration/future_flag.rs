//! SQA112 future-flag.

use super::receivers::{args, remove_argument};
use crate::rules::{Applicability, Diagnostic, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::node_ext::field;

pub static RULE: Rule = Rule {
    code: "SQA112",
    name: "future-flag",
    family: Family::Migration,
    severity: Severity::Info,
    series: None,
    summary: "`future=True` is the default in 2.0; remove it",
    doc: r#"## What it does
Finds `future=` passed to `create_engine()`, `Session()` and `sessionmaker()` (MIGRATION.md M09).

## Why is this bad?
`future=True` opted 1.4 code into 2.0 behaviour. In 2.0 that behaviour is the only one: the flag
is deprecated (and `future=False` raises for engines).

## Example
```python
engine = create_engine("sqlite://", future=True)
Session = sessionmaker(engine, future=True)
```

## Use instead
```python
engine = create_engine("sqlite://")
Session = sessionmaker(engine)
```

## Fix safety
Safe for `future=True`: the argument and its comma are removed, which changes nothing under 2.0.
`future=False` (legacy behaviour asked for explicitly) is reported without a fix, as is an argument
with a comment next to it.
"#,
    fixable: true,
    check,
};

const CALLEES: &[&str] = &["sqlalchemy.create_engine", "sqlalchemy.Session", "sqlalchemy.sessionmaker"];

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(arguments) = field(call, "arguments").filter(|a| a.kind() == "argument_list") else { continue };
        let parsed = args(cx, arguments);
        let Some(future) = parsed.keyword("future") else { continue };
        let Some(function) = field(call, "function") else { continue };
        let Some(symbol) = cx.symbol_of(function).filter(|s| CALLEES.contains(&s.as_str())) else { continue };
        let short = symbol.trim_start_matches("sqlalchemy.");
        let value = cx.text(future.value);
        let (message, fix) = if future.value.kind() == "true" {
            let fix = remove_argument(cx, arguments, future.node).map(|edit| Fix {
                applicability: Applicability::Safe,
                message: "Remove `future=True`".to_owned(),
                edits: vec![edit],
            });
            (format!("`{short}(future=True)` is the default behaviour in 2.0; remove the flag"), fix)
        } else {
            (
                format!(
                    "`{short}(future={value})`: 2.0 has only the \"future\" behaviour; remove the flag and migrate"
                ),
                None,
            )
        };
        out.push(cx.diagnostic_at(&RULE, future.node, message, fix));
    }
}
