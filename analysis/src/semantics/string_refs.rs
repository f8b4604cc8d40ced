//! SQLAlchemy's strings that name Python things: `relationship("User")`, `Mapped["User"]`,
//! `back_populates="posts"`, `backref="orders"`, `order_by="Post.id"`, `ForeignKey("users.id")`,
//! `UniqueConstraint("name")`, `secondary="user_tags"`, `Table("users", ..., Column("id", ...))`,
//! `__tablename__ = "users"`, `__all__ = ["User"]`. Each reference covers only the part of the
//! string that names its symbol (`id` in `"users.id"`).

use rustc_hash::FxHashMap;
use text_size::TextRange;

use crate::db::{Db, SourceFile};
use crate::hir::{Definition, Expr, Name, resolve_expr_symbol, resolve_name};
use crate::models::ModelRegistry;
use crate::schema::workspace_tables;
pub use crate::syntax::node_ext::string_content;
use crate::syntax::node_ext::{field, named_children, string_value, walk};
use crate::syntax::{Node, Parsed};
use crate::types::ClassRef;

use super::refs::{RefKind, Symbol, SymbolRef, attr_symbol, module_level_class};

/// The functions that declare a relationship.
pub const RELATIONSHIP_FUNCTIONS: &[&str] = &["relationship", "relation", "dynamic_loader"];

/// `relationship()` keywords whose strings SQLAlchemy evaluates as Python against its class registry.
pub const EXPRESSION_KEYWORDS: &[&str] = &["order_by", "primaryjoin", "secondaryjoin", "remote_side", "foreign_keys"];

/// The SQLAlchemy functions whose strings name things.
const STRING_FUNCTIONS: &[&str] = &[
    "relationship",
    "relation",
    "dynamic_loader",
    "backref",
    "ForeignKey",
    "ForeignKeyConstraint",
    "UniqueConstraint",
    "PrimaryKeyConstraint",
    "Index",
    "Table",
    "Column",
    "mapped_column",
    "synonym",
    "association_proxy",
];

/// The short name of the SQLAlchemy function a dotted callee (`relationship`, `orm.relationship`,
/// `db.relationship`) names, when it is one of `wanted`. A name we cannot resolve (imported inside
/// a function) is taken at its word; a workspace definition of that name is not SQLAlchemy's.
pub fn sqlalchemy_function(
    db: &dyn Db,
    file: SourceFile,
    callee: &str,
    wanted: &[&'static str],
) -> Option<&'static str> {
    let short = callee.rsplit('.').next()?;
    let found = *wanted.iter().find(|w| **w == short)?;
    let expr = dotted_expr(callee)?;
    match resolve_expr_symbol(db, file, &expr) {
        Some(Definition::External(symbol)) => (symbol.strip_prefix("sqlalchemy.") == Some(found)).then_some(found),
        None => Some(found),
        Some(_) => None,
    }
}

/// `a.b.c` → the expression, when the text is a dotted name.
pub fn dotted_expr(text: &str) -> Option<Expr> {
    let mut parts = text.split('.');
    let first = parts.next().filter(|p| is_identifier(p))?;
    let mut expr = Expr::Name(Name::from(first));
    for part in parts {
        if !is_identifier(part) {
            return None;
        }
        expr = Expr::Attr(Box::new(expr), Name::from(part));
    }
    Some(expr)
}

/// A Python identifier (no keyword check).
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// What a `"table.column"` foreign-key target names: a model attribute (by the column's name) or a
/// column of a `Table(...)`.
pub fn resolve_column(
    registry: &ModelRegistry,
    tables: &FxHashMap<Name, Vec<Name>>,
    table: &str,
    column: &str,
) -> Option<Symbol> {
    for model in registry.by_table(table) {
        if let Some(attr) = model.column(column) {
            return Some(Symbol::Attr(attr.declared_in.clone(), attr.name.clone()));
        }
    }
    tables
        .get(table)
        .filter(|columns| columns.iter().any(|c| c == column))
        .map(|_| Symbol::TableColumn(Name::from(table), Name::from(column)))
}

