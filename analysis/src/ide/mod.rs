//! IDE features as plain data (file offsets, strings): what the CLI prints and the server sends.
//! Each starts from `semantics` (what the cursor names, what type an expression has).

mod call_context;
mod completion;
mod goto;
mod hover;
mod inlay_hints;
mod nav;
mod references;
mod rename;
mod reveal;
mod schema_view;
mod signature_help;
mod symbols;

pub use completion::{CompletionItem, CompletionKind, completions};
pub use goto::goto_definition;
pub use hover::{HoverConfig, HoverResult, hover};
pub use inlay_hints::{InlayHint, InlayHintKind, InlayHintsConfig, inlay_hints};
pub use nav::NavTarget;
pub use references::{candidate_files, references, refs_in_file};
pub use rename::{RenameError, TextEdit, prepare_rename, rename};
pub use reveal::{RevealInfo, reveals};
pub use schema_view::{
    ColumnView, DeclarationStyle, Direction, ModelView, RelationshipView, SchemaView, TableView, schema_view,
};
pub use signature_help::{SignatureHelp, signature_help};
pub use symbols::{DocumentSymbol, SymbolKind, WorkspaceSymbol, document_symbols, workspace_symbols};

pub use crate::semantics::{FileRefs, RefKind, Symbol, SymbolRef, TextRange, TextSize, file_refs};
