//! The inference scopes of a file and where each starts, to map scope-relative offsets back.

use std::sync::Arc;

use crate::db::{Db, SourceFile};
use crate::hir::{ClassStmt, Name, module_index};
use crate::infer::{ScopeInference, function_offset, infer_function, infer_module};

/// A module's top level, or a function/method of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Module,
    Function { class: Option<Name>, name: Name },
}

impl Scope {
    /// Where the scope's text starts in the file (0 for the module).
    pub fn offset(&self, db: &dyn Db, file: SourceFile) -> Option<u32> {
        match self {
            Scope::Module => Some(0),
            Scope::Function { class, name } => function_offset(db, file, class.as_deref(), name),
        }
    }

    pub fn infer(&self, db: &dyn Db, file: SourceFile, precise: bool) -> Arc<ScopeInference> {
        match self {
            Scope::Module => infer_module(db, file, precise).clone(),
            Scope::Function { class, name } => infer_function(db, file, class.clone(), name.clone(), precise).clone(),
        }
    }
}

pub fn scopes_of_file(db: &dyn Db, file: SourceFile) -> Vec<Scope> {
    let index = module_index(db, file);
    let mut scopes = vec![Scope::Module];
    let mut seen = rustc_hash::FxHashSet::default();
    for function in &index.functions {
        if seen.insert((None, function.name.clone())) {
            scopes.push(Scope::Function { class: None, name: function.name.clone() });
        }
    }
    for class in &index.classes {
        for stmt in &class.body {
            if let ClassStmt::Method(method) = stmt
                && seen.insert((Some(class.name.clone()), method.name.clone()))
            {
                scopes.push(Scope::Function { class: Some(class.name.clone()), name: method.name.clone() });
            }
        }
    }
    scopes
}

/// The innermost scope containing a byte offset, with its start offset.
pub fn scope_at(db: &dyn Db, file: SourceFile, offset: u32) -> (Scope, u32) {
    let parsed = crate::syntax::parse(db, file);
    let mut best = (Scope::Module, 0u32);
    let mut best_len = u32::MAX;
    for scope in scopes_of_file(db, file).into_iter().skip(1) {
        let Scope::Function { class, name } = &scope else { continue };
        let Some(node) = crate::infer::find_function(parsed, class.as_deref(), name) else { continue };
        let (start, end) = (node.start_byte() as u32, node.end_byte() as u32);
        if start <= offset && offset <= end && end - start < best_len {
            best_len = end - start;
            best = (scope.clone(), start);
        }
    }
    best
}
