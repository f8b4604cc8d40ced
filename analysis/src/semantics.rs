//! One way to ask "what is this node": the type of an expression in either view, the model,
//! attribute, table or column a name (or a string) refers to, and where a model is declared.
//! Rules and every IDE feature ask here, as rust-analyzer's `hir::Semantics` and ty's
//! `SemanticModel`, and never read inference's own keys.
//!
//! Inference is per scope (the module's top level, each function) and records scope-relative
//! offsets (`infer::ScopeRange`), so that editing one function re-infers that function only.
//! Everything here speaks file offsets (`TextSize`, `TextRange`); the conversion between the two is
//! `to_scope` and `to_file`, below, and nowhere else.

mod location;
mod refs;
mod scopes;
pub mod string_refs;

use std::cell::OnceCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;
pub use text_size::{TextRange, TextSize};

use crate::db::{Db, SourceFile};
use crate::hir::Name;
use crate::infer::{FunctionKey, FunctionRanges, LimitHit, ScopeInference, ScopeOffset, ScopeRange};
use crate::syntax::{Node, Parsed, parse};
use crate::types::{ClassRef, Ty};

pub use crate::infer::View;
pub use location::{class_body_names, declaration_range};
pub use refs::{
    FileRefs, RefKind, Symbol, SymbolRef, attr_symbol, clamp_offset, file_refs, model_class_of, module_level_class,
};
pub use scopes::{Scope, scope_at, scopes_of_file};

/// The range of a node in its file.
pub fn range_of(node: Node<'_>) -> TextRange {
    TextRange::new(TextSize::from(node.start_byte() as u32), TextSize::from(node.end_byte() as u32))
}

/// A file offset as an offset into the scope starting at `scope_start`.
fn to_scope(scope_start: TextSize, offset: TextSize) -> Option<ScopeOffset> {
    offset.checked_sub(scope_start).map(|relative| ScopeOffset(relative.into()))
}

fn to_scope_range(scope_start: TextSize, range: TextRange) -> Option<ScopeRange> {
    Some(ScopeRange { start: to_scope(scope_start, range.start())?, end: to_scope(scope_start, range.end())? })
}

/// A scope-relative range back in the file.
fn to_file(scope_start: TextSize, range: ScopeRange) -> TextRange {
    TextRange::new(scope_start + TextSize::from(range.start.0), scope_start + TextSize::from(range.end.0))
}

/// One scope of the file: where it lies, and its inference in each view, computed on first use.
/// (An `Arc`, not a `&'db`: a cell of references would make `Semantics` invariant in `'db`.)
struct ScopeEntry {
    range: TextRange,
    scope: Scope,
    precise: OnceCell<Arc<ScopeInference>>,
    checker: OnceCell<Arc<ScopeInference>>,
}

/// The semantic questions one may ask about a file, built once per file and per request (a hover,
/// a rule pass, the file's references). Each scope is inferred the first time one of its nodes is
/// asked about.
pub struct Semantics<'db> {
    db: &'db dyn Db,
    file: SourceFile,
    parsed: &'db Parsed,
    /// The module scope first (it covers the whole file), then each function.
    scopes: Vec<ScopeEntry>,
    /// Each function's place in `scopes`.
    index: FxHashMap<FunctionKey, usize>,
    ranges: &'db FunctionRanges,
}

impl<'db> Semantics<'db> {
    pub fn new(db: &'db dyn Db, file: SourceFile) -> Semantics<'db> {
        let parsed = parse(db, file);
        let ranges = crate::infer::function_ranges(db, file);
        let len = TextSize::from(file.text(db).len() as u32);
        let scopes: Vec<ScopeEntry> = scopes_of_file(db, file)
            .into_iter()
            .filter_map(|scope| {
                let range = match &scope {
                    Scope::Module => TextRange::up_to(len),
                    Scope::Function { class, name } => ranges.get(&(class.clone(), name.clone()))?,
                };
                Some(ScopeEntry { range, scope, precise: OnceCell::new(), checker: OnceCell::new() })
            })
            .collect();
        let index = scopes
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| match &entry.scope {
                Scope::Function { class, name } => Some(((class.clone(), name.clone()), i)),
                Scope::Module => None,
            })
            .collect();
        Semantics { db, file, parsed, scopes, index, ranges }
    }

