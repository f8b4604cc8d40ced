//! The inference scopes of a file: the module's top level and each function, and which one holds
//! an offset.

use std::sync::Arc;

use text_size::{TextRange, TextSize};

use crate::db::{Db, SourceFile};
use crate::hir::scope_keys::scope_keys;
use crate::hir::{Name, module_index};
use crate::infer::{ScopeInference, View, infer_function, infer_module};

/// A module's top level, or a function/method of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Module,
    Function { class: Option<Name>, name: Name },
}

impl Scope {
    pub fn infer<'db>(&self, db: &'db dyn Db, file: SourceFile, view: View) -> &'db Arc<ScopeInference> {
        match self {
            Scope::Module => infer_module(db, file, view),
            Scope::Function { class, name } => infer_function(db, file, class.clone(), name.clone(), view),
        }
    }
}

pub fn scopes_of_file(db: &dyn Db, file: SourceFile) -> Vec<Scope> {
    let index = module_index(db, file);
    let mut scopes = vec![Scope::Module];
    let keys = scope_keys(index.functions.iter().map(|f| f.name.as_str()));
    let mut seen = rustc_hash::FxHashSet::default();
    for name in keys {
        if seen.insert((None, name.clone())) {
            scopes.push(Scope::Function { class: None, name });
        }
    }
    for class in &index.classes {
        // `@name.setter` has a scope of its own beside the getter's.
        let plain: Vec<&str> = class.methods().filter(|m| !m.is_property_accessor()).map(|m| m.name.as_str()).collect();
        let accessors = class.methods().filter_map(|m| m.accessor_key());
        for name in scope_keys(plain).into_iter().chain(accessors) {
            if seen.insert((Some(class.name.clone()), name.clone())) {
                scopes.push(Scope::Function { class: Some(class.name.clone()), name });
            }
        }
    }
    scopes
}

/// The innermost scope containing a byte offset, with its start offset. Reads the file's function
/// ranges (one tracked pass per file), so rules may ask it for every node they look at.
pub fn scope_at(db: &dyn Db, file: SourceFile, offset: TextSize) -> (Scope, TextSize) {
    match crate::infer::function_ranges(db, file).containing(TextRange::empty(offset)) {
        Some(((class, name), range)) => (Scope::Function { class: class.clone(), name: name.clone() }, range.start()),
        None => (Scope::Module, TextSize::from(0)),
    }
}
