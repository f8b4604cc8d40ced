//! The rewrite of one use of a dynamic relationship for a write-only collection, which loads
//! nothing itself: reads become statements executed by a session.
//!
//! `user.posts.filter(a).all()` → `session.scalars(user.posts.select().where(a)).all()`, with the
//! session in scope, else `object_session(user)` (the session a dynamic relationship queries
//! through anyway).

use super::super::receivers::{has_comment, is_session, method_called_on};
use crate::rules::imports::import_name;
use crate::rules::{Edit, RuleContext};
use crate::syntax::Node;
use crate::syntax::node_ext::{descendants, field, named_children};
use crate::types::Ty;

/// `Query` methods that build the statement, and their name on a `Select`.
const BUILDERS: &[(&str, &str)] = &[
    ("filter", "where"),
    ("filter_by", "filter_by"),
    ("where", "where"),
    ("order_by", "order_by"),
    ("limit", "limit"),
    ("offset", "offset"),
    ("distinct", "distinct"),
    ("join", "join"),
    ("outerjoin", "outerjoin"),
];

/// `AppenderQuery` methods that change the collection, and their `WriteOnlyCollection` names.
const MUTATIONS: &[(&str, &str)] =
    &[("append", "add"), ("extend", "add_all"), ("remove", "remove"), ("add", "add"), ("add_all", "add_all")];

/// `Query` methods that run the statement.
const TERMINALS: &[&str] = &["all", "first", "one", "one_or_none", "scalar", "count"];

/// Builtins that only iterate their first argument.
const ITERATING: &[&str] =
    &["builtins.list", "builtins.tuple", "builtins.set", "builtins.sorted", "builtins.enumerate"];

/// One `.name(...)` call chained onto the relationship.
#[derive(Clone, Copy)]
struct Step<'t> {
    name: &'t str,
    name_node: Node<'t>,
    call: Node<'t>,
}

/// How the loaded collection is consumed.
enum Consumer<'t> {
    /// `.all()`, `.first()`, `.count()`, …
    Terminal(Step<'t>),
    /// `for x in …`, `[… for x in …]`, `list(…)`, `x in …`.
    Iterate,
    /// `len(…)`, `…[i]`: a list of the rows.
    Materialise,
}

/// The edits that make `site` (`obj.rel`) work on a write-only collection, or why there are none.
pub(super) fn rewrite<'t>(cx: &RuleContext<'t>, site: Node<'t>) -> Result<Vec<Edit>, String> {
    if is_target(site) {
        return Err("assigns or deletes the collection, which the fix cannot rewrite".to_owned());
    }
    let receiver = field(site, "object").ok_or_else(|| "is incomplete".to_owned())?;
    let steps = chain(cx, site);
    let builders = steps.iter().take_while(|s| BUILDERS.iter().any(|(name, _)| *name == s.name)).count();
    let (builders, rest) = steps.split_at(builders);
    let end = builders.last().map_or(site, |s| s.call);
    let edit = |start: usize, end: usize, content: &str| Edit {
        file: cx.file,
        start: start as u32,
        end: end as u32,
        content: content.to_owned(),
    };

    // Changes to the collection keep working under their write-only names.
    if let Some(step) = rest.first()
        && let Some((_, to)) = MUTATIONS.iter().find(|(from, _)| *from == step.name)
    {
        if !builders.is_empty() {
            return Err(format!("calls `.{}()` on a filtered query", step.name));
        }
        return Ok(match *to == step.name {
            true => Vec::new(),
            false => vec![edit(step.name_node.start_byte(), step.name_node.end_byte(), to)],
        });
    }
    for step in builders {
        let arguments = field(step.call, "arguments").map(named_children).unwrap_or_default();
        if matches!(step.name, "join" | "outerjoin") && arguments.iter().any(|a| a.kind() == "string") {
            return Err(format!("joins by a string in `.{}()`", step.name));
        }
    }
    let consumer = match rest.first() {
        Some(step) if TERMINALS.contains(&step.name) => {
            if !no_arguments(step.call) {
                return Err(format!("calls `.{}()` with arguments", step.name));
            }
            Consumer::Terminal(*step)
        }
        Some(step) => return Err(format!("calls `.{}()`, which the fix has no rewrite for", step.name)),
        None => consumer(cx, end)?,
    };

    let mut edits = Vec::new();
    let session = match session_in_scope(cx, site) {
        Some(name) => name,
        None if is_plain(receiver) => {
            let imported = import_name(cx, "sqlalchemy.orm", "object_session");
            edits.extend(imported.edit);
            format!("{}({})", imported.expression, cx.text(receiver))
        }
        None => {
            return Err(format!(
                "needs a session: none is in scope, and `object_session()` would evaluate `{}` twice",
                cx.text(receiver)
            ));
        }
    };
    // `Query` returns each entity once; after a join, `select()` needs `.unique()` for that.
    let unique = if builders.iter().any(|s| matches!(s.name, "join" | "outerjoin")) { ".unique()" } else { "" };
    let scalars = format!("{session}.scalars(");
    let mut removal = None;
    let (open, close) = match &consumer {
        Consumer::Terminal(step) if step.name == "count" => {
            if has_comment(step.call, end.end_byte(), step.call.end_byte()) {
                return Err("has a comment inside the call chain".to_owned());
            }
            let select = import_name(cx, "sqlalchemy", "select");
            let func = import_name(cx, "sqlalchemy", "func");
            edits.extend(merged_imports(select.edit, func.edit));
            removal = Some(edit(end.end_byte(), step.call.end_byte(), ""));
            let open = format!("{session}.scalar({}({}.count()).select_from(", select.expression, func.expression);
            (open, ".subquery()))".to_owned())
        }
        Consumer::Terminal(step) if step.name == "first" => (scalars, format!(".limit(1)){unique}")),
        Consumer::Terminal(step) => {
            // `Query.scalar()` is one entity or `None`, and raises when there are several.
            if step.name == "scalar" {
                removal = Some(edit(step.name_node.start_byte(), step.name_node.end_byte(), "one_or_none"));
            }
            (scalars, format!("){unique}"))
        }
        Consumer::Iterate => (scalars, format!("){unique}")),
        Consumer::Materialise => (scalars, format!("){unique}.all()")),
    };
    edits.push(edit(receiver.start_byte(), receiver.start_byte(), &open));
    edits.push(edit(site.end_byte(), site.end_byte(), ".select()"));
    for step in builders {
        if let Some((_, to)) = BUILDERS.iter().find(|(name, _)| *name == step.name).filter(|(_, to)| *to != step.name) {
            edits.push(edit(step.name_node.start_byte(), step.name_node.end_byte(), to));
        }
    }
    edits.push(edit(end.end_byte(), end.end_byte(), &close));
    edits.extend(removal);
    // Stable: insertions at one offset stay in the order they were made.
    edits.sort_by_key(|e| (e.start, e.end));
    Ok(edits)
}

