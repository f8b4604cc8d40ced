//! SQA308 duplicate-column.

use rustc_hash::FxHashMap;

use super::common::{calls, file_models, name_range};
use crate::hir::Name;
use crate::models::{AttrKind, ModelAttr};
use crate::rules::{Diagnostic, Family, Rule, RuleContext, Severity};
use crate::schema::{attr_table, column_key, schema};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};
use crate::types::ClassRef;

pub static RULE: Rule = Rule {
    code: "SQA308",
    name: "duplicate-column",
    family: Family::Wiring,
    severity: Severity::Error,
    series: None,
    summary: "two attributes of a model map the same column",
    doc: r#"## What it does
Finds two column attributes of one mapped class (its own, its mixins', and for single-table
inheritance its parent's) that map the same column name: `Column("name", ...)` written twice, or
an attribute named like another attribute's explicit column name. Also finds an attribute
declared twice in one class body (`title = Column(...)` and later `title = Column(...)` again),
reported as a warning.

## Why is this bad?
SQLAlchemy raises `DuplicateColumnError: A column with name 'x' is already present in table` when
the class is declared (or warns that the column is being replaced). The usual cause is a copied
line whose column name was not changed. An attribute declared twice keeps only its last
declaration: the first one is silently dropped, with whatever it said (type, constraints, keys).

## Example
```python
class User(Base):
    name = Column(String)
    display_name = Column("name", String)
```

## Use instead
```python
class User(Base):
    name = Column(String)
    display_name = Column("display_name", String)
```

## Fix safety
No fix: which column was meant is for the author to say.
"#,
    fixable: false,
    check,
};

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    redeclared(cx, out);
    let models = cx.models();
    let schema = schema(cx.db);
    for model in file_models(cx) {
        let Some(info) = schema.model(&model.class) else { continue };
        if info.has_table_object || info.table.is_none() {
            continue;
        }
        // The columns this class puts in its table, with where each is declared.
        let columns: Vec<(&ModelAttr, u32)> = model
            .attributes
            .iter()
            .filter(|a| a.kind == AttrKind::Column && !a.via_backref)
            .filter(|a| attr_table(&schema.models, models, model, a) == info.table)
            .map(|a| {
                let at = if a.declared_in == model.class {
                    name_range(cx, &a.declared_in, Some(&a.name)).map_or(u32::MAX, |(start, _)| start)
                } else {
                    0
                };
                (a, at)
            })
            .collect();
        for (attr, at) in &columns {
            if attr.declared_in != model.class || *at == u32::MAX {
                continue;
            }
            let key = column_key(attr);
            // Reported on the later of the two (anything inherited comes first).
            let Some((earlier, _)) = columns
                .iter()
                .filter(|(other, other_at)| other.name != attr.name && other_at < at && column_key(other) == key)
                .min_by_key(|(_, other_at)| *other_at)
            else {
                continue;
            };
            let Some((start, end)) = name_range(cx, &attr.declared_in, Some(&attr.name)) else { continue };
            let message = format!(
                "`{}.{}` maps column `{key}`, which `{}.{}` already maps",
                model.name(),
                attr.name,
                earlier.declared_in.name,
                earlier.name
            );
            out.push(cx.diagnostic(&RULE, start, end, message, None));
        }
    }
}

/// What declares a mapped attribute in a class body.
const DECLARATIONS: &[&str] = &[
    "sqlalchemy.Column",
    "sqlalchemy.mapped_column",
    "sqlalchemy.relationship",
    "sqlalchemy.relation",
    "sqlalchemy.column_property",
    "sqlalchemy.composite",
    "sqlalchemy.synonym",
    "sqlalchemy.deferred",
];

/// An attribute assigned a column or relationship twice, directly in a mapped class's body.
fn redeclared(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    for class in cx.nodes("class_definition") {
        let (Some(name), Some(body)) = (field(class, "name"), field(class, "body")) else { continue };
        let class_ref = ClassRef { file: cx.file, name: Name::from(cx.text(name)) };
        if models.model(&class_ref).is_none() {
            continue;
        }
        let mut seen: FxHashMap<&str, Node<'_>> = FxHashMap::default();
        for statement in named_children(body) {
            if statement.kind() != "expression_statement" {
                continue;
            }
            let Some(assignment) = named_children(statement).into_iter().find(|c| c.kind() == "assignment") else {
                continue;
            };
            let (Some(left), Some(right)) = (field(assignment, "left"), field(assignment, "right")) else { continue };
            if left.kind() != "identifier" || right.kind() != "call" {
                continue;
            }
            if !field(right, "function").is_some_and(|f| calls(cx, f, DECLARATIONS)) {
                continue;
            }
            let attribute = cx.text(left);
            if let Some(earlier) = seen.insert(attribute, left) {
                let message = format!(
                    "`{}.{attribute}` is declared again: the declaration on line {} is dropped",
                    class_ref.name,
                    earlier.start_position().row + 1
                );
                let mut diagnostic = cx.diagnostic_at(&RULE, left, message, None);
                diagnostic.severity = Severity::Warning;
                out.push(diagnostic);
            }
        }
    }
}
