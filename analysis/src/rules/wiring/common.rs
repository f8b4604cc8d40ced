//! What the wiring rules share: small helpers over the syntax of a model's declarations, and the
//! relationships of a file's models whose join SQLAlchemy derives from the tables.

use crate::hir::{Definition, Expr, Name, lower_expr, resolve_expr_symbol};
use crate::models::{AttrKind, Model, ModelAttr};
use crate::rules::{Applicability, Edit, Fix, RuleContext, did_you_mean};
use crate::schema::{Schema, TableView, class_tables, join_given, schema};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, string_value};
use crate::types::ClassRef;

/// The column meant by a name that is not one of a table's: the column of an attribute of that
/// name, else the one column whose name is close.
pub fn suggest_column<'v>(view: &'v TableView, wanted: &str) -> Option<&'v str> {
    if let Some((_, column)) = view.aliases.iter().find(|(attr, _)| attr == wanted) {
        return Some(column);
    }
    did_you_mean(wanted, view.columns.iter().map(|c| c.as_str()))
}

/// The value node of `name=` in a call.
pub fn kwarg_node<'t>(call: Node<'t>, name: &str, source: &str) -> Option<Node<'t>> {
    let arguments = field(call, "arguments")?;
    named_children(arguments).into_iter().find_map(|arg| {
        (arg.kind() == "keyword_argument"
            && field(arg, "name").is_some_and(|n| source.get(n.byte_range()) == Some(name)))
        .then(|| field(arg, "value"))
        .flatten()
    })
}

/// The whole `name=value` node of a call.
pub fn keyword_argument<'t>(call: Node<'t>, name: &str, source: &str) -> Option<Node<'t>> {
    let arguments = field(call, "arguments")?;
    named_children(arguments).into_iter().find(|arg| {
        arg.kind() == "keyword_argument"
            && field(*arg, "name").is_some_and(|n| source.get(n.byte_range()) == Some(name))
    })
}

/// The byte range of a plain string literal's content (`"abc"` → `abc`), when the content is
/// exactly its value (no escapes, no concatenation), so an edit inside it keeps the quotes.
pub fn string_content(node: Node<'_>, source: &str) -> Option<(u32, u32, String)> {
    if node.kind() != "string" {
        return None;
    }
    let value = string_value(node, source)?;
    let children = named_children(node);
    let contents: Vec<Node<'_>> = children.iter().copied().filter(|c| c.kind() == "string_content").collect();
    match contents.as_slice() {
        [content]
            if source.get(content.byte_range()) == Some(value.as_str()) && named_children(*content).is_empty() =>
        {
            Some((content.start_byte() as u32, content.end_byte() as u32, value))
        }
        [] if value.is_empty() => {
            let start = children.iter().find(|c| c.kind() == "string_start")?.end_byte() as u32;
            Some((start, start, value))
        }
        _ => None,
    }
}

/// An edit replacing the bytes `from..to` of a string literal's value with `with`.
pub fn string_edit(cx: &RuleContext<'_>, node: Node<'_>, from: usize, to: usize, with: &str) -> Option<Edit> {
    let (start, _, value) = string_content(node, cx.parsed.text())?;
    (to <= value.len()).then(|| Edit {
        file: cx.file,
        start: start + from as u32,
        end: start + to as u32,
        content: with.to_owned(),
    })
}

/// The relationship (or column) call of a model attribute declared in this file, as written.
pub fn declaration_call<'db>(cx: &RuleContext<'db>, attr: &ModelAttr) -> Option<Node<'db>> {
    let value = cx.attribute_value(&attr.declared_in, &attr.name)?;
    (value.kind() == "call").then_some(value)
}

/// The byte range of an attribute's name in this file.
pub fn name_range(cx: &RuleContext<'_>, class: &ClassRef, attribute: Option<&str>) -> Option<(u32, u32)> {
    let (file, start, end) = cx.declaration(class, attribute)?;
    (file == cx.file).then_some((start, end))
}

/// A safe fix replacing `from..to` of a string literal's value.
pub fn string_fix(cx: &RuleContext<'_>, node: Node<'_>, from: usize, to: usize, with: &str) -> Option<Fix> {
    Some(Fix {
        applicability: Applicability::Safe,
        message: format!("Use `{with}`"),
        edits: vec![string_edit(cx, node, from, to, with)?],
    })
}

/// An edit adding `text` as the last argument of a call.
pub fn append_argument(cx: &RuleContext<'_>, call: Node<'_>, text: &str) -> Option<Edit> {
    let arguments = field(call, "arguments").filter(|a| a.kind() == "argument_list")?;
    let (at, content) = match named_children(arguments).last() {
        Some(last) => (last.end_byte() as u32, format!(", {text}")),
        None => (arguments.start_byte() as u32 + 1, text.to_owned()),
    };
    Some(Edit { file: cx.file, start: at, end: at, content })
}

