//! Document symbols (classes — models with their columns and relationships —, functions and
//! `Table(...)` objects of a file) and workspace symbols (models and tables matching a query).

use crate::db::{Db, SourceFile};
use crate::models::{AttrKind, model_registry};
use crate::syntax::node_ext::{field, named_children};
use crate::syntax::{Node, parse};
use crate::types::{ClassRef, display};

use super::nav::{class_target, declarations, range};
use crate::schema::{table_decls, workspace_tables};
use crate::semantics::Symbol;
use crate::semantics::class_body_names;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// A mapped class.
    Model,
    /// Any other class.
    Class,
    Column,
    Relationship,
    /// Another model attribute (`column_property`, `hybrid_property`, `synonym`, …).
    Attribute,
    Method,
    Function,
    /// A `Table(...)` object, or a table name.
    Table,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    /// A model's table, an attribute's type.
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub full_range: (u32, u32),
    pub focus_range: (u32, u32),
    pub children: Vec<DocumentSymbol>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub file: SourceFile,
    pub full_range: (u32, u32),
    pub focus_range: (u32, u32),
    /// The model of a table, the module of a model.
    pub container: Option<String>,
}

pub fn document_symbols(db: &dyn Db, file: SourceFile) -> Vec<DocumentSymbol> {
    if !crate::db::is_python_path(file.path(db)) {
        return Vec::new();
    }
    let parsed = parse(db, file);
    let registry = model_registry(db);
    let series = db.project().settings(db).series;
    let tables = table_decls(db, file);
    let mut out = Vec::new();
    for stmt in named_children(parsed.root()) {
        let definition = match stmt.kind() {
            "decorated_definition" => field(stmt, "definition"),
            "class_definition" | "function_definition" => Some(stmt),
            _ => None,
        };
        if let Some(def) = definition {
            let Some(name) = field(def, "name") else { continue };
            let name_text = parsed.node_text(name).to_owned();
            if def.kind() == "function_definition" {
                out.push(DocumentSymbol {
                    name: name_text,
                    detail: None,
                    kind: SymbolKind::Function,
                    full_range: range(stmt),
                    focus_range: range(name),
                    children: Vec::new(),
                });
                continue;
            }
            let class = ClassRef { file, name: name_text.as_str().into() };
            let model = registry.model(&class);
            let mut children = Vec::new();
            if let Some(body) = field(def, "body") {
                for target in class_body_names(body) {
                    let attr_name = parsed.node_text(target);
                    let statement = statement_in_body(target);
                    let is_method = statement.kind() != "expression_statement";
                    let attr = model.and_then(|m| m.attribute(attr_name)).filter(|a| a.declared_in == class);
                    let (kind, detail) = match attr {
                        Some(attr) => {
                            let kind = match attr.kind {
                                AttrKind::Column => SymbolKind::Column,
                                AttrKind::Relationship => SymbolKind::Relationship,
                                _ => SymbolKind::Attribute,
                            };
                            (kind, Some(display(&attr.python, series)))
                        }
                        None if is_method => (SymbolKind::Method, None),
                        None if attr_name.starts_with("__") => continue,
                        None => (SymbolKind::Attribute, None),
                    };
                    children.push(DocumentSymbol {
                        name: attr_name.to_owned(),
                        detail,
                        kind,
                        full_range: range(statement),
                        focus_range: range(target),
                        children: Vec::new(),
                    });
                }
            }
            out.push(DocumentSymbol {
                name: name_text,
                detail: model.and_then(|m| m.tablename.clone()).map(|t| format!("table {t}")),
                kind: if model.is_some() { SymbolKind::Model } else { SymbolKind::Class },
                full_range: range(stmt),
                focus_range: range(name),
                children,
            });
            continue;
        }
        // `users = Table("users", metadata, Column("id", ...))`.
        for table in tables
            .tables
            .iter()
            .filter(|t| stmt.start_byte() as u32 <= t.full_range.0 && t.full_range.1 <= stmt.end_byte() as u32)
        {
            let (Some(table_name), Some(name_range)) = (&table.name, table.name_range) else { continue };
            let children = table
                .columns
                .iter()
                .map(|c| (&c.info.name, &c.name_range))
                .map(|(column, focus)| DocumentSymbol {
                    name: column.to_string(),
                    detail: None,
                    kind: SymbolKind::Column,
                    full_range: column_call(parsed.root(), *focus),
                    focus_range: *focus,
                    children: Vec::new(),
                })
                .collect();
            out.push(DocumentSymbol {
                name: table.variable.as_deref().unwrap_or(table_name).to_owned(),
                detail: Some(format!("Table(\"{table_name}\")")),
                kind: SymbolKind::Table,
                full_range: range(stmt),
                focus_range: name_range,
                children,
            });
        }
    }
    out
}

/// The statement of a class body that binds a name (the decorated definition for a decorated method).
fn statement_in_body(name: Node<'_>) -> Node<'_> {
    let mut current = name;
    while let Some(parent) = current.parent() {
        if parent.kind() == "block" {
            return current;
        }
        current = parent;
    }
    name
}

fn column_call(root: Node<'_>, focus: (u32, u32)) -> (u32, u32) {
    let mut node = root.descendant_for_byte_range(focus.0 as usize, focus.1 as usize);
    while let Some(n) = node {
        if n.kind() == "call" {
            return range(n);
        }
        node = n.parent();
    }
    focus
}

/// Whether `query`'s characters appear in `name` in order, ignoring case.
pub fn fuzzy_match(query: &str, name: &str) -> bool {
    let mut name_chars = name.chars().flat_map(char::to_lowercase);
    query.chars().flat_map(char::to_lowercase).all(|q| name_chars.any(|n| n == q))
}

pub fn workspace_symbols(db: &dyn Db, query: &str) -> Vec<WorkspaceSymbol> {
    let registry = model_registry(db);
    let mut out = Vec::new();
    for model in registry.models.iter().filter(|m| fuzzy_match(query, m.name())) {
        if let Some((full, focus)) = class_target(db, &model.class) {
            out.push(WorkspaceSymbol {
                name: model.name().to_owned(),
                kind: SymbolKind::Model,
                file: model.class.file,
                full_range: full,
                focus_range: focus,
                container: crate::hir::module_name(db, model.class.file).map(|m| m.to_string()),
            });
        }
    }
    let mut tables: Vec<String> =
        registry.models.iter().filter_map(|m| m.tablename.clone().map(|t| t.to_string())).collect();
    tables.extend(workspace_tables(db).keys().map(|t| t.to_string()));
    tables.sort();
    tables.dedup();
    for table in tables.into_iter().filter(|t| fuzzy_match(query, t)) {
        let owner = registry.by_table(&table).next().map(|m| m.name().to_owned());
        for target in declarations(db, &Symbol::Table(table.as_str().into())) {
            out.push(WorkspaceSymbol {
                name: table.clone(),
                kind: SymbolKind::Table,
                file: target.file,
                full_range: target.full_range,
                focus_range: target.focus_range,
                container: owner.clone(),
            });
        }
    }
    let query = query.to_lowercase();
    out.sort_by_key(|s| {
        let name = s.name.to_lowercase();
        (!name.starts_with(&query), name.len(), s.name.clone())
    });
    out
}
