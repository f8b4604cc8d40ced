//! Rules about runtime pitfalls: code that type-checks but raises or misbehaves.
//!
//! The helpers below are shared by the family: which calls are session calls, what a statement
//! built elsewhere in the same scope contains (`stmt = select(X).options(...)`), loader options,
//! and whether a model is mapped as a dataclass.

pub mod async_implicit_io;
pub mod default_and_insert_default;
pub mod entity_rows;
pub mod joinedload_collection_needs_unique;
pub mod relationship_default_not_none;

use super::{Rule, RuleContext};
use crate::hir::{Definition, Expr, module_index, resolve_expr_symbol};
use crate::models::{AttrKind, Model, ModelAttr};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, unparenthesize};
use crate::types::{Class, Ty};

/// This family's rules (registered in `registry.rs`).
pub static RULES: &[&Rule] = &[
    &joinedload_collection_needs_unique::RULE,
    &entity_rows::RULE,
    &async_implicit_io::RULE,
    &default_and_insert_default::RULE,
    &relationship_default_not_none::RULE,
];

/// How far a statement is followed through names (`stmt = stmt.options(...)`).
const MAX_STATEMENT_DEPTH: usize = 4;

/// How many links of a method chain are walked.
const MAX_CHAIN: usize = 64;

fn is_session(ty: &Ty) -> bool {
    matches!(
        ty.ext_name(),
        Some(
            "sqlalchemy.Session"
                | "sqlalchemy.scoped_session"
                | "sqlalchemy.AsyncSession"
                | "sqlalchemy.async_scoped_session"
        )
    )
}

fn is_async_session(ty: &Ty) -> bool {
    matches!(ty.ext_name(), Some("sqlalchemy.AsyncSession" | "sqlalchemy.async_scoped_session"))
}

/// `session.execute(stmt, ...)`: a method call on a session.
pub(crate) struct SessionCall<'t> {
    pub session: Node<'t>,
    pub method: &'t str,
    pub arguments: Node<'t>,
    /// The first positional argument.
    pub statement: Option<Node<'t>>,
    pub is_async: bool,
}

pub(crate) fn session_call<'t>(cx: &RuleContext<'t>, call: Node<'t>) -> Option<SessionCall<'t>> {
    let function = field(call, "function").filter(|f| f.kind() == "attribute")?;
    let session = field(function, "object")?;
    let method = cx.text(field(function, "attribute")?);
    let arguments = field(call, "arguments")?;
    let ty = cx.type_of(session);
    if !is_session(&ty) {
        return None;
    }
    let statement = positional(arguments).into_iter().next();
    Some(SessionCall { session, method, arguments, statement, is_async: is_async_session(&ty) })
}

/// The positional arguments of an argument list.
pub(crate) fn positional(arguments: Node<'_>) -> Vec<Node<'_>> {
    named_children(arguments)
        .into_iter()
        .filter(|a| !matches!(a.kind(), "keyword_argument" | "list_splat" | "dictionary_splat"))
        .collect()
}

/// The value of a keyword argument.
pub(crate) fn keyword<'t>(cx: &RuleContext<'t>, arguments: Node<'t>, name: &str) -> Option<Node<'t>> {
    named_children(arguments)
        .into_iter()
        .filter(|a| a.kind() == "keyword_argument")
        .find(|a| field(*a, "name").is_some_and(|n| cx.text(n) == name))
        .and_then(|a| field(a, "value"))
}

/// The last `name = value` in the scope of `at` that ends before it: its assignment node.
pub(crate) fn assignment_before<'t>(cx: &RuleContext<'t>, name: &str, at: Node<'_>) -> Option<Node<'t>> {
    let scope = cx.enclosing_function(at);
    let from = scope.map_or(0, |f| f.start_byte());
    // Only the assignments between the scope's start and `at` (source order: binary searches).
    let assignments = cx.node_slice("assignment");
    let (first, last) = (
        assignments.partition_point(|a| a.start_byte() < from),
        assignments.partition_point(|a| a.start_byte() < at.start_byte()),
    );
    assignments[first..last.max(first)].iter().copied().rfind(|a| {
        a.end_byte() <= at.start_byte()
            && field(*a, "left").is_some_and(|l| l.kind() == "identifier" && cx.text(l) == name)
            && cx.enclosing_function(*a).map(|f| f.id()) == scope.map(|f| f.id())
    })
}

/// The `.options(...)` arguments of a statement, following names to their assignments in the same
/// scope; `None` when part of the statement comes from somewhere we cannot see (a parameter).
pub(crate) fn statement_options<'t>(cx: &RuleContext<'t>, statement: Node<'t>) -> Option<Vec<Node<'t>>> {
    let mut out = Vec::new();
    let mut pending = vec![(statement, 0usize)];
    while let Some((start, depth)) = pending.pop() {
        let mut node = unparenthesize(start);
        for _ in 0..MAX_CHAIN {
            match node.kind() {
                "call" => {
                    let Some(function) = field(node, "function") else { break };
                    if function.kind() != "attribute" {
                        break;
                    }
                    if field(function, "attribute").is_some_and(|a| cx.text(a) == "options") {
                        let arguments = field(node, "arguments")?;
                        if named_children(arguments).iter().any(|a| a.kind() == "list_splat") {
                            return None;
                        }
                        out.extend(positional(arguments));
                    }
                    node = unparenthesize(field(function, "object")?);
                }
                "identifier" => {
                    if depth >= MAX_STATEMENT_DEPTH {
                        return None;
                    }
                    let assignment = assignment_before(cx, cx.text(node), node)?;
                    pending.push((field(assignment, "right")?, depth + 1));
                    break;
                }
                _ => break,
            }
        }
    }
    Some(out)
}

/// The loader functions and `Load` methods of SQLAlchemy's loader options.
const LOADERS: &[&str] = &[
    "joinedload",
    "selectinload",
    "subqueryload",
    "immediateload",
    "lazyload",
    "noload",
    "raiseload",
    "defaultload",
    "contains_eager",
    "load_only",
    "defer",
    "undefer",
    "undefer_group",
    "selectin_polymorphic",
];

/// One link of a loader option chain: `selectinload(A.bs).joinedload(B.cs)` has two.
pub(crate) struct LoaderLink<'t> {
    pub loader: &'t str,
    /// The first positional argument (`A.bs`, or `"*"`).
    pub target: Option<Node<'t>>,
}

