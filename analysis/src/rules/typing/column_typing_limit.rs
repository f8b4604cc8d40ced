//! SQA202 column-typing-limit.

use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};
use crate::settings::Series;

pub static RULE: Rule = Rule {
    code: "SQA202",
    name: "column-typing-limit",
    family: Family::Typing,
    severity: Severity::Info,
    series: None,
    summary: "past ten `select()` columns (eight for `returning()`) type checkers lose the row's types",
    doc: r#"## What it does
Finds `select()` calls with more columns than SQLAlchemy's positional overloads type (ten; eight for
`.returning()`), and says what type checkers will see for the project's SQLAlchemy series.

## Why is this bad?
Past the limit the row falls back to `Any`: with 2.0 the whole row (`Select[Any]`), with 2.1 every
column after the tenth (`*tuple[Any, ...]`). Mistakes in those columns go unnoticed.

## Example
```python
stmt = select(User.id, User.name, ..., User.updated_at)  # 11 columns
```

## Use instead
```python
stmt = select(User)  # or split the query, or annotate what you unpack
```

## Fix safety
No fix: the right shape of the query is a design decision.
"#,
    fixable: false,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (range, hit) in cx.sema.limit_hits() {
        let seen = match cx.series {
            Series::V20 if hit.columns > hit.limit => "the whole row as `Any`".to_owned(),
            // 1.x ships no annotations: type checkers see no row types to lose.
            Series::V14 | Series::V20 => continue,
            Series::V21 => format!(
                "columns {}..{} as `Any` (`*tuple[Any, ...]`)",
                hit.limit.saturating_add(1).min(hit.columns),
                hit.columns
            ),
        };
        let message = format!(
            "{} columns here, past the {} SQLAlchemy {} types: type checkers see {seen}",
            hit.columns, hit.limit, cx.series
        );
        out.push(cx.diagnostic(&RULE, range.start().into(), range.end().into(), message, None));
    }
}
