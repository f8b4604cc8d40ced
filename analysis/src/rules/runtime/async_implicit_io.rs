//! SQA403 async-implicit-io.

use super::{
    has_async_attrs, keyword, loader_links, model_of_instance, relationship_of, session_call, statement_options,
};
use crate::models::{AttrKind, Collection, Model, ModelAttr};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, string_value, unparenthesize};

pub static RULE: Rule = Rule {
    code: "SQA403",
    name: "async-implicit-io",
    family: Family::Runtime,
    severity: Severity::Error,
    series: None,
    summary: "a lazy-loaded relationship read from an `AsyncSession` object: `MissingGreenlet`",
    doc: r#"## What it does
Finds, in `async def` functions, `obj.relationship` where `obj` was loaded from an `AsyncSession`
(`await session.get(...)`, `(await session.scalars(stmt)).first()`, `(await
session.execute(stmt)).scalar_one()`, `for obj in await session.scalars(stmt)`, ...), the
relationship loads lazily (the default `lazy="select"`), and the statement has no eager loader
option for it (`selectinload`, `joinedload`, `immediateload`, `subqueryload`, `contains_eager`,
`raiseload`, or a `"*"` wildcard). Accesses through `awaitable_attrs`, after
`await session.refresh(obj, ["relationship"])`, and on objects of unknown origin are left alone.
Only the first access of each relationship per object is reported.

## Why is this bad?
A lazy load runs SQL when the attribute is read, and with asyncio that I/O cannot happen implicitly
inside an attribute access: SQLAlchemy raises `MissingGreenlet` ("greenlet_spawn has not been
called; can't call await_only() here"), usually in production, on the first object whose
relationship was not already loaded.

## Example
```python
async def titles(session: AsyncSession, user_id: int) -> list[str]:
    user = await session.get(User, user_id)
    return [post.title for post in user.posts]
```

## Use instead
```python
async def titles(session: AsyncSession, user_id: int) -> list[str]:
    user = await session.get(User, user_id, options=[selectinload(User.posts)])
    return [post.title for post in user.posts]
```
or, with the `AsyncAttrs` mixin on the base, `await user.awaitable_attrs.posts`.

## Fix safety
Offered only when the model derives from `AsyncAttrs`: `user.posts` becomes
`(await user.awaitable_attrs.posts)`. Unsafe: it adds an await point (and a query per object where
an eager loader would run one for all of them).
"#,
    fixable: true,
    check,
};

/// Loader options that load (or forbid loading) the relationship up front.
const EAGER: &[&str] =
    &["selectinload", "joinedload", "immediateload", "subqueryload", "contains_eager", "raiseload", "noload"];

/// Session methods whose results are objects (directly or as rows).
const LOADING_METHODS: &[&str] =
    &["get", "get_one", "scalars", "scalar", "execute", "stream", "stream_scalars", "merge", "refresh"];

/// How many names are followed back from an object to its query (`result = ...; user = result.x()`).
const MAX_ORIGIN_DEPTH: usize = 3;

fn is_async_function(function: Node<'_>) -> bool {
    function.kind() == "function_definition" && function.child(0).is_some_and(|c| c.kind() == "async")
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut reported: Vec<(usize, String)> = Vec::new();
    for access in cx.nodes("attribute") {
        let (Some(object), Some(name)) = (field(access, "object"), field(access, "attribute")) else { continue };
        if object.kind() != "identifier" || is_store(access) {
            continue;
        }
        let Some(function) = cx.enclosing_function(access).filter(|f| is_async_function(*f)) else { continue };
        let name = cx.text(name);
        let Some(model) = model_of_instance(cx, &cx.type_of(object)) else { continue };
        let Some(attr) = model.attribute(name).filter(|a| lazy_loads(a)) else { continue };
        let variable = cx.text(object);
        let Some(binding) = binding_before(cx, variable, access, function) else { continue };
        if reported.contains(&(binding.start_byte(), name.to_owned())) {
            continue;
        }
        let Some(session_call) = async_origin(cx, binding, 0) else { continue };
        if loaded_eagerly(cx, session_call, model, attr) != Some(false)
            || loaded_since(cx, variable, name, binding, access)
        {
            continue;
        }
        reported.push((binding.start_byte(), name.to_owned()));
        let fix = has_async_attrs(cx, model).then(|| Fix {
            applicability: Applicability::Unsafe,
            message: "Await `awaitable_attrs`".to_owned(),
            edits: vec![Edit {
                file: cx.file,
                start: access.start_byte() as u32,
                end: access.end_byte() as u32,
                content: format!("(await {variable}.awaitable_attrs.{name})"),
            }],
        });
        let message = format!(
            "`{variable}.{name}` lazy-loads `{}.{name}` on an object from an `AsyncSession`: the implicit I/O raises `MissingGreenlet`; load it with `selectinload({}.{name})` or `await {variable}.awaitable_attrs.{name}`",
            model.name(),
            model.name()
        );
        out.push(cx.diagnostic_at(&RULE, access, message, fix));
    }
}

/// Whether reading the relationship runs a lazy load (`lazy="select"`, the default).
fn lazy_loads(attr: &ModelAttr) -> bool {
    attr.kind == AttrKind::Relationship
        && !matches!(attr.collection, Some(Collection::WriteOnly | Collection::Dynamic))
        && matches!(attr.lazy.as_deref(), None | Some("select"))
}

/// An assignment target or `del` target (writing does not load).
fn is_store(access: Node<'_>) -> bool {
    let mut node = access;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "assignment" | "augmented_assignment" => return field(parent, "left") == Some(node),
            "pattern_list" | "tuple_pattern" | "list_pattern" => node = parent,
            "delete_statement" => return true,
            _ => return false,
        }
    }
    false
}

