//! SQA117 classical-mapper.

use super::spelling::{Edits, references, remove_imported, sqlalchemy_import, swap_import};
use crate::hir::{Binding, Definition, Expr, module_index, resolve_expr_symbol};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};

pub static RULE: Rule = Rule {
    code: "SQA117",
    name: "classical-mapper",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "`mapper(Cls, table)` is removed; use `registry.map_imperatively()`",
    doc: r#"## What it does
Finds classical mappings made with the `mapper()` function.

## Why is this bad?
The standalone `mapper()` function was deprecated in 1.4 and raises `InvalidRequestError` in 2.0.
Imperative mapping goes through a `registry`: `registry.map_imperatively(Cls, table, ...)` takes the
same arguments.

## Example
```python
mapper(User, users_table, properties={"addresses": relationship(Address)})
```

## Use instead
```python
mapper_registry = registry()
mapper_registry.map_imperatively(User, users_table, properties={"addresses": relationship(Address)})
```

## Fix safety
Unsafe: the classes of a module are mapped in that module's registry (an existing `registry()`
variable of the module, else a new `mapper_registry = registry()` before the first mapping), not in
one global registry: string references in `relationship("Other")` resolve only within it, so
mappings spread over several modules need one shared registry. No fix for `non_primary=True` (gone in
2.0) or calls without the class argument.
"#,
    fixable: true,
    check,
};

const NEW_REGISTRY: &str = "mapper_registry";

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(function) = field(call, "function") else { continue };
        if cx.symbol_of(function).as_deref() != Some("sqlalchemy.mapper") {
            continue;
        }
        let message = "`mapper()` is removed in SQLAlchemy 2.0; use `registry.map_imperatively()`".to_owned();
        out.push(cx.diagnostic_at(&RULE, function, message, fix(cx, call, function)));
    }
}

fn fix(cx: &RuleContext<'_>, call: Node<'_>, function: Node<'_>) -> Option<Fix> {
    let arguments = named_children(field(call, "arguments")?);
    let simple =
        arguments.first().is_some_and(|a| !matches!(a.kind(), "keyword_argument" | "list_splat" | "dictionary_splat"))
            && !arguments.iter().any(|a| {
                a.kind() == "keyword_argument" && field(*a, "name").is_some_and(|n| cx.text(n) == "non_primary")
            });
    if !simple || !matches!(function.kind(), "identifier" | "attribute") {
        return None;
    }
    let mut edits = Edits::default();
    let only_use = function.kind() == "identifier"
        && references(cx, cx.text(function), "sqlalchemy.mapper").is_some_and(|uses| uses.len() == 1);
    let registry = match existing_registry(cx) {
        Some(registry) => {
            if only_use && let Some(imported) = sqlalchemy_import(cx, "mapper", cx.text(function)) {
                edits.push(remove_imported(cx, &imported));
            }
            registry
        }
        None => {
            if module_index(cx.db, cx.file).bindings.contains_key(NEW_REGISTRY) {
                return None;
            }
            let registry_class = if function.kind() == "identifier" {
                swap_import(
                    cx,
                    "sqlalchemy.mapper",
                    cx.text(function),
                    &[function],
                    "sqlalchemy.orm",
                    "registry",
                    &mut edits,
                )?
            } else {
                super::spelling::external_name(cx, "sqlalchemy.orm", "registry", &mut edits)?
            };
            let statement = top_level_statement(call)?;
            let spacing =
                if matches!(statement.kind(), "function_definition" | "class_definition" | "decorated_definition") {
                    "\n\n"
                } else {
                    ""
                };
            let at = statement.start_byte() as u32;
            edits.push(Edit {
                file: cx.file,
                start: at,
                end: at,
                content: format!("{NEW_REGISTRY} = {registry_class}()\n{spacing}"),
            });
            NEW_REGISTRY.to_owned()
        }
    };
    edits.push(Edit {
        file: cx.file,
        start: function.start_byte() as u32,
        end: function.end_byte() as u32,
        content: format!("{registry}.map_imperatively"),
    });
    Some(Fix {
        applicability: Applicability::Unsafe,
        message: format!("Use `{registry}.map_imperatively()`"),
        edits: edits.finish(),
    })
}

/// A module-level `x = registry(...)` of this file (`mapper_registry` first, else the first by name).
fn existing_registry(cx: &RuleContext<'_>) -> Option<String> {
    let index = module_index(cx.db, cx.file);
    let mut names: Vec<&str> = index
        .bindings
        .iter()
        .filter(|(_, binding)| match binding {
            Binding::Variable { value: Some(Expr::Call { func, .. }), .. } => {
                matches!(resolve_expr_symbol(cx.db, cx.file, func), Some(Definition::External(s)) if s == "sqlalchemy.registry")
            }
            _ => false,
        })
        .map(|(name, _)| name.as_str())
        .collect();
    names.sort_by_key(|n| (*n != NEW_REGISTRY, *n));
    names.first().map(|n| (*n).to_owned())
}

/// The statement of the module that contains `node`.
fn top_level_statement(node: Node<'_>) -> Option<Node<'_>> {
    let mut current = node;
    loop {
        let parent = current.parent()?;
        if parent.kind() == "module" {
            return Some(current);
        }
        current = parent;
    }
}