/// Two new `from sqlalchemy import x` lines at one place as one line.
fn merged_imports(first: Option<Edit>, second: Option<Edit>) -> Vec<Edit> {
    const FROM: &str = "from sqlalchemy import ";
    match (first, second) {
        (Some(a), Some(b))
            if a.start == b.start && a.start == a.end && a.content.starts_with(FROM) && b.content.starts_with(FROM) =>
        {
            let names = format!("{}, {}", a.content[FROM.len()..].trim_end(), b.content[FROM.len()..].trim_end());
            vec![Edit { content: format!("{FROM}{names}\n"), ..a }]
        }
        (a, b) => a.into_iter().chain(b).collect(),
    }
}

/// `obj.rel = ...`, `del obj.rel`, `for obj.rel in ...`.
fn is_target(site: Node<'_>) -> bool {
    let mut node = site;
    while let Some(parent) = node.parent().filter(|p| {
        matches!(
            p.kind(),
            "pattern_list"
                | "tuple_pattern"
                | "list_pattern"
                | "tuple"
                | "list"
                | "expression_list"
                | "parenthesized_expression"
        )
    }) {
        node = parent;
    }
    let Some(parent) = node.parent() else { return false };
    match parent.kind() {
        "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
            field(parent, "left") == Some(node)
        }
        "delete_statement" => true,
        _ => false,
    }
}

/// The calls chained onto `start` that build a query, and the first call after them.
fn chain<'t>(cx: &RuleContext<'t>, start: Node<'t>) -> Vec<Step<'t>> {
    let mut steps = Vec::new();
    let mut current = start;
    while let Some((name_node, call)) = method_called_on(current) {
        let name = cx.text(name_node);
        steps.push(Step { name, name_node, call });
        if !BUILDERS.iter().any(|(builder, _)| *builder == name) {
            break;
        }
        current = call;
    }
    steps
}

/// How the query `end` is consumed when no method runs it.
fn consumer<'t>(cx: &RuleContext<'t>, end: Node<'t>) -> Result<Consumer<'t>, String> {
    let mut node = end;
    while let Some(parent) = node.parent().filter(|p| p.kind() == "parenthesized_expression") {
        node = parent;
    }
    let Some(parent) = node.parent() else { return Err(used_as_value()) };
    match parent.kind() {
        "for_statement" if field(parent, "right") == Some(node) => {
            if parent.child(0).is_some_and(|c| c.kind() == "async") {
                return Err("is iterated with `async for`".to_owned());
            }
            Ok(Consumer::Iterate)
        }
        "for_in_clause" if field(parent, "right") == Some(node) => Ok(Consumer::Iterate),
        "comparison_operator" => {
            let operands = named_children(parent);
            let mut cursor = parent.walk();
            let operators: Vec<&str> =
                parent.children_by_field_name("operators", &mut cursor).map(|o| o.kind()).collect();
            match (operands.as_slice(), operators.as_slice()) {
                ([_, right], ["in" | "not in"]) if *right == node => Ok(Consumer::Iterate),
                _ => Err(used_as_value()),
            }
        }
        "argument_list" => {
            let call = parent.parent().filter(|c| c.kind() == "call").ok_or_else(used_as_value)?;
            let arguments = named_children(parent);
            let first_only =
                arguments.first() == Some(&node) && arguments[1..].iter().all(|a| a.kind() == "keyword_argument");
            let callee = field(call, "function").and_then(|f| cx.symbol_of(f));
            match callee.as_deref() {
                Some("builtins.len") if arguments.len() == 1 && first_only => Ok(Consumer::Materialise),
                Some(builtin) if ITERATING.contains(&builtin) && first_only => Ok(Consumer::Iterate),
                _ => Err(used_as_value()),
            }
        }
        "subscript" if field(parent, "value") == Some(node) => Ok(Consumer::Materialise),
        "attribute" if field(parent, "object") == Some(node) => {
            let name = field(parent, "attribute").map(|a| cx.text(a)).unwrap_or("?");
            Err(format!("reads `.{name}`, which the fix has no rewrite for"))
        }
        _ => Err(used_as_value()),
    }
}

