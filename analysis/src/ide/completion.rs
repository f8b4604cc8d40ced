//! Completion where SQLAlchemy knows the answer: model attributes after `User.` / `user.`, named
//! row columns after `row.`, class names in `relationship("|")` and `Mapped["|"]`, the target's
//! relationships in `back_populates="|"`, `table.column` in `ForeignKey("|")`, classes and
//! attributes in `order_by="|"`, `lazy=` and `cascade=` values, column names in constraints, and
//! the keyword arguments of `relationship(` / `mapped_column(` / `Column(` and model constructors.
//!
//! It runs on half-typed code: the cursor's context comes from the text before it
//! (`call_context`), and the receiver of `x.` is inferred on a copy of its scope with a
//! placeholder name typed after the dot, so `User.` with nothing after it completes.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::db::{Db, SourceFile};
use crate::infer::{Mode, ScopeRange, Walker, find_function};
use crate::models::{AttrKind, Model, ModelRegistry, model_registry};
use crate::schema::{table_decls, workspace_tables};
use crate::settings::Series;
use crate::syntax::node_ext::{descendants, field};
use crate::syntax::{Node, Parsed, parse, parse_text};
use crate::types::{ClassRef, Ty, display};

use super::call_context::{CursorContext, Frame, cursor_context, word_after, word_before};
use super::nav::table_files;
use super::signature_help::{
    CASCADE_TOKENS, Callee, KNOWN_FUNCTIONS, LAZY_VALUES, ParamKind, attribute_doc, callee_of, constructor_params,
    sqlalchemy_params,
};
use crate::semantics::string_refs::{
    EXPRESSION_KEYWORDS, RELATIONSHIP_FUNCTIONS, class_by_name, name_chains, owner_of_node, sqlalchemy_function,
};
use crate::semantics::{Scope, scope_at};
use crate::semantics::{TextSize, clamp_offset, model_class_of, module_level_class};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompletionKind {
    /// A mapped class.
    Class,
    /// A column attribute of a model, or a named column of a row.
    Field,
    /// A relationship or another non-column attribute of a model.
    Property,
    /// A keyword argument (`lazy=`).
    Keyword,
    /// A value of a keyword argument (`"selectin"`, `True`).
    Value,
    /// A table column named in a string (`users.id`, `name` in `UniqueConstraint`).
    Column,
    /// A table name (`secondary="user_tags"`).
    Table,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// A type (`int`, `List[Post]`) or where the item comes from.
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// What to insert when it differs from the label (`lazy=`).
    pub insert_text: Option<String>,
    /// The byte range the insertion replaces (the word being typed, up to its end).
    pub replace_range: Option<(u32, u32)>,
}

impl CompletionItem {
    fn new(label: impl Into<String>, kind: CompletionKind, replace: (usize, usize)) -> CompletionItem {
        CompletionItem {
            label: label.into(),
            kind,
            detail: None,
            documentation: None,
            insert_text: None,
            replace_range: Some((replace.0 as u32, replace.1 as u32)),
        }
    }

    fn detail(mut self, detail: Option<String>) -> CompletionItem {
        self.detail = detail;
        self
    }

    fn documentation(mut self, documentation: Option<String>) -> CompletionItem {
        self.documentation = documentation;
        self
    }

    fn insert(mut self, text: impl Into<String>) -> CompletionItem {
        self.insert_text = Some(text.into());
        self
    }
}

struct Cx<'a> {
    db: &'a dyn Db,
    file: SourceFile,
    text: &'a str,
    parsed: &'a Parsed,
    offset: usize,
    registry: &'a ModelRegistry,
    series: Series,
}

pub fn completions(db: &dyn Db, file: SourceFile, offset: TextSize) -> Vec<CompletionItem> {
    let text = file.text(db).clone();
    let offset = usize::from(clamp_offset(&text, offset));
    let parsed = parse(db, file);
    let context = cursor_context(parsed, offset as u32);
    if context.in_comment {
        return Vec::new();
    }
    let registry = model_registry(db);
    let series = db.project().settings(db).series;
    let cx = Cx { db, file, text: &text, parsed, offset, registry, series };
    if let Some(start) = context.string_start {
        return string_completions(&cx, &context, start as usize);
    }
    let word_start = word_before(&text, offset);
    if word_start > 0 && text.as_bytes()[word_start - 1] == b'.' {
        return member_completions(&cx, word_start);
    }
    call_completions(&cx, &context, word_start)
}

