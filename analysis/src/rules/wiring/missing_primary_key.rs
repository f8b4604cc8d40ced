//! SQA314 missing-primary-key.

use super::common::{append_argument, declaration_call, file_models, name_range};
use crate::hir::{Definition, Expr, resolve_expr_symbol};
use crate::models::{AttrKind, BaseKind, Model};
use crate::rules::{Applicability, Diagnostic, Family, Fix, Rule, RuleContext, Severity};
use crate::schema::{schema, table_arg_items};

pub static RULE: Rule = Rule {
    code: "SQA314",
    name: "missing-primary-key",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "a mapped class whose table has no primary key column",
    doc: r#"## What it does
Finds a mapped class with a table of its own (`__tablename__`) none of whose columns, its
mixins' included, has `primary_key=True`, with no `PrimaryKeyConstraint` in `__table_args__` and
no `primary_key` in `__mapper_args__`.

## Why is this bad?
The ORM identifies rows by their primary key: SQLAlchemy raises `ArgumentError: Mapper ... could
not assemble any primary key columns for mapped table` when the class is declared. The usual
cause is a forgotten `primary_key=True`.

## Example
```python
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column()
    name: Mapped[str]
```

## Use instead
```python
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
```

## Fix safety
Unsafe, and offered only when the class declares a column attribute named `id`: the fix adds
`primary_key=True` to it, which changes the table.
"#,
    fixable: true,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    let schema = schema(cx.db);
    for model in file_models(cx) {
        let Some(info) = schema.model(&model.class) else { continue };
        // A table object, reflection, an extended table or a column we cannot read may hold the key.
        if info.table.is_none() || info.has_table_object || info.opaque || info.extends_existing {
            continue;
        }
        // Single-table and joined inheritance take the key from the mapped parent.
        if model.bases.iter().any(|b| models.model(b).is_some_and(|m| !m.is_abstract)) {
            continue;
        }
        if !info.own_tablename && model.base_kind != BaseKind::Flask {
            continue;
        }
        let columns: Vec<_> =
            model.attributes.iter().filter(|a| a.kind == AttrKind::Column && !a.via_backref).collect();
        if columns.iter().any(|a| a.primary_key) || columns.iter().any(|a| unreadable_annotation(cx, a)) {
            continue;
        }
        if declares_key_elsewhere(cx, model) {
            continue;
        }
        let Some((start, end)) = name_range(cx, &model.class, None) else { continue };
        let fix = model
            .attribute("id")
            .filter(|a| a.kind == AttrKind::Column && a.declared_in == model.class)
            .and_then(|id| declaration_call(cx, id))
            .and_then(|call| append_argument(cx, call, "primary_key=True"))
            .map(|edit| Fix {
                applicability: Applicability::Unsafe,
                message: "Make `id` the primary key".to_owned(),
                edits: vec![edit],
            });
        let message = format!(
            "`{}` has no primary key column (SQLAlchemy raises `ArgumentError`: could not assemble any primary key columns)",
            model.name()
        );
        out.push(cx.diagnostic(&RULE, start, end, message, fix));
    }
}

/// `id: Mapped[intpk]` with an alias we cannot follow (a variable, or a name imported from outside
/// the workspace) may carry `primary_key=True`.
fn unreadable_annotation(cx: &RuleContext<'_>, attr: &crate::models::ModelAttr) -> bool {
    let Some(Expr::Subscript(_, args)) = attr.annotation.as_deref() else { return false };
    match args.first() {
        Some(inner @ (Expr::Name(_) | Expr::Attr(..))) => {
            match resolve_expr_symbol(cx.db, attr.declared_in.file, inner) {
                None | Some(Definition::Variable { .. }) => true,
                // An alias imported from a module we do not see (`from types import intpk`).
                Some(Definition::External(symbol)) => {
                    const READABLE: &[&str] = &["builtins.", "typing.", "datetime.", "decimal.", "uuid.", "enum."];
                    !READABLE.iter().any(|m| symbol.starts_with(m))
                }
                Some(_) => false,
            }
        }
        Some(Expr::Subscript(base, _)) => {
            matches!(resolve_expr_symbol(cx.db, attr.declared_in.file, base), Some(Definition::External(s)) if s == "typing.Annotated")
        }
        _ => false,
    }
}

/// `PrimaryKeyConstraint` in `__table_args__` or `primary_key` in `__mapper_args__`, on the class or
/// a base it inherits them from.
fn declares_key_elsewhere(cx: &RuleContext<'_>, model: &Model) -> bool {
    std::iter::once(&model.class).chain(model.bases.iter()).any(|class| {
        let Some(item) = crate::hir::index::class_item(cx.db, class.file, &class.name) else { return false };
        let methods = ["__table_args__", "__mapper_args__"];
        if methods.iter().any(|m| item.method(m).is_some()) {
            return true;
        }
        let constraint = item.assigned("__table_args__").is_some_and(|args| {
            table_arg_items(args).iter().any(|c| match c {
                Expr::Call { func, .. } => {
                    func.dotted_path().and_then(|p| p.last().cloned()).is_some_and(|n| n == "PrimaryKeyConstraint")
                }
                _ => true,
            }) || !matches!(args, Expr::Tuple(_) | Expr::List(_) | Expr::Dict(_))
        });
        let mapper_key = item.assigned("__mapper_args__").is_some_and(|args| match args {
            Expr::Dict(pairs) => pairs.iter().any(|(k, _)| k.as_str().is_none_or(|k| k == "primary_key")),
            _ => true,
        });
        constraint || mapper_key
    })
}