/// `"schema.users.id"` → (table range, column range) relative to the string, and the names.
pub fn split_foreign_key(value: &str) -> Option<((usize, usize), (usize, usize))> {
    let (qualified_table, column) = value.rsplit_once('.')?;
    let table = qualified_table.rsplit('.').next()?;
    let table_start = qualified_table.len() - table.len();
    let column_start = qualified_table.len() + 1;
    Some(((table_start, qualified_table.len()), (column_start, column_start + column.len())))
}

/// A mapped class named in a string (SQLAlchemy looks names up in its class registry): the unique
/// model of that name, else the one the file's imports or own classes give.
pub fn class_by_name(db: &dyn Db, file: SourceFile, registry: &ModelRegistry, name: &str) -> Option<ClassRef> {
    let candidates: Vec<&ClassRef> = registry.by_name(name).map(|m| &m.class).collect();
    match candidates.as_slice() {
        [] => None,
        [only] => Some((*only).clone()),
        _ => match resolve_name(db, file, name) {
            Some(Definition::Class { file, name }) => {
                let class = ClassRef { file, name };
                candidates.contains(&&class).then_some(class)
            }
            _ => candidates.iter().find(|c| c.file == file).map(|c| (*c).clone()),
        },
    }
}

/// The positional and keyword arguments of a call (keywords as (name text node, value)).
pub fn arguments(call: Node<'_>) -> (Vec<Node<'_>>, Vec<(Node<'_>, Node<'_>)>) {
    let mut positional = Vec::new();
    let mut keywords = Vec::new();
    if let Some(arguments) = field(call, "arguments").filter(|a| a.kind() == "argument_list") {
        for arg in named_children(arguments) {
            match arg.kind() {
                "keyword_argument" => {
                    if let (Some(name), Some(value)) = (field(arg, "name"), field(arg, "value")) {
                        keywords.push((name, value));
                    }
                }
                "list_splat" | "dictionary_splat" => {}
                _ => positional.push(arg),
            }
        }
    }
    (positional, keywords)
}

/// Dotted name chains in Python source (`desc(Post.id)` → `[desc]`, `[Post, id]`), as byte ranges
/// of each name; quoted strings inside are skipped.
pub fn name_chains(text: &str) -> Vec<Vec<(usize, usize)>> {
    let bytes = text.as_bytes();
    let mut chains: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut i = 0;
    let is_start = |b: u8| b.is_ascii_alphabetic() || b == b'_' || b >= 0x80;
    let is_part = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\'' || b == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if b.is_ascii_digit() {
            while i < bytes.len() && (is_part(bytes[i]) || bytes[i] == b'.') {
                i += 1;
            }
        } else if is_start(b) {
            let start = i;
            while i < bytes.len() && is_part(bytes[i]) {
                i += 1;
            }
            let continues = start >= 1
                && bytes[start - 1] == b'.'
                && chains.last().is_some_and(|c| c.last().is_some_and(|(_, end)| *end + 1 == start));
            match chains.last_mut() {
                Some(chain) if continues => chain.push((start, i)),
                _ => chains.push(vec![(start, i)]),
            }
        } else {
            i += 1;
        }
    }
    chains
}

struct Cx<'a> {
    db: &'a dyn Db,
    file: SourceFile,
    parsed: &'a Parsed,
    registry: &'a ModelRegistry,
    tables: &'a FxHashMap<Name, Vec<Name>>,
    out: &'a mut Vec<SymbolRef>,
}

