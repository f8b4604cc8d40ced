//! SQA119 select-keyword-arguments.

use super::receivers::{Args, args, is_a, method_call, sa_class, sorted};
use crate::rules::imports::import_name;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};
use crate::types::Ty;

pub static RULE: Rule = Rule {
    code: "SQA119",
    name: "select-keyword-arguments",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "`select(..., whereclause=...)` and `table.select(whereclause)` were removed in 2.0",
    doc: r#"## What it does
Finds the 1.x `select()` calling style with clauses as arguments (MIGRATION.md M12):
`select([cols], whereclause)`, `select([cols], whereclause=..., from_obj=..., order_by=...,
group_by=..., having=..., limit=..., offset=..., distinct=..., use_labels=..., correlate=...)`, and
`table.select(whereclause)` on tables, joins and subqueries.

## Why is this bad?
SQLAlchemy 2.0 builds statements generatively only: `select()` takes columns and nothing else,
and `FromClause.select()` takes no arguments. The old forms raise.

## Example
```python
stmt = select([users.c.id], users.c.id > 5, order_by=[users.c.name], limit=10)
stmt2 = users.select(users.c.name == "x")
```

## Use instead
```python
stmt = select(users.c.id).where(users.c.id > 5).order_by(users.c.name).limit(10)
stmt2 = users.select().where(users.c.name == "x")
```

## Fix safety
Safe when every argument has a generative equivalent (those listed above; `use_labels=True`
becomes `.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)` with its import): each clause is
the same, whatever the order of the calls. `bind=`, `prefixes=`, `for_update=` and other rare
arguments leave the call reported without a fix.
"#,
    fixable: true,
    check,
};

/// Statements' sources whose `.select()` took a WHERE clause in 1.x.
const FROM_CLAUSES: &[&str] = &["Table", "TableClause", "Join", "Subquery", "Alias", "CTE", "FromClause"];

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(arguments) = field(call, "arguments").filter(|a| a.kind() == "argument_list") else { continue };
        if named_children(arguments).is_empty() {
            continue;
        }
        let parsed = args(cx, arguments);
        if let Some(method) = method_call(cx, call, &["select"]) {
            let ty = cx.type_of(method.receiver);
            if !FROM_CLAUSES.iter().any(|c| is_a(&ty, c)) {
                continue;
            }
            let receiver = cx.text(method.receiver);
            let fix = (parsed.positional.len() <= 1)
                .then(|| {
                    generative_fix(cx, arguments, String::new(), parsed.positional.first().copied(), None, &parsed)
                })
                .flatten();
            let message =
                format!("`{receiver}.select()` takes no arguments in 2.0; use `{receiver}.select().where(...)`");
            out.push(cx.diagnostic_at(&RULE, call, message, fix));
            continue;
        }
        let first_is_list = parsed.positional.first().is_some_and(|a| a.kind() == "list");
        let legacy = !parsed.keywords.is_empty() || (first_is_list && parsed.positional.len() >= 2);
        if !legacy {
            continue;
        }
        let Some(function) = field(call, "function") else { continue };
        if cx.symbol_of(function).as_deref() != Some("sqlalchemy.select") {
            continue;
        }
        let columns = match (parsed.positional.first(), parsed.keyword("columns")) {
            (Some(list), None) if list.kind() == "list" => Some(*list),
            (None, Some(columns)) if columns.value.kind() == "list" => Some(columns.value),
            _ => None,
        };
        let fix = columns.filter(|_| parsed.positional.len() <= 3).and_then(|list| {
            let items = items(cx, list)?;
            generative_fix(
                cx,
                arguments,
                items,
                parsed.positional.get(1).copied(),
                parsed.positional.get(2).copied(),
                &parsed,
            )
        });
        let message =
            "`select()` takes only columns in 2.0; use `.where()`, `.order_by()`, … instead of arguments".to_owned();
        out.push(cx.diagnostic_at(&RULE, call, message, fix));
    }
}