// ---- `receiver.` ---------------------------------------------------------------------------------

/// Stands in for the attribute being typed, so the scope parses and the receiver gets a type.
const PLACEHOLDER: &str = "__sqla_completion__";

fn member_completions(cx: &Cx<'_>, word_start: usize) -> Vec<CompletionItem> {
    let replace = (word_start, word_after(cx.text, cx.offset));
    let Some(ty) = receiver_type(cx, word_start) else { return Vec::new() };
    let mut items = Vec::new();
    if let Some(model) = model_class_of(&ty).and_then(|c| cx.registry.model(&c)) {
        for attr in &model.attributes {
            let kind = if attr.kind == AttrKind::Column { CompletionKind::Field } else { CompletionKind::Property };
            items.push(
                CompletionItem::new(attr.name.as_str(), kind, replace)
                    .detail(Some(display(&attr.python, cx.series)))
                    .documentation(attribute_doc(attr)),
            );
        }
        return items;
    }
    let parts: Vec<&Ty> = match &ty {
        Ty::Union(parts) => parts.iter().collect(),
        other => vec![other],
    };
    let mut seen = FxHashSet::default();
    for part in parts {
        if let Ty::Rows(kind, shape) = part
            && matches!(kind.as_str(), "Row" | "TableColumns" | "SubqueryColumns" | "AliasColumns")
        {
            for col in &shape.cols {
                if let Some(name) = &col.name
                    && seen.insert(name.clone())
                {
                    items.push(
                        CompletionItem::new(name.as_str(), CompletionKind::Field, replace)
                            .detail(Some(display(&col.ty, cx.series))),
                    );
                }
            }
        }
    }
    items
}

/// The type of the expression before the dot at `word_start - 1`, inferred on a copy of its scope
/// where a placeholder completes the attribute.
fn receiver_type(cx: &Cx<'_>, word_start: usize) -> Option<Ty> {
    let mut patched = String::with_capacity(cx.text.len() + PLACEHOLDER.len());
    patched.push_str(&cx.text[..cx.offset]);
    patched.push_str(PLACEHOLDER);
    patched.push_str(&cx.text[cx.offset..]);
    receiver_type_in(cx, word_start, &patched).or_else(|| {
        // Another half-typed `x.` (a line ending in a dot) can break the scope's tree: again with
        // those dots blanked, at the same offsets.
        blank_dangling_dots(&patched).and_then(|text| receiver_type_in(cx, word_start, &text))
    })
}

/// `text` with the dots that end a line after a name or a bracket (`User.`, `f().`) made spaces, when
/// there are any.
fn blank_dangling_dots(text: &str) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let mut changed = false;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(before) = trimmed.strip_suffix('.')
            && before.ends_with(|c: char| c.is_alphanumeric() || matches!(c, '_' | ')' | ']'))
        {
            bytes[line_start + before.len()] = b' ';
            changed = true;
        }
        line_start += line.len();
    }
    // Only an ASCII dot became an ASCII space.
    changed.then(|| String::from_utf8(bytes).unwrap_or_default())
}

fn receiver_type_in(cx: &Cx<'_>, word_start: usize, patched: &str) -> Option<Ty> {
    let parsed = parse_text(Arc::from(patched));
    let mut node = parsed.root().descendant_for_byte_range(word_start, word_start + 1)?;
    let attribute = loop {
        if node.kind() == "attribute" && field(node, "attribute").is_some_and(|a| a.start_byte() == word_start) {
            break node;
        }
        node = node.parent()?;
    };
    let object = field(attribute, "object")?;
    let (scope, _) = scope_at(cx.db, cx.file, TextSize::from(cx.offset as u32));
    let mode = Mode { series: cx.series, precise: true };
    let result = match &scope {
        Scope::Function { class, name } => match find_function(&parsed, class.as_deref(), name) {
            Some(def) => {
                let mut walker = Walker::new(cx.db, cx.file, &parsed, mode, class.clone());
                walker.function(def);
                walker.finish()
            }
            None => module_walk(cx, &parsed, mode),
        },
        Scope::Module => module_walk(cx, &parsed, mode),
    };
    // The walk was over the patched text itself: its ranges are that tree's.
    match result.exprs.get(&ScopeRange::of(object)) {
        Some(ty) if !ty.is_unknown() => Some(ty.clone()),
        _ => module_level_class(cx.db, cx.file, &parsed, object)
            .map(|c| Ty::TypeOf(Box::new(Ty::instance_of(c))))
            .or_else(|| last_binding_type(&parsed, &result, object)),
    }
}