impl Cx<'_> {
    fn text(&self, node: Node<'_>) -> &str {
        self.parsed.node_text(node)
    }

    fn push(&mut self, start: u32, end: u32, symbol: Symbol, kind: RefKind) {
        self.out.push(SymbolRef { range: TextRange::new(start.into(), end.into()), symbol, kind });
    }

    /// A string's content range and value, for plain literals.
    fn content(&self, node: Node<'_>) -> Option<(u32, String)> {
        let (start, end) = string_content(node, self.parsed.text())?;
        Some((start, self.parsed.text().get(start as usize..end as usize)?.to_owned()))
    }

    fn callee(&self, call: Node<'_>) -> Option<&'static str> {
        let function = field(call, "function")?;
        if !matches!(function.kind(), "identifier" | "attribute") {
            return None;
        }
        sqlalchemy_function(self.db, self.file, self.text(function), STRING_FUNCTIONS)
    }
}

/// The string references of a file.
pub(crate) fn string_refs(
    db: &dyn Db,
    file: SourceFile,
    parsed: &Parsed,
    registry: &ModelRegistry,
    out: &mut Vec<SymbolRef>,
) {
    if !parsed.text().contains(['"', '\'']) {
        return;
    }
    let tables = workspace_tables(db);
    let mut cx = Cx { db, file, parsed, registry, tables, out };
    walk(parsed.root(), |node| {
        match node.kind() {
            "call" => call_refs(&mut cx, node),
            "string" if in_annotation(node) => annotation_refs(&mut cx, node),
            "assignment" => assignment_refs(&mut cx, node),
            _ => {}
        }
        true
    });
}

/// Whether a node is part of a type annotation (`x: Mapped["User"]`, `-> "User"`).
fn in_annotation(node: Node<'_>) -> bool {
    let mut current = node.parent();
    for _ in 0..24 {
        let Some(n) = current else { return false };
        match n.kind() {
            "type" => return true,
            "block" | "module" | "expression_statement" | "call" => return false,
            _ => current = n.parent(),
        }
    }
    false
}

fn call_refs(cx: &mut Cx<'_>, call: Node<'_>) {
    let Some(function) = cx.callee(call) else { return };
    let (positional, keywords) = arguments(call);
    match function {
        "relationship" | "relation" | "dynamic_loader" => relationship_refs(cx, call, &positional, &keywords),
        "backref" => expression_keywords(cx, &keywords),
        "ForeignKey" => {
            if let Some(first) = positional.first() {
                foreign_key_ref(cx, *first);
            }
        }
        "ForeignKeyConstraint" => {
            for (i, list) in positional.iter().take(2).enumerate() {
                if !matches!(list.kind(), "list" | "tuple") {
                    continue;
                }
                for item in named_children(*list) {
                    if i == 0 { local_column_ref(cx, item) } else { foreign_key_ref(cx, item) }
                }
            }
        }
        "UniqueConstraint" | "PrimaryKeyConstraint" => {
            for arg in &positional {
                local_column_ref(cx, *arg);
            }
        }
        "Index" => {
            for arg in positional.iter().skip(1) {
                local_column_ref(cx, *arg);
            }
        }
        "Table" => {
            let Some((start, name)) = positional.first().and_then(|n| cx.content(*n)) else { return };
            let end = start + name.len() as u32;
            cx.push(start, end, Symbol::Table(Name::from(name.as_str())), RefKind::Declaration);
            for column in positional.iter().skip(2) {
                if column.kind() == "call"
                    && cx.callee(*column) == Some("Column")
                    && let Some((start, value)) = arguments(*column).0.first().and_then(|n| cx.content(*n))
                {
                    let symbol = Symbol::TableColumn(Name::from(name.as_str()), Name::from(value.as_str()));
                    cx.push(start, start + value.len() as u32, symbol, RefKind::Declaration);
                }
            }
        }
        "Column" | "mapped_column" => {
            // `zip_code = Column("zip", String)`: the column's own name.
            let Some(first) = positional.first().copied() else { return };
            let Some(owner) = owner_of(cx, call) else { return };
            let Some(attr) = owner.attr else { return };
            if let Some((start, value)) = cx.content(first)
                && let Some(symbol) = attr_symbol(cx.registry, &owner.class, &attr)
            {
                cx.push(start, start + value.len() as u32, symbol, RefKind::ColumnString);
            }
        }
        "synonym" => {
            if let Some(first) = positional.first().copied()
                && let Some(owner) = owner_of(cx, call)
            {
                attribute_string_ref(cx, first, &owner.class);
            }
        }
        "association_proxy" => {
            let Some(owner) = owner_of(cx, call) else { return };
            let Some(first) = positional.first().copied() else { return };
            let target = attribute_string_ref(cx, first, &owner.class).and_then(|relationship| {
                let Symbol::Attr(class, name) = relationship else { return None };
                cx.registry.model(&class)?.attribute(&name)?.target.clone()
            });
            if let (Some(second), Some(target)) = (positional.get(1).copied(), target) {
                attribute_string_ref(cx, second, &target);
            }
        }
        _ => {}
    }
}

