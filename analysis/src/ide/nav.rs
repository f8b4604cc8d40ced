//! Where a symbol is declared, as navigation targets: the whole declaration and the name in it.

use crate::db::{Db, SourceFile};
use crate::infer::definitions;
use crate::models::model_registry;
use crate::syntax::node_ext::field;
use crate::syntax::{Node, parse};
use crate::types::ClassRef;

use crate::schema::table_decls;
use crate::semantics::string_refs::string_content;
use crate::semantics::{RefKind, Symbol, file_refs};

/// A place to navigate to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavTarget {
    pub file: SourceFile,
    /// The whole declaration (the class, the assignment statement, the `Table(...)` statement).
    pub full_range: (u32, u32),
    /// The name in it (for strings, the string's content).
    pub focus_range: (u32, u32),
    /// `User`, `User.name`, `users`, `user_tags.user_id`.
    pub name: String,
}

pub fn symbol_name(symbol: &Symbol) -> String {
    match symbol {
        Symbol::Class(class) => class.name.to_string(),
        Symbol::Attr(class, name) => format!("{}.{name}", class.name),
        Symbol::Table(table) => table.to_string(),
        Symbol::TableColumn(table, column) => format!("{table}.{column}"),
    }
}

/// The declarations of a symbol.
pub fn declarations(db: &dyn Db, symbol: &Symbol) -> Vec<NavTarget> {
    let name = symbol_name(symbol);
    let target = |file: SourceFile, full: (u32, u32), focus: (u32, u32)| NavTarget {
        file,
        full_range: full,
        focus_range: focus,
        name: name.clone(),
    };
    match symbol {
        Symbol::Class(class) => {
            class_target(db, class).map(|(full, focus)| target(class.file, full, focus)).into_iter().collect()
        }
        Symbol::Attr(class, attr) => {
            if let Some((file, name)) = crate::semantics::declaration_range(db, class, Some(attr)) {
                let (start, end): (u32, u32) = (name.start().into(), name.end().into());
                let parsed = parse(db, file);
                let full = parsed
                    .root()
                    .descendant_for_byte_range(start as usize, end as usize)
                    .map(statement_of)
                    .map(range)
                    .unwrap_or((start, end));
                return vec![target(file, full, (start, end))];
            }
            // Declared by another class's `backref="name"`.
            let registry = model_registry(db);
            let Some(source) = registry.model(class).and_then(|m| m.attribute(attr)).and_then(|a| a.target.clone())
            else {
                return Vec::new();
            };
            file_refs(db, source.file)
                .refs
                .iter()
                .filter(|r| r.kind == RefKind::Declaration && &r.symbol == symbol)
                .map(|r| {
                    let parsed = parse(db, source.file);
                    let full = parsed
                        .root()
                        .descendant_for_byte_range(r.range.start().into(), r.range.end().into())
                        .and_then(|n| ancestor(n, "keyword_argument"))
                        .map(range)
                        .unwrap_or((r.range.start().into(), r.range.end().into()));
                    target(source.file, full, (r.range.start().into(), r.range.end().into()))
                })
                .collect()
        }
        Symbol::Table(table) => {
            let mut out = Vec::new();
            let registry = model_registry(db);
            for model in registry.by_table(table) {
                let Some((file, name)) = crate::semantics::declaration_range(db, &model.class, Some("__tablename__"))
                else {
                    // Flask-SQLAlchemy names the table after the class.
                    if model.base_kind == crate::models::BaseKind::Flask
                        && let Some((full, focus)) = class_target(db, &model.class)
                    {
                        out.push(target(model.class.file, full, focus));
                    }
                    continue;
                };
                let (start, end): (u32, u32) = (name.start().into(), name.end().into());
                let parsed = parse(db, file);
                let Some(left) = parsed.root().descendant_for_byte_range(start as usize, end as usize) else {
                    continue;
                };
                let focus = left
                    .parent()
                    .and_then(|a| field(a, "right"))
                    .and_then(|r| string_content(r, parsed.text()))
                    .unwrap_or((start, end));
                out.push(target(file, range(statement_of(left)), focus));
            }
            for file in table_files(db) {
                for decl in table_decls(db, file).tables.iter().filter(|d| d.name.as_ref() == Some(table)) {
                    out.push(target(file, decl.full_range, decl.name_range.unwrap_or(decl.full_range)));
                }
            }
            out
        }
        Symbol::TableColumn(table, column) => {
            let mut out = Vec::new();
            for file in table_files(db) {
                for decl in table_decls(db, file).tables.iter().filter(|d| d.name.as_ref() == Some(table)) {
                    for column_decl in &decl.columns {
                        let (name, focus) = (&column_decl.info.name, &column_decl.name_range);
                        if name == column {
                            let parsed = parse(db, file);
                            let full = parsed
                                .root()
                                .descendant_for_byte_range(focus.0 as usize, focus.1 as usize)
                                .and_then(|n| ancestor(n, "call"))
                                .map(range)
                                .unwrap_or(*focus);
                            out.push(target(file, full, *focus));
                        }
                    }
                }
            }
            out
        }
    }
}

/// The workspace files that may hold `Table(...)` calls.
pub fn table_files(db: &dyn Db) -> Vec<SourceFile> {
    db.project()
        .files(db)
        .iter()
        .copied()
        .filter(|f| *f.exists(db) && memchr::memmem::find(f.text(db).as_bytes(), b"Table(").is_some())
        .collect()
}

/// A class's (full, name) ranges; the last definition of the name wins, as in Python.
pub fn class_target(db: &dyn Db, class: &ClassRef) -> Option<((u32, u32), (u32, u32))> {
    let parsed = parse(db, class.file);
    let node = definitions(parsed.root()).into_iter().rfind(|n| {
        n.kind() == "class_definition" && field(*n, "name").is_some_and(|n| parsed.node_text(n) == class.name)
    })?;
    let name = field(node, "name")?;
    let full = node.parent().filter(|p| p.kind() == "decorated_definition").unwrap_or(node);
    Some((range(full), range(name)))
}

pub fn range(node: Node<'_>) -> (u32, u32) {
    (node.start_byte() as u32, node.end_byte() as u32)
}

/// The statement a name is declared by: its assignment statement, or its (decorated) definition.
pub fn statement_of(node: Node<'_>) -> Node<'_> {
    let mut current = node;
    while let Some(parent) = current.parent() {
        if matches!(parent.kind(), "block" | "module") {
            return current;
        }
        current = parent;
    }
    node
}

fn ancestor<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut current = Some(node);
    while let Some(n) = current {
        if n.kind() == kind {
            return Some(n);
        }
        current = n.parent();
    }
    None
}