/// An edit removing one argument of a call, with the comma that separates it from its neighbour.
pub fn remove_argument(cx: &RuleContext<'_>, argument: Node<'_>) -> Option<Edit> {
    let arguments = argument.parent().filter(|a| a.kind() == "argument_list")?;
    let siblings = named_children(arguments);
    let index = siblings.iter().position(|s| *s == argument)?;
    let (start, end) = match (index.checked_sub(1).map(|i| siblings[i]), siblings.get(index + 1)) {
        (Some(previous), _) => (previous.end_byte(), argument.end_byte()),
        (None, Some(next)) => (argument.start_byte(), next.start_byte()),
        (None, None) => (argument.start_byte(), argument.end_byte()),
    };
    Some(Edit { file: cx.file, start: start as u32, end: end as u32, content: String::new() })
}

/// The value of a string literal node.
pub fn string_value_node(cx: &RuleContext<'_>, node: Node<'_>) -> Option<String> {
    string_value(node, cx.parsed.text())
}

/// The `cascade="..."` strings of `relationship()` and `backref()` calls in this file.
pub fn cascade_strings<'db>(cx: &RuleContext<'db>) -> Vec<(Node<'db>, String)> {
    let mut out = Vec::new();
    for argument in cx.nodes("keyword_argument") {
        let (Some(name), Some(value)) = (field(argument, "name"), field(argument, "value")) else { continue };
        if cx.text(name) != "cascade" || value.kind() != "string" {
            continue;
        }
        let Some(call) = argument.parent().and_then(|a| a.parent()).filter(|c| c.kind() == "call") else { continue };
        let Some(function) = field(call, "function") else { continue };
        const NAMES: &[&str] =
            &["sqlalchemy.relationship", "sqlalchemy.relation", "sqlalchemy.backref", "sqlalchemy.dynamic_loader"];
        let is_relationship = calls(cx, function, NAMES);
        if let (true, Some(text)) = (is_relationship, string_value(value, cx.parsed.text())) {
            out.push((value, text));
        }
    }
    out
}

/// Whether a callee is one of SQLAlchemy's `names` (`sqlalchemy.ForeignKey`): the module-level
/// binding it names answers; a name bound only locally (a parameter, an alias made in a function) is
/// left to inference (`cx.symbol_of`), which costs a scope lookup per call.
pub fn calls(cx: &RuleContext<'_>, function: Node<'_>, names: &[&str]) -> bool {
    if !matches!(function.kind(), "identifier" | "attribute") {
        return false;
    }
    let expr = lower_expr(function, cx.parsed.text());
    match resolve_expr_symbol(cx.db, cx.file, &expr) {
        Some(Definition::External(symbol)) => names.contains(&symbol.as_str()),
        None => cx.symbol_of(function).is_some_and(|symbol| names.contains(&symbol.as_str())),
        _ => false,
    }
}

/// The mapped (not abstract) classes declared in this file.
pub fn file_models<'db>(cx: &RuleContext<'db>) -> impl Iterator<Item = &'db Model> + use<'db> {
    let file = cx.file;
    cx.models().in_file(file).filter(|m| !m.is_abstract)
}

/// The relationships a class declares itself (not inherited, not made by another class's `backref=`).
pub fn own_relationships(model: &Model) -> impl Iterator<Item = &ModelAttr> {
    model
        .attributes
        .iter()
        .filter(|a| a.kind == AttrKind::Relationship && !a.via_backref && a.declared_in == model.class)
}

/// A relationship whose join SQLAlchemy derives from the foreign keys between two mapped classes'
/// tables, with both sides' tables known.
pub struct DerivedJoin<'db> {
    pub model: &'db Model,
    pub attr: &'db ModelAttr,
    /// The `relationship(...)` call.
    pub value: &'db Expr,
    pub target: &'db Model,
    /// The tables each side maps into, its own first (`class_tables`).
    pub ours: Vec<Name>,
    pub theirs: Vec<Name>,
}

/// The relationships of this file's mapped classes that give no join (`join_given`), to a mapped
/// class, when we know the tables of both sides and all their foreign keys.
pub fn derived_joins<'db>(cx: &RuleContext<'db>) -> impl Iterator<Item = DerivedJoin<'db>> + use<'db> {
    let models = cx.models();
    let schema: &'db Schema = schema(cx.db);
    let relationships = file_models(cx).flat_map(|model| own_relationships(model).map(move |attr| (model, attr)));
    relationships.filter_map(move |(model, attr)| {
        let value = attr.value.as_deref().filter(|v| !join_given(v))?;
        let target = attr.target.as_ref().and_then(|t| models.model(t)).filter(|t| !t.is_abstract)?;
        let ours = class_tables(models, schema, model)?;
        let theirs = class_tables(models, schema, target)?;
        Some(DerivedJoin { model, attr, value, target, ours, theirs })
    })
}