/// A string naming an attribute of `class`; returns the attribute's symbol.
fn attribute_string_ref(cx: &mut Cx<'_>, node: Node<'_>, class: &ClassRef) -> Option<Symbol> {
    let (start, value) = cx.content(node)?;
    let symbol = attr_symbol(cx.registry, class, &value)?;
    cx.push(start, start + value.len() as u32, symbol.clone(), RefKind::String);
    Some(symbol)
}

/// The model attribute a call is the value of: `posts = relationship(...)` in `class User`, or
/// `@declared_attr def posts(cls): return relationship(...)`.
pub struct Owner {
    pub class: ClassRef,
    pub attr: Option<Name>,
}

pub fn owner_of_node(parsed: &Parsed, file: SourceFile, node: Node<'_>) -> Option<Owner> {
    let mut attr: Option<Name> = None;
    let mut current = node.parent();
    while let Some(n) = current {
        match n.kind() {
            "assignment" => {
                if let Some(left) = field(n, "left").filter(|l| l.kind() == "identifier") {
                    attr = Some(Name::from(parsed.node_text(left)));
                }
            }
            "function_definition" => attr = field(n, "name").map(|f| Name::from(parsed.node_text(f))),
            "class_definition" => {
                let name = field(n, "name")?;
                return Some(Owner { class: ClassRef { file, name: Name::from(parsed.node_text(name)) }, attr });
            }
            _ => {}
        }
        current = n.parent();
    }
    None
}

fn owner_of(cx: &Cx<'_>, node: Node<'_>) -> Option<Owner> {
    owner_of_node(cx.parsed, cx.file, node)
}

/// The class a relationship points at: what model discovery read, else its first argument.
pub fn relationship_target(
    db: &dyn Db,
    file: SourceFile,
    parsed: &Parsed,
    registry: &ModelRegistry,
    call: Node<'_>,
) -> Option<ClassRef> {
    let from_registry = owner_of_node(parsed, file, call)
        .and_then(|owner| registry.model(&owner.class)?.attribute(owner.attr.as_deref()?)?.target.clone());
    if from_registry.is_some() {
        return from_registry;
    }
    let first = arguments(call).0.first().copied()?;
    match first.kind() {
        "string" => {
            let value = string_value(first, parsed.text())?;
            let name = value.trim().rsplit('.').next()?;
            class_by_name(db, file, registry, name)
        }
        "lambda" => field(first, "body").and_then(|body| module_level_class(db, file, parsed, body)),
        _ => module_level_class(db, file, parsed, first),
    }
}