/// The expression a name was last bound to before `at` in `function`: an assignment's right-hand
/// side or a `for` loop's iterable.
fn binding_before<'t>(cx: &RuleContext<'t>, name: &str, at: Node<'_>, function: Node<'_>) -> Option<Node<'t>> {
    let mut best: Option<(usize, Node<'t>)> = None;
    for kind in ["assignment", "for_statement"] {
        for node in cx.nodes(kind) {
            if node.start_byte() >= at.start_byte()
                || cx.enclosing_function(node).map(|f| f.id()) != Some(function.id())
            {
                continue;
            }
            let binds = field(node, "left").is_some_and(|l| l.kind() == "identifier" && cx.text(l) == name);
            // An assignment counts once it is complete; a loop binds inside its body.
            let in_effect = kind == "for_statement" || node.end_byte() <= at.start_byte();
            if binds && in_effect && best.is_none_or(|(start, _)| start < node.start_byte()) {
                best = field(node, "right").map(|right| (node.start_byte(), right));
            }
        }
    }
    best.map(|(_, right)| right)
}

/// The awaited async-session call an expression gets its objects from: inside the expression, or
/// through the names it is built from (`result = await session.execute(stmt)`; `result.scalar_one()`).
fn async_origin<'t>(cx: &RuleContext<'t>, expression: Node<'t>, depth: usize) -> Option<super::SessionCall<'t>> {
    let mut stack = vec![expression];
    let mut names: Vec<Node<'t>> = Vec::new();
    while let Some(node) = stack.pop() {
        if node.kind() == "await"
            && let Some(inner) = named_children(node).into_iter().next()
            && let Some(call) = Some(unparenthesize(inner)).filter(|c| c.kind() == "call")
            && let Some(session) = session_call(cx, call)
            && session.is_async
            && LOADING_METHODS.contains(&session.method)
        {
            return Some(session);
        }
        match node.kind() {
            "identifier" => names.push(node),
            "lambda" | "function_definition" => {}
            _ => stack.extend(named_children(node)),
        }
    }
    if depth >= MAX_ORIGIN_DEPTH {
        return None;
    }
    let function = cx.enclosing_function(expression)?;
    names.into_iter().find_map(|name| {
        let binding = binding_before(cx, cx.text(name), name, function)?;
        async_origin(cx, binding, depth + 1)
    })
}

/// Whether the query behind a session call loads the relationship up front: `Some(true)` when an
/// eager option (or a wildcard) covers it, `Some(false)` when the options are known and do not,
/// `None` when part of the statement is out of sight.
fn loaded_eagerly(cx: &RuleContext<'_>, call: super::SessionCall<'_>, model: &Model, attr: &ModelAttr) -> Option<bool> {
    let options: Vec<Node<'_>> = match call.method {
        "get" | "get_one" | "refresh" | "merge" => match keyword(cx, call.arguments, "options") {
            Some(list) if list.kind() == "list" => named_children(list),
            Some(_) => return None,
            None => Vec::new(),
        },
        _ => statement_options(cx, call.statement?)?,
    };
    for option in options {
        for link in loader_links(cx, option) {
            let Some(target) = link.target else { continue };
            if string_value(target, cx.parsed.text()).is_some() {
                return Some(true);
            }
            let Some((target_model, target_attr)) = relationship_of(cx, target) else { continue };
            let same_class = target_model.class == model.class || model.bases.contains(&target_model.class);
            if same_class && target_attr.name == attr.name && EAGER.contains(&link.loader) {
                return Some(true);
            }
        }
    }
    Some(false)
}

/// `await session.refresh(obj, ["posts"])` or `await obj.awaitable_attrs.posts` between the binding
/// and the access.
fn loaded_since(cx: &RuleContext<'_>, variable: &str, name: &str, binding: Node<'_>, access: Node<'_>) -> bool {
    let between = |n: &Node<'_>| n.start_byte() > binding.end_byte() && n.end_byte() <= access.start_byte();
    let awaited = format!("{variable}.awaitable_attrs.{name}");
    if cx.node_slice("attribute").iter().filter(|n| between(n)).any(|n| cx.text(*n) == awaited) {
        return true;
    }
    cx.node_slice("call").iter().filter(|n| between(n)).any(|call| {
        let is_refresh =
            field(*call, "function").and_then(|f| field(f, "attribute")).is_some_and(|a| cx.text(a) == "refresh");
        let Some(arguments) = field(*call, "arguments") else { return false };
        let args = named_children(arguments);
        is_refresh
            && args.first().is_some_and(|a| cx.text(*a) == variable)
            && super::descendants(arguments)
                .into_iter()
                .any(|s| string_value(s, cx.parsed.text()).as_deref() == Some(name))
    })
}
