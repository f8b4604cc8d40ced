//! A small, position-free expression tree for the parts of a module that summaries keep:
//! annotations, base classes, decorators and the right-hand sides of class and module assignments.

use tree_sitter::Node;

use super::Name;
use crate::syntax::node_ext::{field, named_children, string_value, unparenthesize};

/// Lowering stops this deep; deeper expressions become `Other` (no stack overflow on pathological input).
const MAX_DEPTH: u32 = 64;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Expr {
    Name(Name),
    Attr(Box<Expr>, Name),
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        kwargs: Vec<(Name, Expr)>,
    },
    Subscript(Box<Expr>, Vec<Expr>),
    Str(String),
    Int(i64),
    Bool(bool),
    NoneLit,
    Ellipsis,
    /// `a | b`, as in `str | None` annotations.
    BitOr(Box<Expr>, Box<Expr>),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    Lambda(Box<Expr>),
    /// `a == b` (and other comparisons): the operands, as join conditions name columns, and the
    /// operators between them (`==`, `!=`, `<`, `is not`, ...).
    Compare(Vec<Expr>, Vec<Name>),
    /// `a and b`, `a or b`: the operands.
    BoolOp(Vec<Expr>),
    /// `a in b`.
    In(Box<Expr>, Box<Expr>),
    /// `{a, b}`.
    Set(Vec<Expr>),
    /// `a - b` (set difference, in the class attributes guards read).
    Sub(Box<Expr>, Box<Expr>),
    /// `a & b`, as join conditions write `and_(a, b)`.
    BitAnd(Box<Expr>, Box<Expr>),
    /// `~a`, as join conditions write `not_(a)`.
    Invert(Box<Expr>),
    /// `f"{target}.id"`: literal pieces (`Str`) and the interpolated expressions, in order. Only
    /// interpolations without a conversion or format spec, whose text is the value's `str()`.
    Format(Vec<Expr>),
    /// `**kwargs` passed to a call, kept in its arguments so a factory's pass-through keywords can
    /// be filled in.
    DoubleStar(Box<Expr>),
    /// A name of another scope, fully qualified (`sqlalchemy.Column` inside a column factory read at
    /// the call site, `app.users.User` imported inside a `@declared_attr`): made by inlining,
    /// never lowered; it resolves wherever it is read.
    Resolved(Name),
    Other,
}

impl Expr {
    /// This expression with each direct child replaced by `f(child)`; leaves are cloned.
    pub fn map_children(&self, mut f: impl FnMut(&Expr) -> Expr) -> Expr {
        let mut boxed = |e: &Expr| Box::new(f(e));
        let each = |items: &[Expr], boxed: &mut dyn FnMut(&Expr) -> Box<Expr>| -> Vec<Expr> {
            items.iter().map(|e| *boxed(e)).collect()
        };
        match self {
            Expr::Attr(base, attr) => Expr::Attr(boxed(base), attr.clone()),
            Expr::Call { func, args, kwargs } => Expr::Call {
                func: boxed(func),
                args: each(args, &mut boxed),
                kwargs: kwargs.iter().map(|(k, v)| (k.clone(), *boxed(v))).collect(),
            },
            Expr::Subscript(base, items) => Expr::Subscript(boxed(base), each(items, &mut boxed)),
            Expr::BitOr(a, b) => Expr::BitOr(boxed(a), boxed(b)),
            Expr::BitAnd(a, b) => Expr::BitAnd(boxed(a), boxed(b)),
            Expr::Sub(a, b) => Expr::Sub(boxed(a), boxed(b)),
            Expr::In(a, b) => Expr::In(boxed(a), boxed(b)),
            Expr::Invert(a) => Expr::Invert(boxed(a)),
            Expr::Lambda(body) => Expr::Lambda(boxed(body)),
            Expr::DoubleStar(inner) => Expr::DoubleStar(boxed(inner)),
            Expr::Set(items) => Expr::Set(each(items, &mut boxed)),
            Expr::Tuple(items) => Expr::Tuple(each(items, &mut boxed)),
            Expr::List(items) => Expr::List(each(items, &mut boxed)),
            Expr::Format(parts) => Expr::Format(each(parts, &mut boxed)),
            Expr::Compare(items, operators) => Expr::Compare(each(items, &mut boxed), operators.clone()),
            Expr::BoolOp(items) => Expr::BoolOp(each(items, &mut boxed)),
            Expr::Dict(pairs) => Expr::Dict(pairs.iter().map(|(k, v)| (*boxed(k), *boxed(v))).collect()),
            Expr::Name(_)
            | Expr::Str(_)
            | Expr::Int(_)
            | Expr::Bool(_)
            | Expr::NoneLit
            | Expr::Ellipsis
            | Expr::Resolved(_)
            | Expr::Other => self.clone(),
        }
    }

