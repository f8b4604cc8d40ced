//! Find references to a model, a model attribute or a table, in code and in SQLAlchemy's strings,
//! across the workspace. Each file's references are indexed once (`file_refs`); files whose text
//! does not spell the symbol's name are never looked at.

use crate::db::{Db, SourceFile};
use crate::models::model_registry;

use crate::semantics::{RefKind, Semantics, Symbol, SymbolRef, TextRange, TextSize, file_refs};

/// The ranges naming the symbol under the cursor, in every file, sorted by file then position.
pub fn references(
    db: &dyn Db,
    file: SourceFile,
    offset: TextSize,
    include_declaration: bool,
) -> Vec<(SourceFile, TextRange)> {
    let Some(reference) = Semantics::new(db, file).symbol_at(offset) else { return Vec::new() };
    references_to(db, &reference.symbol, include_declaration).into_iter().map(|(file, r)| (file, r.range)).collect()
}

/// Every reference to a symbol, with how it names it.
pub fn references_to(db: &dyn Db, symbol: &Symbol, include_declaration: bool) -> Vec<(SourceFile, SymbolRef)> {
    let mut out = Vec::new();
    for file in candidate_files(db, symbol) {
        out.extend(refs_in_file(db, file, symbol, include_declaration).into_iter().map(|r| (file, r)));
    }
    out
}

pub fn refs_in_file(db: &dyn Db, file: SourceFile, symbol: &Symbol, include_declaration: bool) -> Vec<SymbolRef> {
    file_refs(db, file)
        .refs
        .iter()
        .filter(|r| &r.symbol == symbol && (include_declaration || r.kind != RefKind::Declaration))
        .cloned()
        .collect()
}

/// The files that may reference a symbol: they take part in SQLAlchemy analysis and spell one of
/// its names (a column's own name too, for `ForeignKey("users.zip")`), in path order.
pub fn candidate_files(db: &dyn Db, symbol: &Symbol) -> Vec<SourceFile> {
    let mut needles: Vec<String> = Vec::new();
    match symbol {
        Symbol::Class(class) => needles.push(class.name.to_string()),
        Symbol::Attr(class, name) => {
            needles.push(name.to_string());
            let registry = model_registry(db);
            for model in &registry.models {
                if let Some(attr) = model.attribute(name).filter(|a| &a.declared_in == class)
                    && let Some(column) = &attr.column_name
                {
                    needles.push(column.to_string());
                }
            }
        }
        Symbol::Table(table) => needles.push(table.to_string()),
        Symbol::TableColumn(_, column) => needles.push(column.to_string()),
    }
    let mut files: Vec<SourceFile> = db
        .project()
        .files(db)
        .iter()
        .copied()
        .filter(|f| {
            let text = f.text(db);
            needles.iter().any(|n| memchr::memmem::find(text.as_bytes(), n.as_bytes()).is_some())
                && crate::hir::prescan::involves_sqlalchemy(db, *f)
        })
        .collect();
    files.sort_by(|a, b| a.path(db).cmp(b.path(db)));
    files
}