/// Where the statement around the cursor is too broken for inference to reach it, a name's type
/// where it was last given one before (a parameter, an earlier assignment).
fn last_binding_type(parsed: &Parsed, result: &crate::infer::ScopeInference, object: Node<'_>) -> Option<Ty> {
    if object.kind() != "identifier" {
        return None;
    }
    let name = parsed.node_text(object);
    descendants(parsed.root(), "identifier")
        .into_iter()
        .rev()
        .filter(|n| n.end_byte() <= object.start_byte() && parsed.node_text(*n) == name)
        .filter_map(|n| result.exprs.get(&ScopeRange::of(n)))
        .find(|ty| !ty.is_unknown())
        .cloned()
}

fn module_walk(cx: &Cx<'_>, parsed: &Parsed, mode: Mode) -> crate::infer::ScopeInference {
    let mut walker = Walker::new(cx.db, cx.file, parsed, mode, None);
    walker.module(parsed.root());
    walker.finish()
}

// ---- inside a call -------------------------------------------------------------------------------

fn call_completions(cx: &Cx<'_>, context: &CursorContext, word_start: usize) -> Vec<CompletionItem> {
    let Some(call) = context.call() else { return Vec::new() };
    if context.innermost() != Some(call) {
        return Vec::new();
    }
    let replace = (word_start, word_after(cx.text, cx.offset));
    let before = cx.text.get(call.arg_start as usize..word_start).unwrap_or("").trim();
    let Some(callee) = callee_of(cx.db, cx.file, cx.registry, call) else { return Vec::new() };
    let given = call.given_keywords();
    match (&call.keyword, callee) {
        (None, Callee::Model(class)) if before.is_empty() => {
            let Some(model) = cx.registry.model(&class) else { return Vec::new() };
            constructor_params(cx.db, model)
                .into_iter()
                .filter(|p| !given.contains(&p.name.as_str()))
                .map(|p| {
                    CompletionItem::new(format!("{}=", p.name), CompletionKind::Field, replace)
                        .detail(Some(p.ty))
                        .documentation(p.doc)
                        .insert(format!("{}=", p.name))
                })
                .collect()
        }
        (None, Callee::Function(function)) if before.is_empty() => {
            let Some(params) = sqlalchemy_params(function) else { return Vec::new() };
            params
                .iter()
                .filter(|p| matches!(p.kind, ParamKind::KeywordOnly | ParamKind::Positional))
                .filter(|p| !p.name.starts_with('_') && !given.contains(&p.name))
                .map(|p| {
                    let detail = match p.default {
                        Some(default) => format!("{} = {default}", p.ty),
                        None => p.ty.to_owned(),
                    };
                    CompletionItem::new(format!("{}=", p.name), CompletionKind::Keyword, replace)
                        .detail(Some(detail))
                        .documentation(p.doc.map(str::to_owned))
                        .insert(format!("{}=", p.name))
                })
                .collect()
        }
        (Some(keyword), Callee::Function(function)) if before.ends_with('=') => {
            keyword_values(function, keyword, replace, true)
        }
        _ => Vec::new(),
    }
}

