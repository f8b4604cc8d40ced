//! SQA304 unknown-foreign-key.

use super::common::{calls, string_fix, string_value_node, suggest_column};
use crate::hir::Binding;
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity, did_you_mean};
use crate::schema::schema;
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};

pub static RULE: Rule = Rule {
    code: "SQA304",
    name: "unknown-foreign-key",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "`ForeignKey(\"table.column\")` names a table or column that does not exist",
    doc: r#"## What it does
Finds `ForeignKey("table.column")` (and the references of `ForeignKeyConstraint`) whose table is
neither mapped by a class (`__tablename__`) nor declared with `Table("name", ...)` anywhere in the
workspace, or whose column is not a column of that table.

## Why is this bad?
The string is resolved when the table's foreign keys are first used: `create_all()` or the first
join raises `NoReferencedTableError` / `NoReferencedColumnError`. No type checker sees it. A
foreign key names the column as the table knows it: `Column("zip", ...)` assigned to `zip_code`
is `addresses.zip`.

## Example
```python
user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))  # the table is "users"
```

## Use instead
```python
user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
```

## Fix safety
Safe when exactly one table (or column) name is close to the one written.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    // A migration names the tables of its own time, not of the models.
    if is_migration(cx) {
        return;
    }
    for call in cx.nodes("call") {
        let (Some(function), Some(arguments)) = (field(call, "function"), field(call, "arguments")) else { continue };
        let args = named_children(arguments);
        // Cheap shape checks first: `ForeignKey("t.c")`, `ForeignKeyConstraint([...], ["t.c"])`.
        let references: Vec<Node<'_>> = match args.first().map(|a| a.kind()) {
            Some("string") => vec![args[0]],
            Some("list" | "tuple") => match args.get(1) {
                Some(refs) if matches!(refs.kind(), "list" | "tuple") => named_children(*refs),
                _ => continue,
            },
            _ => continue,
        };
        let expected =
            if args[0].kind() == "string" { "sqlalchemy.ForeignKey" } else { "sqlalchemy.ForeignKeyConstraint" };
        if !calls(cx, function, &[expected]) {
            continue;
        }
        for reference in references {
            check_reference(cx, reference, out);
        }
    }
}

/// The file imports Alembic.
fn is_migration(cx: &RuleContext<'_>) -> bool {
    let index = crate::hir::module_index(cx.db, cx.file);
    index.bindings.values().any(|binding| match binding {
        Binding::ImportModule { module } => module.split('.').next() == Some("alembic"),
        Binding::ImportFrom { from, .. } => {
            from.level == 0 && from.module.as_deref().is_some_and(|m| m.split('.').next() == Some("alembic"))
        }
        _ => false,
    })
}

fn check_reference(cx: &RuleContext<'_>, node: Node<'_>, out: &mut Vec<Diagnostic>) {
    let Some(written) = string_value_node(cx, node) else { return };
    let schema = schema(cx.db);
    // `table.column`, `schema.table.column`, or a bare `table` (the column named like this one).
    let (table_part, column) = match written.rsplit_once('.') {
        Some((table, column)) => (table, Some(column)),
        None => (written.as_str(), None),
    };
    let (qualifier, table) = match table_part.rsplit_once('.') {
        Some((qualifier, table)) => (Some(qualifier), table),
        None => (None, table_part),
    };
    let table_start = qualifier.map_or(0, |q| q.len() + 1);
    let Some(view) = schema.tables.get(table) else {
        // A schema-qualified table may live in a database we do not see.
        if !schema.names_complete || qualifier.is_some() || table.is_empty() {
            return;
        }
        let suggestion = did_you_mean(table, schema.tables.keys().map(|k| k.as_str()));
        let fix = suggestion.and_then(|s| string_fix(cx, node, table_start, table_start + table.len(), s));
        let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        let message = format!("foreign key `{written}`: no table `{table}` is mapped or declared{hint}");
        out.push(cx.diagnostic_at(&RULE, node, message, fix));
        return;
    };
    let Some(column) = column else { return };
    if view.opaque || view.has_column(column) {
        return;
    }
    let suggestion = suggest_column(view, column);
    let column_start = table_part.len() + 1;
    let fix = suggestion.and_then(|s| string_fix(cx, node, column_start, column_start + column.len(), s));
    let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
    let message = format!("foreign key `{written}`: table `{table}` has no column `{column}`{hint}");
    out.push(cx.diagnostic_at(&RULE, node, message, fix));
}
