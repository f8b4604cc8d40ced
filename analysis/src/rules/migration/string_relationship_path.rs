//! SQA113 string-relationship-path.

use crate::hir::{Definition, resolve_name};
use crate::models::{AttrKind, ModelRegistry};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, string_value};
use crate::types::{Class, ClassRef, Ty};

pub static RULE: Rule = Rule {
    code: "SQA113",
    name: "string-relationship-path",
    family: Family::Migration,
    severity: Severity::Error,
    series: None,
    summary: "attribute names as strings in loader options, `join()` and `with_parent()` are removed",
    doc: r#"## What it does
Finds attributes named by strings where SQLAlchemy 2.0 wants the class-bound attribute: loader
options (`joinedload("addresses")`, `selectinload`, `subqueryload`, `defer`, `load_only`, …, and
their chains), `Query.join("addresses")` / `select().join("orders", "items")`, and
`with_parent(obj, "addresses")`. Wildcards (`lazyload("*")`) are still allowed and not reported.

## Why is this bad?
String names were deprecated in 1.4 and removed in 2.0: they raise `ArgumentError`. Class-bound
attributes are also checked by type checkers and found by "rename symbol".

## Example
```python
session.query(User).options(joinedload("orders").selectinload("items"))
session.query(User).join("orders", "items")
```

## Use instead
```python
session.query(User).options(joinedload(User.orders).selectinload(Order.items))
session.query(User).join(User.orders).join(Order.items)
```

## Fix safety
Safe: the same attributes, named through their classes. There is a fix only when the class is
known (from the query's or statement's single entity, or the instance given to `with_parent`), the
attribute exists on it, and the class is reachable by its name in the file. Dotted paths
(`joinedload("orders.items")`) are reported without a fix.
"#,
    fixable: true,
    check,
};

const RELATIONSHIP_LOADERS: &[&str] = &[
    "joinedload",
    "selectinload",
    "subqueryload",
    "lazyload",
    "noload",
    "raiseload",
    "defaultload",
    "immediateload",
    "contains_eager",
    "eagerload",
];
const COLUMN_LOADERS: &[&str] = &["defer", "undefer", "load_only"];

fn is_loader(name: &str) -> bool {
    RELATIONSHIP_LOADERS.contains(&name) || COLUMN_LOADERS.contains(&name)
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let models = cx.models();
    for call in cx.nodes("call") {
        let Some(function) = field(call, "function") else { continue };
        if let Some(chain) = loader_chain(cx, call)
            && !is_inner_hop(cx, call)
        {
            check_loader_chain(cx, models, call, &chain, out);
            continue;
        }
        let method =
            (function.kind() == "attribute").then(|| field(function, "attribute").map(|a| cx.text(a))).flatten();
        let receiver = field(function, "object").filter(|_| function.kind() == "attribute");
        match method {
            Some(method @ ("join" | "outerjoin")) => {
                let Some(entity) = receiver.and_then(|r| statement_entity(&cx.type_of(r))) else { continue };
                check_join(cx, models, call, method, entity, out);
            }
            _ => {
                let is_with_parent = cx.symbol_of(function).as_deref() == Some("sqlalchemy.with_parent")
                    || (method == Some("with_parent")
                        && receiver.is_some_and(|r| statement_entity(&cx.type_of(r)).is_some()));
                if is_with_parent {
                    check_with_parent(cx, models, call, out);
                }
            }
        }
    }
}

/// `Query[User]` / `Select[User]` → `Some(Some(User))`; a query or statement of several entities
/// (or none we know) → `Some(None)`; anything else → `None`.
fn statement_entity(ty: &Ty) -> Option<Option<ClassRef>> {
    let single = |ty: Option<&Ty>| match ty {
        Some(Ty::Instance(Class::User(class), _)) => Some(class.clone()),
        _ => None,
    };
    match ty {
        Ty::Instance(Class::Ext(name), args) if name.as_str() == "sqlalchemy.Query" => Some(single(args.first())),
        Ty::Rows(kind, shape) if matches!(kind.as_str(), "Select" | "RowReturningQuery") => {
            Some(if shape.cols.len() == 1 { single(shape.cols.first().map(|c| &c.ty)) } else { None })
        }
        _ => None,
    }
}