/// The values of `lazy=`, `cascade=` and boolean keywords; quoted unless typed inside a string.
fn keyword_values(function: &str, keyword: &str, replace: (usize, usize), quote: bool) -> Vec<CompletionItem> {
    let quoted = |v: &str| if quote { format!("\"{v}\"") } else { v.to_owned() };
    let values: Vec<String> = match keyword {
        "lazy" => LAZY_VALUES.iter().map(|v| quoted(v)).collect(),
        "cascade" => {
            let mut values: Vec<String> = CASCADE_TOKENS.iter().map(|v| quoted(v)).collect();
            if quote {
                values.push(quoted("all, delete-orphan"));
                values.push(quoted("save-update, merge"));
            }
            values
        }
        _ if !quote => Vec::new(),
        _ => {
            let is_bool = sqlalchemy_params(function)
                .and_then(|params| params.iter().find(|p| p.name == keyword))
                .is_some_and(|p| p.ty.contains("bool"));
            if is_bool { vec!["True".to_owned(), "False".to_owned()] } else { Vec::new() }
        }
    };
    values.into_iter().map(|v| CompletionItem::new(v, CompletionKind::Value, replace)).collect()
}

// ---- inside a string -----------------------------------------------------------------------------

fn string_completions(cx: &Cx<'_>, context: &CursorContext, content_start: usize) -> Vec<CompletionItem> {
    let word = |extra: &[u8]| token_bounds(cx.text, content_start, cx.offset, extra);
    let mapped = context.frames.iter().any(|f| {
        f.bracket == b'[' && f.callee.as_deref().is_some_and(|c| c.rsplit('.').next().unwrap_or(c).ends_with("Mapped"))
    });
    if mapped {
        return class_items(cx, word(b""));
    }
    let Some(call) = context.call() else { return Vec::new() };
    // Inside a list that is an argument of the call (`ForeignKeyConstraint(["|"], ...)`).
    let in_list = context.innermost().is_some_and(|f| f.bracket == b'[' && f.callee.is_none());
    if context.innermost() != Some(call) && !in_list {
        return Vec::new();
    }
    let Some(callee) = call.callee.as_deref() else { return Vec::new() };
    let wanted: Vec<&'static str> = KNOWN_FUNCTIONS
        .iter()
        .chain(&["ForeignKey", "ForeignKeyConstraint", "UniqueConstraint", "PrimaryKeyConstraint", "Index", "synonym"])
        .copied()
        .collect();
    let Some(function) = sqlalchemy_function(cx.db, cx.file, callee, &wanted) else { return Vec::new() };
    let keyword = call.keyword.as_deref();
    let relationship = RELATIONSHIP_FUNCTIONS.contains(&function);
    match (function, keyword) {
        (_, Some("back_populates")) if relationship => {
            let Some(target) = relationship_target_text(cx, call) else { return Vec::new() };
            let Some(model) = cx.registry.model(&target) else { return Vec::new() };
            attribute_items(cx, model, word(b""), true)
        }
        (_, Some(keyword @ ("lazy" | "cascade"))) if relationship || function == "backref" => {
            let extra: &[u8] = if keyword == "cascade" { b"-" } else { b"" };
            keyword_values(function, keyword, word(extra), false)
        }
        (_, Some(keyword)) if (relationship || function == "backref") && EXPRESSION_KEYWORDS.contains(&keyword) => {
            expression_items(cx, content_start)
        }
        (_, Some("secondary")) if relationship => table_items(cx, word(b"")),
        (_, None) if relationship && call.arg_index == 0 && !in_list => class_items(cx, word(b".")),
        ("ForeignKey", None) if call.arg_index == 0 => foreign_key_items(cx, word(b".")),
        ("ForeignKeyConstraint", None) if in_list && call.arg_index == 1 => foreign_key_items(cx, word(b".")),
        ("ForeignKeyConstraint", None) if in_list && call.arg_index == 0 => local_column_items(cx, context, word(b"")),
        ("UniqueConstraint" | "PrimaryKeyConstraint", None) => local_column_items(cx, context, word(b"")),
        ("Index", None) if call.arg_index >= 1 => local_column_items(cx, context, word(b"")),
        ("synonym", None) if call.arg_index == 0 => match enclosing_model(cx, call) {
            Some(model) => attribute_items(cx, model, word(b""), false),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The word around the cursor inside a string: identifier bytes and `extra` ones, within the content.
fn token_bounds(text: &str, content_start: usize, offset: usize, extra: &[u8]) -> (usize, usize) {
    let bytes = text.as_bytes();
    let part = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 || extra.contains(&b);
    let mut start = offset;
    while start > content_start && part(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = offset;
    while end < bytes.len() && part(bytes[end]) {
        end += 1;
    }
    (start, end)
}

fn class_items(cx: &Cx<'_>, replace: (usize, usize)) -> Vec<CompletionItem> {
    let mut seen = FxHashSet::default();
    cx.registry
        .models
        .iter()
        .filter(|m| !m.is_abstract && seen.insert(m.class.name.clone()))
        .map(|m| {
            CompletionItem::new(m.name(), CompletionKind::Class, replace)
                .detail(m.tablename.clone().map(|t| format!("table {t}")))
                .documentation(Some(m.class.file.path(cx.db).to_string()))
        })
        .collect()
}

/// A model's attributes; for `back_populates`, its relationships.
fn attribute_items(cx: &Cx<'_>, model: &Model, replace: (usize, usize), relationships: bool) -> Vec<CompletionItem> {
    model
        .attributes
        .iter()
        .filter(|a| !relationships || a.kind == AttrKind::Relationship)
        .map(|a| {
            let kind = if a.kind == AttrKind::Column { CompletionKind::Field } else { CompletionKind::Property };
            CompletionItem::new(a.name.as_str(), kind, replace)
                .detail(Some(display(&a.python, cx.series)))
                .documentation(attribute_doc(a))
        })
        .collect()
}

/// `order_by="Post.|"`: the class's attributes; otherwise class names.
fn expression_items(cx: &Cx<'_>, content_start: usize) -> Vec<CompletionItem> {
    let replace = token_bounds(cx.text, content_start, cx.offset, b"");
    let before = &cx.text[content_start..replace.0];
    if let Some(receiver) = before.strip_suffix('.')
        && let Some(chain) = name_chains(receiver).pop()
        && chain.len() == 1
        && chain[0].1 == receiver.len()
    {
        let name = &receiver[chain[0].0..chain[0].1];
        return match class_by_name(cx.db, cx.file, cx.registry, name).and_then(|c| cx.registry.model(&c)) {
            Some(model) => attribute_items(cx, model, replace, false),
            None => Vec::new(),
        };
    }
    class_items(cx, replace)
}

fn table_items(cx: &Cx<'_>, replace: (usize, usize)) -> Vec<CompletionItem> {
    let mut names: Vec<String> = workspace_tables(cx.db).keys().map(|t| t.to_string()).collect();
    names.extend(cx.registry.models.iter().filter_map(|m| m.tablename.clone().map(|t| t.to_string())));
    names.sort();
    names.dedup();
    names.into_iter().map(|t| CompletionItem::new(t, CompletionKind::Table, replace)).collect()
}

/// `ForeignKey("|")`: every `table.column` of the workspace.
fn foreign_key_items(cx: &Cx<'_>, replace: (usize, usize)) -> Vec<CompletionItem> {
    let mut seen = FxHashSet::default();
    let mut items = Vec::new();
    for model in cx.registry.models.iter().filter(|m| !m.is_abstract) {
        let Some(table) = model.tablename.clone() else { continue };
        for attr in model.attributes.iter().filter(|a| a.kind == AttrKind::Column) {
            let column = attr.column_name.as_deref().unwrap_or(&attr.name);
            let label = format!("{table}.{column}");
            if seen.insert(label.clone()) {
                items.push(
                    CompletionItem::new(label, CompletionKind::Column, replace)
                        .detail(Some(format!("{}.{}: {}", model.name(), attr.name, display(&attr.python, cx.series))))
                        .documentation(attribute_doc(attr)),
                );
            }
        }
    }
    for file in table_files(cx.db) {
        for table in table_decls(cx.db, file).tables.iter() {
            let Some(table_name) = &table.name else { continue };
            for column in table.columns.iter().map(|c| &c.info.name) {
                let label = format!("{table_name}.{column}");
                if seen.insert(label.clone()) {
                    items.push(
                        CompletionItem::new(label, CompletionKind::Column, replace)
                            .detail(Some(format!("Table(\"{table_name}\")"))),
                    );
                }
            }
        }
    }
    items
}

/// Column names of the table a constraint is declared for: the surrounding `Table(...)`, else the
/// model whose body holds it.
fn local_column_items(cx: &Cx<'_>, context: &CursorContext, replace: (usize, usize)) -> Vec<CompletionItem> {
    let table_frame = context.frames.iter().rev().find(|f| {
        f.bracket == b'('
            && f.callee.as_deref().is_some_and(|c| sqlalchemy_function(cx.db, cx.file, c, &["Table"]).is_some())
    });
    if let Some(frame) = table_frame {
        let first = frame.args.first().and_then(|a| cx.text.get(a.start as usize..a.end as usize)).unwrap_or("");
        let name = first.trim().trim_matches(['"', '\'']);
        let tables = workspace_tables(cx.db);
        return tables
            .get(name)
            .map(|columns| {
                columns
                    .iter()
                    .map(|c| {
                        CompletionItem::new(c.as_str(), CompletionKind::Column, replace)
                            .detail(Some(format!("{name}.{c}")))
                    })
                    .collect()
            })
            .unwrap_or_default();
    }
    let Some(call) = context.call() else { return Vec::new() };
    let Some(model) = enclosing_model(cx, call) else { return Vec::new() };
    model
        .attributes
        .iter()
        .filter(|a| a.kind == AttrKind::Column)
        .map(|a| {
            let column = a.column_name.as_deref().unwrap_or(&a.name);
            CompletionItem::new(column, CompletionKind::Column, replace).detail(Some(format!(
                "{}.{}: {}",
                model.name(),
                a.name,
                display(&a.python, cx.series)
            )))
        })
        .collect()
}

/// The model whose class body the call is in: from the tree, else from the nearest less-indented
/// `class` line above (the tree of half-typed code may not have the class).
fn enclosing_model<'r>(cx: &Cx<'r>, call: &Frame) -> Option<&'r Model> {
    let node = cx.parsed.root().descendant_for_byte_range(call.open as usize, call.open as usize);
    if let Some(owner) = node.and_then(|n| owner_of_node(cx.parsed, cx.file, n))
        && let Some(model) = cx.registry.model(&owner.class)
    {
        return Some(model);
    }
    let class = class_line_above(cx.text, call.open as usize)?;
    cx.registry.model(&ClassRef { file: cx.file, name: class.into() })
}

fn class_line_above(text: &str, offset: usize) -> Option<&str> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let indent = |line: &str| line.len() - line.trim_start().len();
    let current = indent(&text[line_start..offset]);
    for line in text[..line_start].lines().rev() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || indent(line) >= current {
            continue;
        }
        let rest = trimmed.strip_prefix("class ")?;
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        return (end > 0).then(|| &rest[..end]);
    }
    None
}

