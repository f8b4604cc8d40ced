//! SQA110 legacy-bulk-methods.

use super::receivers::{args, is_session, method_call, sorted};
use crate::rules::imports::import_name;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::node_ext::field;
use crate::types::Ty;

pub static RULE: Rule = Rule {
    code: "SQA110",
    name: "legacy-bulk-methods",
    family: Family::Migration,
    severity: Severity::Warning,
    series: None,
    summary: "`Session.bulk_*` methods are legacy; use `session.execute(insert(Model), rows)`",
    doc: r#"## What it does
Finds `session.bulk_save_objects(...)`, `session.bulk_insert_mappings(...)` and
`session.bulk_update_mappings(...)`.

## Why is this bad?
These are legacy features in 2.0. ORM bulk INSERT and UPDATE are now statements executed with a
list of dictionaries: `session.execute(insert(Model), rows)` (with `RETURNING` support and
"insertmanyvalues" batching) and `session.execute(update(Model), rows)` (by primary key).

## Example
```python
session.bulk_insert_mappings(User, [{"name": "a"}, {"name": "b"}])
session.bulk_update_mappings(User, [{"id": 1, "name": "c"}])
```

## Use instead
```python
session.execute(insert(User), [{"name": "a"}, {"name": "b"}])
session.execute(update(User), [{"id": 1, "name": "c"}])
```

## Fix safety
Unsafe, for `session.bulk_insert_mappings(Model, rows)` as a statement of its own: the fix writes
`session.execute(insert(Model), rows)` and imports `insert`. Review it: an empty `rows` inserted
nothing, while `execute()` with an empty list inserts a row of defaults in early 2.0 releases and
is deprecated later (sqlalchemy#9647); guard it with `if rows:`.
`bulk_save_objects` (objects, not dictionaries) and `bulk_update_mappings` get guidance only.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let methods = ["bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings"];
        let Some(method) = method_call(cx, call, &methods) else { continue };
        if !is_session(&cx.type_of(method.receiver)) {
            continue;
        }
        let session = cx.text(method.receiver);
        let name = cx.text(method.name);
        let arguments = args(cx, method.arguments);
        let model = arguments.positional.first().map_or("Model", |m| cx.text(*m));
        let message = match name {
            "bulk_insert_mappings" => {
                format!("`Session.bulk_insert_mappings()` is legacy; use `{session}.execute(insert({model}), rows)`")
            }
            "bulk_update_mappings" => format!(
                "`Session.bulk_update_mappings()` is legacy; use `{session}.execute(update({model}), rows)` (rows keyed by primary key)"
            ),
            _ => format!(
                "`Session.bulk_save_objects()` is legacy; use `{session}.add_all(objects)`, or `{session}.execute(insert(Model), [dicts])` for bulk speed"
            ),
        };
        let fix = (name == "bulk_insert_mappings").then(|| insert_fix(cx, call, &arguments, method.name)).flatten();
        out.push(cx.diagnostic_at(&RULE, call, message, fix));
    }
}

fn insert_fix(
    cx: &RuleContext<'_>,
    call: crate::syntax::Node<'_>,
    arguments: &super::receivers::Args<'_>,
    name: crate::syntax::Node<'_>,
) -> Option<Fix> {
    let [model, rows] = arguments.positional[..] else { return None };
    if !arguments.keywords.is_empty() || arguments.splat {
        return None;
    }
    // A statement of its own (the method returns None), on a mapped class.
    if call.parent().is_none_or(|p| p.kind() != "expression_statement") || !matches!(cx.type_of(model), Ty::TypeOf(_)) {
        return None;
    }
    let insert = import_name(cx, "sqlalchemy", "insert");
    let arguments_node = field(call, "arguments")?;
    let mut edits: Vec<Edit> = insert.edit.into_iter().collect();
    edits.push(Edit {
        file: cx.file,
        start: name.start_byte() as u32,
        end: arguments_node.end_byte() as u32,
        content: format!("execute({}({}), {})", insert.expression, cx.text(model), cx.text(rows)),
    });
    Some(Fix {
        applicability: Applicability::Unsafe,
        message: "Use `session.execute(insert(Model), rows)`".to_owned(),
        edits: sorted(edits),
    })
}