/// The items of a list or tuple literal, joined; a list-typed value unpacked (`*cols`); a single
/// SQL expression as is. `None` for an empty list or a value we cannot tell.
fn items(cx: &RuleContext<'_>, node: Node<'_>) -> Option<String> {
    if matches!(node.kind(), "list" | "tuple") {
        let items = named_children(node);
        if items.is_empty() {
            return None;
        }
        return Some(items.iter().map(|i| cx.text(*i)).collect::<Vec<_>>().join(", "));
    }
    let ty = cx.type_of(node);
    match ty.ext_name() {
        _ if matches!(ty, Ty::Tuple(..)) => Some(format!("*{}", cx.text(node))),
        Some("builtins.list" | "builtins.tuple") => Some(format!("*{}", cx.text(node))),
        _ if sa_class(&ty).is_some() || matches!(ty, Ty::TypeOf(_)) => Some(cx.text(node).to_owned()),
        _ => None,
    }
}

/// Replaces the argument list by `(columns)` followed by the generative calls.
fn generative_fix(
    cx: &RuleContext<'_>,
    arguments: Node<'_>,
    columns: String,
    whereclause: Option<Node<'_>>,
    from_obj: Option<Node<'_>>,
    parsed: &Args<'_>,
) -> Option<Fix> {
    if parsed.splat {
        return None;
    }
    let mut clauses: Vec<(usize, String)> = Vec::new();
    let mut extra_edits: Vec<Edit> = Vec::new();
    let none = |n: &Node<'_>| n.kind() == "none";
    if let Some(from_obj) = from_obj.filter(|n| !none(n)) {
        clauses.push((0, format!(".select_from({})", items(cx, from_obj)?)));
    }
    if let Some(whereclause) = whereclause.filter(|n| !none(n)) {
        clauses.push((1, format!(".where({})", cx.text(whereclause))));
    }
    for keyword in &parsed.keywords {
        let value = keyword.value;
        if none(&value) {
            continue;
        }
        let (order, call) = match keyword.name.as_str() {
            "columns" => continue,
            "from_obj" => (0, format!(".select_from({})", items(cx, value)?)),
            "whereclause" => (1, format!(".where({})", cx.text(value))),
            "group_by" => (2, format!(".group_by({})", items(cx, value)?)),
            "having" => (3, format!(".having({})", cx.text(value))),
            "order_by" => (4, format!(".order_by({})", items(cx, value)?)),
            "limit" => (5, format!(".limit({})", cx.text(value))),
            "offset" => (6, format!(".offset({})", cx.text(value))),
            "distinct" => match value.kind() {
                "true" => (7, ".distinct()".to_owned()),
                "false" => continue,
                "list" | "tuple" => (7, format!(".distinct({})", items(cx, value)?)),
                _ => return None,
            },
            "correlate" => match value.kind() {
                "true" => continue,
                "false" => (8, ".correlate(None)".to_owned()),
                _ => return None,
            },
            "use_labels" => match value.kind() {
                "false" => continue,
                "true" => {
                    let style = import_name(cx, "sqlalchemy", "LABEL_STYLE_TABLENAME_PLUS_COL");
                    extra_edits.extend(style.edit);
                    (9, format!(".set_label_style({})", style.expression))
                }
                _ => return None,
            },
            _ => return None,
        };
        clauses.push((order, call));
    }
    clauses.sort_by_key(|(order, _)| *order);
    let chain: String = clauses.into_iter().map(|(_, call)| call).collect();
    extra_edits.push(Edit {
        file: cx.file,
        start: arguments.start_byte() as u32,
        end: arguments.end_byte() as u32,
        content: format!("({columns}){chain}"),
    });
    Some(Fix {
        applicability: Applicability::Safe,
        message: "Use generative calls".to_owned(),
        edits: sorted(extra_edits),
    })
}
