//! SQA102 legacy-declarative-base.

use super::spelling::{Edits, swap_import};
use crate::hir::{Binding, Definition, Expr, module_index, resolve_expr_symbol, resolve_name};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, unparenthesize};

pub static RULE: Rule = Rule {
    code: "SQA102",
    name: "legacy-declarative-base",
    family: Family::Migration,
    severity: Severity::Warning,
    series: None,
    summary: "`declarative_base()` / `registry().generate_base()` is the legacy base; subclass `DeclarativeBase`",
    doc: r#"## What it does
Finds declarative bases made by calling `declarative_base()` or `registry.generate_base()`.

## Why is this bad?
The base they return is a dynamically created class: type checkers see it as `Any`, so every model
derived from it is untyped (no `Mapped[...]` checking, no typed queries). Step 1 of "Migrating an
Existing Mapping" in the 2.0 guide replaces it with a `DeclarativeBase` subclass.

## Example
```python
Base = declarative_base(metadata=MetaData(naming_convention=convention))
```

## Use instead
```python
class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=convention)
```

## Fix safety
Unsafe: the base becomes a real class, so type checking of every model changes (new errors can
appear where the `Any` base hid them). `metadata=` and `type_annotation_map=` become class
attributes, `cls=` an extra base class, a named registry `registry = reg`; other arguments (`bind=`,
`constructor=`, `metaclass=`, `class_registry=`, …) have no direct equivalent and get no fix.
"#,
    fixable: true,
    check,
};

enum Origin<'t> {
    /// `declarative_base(...)`.
    DeclarativeBase,
    /// `registry(...).generate_base(...)`: the `registry(...)` call.
    InlineRegistry(Node<'t>),
    /// `reg.generate_base(...)` with `reg = registry(...)`.
    NamedRegistry(&'t str),
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for assignment in cx.nodes("assignment") {
        let at_module_level = assignment
            .parent()
            .filter(|s| s.kind() == "expression_statement")
            .and_then(|s| s.parent())
            .is_some_and(|m| m.kind() == "module");
        let (Some(left), Some(right)) = (field(assignment, "left"), field(assignment, "right")) else { continue };
        let call = unparenthesize(right);
        if !at_module_level || left.kind() != "identifier" || call.kind() != "call" {
            continue;
        }
        let Some(function) = field(call, "function") else { continue };
        let origin = if cx.symbol_of(function).as_deref() == Some("sqlalchemy.declarative_base") {
            Origin::DeclarativeBase
        } else if function.kind() == "attribute"
            && field(function, "attribute").is_some_and(|a| cx.text(a) == "generate_base")
        {
            match field(function, "object") {
                Some(object)
                    if object.kind() == "call"
                        && field(object, "function").and_then(|f| cx.symbol_of(f)).as_deref()
                            == Some("sqlalchemy.registry") =>
                {
                    Origin::InlineRegistry(object)
                }
                Some(object) if object.kind() == "identifier" && is_registry_variable(cx, cx.text(object)) => {
                    Origin::NamedRegistry(cx.text(object))
                }
                _ => continue,
            }
        } else {
            continue;
        };
        let name = cx.text(left);
        let what = match origin {
            Origin::DeclarativeBase => "declarative_base()",
            _ => "generate_base()",
        };
        let message = format!("`{name}` is made by `{what}`; declare `class {name}(DeclarativeBase)` instead");
        let fix = fix(cx, assignment, name, call, function, &origin);
        out.push(cx.diagnostic_at(&RULE, call, message, fix));
    }
}

/// `reg = registry(...)` at the top of this module or of the one it is imported from.
fn is_registry_variable(cx: &RuleContext<'_>, name: &str) -> bool {
    let Some(Definition::Variable { file, name }) = resolve_name(cx.db, cx.file, name) else { return false };
    let index = module_index(cx.db, file);
    let Some(Binding::Variable { value: Some(Expr::Call { func, .. }), .. }) = index.bindings.get(&name) else {
        return false;
    };
    matches!(resolve_expr_symbol(cx.db, file, func), Some(Definition::External(s)) if s == "sqlalchemy.registry")
}

fn fix(
    cx: &RuleContext<'_>,
    assignment: Node<'_>,
    name: &str,
    call: Node<'_>,
    function: Node<'_>,
    origin: &Origin<'_>,
) -> Option<Fix> {
    let mut bases: Vec<&str> = Vec::new();
    let mut body: Vec<String> = Vec::new();
    let mut calls = vec![call];
    match origin {
        Origin::InlineRegistry(registry) => calls.push(*registry),
        Origin::NamedRegistry(registry) => body.push(format!("registry = {registry}")),
        Origin::DeclarativeBase => {}
    }
    for (i, call) in calls.iter().enumerate() {
        let is_registry = i == 1;
        for argument in named_children(field(*call, "arguments")?) {
            if argument.kind() != "keyword_argument" {
                return None;
            }
            let (key, value) = (cx.text(field(argument, "name")?), cx.text(field(argument, "value")?));
            match key {
                "metadata" | "type_annotation_map" => body.push(format!("{key} = {value}")),
                "cls" if !is_registry => {
                    if value != "object" {
                        bases.push(value);
                    }
                }
                // The class statement names the class.
                "name" if !is_registry => {}
                _ => return None,
            }
        }
    }
    let mut edits = Edits::default();
    let declarative_base = match origin {
        Origin::DeclarativeBase if function.kind() == "identifier" => swap_import(
            cx,
            "sqlalchemy.declarative_base",
            cx.text(function),
            &[function],
            "sqlalchemy.orm",
            "DeclarativeBase",
            &mut edits,
        )?,
        _ => super::spelling::external_name(cx, "sqlalchemy.orm", "DeclarativeBase", &mut edits)?,
    };
    bases.push(&declarative_base);
    if body.is_empty() {
        body.push("pass".to_owned());
    }
    let class = format!("class {name}({}):\n    {}", bases.join(", "), body.join("\n    "));
    edits.push(Edit {
        file: cx.file,
        start: assignment.start_byte() as u32,
        end: assignment.end_byte() as u32,
        content: class,
    });
    Some(Fix {
        applicability: Applicability::Unsafe,
        message: format!("Declare `class {name}({declarative_base})`"),
        edits: edits.finish(),
    })
}