/// The class a relationship being typed points at: what model discovery read for it, else its first
/// argument, else a model named in the annotation on its line (`posts: Mapped[List["Post"]] = `).
fn relationship_target_text(cx: &Cx<'_>, call: &Frame) -> Option<ClassRef> {
    let node = cx.parsed.root().descendant_for_byte_range(call.open as usize, call.open as usize);
    if let Some(owner) = node.and_then(|n| owner_of_node(cx.parsed, cx.file, n))
        && let Some(target) = cx
            .registry
            .model(&owner.class)
            .and_then(|m| m.attribute(owner.attr.as_deref()?))
            .and_then(|a| a.target.clone())
    {
        return Some(target);
    }
    if let Some(first) = call.args.first().filter(|a| a.keyword.is_none()) {
        let text = cx.text.get(first.start as usize..first.end as usize).unwrap_or("").trim();
        let name = text.trim_matches(['"', '\'']).trim();
        let name = name.strip_prefix("lambda:").map(str::trim).unwrap_or(name);
        if let Some(class) = class_by_name(cx.db, cx.file, cx.registry, name.rsplit('.').next().unwrap_or(name)) {
            return Some(class);
        }
    }
    let line_start = cx.text[..call.open as usize].rfind('\n').map_or(0, |i| i + 1);
    // Quotes become spaces so that `"Post"` in the annotation reads as a name, at the same offsets.
    let line = cx.text[line_start..call.open as usize].replace(['"', '\''], " ");
    name_chains(&line)
        .into_iter()
        .filter(|chain| chain.len() == 1)
        .rev()
        .find_map(|chain| class_by_name(cx.db, cx.file, cx.registry, &line[chain[0].0..chain[0].1]))
}
