//! SQA401 joinedload-collection-needs-unique.

use super::{assignment_before, loader_links, relationship_of, session_call, statement_options};
use crate::models::Collection;
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, string_value};
use crate::types::{Class, Ty};

pub static RULE: Rule = Rule {
    code: "SQA401",
    name: "joinedload-collection-needs-unique",
    family: Family::Runtime,
    severity: Severity::Error,
    series: None,
    summary: "a joined eager load of a collection whose result is used without `.unique()`",
    doc: r#"## What it does
Finds `session.execute(stmt)` / `session.scalars(stmt)` (sync or async) where `stmt` eagerly loads a
collection relationship with a JOIN — `.options(joinedload(User.posts))`, a chained
`selectinload(User.posts).joinedload(Post.tags)`, or a collection declared `lazy="joined"` — and the
result is consumed (`.all()`, `.first()`, `.one()`, `.scalar_one()`, iteration, `list(...)`) without
`.unique()`. The statement may be built inline or assigned to a name earlier in the same scope; the
result may be consumed directly or through a variable.

## Why is this bad?
A JOIN against a collection repeats the parent row once per child. SQLAlchemy 1.x de-duplicated
those rows silently; 2.x requires it to be asked for and raises `InvalidRequestError: The unique()
method must be invoked on this Result, as it contains results that include joined eager loads
against collections`.

## Example
```python
stmt = select(User).options(joinedload(User.posts))
users = session.scalars(stmt).all()
```

## Use instead
```python
stmt = select(User).options(joinedload(User.posts))
users = session.scalars(stmt).unique().all()
```
(or `selectinload(User.posts)`, which needs no de-duplication and is usually faster for collections).

## Fix safety
Safe: `.unique()` is inserted right before the consuming call (after `.scalars()` when there is
one); the code raised without it. No fix is offered when the result is an un-parenthesised `await`
(`for user in await session.scalars(stmt)`).
"#,
    fixable: true,
    check,
};

/// Session methods whose results need `.unique()`.
const SESSION_METHODS: &[&str] = &["execute", "scalars", "stream", "stream_scalars"];

/// Result methods that return another result over the same rows.
const PASS_THROUGH: &[&str] = &["scalars", "mappings", "columns", "tuples", "yield_per"];

/// Result methods that fetch rows.
const CONSUMERS: &[&str] = &[
    "all",
    "first",
    "one",
    "one_or_none",
    "scalar",
    "scalar_one",
    "scalar_one_or_none",
    "fetchall",
    "fetchone",
    "fetchmany",
    "partitions",
];

/// Builtins that iterate their argument.
const MATERIALIZERS: &[&str] = &["list", "tuple", "set", "sorted"];

const MAX_CLIMB: usize = 32;

enum Use<'t> {
    /// `.unique()` is called.
    Unique,
    /// Rows are fetched from `receiver` (`receiver.all()`, `for x in receiver`).
    Consumed(Node<'t>),
    /// Passed on, stored, returned: we cannot tell.
    Unknown,
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for call in cx.nodes("call") {
        let Some(session) = session_call(cx, call) else { continue };
        if !SESSION_METHODS.contains(&session.method) {
            continue;
        }
        let Some(statement) = session.statement else { continue };
        let Some(cause) = joined_collection(cx, statement) else { continue };
        let uses = uses_of(cx, call);
        if uses.iter().any(|u| matches!(u, Use::Unique)) {
            continue;
        }
        let receivers: Vec<Node<'_>> =
            uses.iter().filter_map(|u| if let Use::Consumed(r) = u { Some(*r) } else { None }).collect();
        if receivers.is_empty() {
            continue;
        }
        let mut edits: Vec<Edit> = Vec::new();
        for receiver in &receivers {
            let at = receiver.end_byte() as u32;
            if !edits.iter().any(|e| e.start == at) {
                edits.push(Edit { file: cx.file, start: at, end: at, content: ".unique()".to_owned() });
            }
        }
        edits.sort_by_key(|e| e.start);
        let fixable = receivers.iter().all(|r| r.kind() != "await");
        let fix = fixable.then(|| Fix {
            applicability: Applicability::Safe,
            message: "Call `.unique()` on the result".to_owned(),
            edits,
        });
        let message = format!(
            "{cause} eager-loads a collection with a JOIN: SQLAlchemy 2.x raises `InvalidRequestError` unless the result is de-duplicated with `.unique()`"
        );
        out.push(cx.diagnostic_at(&RULE, call, message, fix));
    }
}

