//! Rename a model class or a model attribute everywhere it is named: code, imports, constructor
//! keywords and SQLAlchemy's strings (only the part of a string that names it: `"users.id"` keeps
//! `users.`). A column string (`ForeignKey("users.id")`) names the *column*: it follows the
//! attribute only when the column takes its name from the attribute.

use std::fmt;

use crate::db::{Db, SourceFile};
use crate::hir::resolve_name;
use crate::models::{AttrKind, ModelAttr, model_registry};

use super::references::references_to;
use crate::semantics::{RefKind, Semantics, Symbol, SymbolRef, TextRange, TextSize};

/// One replacement in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub file: SourceFile,
    pub start: u32,
    pub end: u32,
    pub new_text: String,
}

/// Why a rename cannot be done, in words for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

impl fmt::Display for RenameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenameError {}

/// The range of the name that would be renamed, when the cursor is on a renamable symbol.
pub fn prepare_rename(db: &dyn Db, file: SourceFile, offset: TextSize) -> Option<TextRange> {
    let reference = Semantics::new(db, file).symbol_at(offset)?;
    renamable(db, &reference).ok()?;
    Some(reference.range)
}

pub fn rename(db: &dyn Db, file: SourceFile, offset: TextSize, new_name: &str) -> Result<Vec<TextEdit>, RenameError> {
    let reference = Semantics::new(db, file).symbol_at(offset).ok_or_else(|| {
        RenameError("Nothing to rename here: put the cursor on a model class or a model attribute.".to_owned())
    })?;
    renamable(db, &reference)?;
    check_name(new_name)?;
    let symbol = &reference.symbol;
    let old_name = match symbol {
        Symbol::Class(class) => class.name.clone(),
        Symbol::Attr(_, name) => name.clone(),
        _ => return Err(not_renamable()),
    };
    if old_name == new_name {
        return Ok(Vec::new());
    }
    check_conflicts(db, symbol, new_name)?;
    let explicit_column = match symbol {
        Symbol::Attr(class, name) => declared_attr(db, class, name).is_some_and(|a| has_explicit_column_name(&a)),
        _ => false,
    };
    let mut edits: Vec<TextEdit> = references_to(db, symbol, true)
        .into_iter()
        .filter(|(_, r)| !(r.kind == RefKind::ColumnString && explicit_column))
        .map(|(file, r)| TextEdit {
            file,
            start: r.range.start().into(),
            end: r.range.end().into(),
            new_text: new_name.to_owned(),
        })
        .collect();
    edits.sort_by(|a, b| (a.file.path(db), a.start).cmp(&(b.file.path(db), b.start)));
    edits.dedup();
    Ok(edits)
}

fn not_renamable() -> RenameError {
    RenameError("Only model classes and model attributes can be renamed.".to_owned())
}

/// Model classes and attributes can be renamed; from a column string, only while the column takes
/// its name from the attribute.
fn renamable(db: &dyn Db, reference: &SymbolRef) -> Result<(), RenameError> {
    match &reference.symbol {
        Symbol::Class(_) => Ok(()),
        Symbol::Attr(class, name) => {
            if reference.kind == RefKind::ColumnString
                && declared_attr(db, class, name).is_some_and(|a| has_explicit_column_name(&a))
            {
                return Err(RenameError(format!(
                    "This string names the column of `{}.{name}`, which has a name of its own; rename the attribute from its declaration.",
                    class.name
                )));
            }
            Ok(())
        }
        Symbol::Table(table) => Err(RenameError(format!(
            "`{table}` is a table name: renaming tables is not supported (change `__tablename__` or the `Table(...)` name and the foreign keys that use it)."
        ))),
        Symbol::TableColumn(table, column) => Err(RenameError(format!(
            "`{table}.{column}` is a column of a `Table(...)`: renaming its columns is not supported."
        ))),
    }
}

fn declared_attr(db: &dyn Db, class: &crate::types::ClassRef, name: &str) -> Option<ModelAttr> {
    model_registry(db).models.iter().find_map(|m| m.attribute(name).filter(|a| &a.declared_in == class)).cloned()
}

/// `Column("zip", ...)`, `mapped_column(name="zip")`: the column does not take the attribute's name.
pub fn has_explicit_column_name(attr: &ModelAttr) -> bool {
    attr.kind == AttrKind::Column
        && (attr.column_name.is_some() || attr.value.as_deref().is_some_and(|v| v.kwarg("name").is_some()))
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

fn check_name(name: &str) -> Result<(), RenameError> {
    if !crate::semantics::string_refs::is_identifier(name) {
        return Err(RenameError(format!("`{name}` is not a valid Python identifier.")));
    }
    if KEYWORDS.contains(&name) {
        return Err(RenameError(format!("`{name}` is a Python keyword.")));
    }
    Ok(())
}

fn check_conflicts(db: &dyn Db, symbol: &Symbol, new_name: &str) -> Result<(), RenameError> {
    let registry = model_registry(db);
    match symbol {
        Symbol::Class(class) => {
            if registry.by_name(new_name).next().is_some() {
                return Err(RenameError(format!(
                    "A mapped class named `{new_name}` already exists: SQLAlchemy's string references would become ambiguous."
                )));
            }
            if resolve_name(db, class.file, new_name).is_some() {
                return Err(RenameError(format!("`{new_name}` is already defined in the module of `{}`.", class.name)));
            }
        }
        Symbol::Attr(class, name) => {
            for model in &registry.models {
                let inherits = model.attribute(name).is_some_and(|a| &a.declared_in == class);
                if inherits && model.attribute(new_name).is_some() {
                    return Err(RenameError(format!("`{}` already has an attribute `{new_name}`.", model.name())));
                }
            }
        }
        _ => return Err(not_renamable()),
    }
    Ok(())
}