fn used_as_value() -> String {
    "is used as a value (passed on, returned or stored), which the fix cannot follow".to_owned()
}

fn no_arguments(call: Node<'_>) -> bool {
    field(call, "arguments").is_some_and(|a| a.kind() == "argument_list" && named_children(a).is_empty())
}

/// A name or a chain of attributes on a name: evaluating it twice reads the same object.
fn is_plain(node: Node<'_>) -> bool {
    match node.kind() {
        "identifier" => true,
        "attribute" => field(node, "object").is_some_and(is_plain),
        _ => false,
    }
}

/// A session (not `None`, not async) every mention of the name holds.
fn is_sync_session(ty: &Ty) -> bool {
    !ty.is_optional() && is_session(ty)
}

/// The name of a session bound before `site` in a scope around it (a parameter, an assignment
/// in a block around it, a `with ... as name:` around it) that no other binding changes.
fn session_in_scope(cx: &RuleContext<'_>, site: Node<'_>) -> Option<String> {
    let mut scopes = Vec::new();
    let mut node = site;
    let mut in_class = false;
    while let Some(parent) = node.parent() {
        match parent.kind() {
            "function_definition" => scopes.push(parent),
            "class_definition" => {
                in_class = true;
                break;
            }
            _ => {}
        }
        node = parent;
    }
    if scopes.is_empty() && !in_class {
        scopes.push(cx.parsed.root());
    }
    scopes.into_iter().find_map(|scope| session_bound_in(cx, scope, site))
}

fn session_bound_in(cx: &RuleContext<'_>, scope: Node<'_>, site: Node<'_>) -> Option<String> {
    let mut candidates: Vec<Node<'_>> = Vec::new();
    if let Some(parameters) = field(scope, "parameters") {
        for parameter in named_children(parameters) {
            let name = match parameter.kind() {
                "identifier" => Some(parameter),
                "typed_parameter" => named_children(parameter).into_iter().find(|n| n.kind() == "identifier"),
                "default_parameter" | "typed_default_parameter" => field(parameter, "name"),
                _ => None,
            };
            candidates.extend(name);
        }
    }
    let mut node = site;
    while node != scope {
        let Some(parent) = node.parent() else { break };
        if matches!(parent.kind(), "block" | "module") {
            for statement in named_children(parent) {
                if statement.start_byte() >= node.start_byte() {
                    break;
                }
                candidates.extend(assigned_name(statement));
            }
        }
        if parent.kind() == "with_statement" && field(parent, "body") == Some(node) {
            candidates.extend(
                descendants(parent, "as_pattern_target")
                    .into_iter()
                    .filter(|t| t.end_byte() <= node.start_byte())
                    .filter_map(|t| named_children(t).into_iter().next())
                    .filter(|t| t.kind() == "identifier"),
            );
        }
        node = parent;
    }
    candidates.into_iter().find_map(|candidate| {
        let name = cx.text(candidate);
        let every_mention = || {
            descendants(scope, "identifier")
                .into_iter()
                .filter(|n| cx.text(*n) == name && !is_member_name(*n))
                .all(|n| is_sync_session(&cx.type_of(n)))
        };
        (is_sync_session(&cx.type_of(candidate)) && every_mention()).then(|| name.to_owned())
    })
}

/// `name = ...` as a statement of its own.
fn assigned_name(statement: Node<'_>) -> Option<Node<'_>> {
    if statement.kind() != "expression_statement" {
        return None;
    }
    let assignment = named_children(statement).into_iter().next().filter(|a| a.kind() == "assignment")?;
    field(assignment, "left").filter(|l| l.kind() == "identifier")
}

/// `x.name` and `f(name=...)`: the identifier names a member or a keyword, not a variable.
fn is_member_name(identifier: Node<'_>) -> bool {
    identifier.parent().is_some_and(|p| match p.kind() {
        "attribute" => field(p, "attribute") == Some(identifier),
        "keyword_argument" => field(p, "name") == Some(identifier),
        _ => false,
    })
}