fn relationship_refs(cx: &mut Cx<'_>, call: Node<'_>, positional: &[Node<'_>], keywords: &[(Node<'_>, Node<'_>)]) {
    let argument = positional
        .first()
        .copied()
        .or_else(|| keywords.iter().find(|(name, _)| cx.text(*name) == "argument").map(|(_, value)| *value));
    if let Some(first) = argument
        && let Some((start, value)) = cx.content(first)
    {
        // `"app.models.User"`: the class is the last part.
        let trimmed = value.trim_end();
        let name = trimmed.rsplit('.').next().unwrap_or(trimmed);
        let name_start = start + (trimmed.len() - name.len()) as u32;
        if let Some(class) = class_by_name(cx.db, cx.file, cx.registry, name.trim_start()) {
            let lead = (name.len() - name.trim_start().len()) as u32;
            cx.push(name_start + lead, name_start + name.len() as u32, Symbol::Class(class), RefKind::String);
        }
    }
    let target = relationship_target(cx.db, cx.file, cx.parsed, cx.registry, call);
    for (name, value) in keywords {
        let keyword = cx.text(*name).to_owned();
        match keyword.as_str() {
            "back_populates" => {
                if let Some(target) = &target {
                    attribute_string_ref(cx, *value, target);
                }
            }
            "backref" => {
                let name_node = match value.kind() {
                    "call" => arguments(*value).0.first().copied(),
                    _ => Some(*value),
                };
                if let (Some(name_node), Some(target)) = (name_node, &target)
                    && let Some((start, backref)) = cx.content(name_node)
                    && let Some(symbol) = attr_symbol(cx.registry, target, &backref)
                {
                    cx.push(start, start + backref.len() as u32, symbol, RefKind::Declaration);
                }
            }
            "secondary" => {
                if let Some((start, table)) = cx.content(*value)
                    && (cx.tables.contains_key(table.as_str()) || cx.registry.by_table(&table).next().is_some())
                {
                    cx.push(start, start + table.len() as u32, Symbol::Table(Name::from(table)), RefKind::String);
                }
            }
            _ => {}
        }
    }
    expression_keywords(cx, keywords);
}

/// `order_by="Post.id"`, `primaryjoin="User.id == Post.author_id"`: classes and their attributes.
fn expression_keywords(cx: &mut Cx<'_>, keywords: &[(Node<'_>, Node<'_>)]) {
    for (name, value) in keywords {
        if !EXPRESSION_KEYWORDS.contains(&cx.text(*name)) {
            continue;
        }
        let Some((start, text)) = cx.content(*value) else { continue };
        for chain in name_chains(&text) {
            let Some(&(class_start, class_end)) = chain.first() else { continue };
            let Some(class) = class_by_name(cx.db, cx.file, cx.registry, &text[class_start..class_end]) else {
                continue;
            };
            cx.push(
                start + class_start as u32,
                start + class_end as u32,
                Symbol::Class(class.clone()),
                RefKind::String,
            );
            if let Some(&(attr_start, attr_end)) = chain.get(1)
                && let Some(symbol) = attr_symbol(cx.registry, &class, &text[attr_start..attr_end])
            {
                cx.push(start + attr_start as u32, start + attr_end as u32, symbol, RefKind::String);
            }
        }
    }
}

/// `ForeignKey("users.id")`: the table part names the table, the column part the column.
fn foreign_key_ref(cx: &mut Cx<'_>, node: Node<'_>) {
    let Some((start, value)) = cx.content(node) else { return };
    let Some(((table_start, table_end), (column_start, column_end))) = split_foreign_key(&value) else { return };
    let (table, column) = (&value[table_start..table_end], &value[column_start..column_end]);
    if cx.registry.by_table(table).next().is_some() || cx.tables.contains_key(table) {
        cx.push(
            start + table_start as u32,
            start + table_end as u32,
            Symbol::Table(Name::from(table)),
            RefKind::String,
        );
    }
    if let Some(symbol) = resolve_column(cx.registry, cx.tables, table, column) {
        cx.push(start + column_start as u32, start + column_end as u32, symbol, RefKind::ColumnString);
    }
}

/// Where a constraint's column names are looked up: the `Table(...)` it is in, else the mapped
/// class whose body holds it (`__table_args__`).
pub enum ColumnScope {
    Model(ClassRef),
    Table(Name),
}

pub fn column_scope(db: &dyn Db, file: SourceFile, parsed: &Parsed, node: Node<'_>) -> Option<ColumnScope> {
    let mut current = node.parent();
    while let Some(n) = current {
        match n.kind() {
            "call" => {
                if let Some(function) = field(n, "function")
                    && matches!(function.kind(), "identifier" | "attribute")
                    && sqlalchemy_function(db, file, parsed.node_text(function), &["Table"]).is_some()
                {
                    let name = arguments(n).0.first().and_then(|a| string_value(*a, parsed.text()))?;
                    return Some(ColumnScope::Table(Name::from(name)));
                }
            }
            "class_definition" => {
                let name = field(n, "name")?;
                return Some(ColumnScope::Model(ClassRef { file, name: Name::from(parsed.node_text(name)) }));
            }
            _ => {}
        }
        current = n.parent();
    }
    None
}

/// `UniqueConstraint("name")`: a column of the surrounding table.
fn local_column_ref(cx: &mut Cx<'_>, node: Node<'_>) {
    let Some((start, column)) = cx.content(node) else { return };
    let symbol = match column_scope(cx.db, cx.file, cx.parsed, node) {
        Some(ColumnScope::Model(class)) => cx
            .registry
            .model(&class)
            .and_then(|m| m.column(&column))
            .map(|a| Symbol::Attr(a.declared_in.clone(), a.name.clone())),
        Some(ColumnScope::Table(table)) => {
            resolve_column(cx.registry, cx.tables, &table, &column).filter(|s| matches!(s, Symbol::TableColumn(..)))
        }
        None => None,
    };
    if let Some(symbol) = symbol {
        cx.push(start, start + column.len() as u32, symbol, RefKind::ColumnString);
    }
}

/// `Mapped["User"]`, `Mapped[List["Post"]]`, `-> "User"`: the classes a string annotation names.
fn annotation_refs(cx: &mut Cx<'_>, node: Node<'_>) {
    let Some((start, text)) = cx.content(node) else { return };
    for chain in name_chains(&text) {
        let Some(&(last_start, last_end)) = chain.last() else { continue };
        let (first_start, _) = chain[0];
        let dotted = &text[first_start..last_end];
        let class = if chain.len() == 1 {
            match resolve_name(cx.db, cx.file, dotted) {
                Some(Definition::Class { file, name }) => Some(ClassRef { file, name }),
                Some(_) => None,
                None => class_by_name(cx.db, cx.file, cx.registry, dotted),
            }
        } else {
            match dotted_expr(dotted).and_then(|e| resolve_expr_symbol(cx.db, cx.file, &e)) {
                Some(Definition::Class { file, name }) => Some(ClassRef { file, name }),
                _ => None,
            }
        };
        if let Some(class) = class.filter(|c| cx.registry.model(c).is_some()) {
            cx.push(start + last_start as u32, start + last_end as u32, Symbol::Class(class), RefKind::String);
        }
    }
}

/// `__tablename__ = "users"` declares the table; `__all__ = ["User"]` names classes.
fn assignment_refs(cx: &mut Cx<'_>, assignment: Node<'_>) {
    let (Some(left), Some(right)) = (field(assignment, "left"), field(assignment, "right")) else { return };
    match cx.text(left) {
        "__tablename__" => {
            let in_class = assignment
                .parent()
                .and_then(|s| s.parent())
                .and_then(|b| b.parent())
                .is_some_and(|c| c.kind() == "class_definition");
            if in_class && let Some((start, table)) = cx.content(right) {
                cx.push(start, start + table.len() as u32, Symbol::Table(Name::from(table)), RefKind::Declaration);
            }
        }
        "__all__" if matches!(right.kind(), "list" | "tuple") => {
            for item in named_children(right) {
                let Some((start, name)) = cx.content(item) else { continue };
                if let Some(Definition::Class { file, name: class_name }) = resolve_name(cx.db, cx.file, &name) {
                    let class = ClassRef { file, name: class_name };
                    if cx.registry.model(&class).is_some() && class.name == name {
                        cx.push(start, start + name.len() as u32, Symbol::Class(class), RefKind::String);
                    }
                }
            }
        }
        _ => {}
    }
}