/// The links of a loader option expression, outermost first.
pub(crate) fn loader_links<'t>(cx: &RuleContext<'t>, option: Node<'t>) -> Vec<LoaderLink<'t>> {
    let mut out = Vec::new();
    let mut node = unparenthesize(option);
    for _ in 0..MAX_CHAIN {
        if node.kind() != "call" {
            break;
        }
        let (Some(function), Some(arguments)) = (field(node, "function"), field(node, "arguments")) else { break };
        let target = positional(arguments).into_iter().next();
        if let Some(symbol) = cx.symbol_of(function)
            && symbol.starts_with("sqlalchemy")
            && let Some(name) = symbol.rsplit('.').next()
            && let Some(loader) = LOADERS.iter().find(|l| **l == name)
        {
            out.push(LoaderLink { loader, target });
            break;
        }
        if function.kind() != "attribute" {
            break;
        }
        let name = field(function, "attribute").map(|a| cx.text(a)).unwrap_or("");
        let Some(loader) = LOADERS.iter().find(|l| **l == name) else { break };
        out.push(LoaderLink { loader, target });
        let Some(object) = field(function, "object") else { break };
        node = unparenthesize(object);
    }
    out
}

/// A node and everything under it, in source order (iteratively).
pub(crate) fn descendants(node: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        out.push(node);
        let mut children = named_children(node);
        children.reverse();
        stack.extend(children);
    }
    out
}

/// The model a type is an instance of (`User | None` counts).
pub(crate) fn model_of_instance<'db>(cx: &RuleContext<'db>, ty: &Ty) -> Option<&'db Model> {
    match ty.without_none() {
        Ty::Instance(Class::User(class), _) => cx.models().model(&class),
        _ => None,
    }
}

/// `User.posts` → the model and its relationship attribute.
pub(crate) fn relationship_of<'db>(cx: &RuleContext<'db>, node: Node<'_>) -> Option<(&'db Model, &'db ModelAttr)> {
    let node = unparenthesize(node);
    if node.kind() != "attribute" {
        return None;
    }
    let object = field(node, "object")?;
    let name = cx.text(field(node, "attribute")?);
    let Ty::TypeOf(inner) = cx.type_of(object) else { return None };
    let Ty::Instance(Class::User(class), _) = *inner else { return None };
    let model = cx.models().model(&class)?;
    let attr = model.attribute(name).filter(|a| a.kind == AttrKind::Relationship)?;
    Some((model, attr))
}

/// Whether a model or one of its workspace bases lists an external class whose canonical name ends
/// with `suffix` among its bases (`MappedAsDataclass`, `AsyncAttrs`), or has a decorator `decorator`.
fn has_base_or_decorator(cx: &RuleContext<'_>, model: &Model, suffix: &str, decorator: Option<&str>) -> bool {
    std::iter::once(&model.class).chain(&model.bases).any(|class| {
        let index = module_index(cx.db, class.file);
        let Some(item) = index.classes.iter().rfind(|c| c.name == class.name) else { return false };
        let base = item.bases.iter().any(|base| {
            matches!(resolve_expr_symbol(cx.db, class.file, base), Some(Definition::External(name)) if name.ends_with(suffix))
        });
        let decorated = decorator.is_some_and(|wanted| {
            item.decorators.iter().any(|d| {
                let callee = match d {
                    Expr::Call { func, .. } => func.as_ref(),
                    other => other,
                };
                matches!(callee, Expr::Name(n) | Expr::Attr(_, n) if n == wanted)
            })
        });
        base || decorated
    })
}

/// Whether a model is mapped as a dataclass: it or a workspace base derives from
/// `MappedAsDataclass`, or is decorated with `@registry.mapped_as_dataclass` / `@mapped_as_dataclass`.
pub(crate) fn is_dataclass_mapped(cx: &RuleContext<'_>, model: &Model) -> bool {
    has_base_or_decorator(cx, model, "MappedAsDataclass", Some("mapped_as_dataclass"))
}

/// Whether a model has `awaitable_attrs` (it or a workspace base derives from `AsyncAttrs`).
pub(crate) fn has_async_attrs(cx: &RuleContext<'_>, model: &Model) -> bool {
    has_base_or_decorator(cx, model, "AsyncAttrs", None)
}

/// The model mapped by the class a node is in.
pub(crate) fn enclosing_model<'db>(cx: &RuleContext<'db>, node: Node<'_>) -> Option<&'db Model> {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.kind() == "class_definition" {
            let name = cx.text(field(n, "name")?);
            let class = crate::types::ClassRef { file: cx.file, name: name.into() };
            return cx.models().model(&class);
        }
        current = n.parent();
    }
    None
}