    pub fn db(&self) -> &'db dyn Db {
        self.db
    }

    pub fn file(&self) -> SourceFile {
        self.file
    }

    pub fn parsed(&self) -> &'db Parsed {
        self.parsed
    }

    /// The type inference recorded for an expression (or a binding target) of this file's tree.
    pub fn type_of(&self, node: Node<'_>, view: View) -> Option<&Ty> {
        self.type_of_range(range_of(node), view)
    }

    /// The type recorded for the expression spanning exactly `range`.
    pub fn type_of_range(&self, range: TextRange, view: View) -> Option<&Ty> {
        let entry = self.entry_around(range);
        let key = to_scope_range(entry.range.start(), range)?;
        self.inference(entry, view).exprs.get(&key)
    }

    /// The smallest expression with a recorded type around `offset`, and that type.
    pub fn type_at(&self, offset: TextSize, view: View) -> Option<(TextRange, &Ty)> {
        let entry = self.entry_around(TextRange::empty(offset));
        let (range, ty) = self.inference(entry, view).type_at(to_scope(entry.range.start(), offset)?)?;
        Some((to_file(entry.range.start(), range), ty))
    }

    /// The model, attribute, table or column the name (or the part of a string) under the cursor
    /// refers to: what goto, references, rename and hover start from.
    pub fn symbol_at(&self, offset: TextSize) -> Option<SymbolRef> {
        let offset = clamp_offset(self.file.text(self.db), offset);
        file_refs(self.db, self.file).at(offset).cloned()
    }

    /// Where a model, or one of its class-level attributes, is declared: the file and the range of
    /// the name.
    pub fn declaration(&self, class: &ClassRef, attribute: Option<&str>) -> Option<(SourceFile, TextRange)> {
        declaration_range(self.db, class, attribute)
    }

    /// Unannotated parameters of the scope around `offset` whose type was assumed from their name.
    pub fn assumed_at(&self, offset: TextSize) -> &[Name] {
        let entry = self.entry_around(TextRange::empty(offset));
        &self.inference(entry, View::Precise).assumed
    }

    /// Every `reveal_type(expr)` of the file: the argument's range, and its type in each view (the
    /// checker's `None` where that view did not reach it).
    pub fn reveals(&self) -> Vec<(TextRange, &Ty, Option<&Ty>)> {
        let mut out = Vec::new();
        for entry in &self.scopes {
            let checker = self.inference(entry, View::Checker);
            for reveal in &self.inference(entry, View::Precise).reveals {
                let checker_ty = checker.reveals.iter().find(|r| r.range == reveal.range).map(|r| &r.ty);
                out.push((to_file(entry.range.start(), reveal.range), &reveal.ty, checker_ty));
            }
        }
        out
    }

    /// Every call past SQLAlchemy's positional typing limit in the file.
    pub fn limit_hits(&self) -> Vec<(TextRange, &LimitHit)> {
        self.scopes
            .iter()
            .flat_map(|entry| {
                let start = entry.range.start();
                self.inference(entry, View::Precise).limit_hits.iter().map(move |hit| (to_file(start, hit.range), hit))
            })
            .collect()
    }

    /// The innermost scope around `range` (the module when no function holds it).
    fn entry_around(&self, range: TextRange) -> &ScopeEntry {
        let at = match self.ranges.containing(range) {
            Some((key, _)) => self.index.get(key).copied().unwrap_or(0),
            None => 0,
        };
        &self.scopes[at]
    }

    fn inference<'s>(&self, entry: &'s ScopeEntry, view: View) -> &'s ScopeInference {
        let cell = match view {
            View::Precise => &entry.precise,
            View::Checker => &entry.checker,
        };
        cell.get_or_init(|| entry.scope.infer(self.db, self.file, view).clone())
    }
}
