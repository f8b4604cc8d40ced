//! SQA108 row-string-index.

use super::receivers::{is_a, method_call};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};
use crate::types::Ty;

pub static RULE: Rule = Rule {
    code: "SQA108",
    name: "row-string-index",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "A `Row` is a tuple in 2.0: `row[\"col\"]`, `\"col\" in row`, `row.keys()` use `row._mapping`",
    doc: r#"## What it does
Finds a `Row` used as a mapping (MIGRATION.md M10): indexed by a column name or a column object,
tested with `in` for a column name, `row.keys()`, and `dict(row)`.

## Why is this bad?
In SQLAlchemy 2.0 a `Row` behaves like a named tuple: `row["name"]` and `row[users.c.name]` raise,
`row.keys()` does not exist, and `"name" in row` silently tests the *values*. The mapping view is
`row._mapping` (or `result.mappings()` for whole results).

## Example
```python
row = conn.execute(select(users.c.id, users.c.name)).one()
name = row["name"]
if "name" in row:
    print(row.keys(), dict(row))
```

## Use instead
```python
row = conn.execute(select(users.c.id, users.c.name)).one()
name = row._mapping["name"]
if "name" in row._mapping:
    print(row._mapping.keys(), dict(row._mapping))
```

## Fix safety
Safe: `row._mapping` is the same mapping 1.x rows offered, so the lookup, test or keys are the
same. Only values whose inferred type is a `Row` are reported; integer indexes and slices are
tuple access and stay.
"#,
    fixable: true,
    check,
};

fn is_row(ty: &Ty) -> bool {
    is_a(ty, "Row")
}

/// A key that is a column name (a string) or a column object.
fn is_mapping_key(cx: &RuleContext<'_>, key: Node<'_>) -> bool {
    if matches!(key.kind(), "string" | "concatenated_string") {
        return true;
    }
    match cx.type_of(key) {
        Ty::Literal(crate::types::Literal::Str(_)) => true,
        ty if ty.ext_name() == Some("builtins.str") => true,
        ty => is_a(&ty, "SQLCoreOperations"),
    }
}

fn mapping_fix(cx: &RuleContext<'_>, row: Node<'_>) -> Fix {
    let at = row.end_byte() as u32;
    Fix {
        applicability: Applicability::Safe,
        message: "Use `row._mapping`".to_owned(),
        edits: vec![Edit { file: cx.file, start: at, end: at, content: "._mapping".to_owned() }],
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for subscript in cx.nodes("subscript") {
        let Some(row) = field(subscript, "value") else { continue };
        let keys: Vec<Node<'_>> = named_children(subscript).into_iter().filter(|k| *k != row).collect();
        let [key] = keys.as_slice() else { continue };
        if !is_mapping_key(cx, *key) || !is_row(&cx.type_of(row)) {
            continue;
        }
        let message = format!("`Row` is a tuple in 2.0: `{}[{}]` raises; use `._mapping`", cx.text(row), cx.text(*key));
        out.push(cx.diagnostic_at(&RULE, subscript, message, Some(mapping_fix(cx, row))));
    }
    for comparison in cx.nodes("comparison_operator") {
        let operands = named_children(comparison);
        let mut cursor = comparison.walk();
        let operators: Vec<&str> =
            comparison.children_by_field_name("operators", &mut cursor).map(|o| cx.text(o)).collect();
        let ([key, row], [operator]) = (operands.as_slice(), operators.as_slice()) else { continue };
        let operator = operator.split_whitespace().collect::<Vec<_>>().join(" ");
        if !matches!(operator.as_str(), "in" | "not in") || !is_mapping_key(cx, *key) || !is_row(&cx.type_of(*row)) {
            continue;
        }
        let message = format!(
            "`Row` is a tuple in 2.0: `{operator}` tests its values, not its keys; use `{}._mapping`",
            cx.text(*row)
        );
        out.push(cx.diagnostic_at(&RULE, comparison, message, Some(mapping_fix(cx, *row))));
    }
    for call in cx.nodes("call") {
        if let Some(method) = method_call(cx, call, &["keys"]) {
            if named_children(method.arguments).is_empty() && is_row(&cx.type_of(method.receiver)) {
                let message = "`Row` has no `keys()` in 2.0; use `row._mapping.keys()`".to_owned();
                out.push(cx.diagnostic_at(&RULE, call, message, Some(mapping_fix(cx, method.receiver))));
            }
            continue;
        }
        // `dict(row)`
        let (Some(function), Some(arguments)) = (field(call, "function"), field(call, "arguments")) else { continue };
        if function.kind() != "identifier" || arguments.kind() != "argument_list" {
            continue;
        }
        let [row] = named_children(arguments)[..] else { continue };
        if cx.text(function) != "dict"
            || cx.symbol_of(function).as_deref() != Some("builtins.dict")
            || !is_row(&cx.type_of(row))
        {
            continue;
        }
        let message = "`Row` is a tuple in 2.0: `dict(row)` fails; use `dict(row._mapping)`".to_owned();
        out.push(cx.diagnostic_at(&RULE, call, message, Some(mapping_fix(cx, row))));
    }
}