/// `joinedload("a").selectinload("b")` → its hops, innermost first: a loader function call, then
/// loader methods called on it.
fn loader_chain<'t>(cx: &RuleContext<'_>, call: Node<'t>) -> Option<Vec<Node<'t>>> {
    let function = field(call, "function")?;
    if let Some(symbol) = cx.symbol_of(function)
        && let Some(name) = symbol.strip_prefix("sqlalchemy.")
        && is_loader(name)
    {
        return Some(vec![call]);
    }
    if function.kind() != "attribute" || !field(function, "attribute").is_some_and(|a| is_loader(cx.text(a))) {
        return None;
    }
    let object = field(function, "object").filter(|o| o.kind() == "call")?;
    let mut chain = loader_chain(cx, object)?;
    chain.push(call);
    Some(chain)
}

/// A hop inside a longer chain (its outermost call reports the chain).
fn is_inner_hop(cx: &RuleContext<'_>, call: Node<'_>) -> bool {
    let Some(attribute) = call.parent().filter(|p| p.kind() == "attribute") else { return false };
    let Some(outer) = attribute.parent().filter(|p| p.kind() == "call") else { return false };
    field(attribute, "object").is_some_and(|o| o.id() == call.id()) && loader_chain(cx, outer).is_some()
}

fn hop_name<'a>(cx: &RuleContext<'a>, hop: Node<'_>) -> &'a str {
    let Some(function) = field(hop, "function") else { return "" };
    match function.kind() {
        "attribute" => field(function, "attribute").map(|a| cx.text(a)).unwrap_or(""),
        _ => cx
            .symbol_of(function)
            .and_then(|s| s.strip_prefix("sqlalchemy.").map(str::to_owned))
            .and_then(|s| RELATIONSHIP_LOADERS.iter().chain(COLUMN_LOADERS).copied().find(|l| *l == s))
            .unwrap_or(""),
    }
}