/// What makes the statement's rows repeat: the `joinedload(...)` option of a collection, or a
/// collection declared `lazy="joined"` on a selected entity (and not overridden by an option).
fn joined_collection(cx: &RuleContext<'_>, statement: Node<'_>) -> Option<String> {
    let options = statement_options(cx, statement);
    let mut overridden: Vec<(Class, String)> = Vec::new();
    let mut wildcard = false;
    for option in options.iter().flatten() {
        for link in loader_links(cx, *option) {
            let Some(target) = link.target else { continue };
            if string_value(target, cx.parsed.text()).is_some() {
                wildcard = true;
                continue;
            }
            let Some((model, attr)) = relationship_of(cx, target) else { continue };
            let collection = matches!(attr.collection, Some(Collection::List | Collection::Set));
            if link.loader == "joinedload" && collection {
                return Some(format!("`{}`", cx.text(*option)));
            }
            overridden.push((Class::User(model.class.clone()), attr.name.to_string()));
        }
    }
    if options.is_none() || wildcard {
        return None;
    }
    let Ty::Rows(_, shape) = cx.type_of(statement) else { return None };
    for col in &shape.cols {
        let Ty::Instance(class @ Class::User(class_ref), _) = &col.ty else { continue };
        let Some(model) = cx.models().model(class_ref) else { continue };
        for attr in &model.attributes {
            let collection = matches!(attr.collection, Some(Collection::List | Collection::Set));
            if collection
                && attr.lazy.as_deref() == Some("joined")
                && !overridden.iter().any(|(c, name)| c == class && *name == attr.name)
            {
                return Some(format!("`{}.{}` (`lazy=\"joined\"`)", model.name(), attr.name));
            }
        }
    }
    None
}

/// How the result of a session call is used: directly, or through the name it is assigned to.
fn uses_of<'t>(cx: &RuleContext<'t>, call: Node<'t>) -> Vec<Use<'t>> {
    let (top, first) = climb(cx, call);
    let Some(assignment) = top.parent().filter(|p| p.kind() == "assignment" && field(*p, "right") == Some(top)) else {
        return vec![first];
    };
    let Some(target) = field(assignment, "left").filter(|l| l.kind() == "identifier") else { return vec![first] };
    let name = cx.text(target);
    let scope = cx.enclosing_function(assignment).map(|f| f.id());
    let mut uses = Vec::new();
    for identifier in cx.nodes("identifier") {
        if identifier.start_byte() < assignment.end_byte()
            || cx.text(identifier) != name
            || cx.enclosing_function(identifier).map(|f| f.id()) != scope
        {
            continue;
        }
        let is_member_name = identifier.parent().is_some_and(|p| {
            (p.kind() == "attribute" && field(p, "attribute") == Some(identifier))
                || (p.kind() == "keyword_argument" && field(p, "name") == Some(identifier))
        });
        if is_member_name {
            continue;
        }
        // Stop at the next assignment of the name.
        if assignment_before(cx, name, identifier).is_some_and(|a| a.id() != assignment.id()) {
            break;
        }
        let is_target = identifier.parent().is_some_and(|p| {
            matches!(p.kind(), "assignment" | "augmented_assignment") && field(p, "left") == Some(identifier)
        });
        if is_target {
            break;
        }
        uses.push(climb(cx, identifier).1);
    }
    uses
}

/// Walks up from a result: through `await`, parentheses and result-to-result methods, to the use.
/// Returns the topmost node reached and the use.
fn climb<'t>(cx: &RuleContext<'t>, start: Node<'t>) -> (Node<'t>, Use<'t>) {
    let mut node = start;
    for _ in 0..MAX_CLIMB {
        let Some(parent) = node.parent() else { return (node, Use::Unknown) };
        match parent.kind() {
            "await" | "parenthesized_expression" => node = parent,
            "attribute" if field(parent, "object") == Some(node) => {
                let name = field(parent, "attribute").map(|a| cx.text(a)).unwrap_or("");
                let Some(call) =
                    parent.parent().filter(|p| p.kind() == "call" && field(*p, "function") == Some(parent))
                else {
                    return (node, Use::Unknown);
                };
                if name == "unique" {
                    return (node, Use::Unique);
                }
                if CONSUMERS.contains(&name) {
                    return (node, Use::Consumed(node));
                }
                if !PASS_THROUGH.contains(&name) {
                    return (node, Use::Unknown);
                }
                node = call;
            }
            "for_statement" | "for_in_clause" if field(parent, "right") == Some(node) => {
                return (node, Use::Consumed(node));
            }
            "argument_list" => {
                let materialized = parent.parent().is_some_and(|call| {
                    call.kind() == "call"
                        && field(call, "function")
                            .is_some_and(|f| f.kind() == "identifier" && MATERIALIZERS.contains(&cx.text(f)))
                        && named_children(parent).len() == 1
                });
                let used = if materialized { Use::Consumed(node) } else { Use::Unknown };
                return (node, used);
            }
            _ => return (node, Use::Unknown),
        }
    }
    (node, Use::Unknown)
}
