//! SQA311 unknown-cascade-option.

use super::common::{cascade_strings, string_fix};
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity, did_you_mean};

pub static RULE: Rule = Rule {
    code: "SQA311",
    name: "unknown-cascade-option",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "`cascade=\"...\"` names an option SQLAlchemy does not have",
    doc: r#"## What it does
Checks each comma-separated option of `relationship(cascade=...)` and `backref(cascade=...)`
against SQLAlchemy's set: `save-update`, `merge`, `expunge`, `delete`, `delete-orphan`,
`refresh-expire`, `all`, `none`.

## Why is this bad?
SQLAlchemy raises `ArgumentError: Invalid cascade option(s)` when the mappers are configured, at
run time; no type checker reads the string.

## Example
```python
items = relationship("Item", cascade="all, delete-orphn")
```

## Use instead
```python
items = relationship("Item", cascade="all, delete-orphan")
```

## Fix safety
Safe when exactly one option is close to the typo (`delete_orphan` → `delete-orphan`).
"#,
    fixable: true,
    check,
};

/// SQLAlchemy's `CascadeOptions._allowed_cascades`.
pub const CASCADES: &[&str] =
    &["save-update", "merge", "expunge", "delete", "delete-orphan", "refresh-expire", "all", "none"];

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (node, value) in cascade_strings(cx) {
        for (start, token) in tokens(&value) {
            if CASCADES.contains(&token) {
                continue;
            }
            let suggestion = did_you_mean(token, CASCADES.iter().copied())
                .or_else(|| CASCADES.iter().copied().find(|c| c.replace('-', "_") == token.to_ascii_lowercase()));
            let fix = suggestion.and_then(|s| string_fix(cx, node, start, start + token.len(), s));
            let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            let message = format!("unknown cascade option `{token}`{hint}");
            out.push(cx.diagnostic_at(&RULE, node, message, fix));
        }
    }
}

/// The options of a cascade string with their offsets (SQLAlchemy splits on commas).
pub fn tokens(value: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for piece in value.split(',') {
        let lead = piece.len() - piece.trim_start().len();
        let token = piece.trim();
        if !token.is_empty() {
            out.push((at + lead, token));
        }
        at += piece.len() + 1;
    }
    out
}
