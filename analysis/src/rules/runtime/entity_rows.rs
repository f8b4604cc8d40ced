//! SQA402 entity-rows.

use super::session_call;
use crate::models::Model;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};
use crate::types::{Class, RowTail, Ty};

pub static RULE: Rule = Rule {
    code: "SQA402",
    name: "entity-rows",
    family: Family::Runtime,
    severity: Severity::Info,
    series: None,
    summary: "rows of a single entity unwrapped by hand: use `session.scalars(...)`",
    doc: r#"## What it does
Finds results of `session.execute(select(User))` — a select of one ORM entity — whose rows are
unwrapped by hand:

- `session.execute(select(User)).scalars()`
- `session.execute(select(User)).one()[0]` (and `.first()[0]`, `.one_or_none()[0]`)
- `for (user,) in session.execute(select(User)):` (and `for user, in ...`)
- `row[0]` on a `Row[User]` (`for row in session.execute(select(User))`, `rows = ....all()`)

## Why is this bad?
`Session.execute()` returns rows (tuples) even when each holds a single object; in 1.x
`Query(User)` returned the objects themselves, and code ported from it tends to unwrap every row.
`Session.scalars()` returns the objects directly, reads better, and is typed as `ScalarResult[User]`.
A forgotten unwrap is a `Row` where a `User` was expected, which fails far from the query.

## Example
```python
users = session.execute(select(User)).scalars().all()
for (user,) in session.execute(select(User)):
    ...
```

## Use instead
```python
users = session.scalars(select(User)).all()
for user in session.scalars(select(User)):
    ...
```

## Fix safety
Safe for `.execute(...).scalars()`, `.execute(...).one()[0]` and `for (x,) in .execute(...)`: the
same objects are produced. Unsafe for `.first()[0]` and `.one_or_none()[0]`: where no row is found,
the original raises `TypeError` and the fixed code returns `None`. `row[0]` on a row that was
stored earlier is reported without a fix.
"#,
    fixable: true,
    check,
};

/// The model of a single-entity row source (`Result[User]`, `Row[User]`).
fn single_entity<'db>(cx: &RuleContext<'db>, ty: &Ty, kind: &str) -> Option<&'db Model> {
    let Ty::Rows(name, shape) = ty else { return None };
    if name.as_str() != kind || shape.tail != RowTail::Exact {
        return None;
    }
    let [col] = shape.cols.as_slice() else { return None };
    match &col.ty {
        Ty::Instance(Class::User(class), _) => cx.models().model(class),
        _ => None,
    }
}

fn is_zero_index(cx: &RuleContext<'_>, subscript: Node<'_>) -> bool {
    let indexes: Vec<Node<'_>> = named_children(subscript).into_iter().skip(1).collect();
    matches!(indexes.as_slice(), [index] if index.kind() == "integer" && cx.text(*index) == "0")
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for call in cx.nodes("call") {
        let Some(session) = session_call(cx, call) else { continue };
        if session.method != "execute" {
            continue;
        }
        // The result: the call, or `(await call)` for an async session.
        let (result, awaited) = match call.parent() {
            Some(p) if session.is_async && p.kind() == "await" => (p, true),
            _ if session.is_async => continue,
            _ => (call, false),
        };
        let Some(model) = single_entity(cx, &cx.type_of(result), "Result") else { continue };
        let scalars_call = format!("{}.scalars{}", cx.text(session.session), cx.text(session.arguments));
        let replacement = |tail: &str| {
            if awaited { format!("(await {scalars_call}){tail}") } else { format!("{scalars_call}{tail}") }
        };
        let receiver = match result.parent() {
            Some(p) if awaited && p.kind() == "parenthesized_expression" => p,
            _ => result,
        };
        let Some(parent) = receiver.parent() else { continue };
        let entity = model.name();
        match parent.kind() {
            "attribute" if field(parent, "object") == Some(receiver) => {
                let name = field(parent, "attribute").map(|a| cx.text(a)).unwrap_or("");
                let Some(method_call) =
                    parent.parent().filter(|p| p.kind() == "call" && field(*p, "function") == Some(parent))
                else {
                    continue;
                };
                let no_args = field(method_call, "arguments").is_some_and(|a| named_children(a).is_empty());
                if !no_args {
                    continue;
                }
                if name == "scalars" {
                    let fix = fix(cx, method_call, replacement(""), Applicability::Safe);
                    let message = format!("`.execute(...).scalars()` on a select of `{entity}`: use `.scalars(...)`");
                    out.push(cx.diagnostic_at(&RULE, method_call, message, Some(fix)));
                    continue;
                }
                let Some(subscript) = method_call.parent().filter(|p| {
                    p.kind() == "subscript" && field(*p, "value") == Some(method_call) && is_zero_index(cx, *p)
                }) else {
                    continue;
                };
                let applicability = match name {
                    "one" => Applicability::Safe,
                    "first" | "one_or_none" => Applicability::Unsafe,
                    _ => continue,
                };
                let fix = fix(cx, subscript, replacement(&format!(".{name}()")), applicability);
                let message =
                    format!("a row of `{entity}` unwrapped with `[0]`: use `.scalars(...).{name}()` to get the object");
                covered.push((subscript.start_byte(), subscript.end_byte()));
                out.push(cx.diagnostic_at(&RULE, subscript, message, Some(fix)));
            }
            "for_statement" if field(parent, "right") == Some(receiver) => {
                let Some(target) = field(parent, "left") else { continue };
                let inner = match (target.kind(), named_children(target).as_slice()) {
                    ("tuple_pattern" | "pattern_list" | "list_pattern", [one]) if one.kind() == "identifier" => *one,
                    _ => continue,
                };
                let source = if awaited && receiver.kind() == "await" {
                    format!("await {scalars_call}")
                } else {
                    replacement("")
                };
                let fix = Fix {
                    applicability: Applicability::Safe,
                    message: "Iterate `.scalars(...)`".to_owned(),
                    edits: vec![edit(cx, target, cx.text(inner).to_owned()), edit(cx, receiver, source)],
                };
                let message =
                    format!("rows of `{entity}` unpacked one by one: iterate `.scalars(...)` to get the objects");
                out.push(cx.diagnostic_at(&RULE, target, message, Some(fix)));
            }
            _ => {}
        }
    }
    for subscript in cx.nodes("subscript") {
        let Some(value) = field(subscript, "value") else { continue };
        let range = (subscript.start_byte(), subscript.end_byte());
        if !is_zero_index(cx, subscript) || covered.contains(&range) {
            continue;
        }
        let Some(model) = single_entity(cx, &cx.type_of(value), "Row") else { continue };
        let message = format!(
            "`{}` unwraps a row of `{}`: select with `session.scalars(...)` to get the objects",
            cx.text(subscript),
            model.name()
        );
        out.push(cx.diagnostic_at(&RULE, subscript, message, None));
    }
}

fn edit(cx: &RuleContext<'_>, node: Node<'_>, content: String) -> Edit {
    Edit { file: cx.file, start: node.start_byte() as u32, end: node.end_byte() as u32, content }
}

fn fix(cx: &RuleContext<'_>, node: Node<'_>, content: String, applicability: Applicability) -> Fix {
    Fix { applicability, message: "Use `.scalars(...)`".to_owned(), edits: vec![edit(cx, node, content)] }
}
