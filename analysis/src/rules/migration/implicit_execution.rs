//! SQA107 implicit-execution.

use super::receivers::{args, is_a, method_call, sa_class};
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, unparenthesize};

pub static RULE: Rule = Rule {
    code: "SQA107",
    name: "implicit-execution",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "Statements executing themselves (`stmt.execute()`) and bound metadata were removed in 2.0",
    doc: r#"## What it does
Finds "implicit execution" (MIGRATION.md M02): `stmt.execute()` and `stmt.scalar()` on a
statement (`select()`, `insert()`, `text()`, …), `func.x().execute()` / `.scalar()`,
`DDL(...).execute()`, `Sequence(...).execute()`; and bound-metadata operations without a bind
(M03): `metadata.create_all()`, `drop_all()`, `reflect()`, `table.create()`, `table.drop()`.

## Why is this bad?
SQLAlchemy 2.0 removed bound metadata and the `execute()` / `scalar()` methods of statements:
these calls raise. A statement runs on a `Connection` (or `Session`) the code chooses, and schema
operations take the engine as an argument.

## Example
```python
rows = select(users).where(users.c.id == 5).execute().fetchall()
metadata.create_all()
```

## Use instead
```python
with engine.connect() as conn:
    rows = conn.execute(select(users).where(users.c.id == 5)).fetchall()
metadata.create_all(engine)
```

## Fix safety
No fix: which connection to use, and the transaction around it, is a decision for the code's
author.
"#,
    fixable: false,
    check,
};

/// Classes whose instances executed themselves in 1.x (`Executable`), by the class they derive from.
const EXECUTABLES: &[&str] = &["SelectBase", "Insert", "Update", "Delete", "TextClause", "FunctionElement"];

/// Constructors whose results executed themselves, when the type is not inferred.
const EXECUTABLE_CONSTRUCTORS: &[&str] = &["sqlalchemy.DDL", "sqlalchemy.Sequence"];

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        if let Some(method) = method_call(cx, call, &["execute", "scalar"]) {
            let ty = cx.type_of(method.receiver);
            let class = if EXECUTABLES.iter().any(|ancestor| is_a(&ty, ancestor)) {
                sa_class(&ty)
            } else {
                constructor(cx, method.receiver, EXECUTABLE_CONSTRUCTORS)
                    .map(|symbol| symbol.trim_start_matches("sqlalchemy.").to_owned())
            };
            let Some(class) = class else { continue };
            let name = cx.text(method.name);
            let receiver = cx.text(method.receiver);
            let statement = if receiver.len() <= 40 && !receiver.contains('\n') {
                receiver.to_owned()
            } else {
                format!("<{class}>")
            };
            let message = format!(
                "`{statement}.{name}()` (implicit execution) was removed in 2.0; use `conn.{name}({statement})` on a connection"
            );
            out.push(cx.diagnostic_at(&RULE, call, message, None));
            continue;
        }
        let Some(method) = method_call(cx, call, &["create_all", "drop_all", "reflect", "create", "drop"]) else {
            continue;
        };
        let name = cx.text(method.name);
        let ty = cx.type_of(method.receiver);
        let owner = match name {
            "create_all" | "drop_all" | "reflect" => {
                is_a(&ty, "MetaData") || constructor(cx, method.receiver, &["sqlalchemy.MetaData"]).is_some()
            }
            _ => is_a(&ty, "Table"),
        };
        let arguments = args(cx, method.arguments);
        let bound = !arguments.positional.is_empty() || arguments.keyword("bind").is_some() || arguments.splat;
        if !owner || bound {
            continue;
        }
        let receiver = cx.text(method.receiver);
        let message = format!(
            "`{receiver}.{name}()` relies on bound metadata, removed in 2.0; pass the engine: `{receiver}.{name}(engine)`"
        );
        out.push(cx.diagnostic_at(&RULE, call, message, None));
    }
}

/// The constructor a receiver is the direct result of (`DDL("...")`), by canonical name.
fn constructor(cx: &RuleContext<'_>, receiver: Node<'_>, symbols: &[&str]) -> Option<String> {
    let receiver = unparenthesize(receiver);
    if receiver.kind() != "call" {
        return None;
    }
    let symbol = cx.symbol_of(field(receiver, "function")?)?;
    symbols.contains(&symbol.as_str()).then_some(symbol)
}