    /// `True != True`, `"a" == "b"`: a comparison of two literals, evaluated.
    pub fn literal_equality(&self) -> Option<bool> {
        let Expr::Compare(operands, operators) = self else { return None };
        let ([left, right], [operator]) = (operands.as_slice(), operators.as_slice()) else { return None };
        let literal = |e: &Expr| matches!(e, Expr::Bool(_) | Expr::Int(_) | Expr::Str(_) | Expr::NoneLit);
        // `1 == True` holds in Python: only literals of one kind are compared.
        if !literal(left) || std::mem::discriminant(left) != std::mem::discriminant(right) {
            return None;
        }
        match operator.as_str() {
            "==" => Some(left == right),
            "!=" => Some(left != right),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&str> {
        match self {
            Expr::Name(name) => Some(name),
            _ => None,
        }
    }

    /// What a subscript subscripts (`Repository` of `Repository[User]`); any other expression
    /// itself.
    pub fn subscript_head(&self) -> &Expr {
        match self {
            Expr::Subscript(head, _) => head,
            other => other,
        }
    }

    /// `a.b.c` as the dotted path `["a", "b", "c"]`.
    pub fn dotted_path(&self) -> Option<Vec<Name>> {
        match self {
            Expr::Name(name) => Some(vec![name.clone()]),
            Expr::Attr(base, attr) => {
                let mut path = base.dotted_path()?;
                path.push(attr.clone());
                Some(path)
            }
            _ => None,
        }
    }

    pub fn kwarg(&self, name: &str) -> Option<&Expr> {
        match self {
            Expr::Call { kwargs, .. } => kwargs.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Expr::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// `f"{a}.{b}"` (also inside an implicit concatenation) as its pieces; `None` when an
/// interpolation converts or formats its value.
fn format_string(node: Node<'_>, source: &str, depth: u32) -> Option<Expr> {
    let mut parts = Vec::new();
    let strings = if node.kind() == "concatenated_string" { named_children(node) } else { vec![node] };
    for string in strings {
        for child in named_children(string) {
            match child.kind() {
                "string_content" => parts.push(Expr::Str(source.get(child.byte_range())?.to_owned())),
                "interpolation" => {
                    if named_children(child).len() != 1 {
                        return None;
                    }
                    parts.push(lower(field(child, "expression")?, source, depth + 1));
                }
                _ => {}
            }
        }
    }
    Some(Expr::Format(parts))
}

/// `"%s.owner_id == User.id" % cls.__name__` as the f-string it means, when the format holds only
/// `%s` (and `%%`) and the values are one expression or a tuple of as many.
fn percent_format(format: Expr, values: Expr) -> Option<Expr> {
    let Expr::Str(format) = format else { return None };
    let values = match values {
        Expr::Tuple(items) => items,
        single => vec![single],
    };
    let mut values = values.into_iter();
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        match chars.next()? {
            '%' => literal.push('%'),
            's' => {
                parts.push(Expr::Str(std::mem::take(&mut literal)));
                parts.push(values.next()?);
            }
            _ => return None,
        }
    }
    if values.next().is_some() {
        return None;
    }
    parts.push(Expr::Str(literal));
    Some(Expr::Format(parts))
}

pub fn lower_expr(node: Node<'_>, source: &str) -> Expr {
    lower(node, source, 0)
}

fn lower(node: Node<'_>, source: &str, depth: u32) -> Expr {
    if depth > MAX_DEPTH {
        return Expr::Other;
    }
    let node = unparenthesize(node);
    let text = |n: Node<'_>| Name::from(source.get(n.byte_range()).unwrap_or(""));
    let sub = |n: Node<'_>| lower(n, source, depth + 1);
    match node.kind() {
        "identifier" => Expr::Name(text(node)),
        "attribute" => match (field(node, "object"), field(node, "attribute")) {
            (Some(object), Some(attr)) => Expr::Attr(Box::new(sub(object)), text(attr)),
            _ => Expr::Other,
        },
        "call" => {
            let Some(func) = field(node, "function") else { return Expr::Other };
            let mut args = Vec::new();
            let mut kwargs = Vec::new();
            if let Some(arguments) = field(node, "arguments") {
                for arg in named_children(arguments) {
                    match arg.kind() {
                        "keyword_argument" => {
                            if let (Some(name), Some(value)) = (field(arg, "name"), field(arg, "value")) {
                                kwargs.push((text(name), sub(value)));
                            }
                        }
                        "dictionary_splat" => match named_children(arg).into_iter().next() {
                            Some(inner) => args.push(Expr::DoubleStar(Box::new(sub(inner)))),
                            None => args.push(Expr::Other),
                        },
                        "list_splat" => args.push(Expr::Other),
                        _ => args.push(sub(arg)),
                    }
                }
            }
            Expr::Call { func: Box::new(sub(func)), args, kwargs }
        }
        "subscript" => {
            let Some(value) = field(node, "value") else { return Expr::Other };
            let mut cursor = node.walk();
            let items = node.children_by_field_name("subscript", &mut cursor).map(sub).collect();
            Expr::Subscript(Box::new(sub(value)), items)
        }
        "type" => match named_children(node).into_iter().next() {
            Some(inner) => sub(inner),
            None => Expr::Other,
        },
        // `dict[str, Any] | None` in an annotation: the grammar's `union_type` of two `type`s.
        "union_type" => match named_children(node).as_slice() {
            [left, right] => Expr::BitOr(Box::new(sub(*left)), Box::new(sub(*right))),
            _ => Expr::Other,
        },
        "generic_type" => {
            let children = named_children(node);
            let Some(base) = children.first() else { return Expr::Other };
            let params = children
                .iter()
                .find(|c| c.kind() == "type_parameter")
                .map(|p| named_children(*p).into_iter().map(sub).collect())
                .unwrap_or_default();
            Expr::Subscript(Box::new(sub(*base)), params)
        }
        "string" | "concatenated_string" => match string_value(node, source) {
            Some(value) => Expr::Str(value),
            None => format_string(node, source, depth).unwrap_or(Expr::Other),
        },
        "integer" => text(node).replace('_', "").parse().map(Expr::Int).unwrap_or(Expr::Other),
        "true" => Expr::Bool(true),
        "false" => Expr::Bool(false),
        "none" => Expr::NoneLit,
        "ellipsis" => Expr::Ellipsis,
        "binary_operator" => {
            let op = crate::syntax::node_ext::field(node, "operator").map(|o| o.kind());
            match (op, field(node, "left"), field(node, "right")) {
                (Some("|"), Some(l), Some(r)) => Expr::BitOr(Box::new(sub(l)), Box::new(sub(r))),
                (Some("%"), Some(l), Some(r)) => percent_format(sub(l), sub(r)).unwrap_or(Expr::Other),
                (Some("-"), Some(l), Some(r)) => Expr::Sub(Box::new(sub(l)), Box::new(sub(r))),
                (Some("&"), Some(l), Some(r)) => Expr::BitAnd(Box::new(sub(l)), Box::new(sub(r))),
                _ => Expr::Other,
            }
        }
        "tuple" | "expression_list" => Expr::Tuple(named_children(node).into_iter().map(sub).collect()),
        "list" => Expr::List(named_children(node).into_iter().map(sub).collect()),
        "dictionary" => Expr::Dict(
            named_children(node)
                .into_iter()
                .filter(|p| p.kind() == "pair")
                .filter_map(|p| Some((sub(field(p, "key")?), sub(field(p, "value")?))))
                .collect(),
        ),
        "comparison_operator" => {
            let operands = named_children(node);
            let operators: Vec<&str> = {
                let mut cursor = node.walk();
                node.children_by_field_name("operators", &mut cursor).map(|o| o.kind()).collect()
            };
            match (operands.as_slice(), operators.as_slice()) {
                ([item, collection], ["in"]) => Expr::In(Box::new(sub(*item)), Box::new(sub(*collection))),
                _ => Expr::Compare(
                    operands.into_iter().map(sub).collect(),
                    operators.into_iter().map(Name::from).collect(),
                ),
            }
        }
        "unary_operator" => {
            match (crate::syntax::node_ext::field(node, "operator").map(|o| o.kind()), field(node, "argument")) {
                (Some("~"), Some(operand)) => Expr::Invert(Box::new(sub(operand))),
                _ => Expr::Other,
            }
        }
        "set" => Expr::Set(named_children(node).into_iter().map(sub).collect()),
        "boolean_operator" => match (field(node, "left"), field(node, "right")) {
            (Some(l), Some(r)) => Expr::BoolOp(vec![sub(l), sub(r)]),
            _ => Expr::Other,
        },
        "lambda" => match field(node, "body") {
            Some(body) => Expr::Lambda(Box::new(sub(body))),
            None => Expr::Other,
        },
        _ => Expr::Other,
    }
}
