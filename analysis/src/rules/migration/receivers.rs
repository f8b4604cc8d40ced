//! What the migration rules ask of calls: the receiver's SQLAlchemy class (from its inferred type),
//! a call's arguments split by kind, and edits that remove an argument or rewrite a statement.

use crate::rules::{Edit, RuleContext};
use crate::sqlalchemy::api::inherits;
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};
use crate::types::{Class, Ty};

/// The short SQLAlchemy class name of a value (`Session`, `Select`, `Row`), seen through `X | None`.
pub fn sa_class(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Rows(kind, _) => Some(kind.to_string()),
        Ty::Instance(Class::Ext(name), _) => name.strip_prefix("sqlalchemy.").map(str::to_owned),
        Ty::Union(_) => match ty.without_none() {
            Ty::Union(_) => None,
            single => sa_class(&single),
        },
        _ => None,
    }
}

/// Whether the value's SQLAlchemy class is `ancestor` or derives from it.
pub fn is_a(ty: &Ty, ancestor: &str) -> bool {
    sa_class(ty).is_some_and(|class| inherits(&class, ancestor))
}

/// A `Session` (or a `scoped_session`, Flask's `db.session` included).
pub fn is_session(ty: &Ty) -> bool {
    is_a(ty, "Session")
}

/// `receiver.name(...)`: the receiver, the method's name node and the argument list.
pub struct MethodCall<'t> {
    pub receiver: Node<'t>,
    pub name: Node<'t>,
    pub arguments: Node<'t>,
}

pub fn method_call<'t>(cx: &RuleContext<'_>, call: Node<'t>, names: &[&str]) -> Option<MethodCall<'t>> {
    let function = field(call, "function").filter(|f| f.kind() == "attribute")?;
    let name = field(function, "attribute")?;
    if !names.contains(&cx.text(name)) {
        return None;
    }
    let receiver = field(function, "object")?;
    let arguments = field(call, "arguments").filter(|a| a.kind() == "argument_list")?;
    Some(MethodCall { receiver, name, arguments })
}

/// The method called on a value, `value.name(...)`: the name node and the call.
pub fn method_called_on<'t>(value: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
    let attribute = value.parent().filter(|p| p.kind() == "attribute" && field(*p, "object") == Some(value))?;
    let call = attribute.parent().filter(|p| p.kind() == "call" && field(*p, "function") == Some(attribute))?;
    Some((field(attribute, "attribute")?, call))
}

/// A call's arguments: positional ones, keyword ones (`name`, value, the whole `name=value` node),
/// and whether `*args` / `**kwargs` make the rest unknowable.
pub struct Args<'t> {
    pub positional: Vec<Node<'t>>,
    pub keywords: Vec<Keyword<'t>>,
    pub splat: bool,
}

pub struct Keyword<'t> {
    pub name: String,
    pub value: Node<'t>,
    pub node: Node<'t>,
}

impl<'t> Args<'t> {
    pub fn keyword(&self, name: &str) -> Option<&Keyword<'t>> {
        self.keywords.iter().find(|k| k.name == name)
    }
}

pub fn args<'t>(cx: &RuleContext<'_>, arguments: Node<'t>) -> Args<'t> {
    let mut out = Args { positional: Vec::new(), keywords: Vec::new(), splat: false };
    for arg in named_children(arguments) {
        match arg.kind() {
            "keyword_argument" => match (field(arg, "name"), field(arg, "value")) {
                (Some(name), Some(value)) => {
                    out.keywords.push(Keyword { name: cx.text(name).to_owned(), value, node: arg })
                }
                _ => out.splat = true,
            },
            "list_splat" | "dictionary_splat" => out.splat = true,
            _ => out.positional.push(arg),
        }
    }
    out
}

/// Whether a comment lies inside `start..end` (an edit there would drop it).
pub fn has_comment(within: Node<'_>, start: usize, end: usize) -> bool {
    let mut cursor = within.walk();
    let mut stack = vec![within];
    while let Some(node) = stack.pop() {
        if node.end_byte() <= start || node.start_byte() >= end {
            continue;
        }
        if node.kind() == "comment" {
            return true;
        }
        stack.extend(node.children(&mut cursor));
    }
    false
}

/// The edit removing one argument of `arguments` with its comma: up to the next argument, or from
/// the previous one when it is the last. `None` when that would drop a comment.
pub fn remove_argument(cx: &RuleContext<'_>, arguments: Node<'_>, arg: Node<'_>) -> Option<Edit> {
    let all = named_children(arguments);
    let index = all.iter().position(|a| *a == arg)?;
    let (start, end) = match (index.checked_sub(1).map(|i| all[i]), all.get(index + 1)) {
        (_, Some(next)) => (arg.start_byte(), next.start_byte()),
        // `f(a, b)` → `f(a)`; `f(\n a,\n b,\n)` → `f(\n a,\n)`.
        (Some(previous), None) => match trailing_comma_end(cx, arguments, arg) {
            end if end > arg.end_byte() => (trailing_comma_end(cx, arguments, previous), end),
            end => (previous.end_byte(), end),
        },
        (None, None) => (arguments.start_byte() + 1, arguments.end_byte() - 1),
    };
    if has_comment(arguments, start, end) {
        return None;
    }
    Some(Edit { file: cx.file, start: start as u32, end: end as u32, content: String::new() })
}

/// The end of `arg` and of the comma that follows it, if any.
fn trailing_comma_end(cx: &RuleContext<'_>, arguments: Node<'_>, arg: Node<'_>) -> usize {
    let mut cursor = arguments.walk();
    let after: Vec<Node<'_>> = arguments.children(&mut cursor).filter(|c| c.start_byte() >= arg.end_byte()).collect();
    match after.first() {
        Some(comma) if cx.text(*comma) == "," => comma.end_byte(),
        _ => arg.end_byte(),
    }
}

/// The whitespace before a node on its line, when nothing else precedes it there.
pub fn line_indent<'a>(cx: &RuleContext<'a>, node: Node<'_>) -> Option<&'a str> {
    let text = cx.parsed.text();
    let start = node.start_byte();
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let indent = &text[line_start..start];
    indent.chars().all(|c| c == ' ' || c == '\t').then_some(indent)
}

/// Whether an identifier is used anywhere in the file (to pick a fresh name).
pub fn identifier_used(cx: &RuleContext<'_>, name: &str) -> bool {
    cx.nodes("identifier").any(|n| cx.text(n) == name)
}

/// Edits are applied sorted by position.
pub fn sorted(mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.sort_by_key(|e| (e.start, e.end));
    edits
}
