//! IDE features as plain data (byte offsets, strings): what the CLI prints and the server sends.

mod call_context;
mod completion;
mod goto;
mod hover;
mod inlay_hints;
mod location;
mod nav;
mod references;
mod refs;
mod rename;
mod reveal;
mod schema_view;
mod scopes;
mod signature_help;
mod string_refs;
mod symbols;

pub use completion::{CompletionItem, CompletionKind, completions};
pub use goto::goto_definition;
pub use hover::{HoverConfig, HoverResult, hover};
pub use inlay_hints::{InlayHint, InlayHintKind, InlayHintsConfig, inlay_hints};
pub use location::declaration_range;
pub use nav::NavTarget;
pub use references::{candidate_files, references, refs_in_file};
pub use refs::{FileRefs, RefKind, Symbol, SymbolRef, file_refs, symbol_at};
pub use rename::{RenameError, TextEdit, prepare_rename, rename};
pub use reveal::{RevealInfo, reveals};
pub use schema_view::{
    ColumnView, DeclarationStyle, Direction, ModelView, RelationshipView, SchemaView, TableView, schema_view,
};
pub use scopes::{Scope, scope_at, scopes_of_file};
pub use signature_help::{SignatureHelp, signature_help};
pub use symbols::{DocumentSymbol, SymbolKind, WorkspaceSymbol, document_symbols, workspace_symbols};