fn check_loader_chain(
    cx: &RuleContext<'_>,
    models: &ModelRegistry,
    outermost: Node<'_>,
    chain: &[Node<'_>],
    out: &mut Vec<Diagnostic>,
) {
    // The entity comes from the statement whose `.options(...)` receives the chain.
    let mut current = outermost
        .parent()
        .filter(|p| p.kind() == "argument_list")
        .and_then(|p| p.parent())
        .and_then(|options| field(options, "function"))
        .filter(|f| f.kind() == "attribute" && field(*f, "attribute").is_some_and(|a| cx.text(a) == "options"))
        .and_then(|f| field(f, "object"))
        .and_then(|receiver| statement_entity(&cx.type_of(receiver)))
        .flatten();
    for hop in chain {
        let loader = hop_name(cx, *hop);
        let mut next = None;
        for argument in field(*hop, "arguments").map(named_children).unwrap_or_default() {
            match argument.kind() {
                "string" | "concatenated_string" => {
                    let Some(path) = string_value(argument, cx.parsed.text()) else { continue };
                    if path.contains('*') {
                        continue;
                    }
                    let attribute = current.as_ref().filter(|_| !path.contains('.')).and_then(|class| {
                        let attr = models.model(class)?.attribute(&path)?;
                        Some((class.clone(), attr.target.clone()))
                    });
                    if let Some((_, target)) = &attribute {
                        next = target.clone();
                    }
                    let replacement = attribute.and_then(|(class, _)| class_attribute(cx, &class, &path));
                    out.push(string_diagnostic(cx, argument, &path, &format!("{loader}()"), replacement));
                }
                "attribute" => next = attribute_target(cx, models, argument),
                _ => {}
            }
        }
        if RELATIONSHIP_LOADERS.contains(&loader) {
            current = next;
        }
    }
}

/// `User.orders` → `Order`.
fn attribute_target(cx: &RuleContext<'_>, models: &ModelRegistry, attribute: Node<'_>) -> Option<ClassRef> {
    let object = field(attribute, "object")?;
    let name = cx.text(field(attribute, "attribute")?);
    let Ty::TypeOf(inner) = cx.type_of(object) else { return None };
    let Ty::Instance(Class::User(class), _) = *inner else { return None };
    models.model(&class)?.attribute(name)?.target.clone()
}

/// `User.addresses`, when `User` is reachable by that name here.
fn class_attribute(cx: &RuleContext<'_>, class: &ClassRef, attribute: &str) -> Option<String> {
    let bound = resolve_name(cx.db, cx.file, &class.name)?;
    (bound == Definition::Class { file: class.file, name: class.name.clone() })
        .then(|| format!("{}.{attribute}", class.name))
}

fn string_diagnostic(
    cx: &RuleContext<'_>,
    string: Node<'_>,
    path: &str,
    context: &str,
    replacement: Option<String>,
) -> Diagnostic {
    let instead = match &replacement {
        Some(replacement) => format!("use `{replacement}`"),
        None => "use the class-bound attribute".to_owned(),
    };
    let message = format!("string attribute name \"{path}\" in `{context}` is removed in SQLAlchemy 2.0; {instead}");
    let fix = replacement.map(|replacement| Fix {
        applicability: Applicability::Safe,
        message: format!("Use `{replacement}`"),
        edits: vec![Edit {
            file: cx.file,
            start: string.start_byte() as u32,
            end: string.end_byte() as u32,
            content: replacement,
        }],
    });
    cx.diagnostic_at(&RULE, string, message, fix)
}

/// `q.join("orders", "items")` → `q.join(User.orders).join(Order.items)`.
fn check_join(
    cx: &RuleContext<'_>,
    models: &ModelRegistry,
    call: Node<'_>,
    method: &str,
    entity: Option<ClassRef>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(arguments) = field(call, "arguments") else { return };
    let args = named_children(arguments);
    let strings: Vec<(Node<'_>, Option<String>)> = args
        .iter()
        .filter(|a| matches!(a.kind(), "string" | "concatenated_string"))
        .map(|a| (*a, string_value(*a, cx.parsed.text())))
        .collect();
    let (Some((first, _)), Some((last, _))) = (strings.first(), strings.last()) else { return };
    let all_strings =
        strings.len() == args.len() && strings.iter().all(|(_, s)| s.as_ref().is_some_and(|s| !s.contains('.')));
    let mut hops: Vec<String> = Vec::new();
    let mut current = entity.filter(|_| all_strings);
    for (_, name) in &strings {
        let (Some(class), Some(name)) = (current.take(), name) else { break };
        let Some(attr) = models.model(&class).and_then(|m| m.attribute(name)) else { break };
        if attr.kind != AttrKind::Relationship {
            break;
        }
        let Some(written) = class_attribute(cx, &class, name) else { break };
        hops.push(written);
        current = attr.target.clone();
    }
    let replacement =
        (all_strings && hops.len() == strings.len()).then(|| format!("({})", hops.join(&format!(").{method}("))));
    let names: Vec<String> = strings.iter().map(|(n, _)| cx.text(*n).to_owned()).collect();
    let instead = if hops.len() == strings.len() {
        format!("use `{}`", hops.join("`, `"))
    } else {
        "use class-bound attributes".to_owned()
    };
    let message = format!(
        "string relationship path {} in `{method}()` is removed in SQLAlchemy 2.0; {instead}",
        names.join(", ")
    );
    let fix = replacement.map(|replacement| Fix {
        applicability: Applicability::Safe,
        message: format!("Use `{method}{replacement}`"),
        edits: vec![Edit {
            file: cx.file,
            start: arguments.start_byte() as u32,
            end: arguments.end_byte() as u32,
            content: replacement,
        }],
    });
    out.push(cx.diagnostic(&RULE, first.start_byte() as u32, last.end_byte() as u32, message, fix));
}

/// `with_parent(user, "addresses")` → `with_parent(user, User.addresses)`.
fn check_with_parent(cx: &RuleContext<'_>, models: &ModelRegistry, call: Node<'_>, out: &mut Vec<Diagnostic>) {
    let Some(arguments) = field(call, "arguments") else { return };
    let args = named_children(arguments);
    let instance = args.first().filter(|a| a.kind() != "keyword_argument");
    let property = args.get(1).copied().filter(|a| a.kind() != "keyword_argument").or_else(|| {
        args.iter()
            .find(|a| {
                a.kind() == "keyword_argument"
                    && field(**a, "name").is_some_and(|n| matches!(cx.text(n), "prop" | "property"))
            })
            .and_then(|a| field(*a, "value"))
    });
    let Some(property) = property.filter(|p| matches!(p.kind(), "string" | "concatenated_string")) else { return };
    let Some(path) = string_value(property, cx.parsed.text()) else { return };
    let class = instance.and_then(|i| match cx.type_of(*i) {
        Ty::Instance(Class::User(class), _) => Some(class),
        _ => None,
    });
    let replacement = class
        .filter(|c| models.model(c).and_then(|m| m.attribute(&path)).is_some())
        .and_then(|c| class_attribute(cx, &c, &path));
    out.push(string_diagnostic(cx, property, &path, "with_parent()", replacement));
}
