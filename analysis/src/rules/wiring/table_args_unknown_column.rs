//! SQA309 table-args-unknown-column.

use super::common::{file_models, string_fix, string_value_node, suggest_column};
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};
use crate::schema::schema;
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, unparenthesize};

pub static RULE: Rule = Rule {
    code: "SQA309",
    name: "table-args-unknown-column",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "a constraint or index in `__table_args__` names a column the table does not have",
    doc: r#"## What it does
Reads the constraints and indexes of a mapped class's `__table_args__` (`UniqueConstraint`,
`PrimaryKeyConstraint`, `Index`, the local columns of `ForeignKeyConstraint`) and checks that each
column they name by string is a column of the class's table.

## Why is this bad?
SQLAlchemy raises `ConstraintColumnNotFoundError` when the class is declared. Constraints name
columns as the table knows them: `zip_code = Column("zip", ...)` is the column `zip`.

## Example
```python
class User(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("email", "tenant"),)
    email: Mapped[str]
    tenant_id: Mapped[int]
```

## Use instead
```python
    __table_args__ = (UniqueConstraint("email", "tenant_id"),)
```

## Fix safety
Safe when exactly one column fits: the column of an attribute of that name, or the one column
whose name is close.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let schema = schema(cx.db);
    for model in file_models(cx) {
        let Some(info) = schema.model(&model.class) else { continue };
        if info.has_table_object {
            continue;
        }
        let Some((table, view)) = schema.known_table(&model.class) else { continue };
        let Some(value) = cx.attribute_value(&model.class, "__table_args__") else { continue };
        let value = unparenthesize(value);
        if !matches!(value.kind(), "tuple" | "list") {
            continue;
        }
        for item in named_children(value) {
            let item = unparenthesize(item);
            let (Some(function), Some(arguments)) = (field(item, "function"), field(item, "arguments")) else {
                continue;
            };
            let Some(symbol) = cx.symbol_of(function) else { continue };
            let args: Vec<Node<'_>> =
                named_children(arguments).into_iter().filter(|a| a.kind() != "keyword_argument").collect();
            let (kind, names): (&str, Vec<Node<'_>>) = match symbol.as_str() {
                "sqlalchemy.UniqueConstraint" => ("UniqueConstraint", args),
                "sqlalchemy.PrimaryKeyConstraint" => ("PrimaryKeyConstraint", args),
                "sqlalchemy.Index" => ("Index", args.into_iter().skip(1).collect()),
                "sqlalchemy.ForeignKeyConstraint" => match args.first() {
                    Some(list) if matches!(list.kind(), "list" | "tuple") => {
                        ("ForeignKeyConstraint", named_children(*list))
                    }
                    _ => continue,
                },
                _ => continue,
            };
            for node in names {
                let Some(column) = string_value_node(cx, node) else { continue };
                if view.has_column(&column) {
                    continue;
                }
                let suggestion = suggest_column(view, &column);
                let fix = suggestion.and_then(|s| string_fix(cx, node, 0, column.len(), s));
                let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
                let message = format!(
                    "`{kind}` in `{}.__table_args__`: table `{table}` has no column `{column}`{hint}",
                    model.name()
                );
                out.push(cx.diagnostic_at(&RULE, node, message, fix));
            }
        }
    }
}
