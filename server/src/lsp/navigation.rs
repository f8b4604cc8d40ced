//! Go to definition, references, rename and symbols: the analysis answers with files and byte
//! ranges; these turn them into LSP locations and edits.

use std::collections::HashMap;

use analysis::ide::{DocumentSymbol as IdeSymbol, NavTarget, SymbolKind as IdeKind};
use analysis::syntax::Encoding;
use analysis::{Analysis, Cancellable, FileId};
use tower_lsp_server::ls_types::{
    DocumentSymbol, GotoDefinitionResponse, Location, LocationLink, Position, PrepareRenameResponse, SymbolInformation,
    SymbolKind, TextEdit, Uri, WorkspaceEdit, WorkspaceSymbol,
};

use super::convert;

pub fn location(
    analysis: &Analysis,
    file: FileId,
    start: u32,
    end: u32,
    encoding: Encoding,
) -> Cancellable<Option<Location>> {
    let Some(uri) = convert::uri_of_path(&analysis.path(file)?) else { return Ok(None) };
    let index = analysis.line_index(file)?;
    Ok(Some(Location::new(uri, convert::range(&index, start, end, encoding))))
}

pub fn definition_links(
    analysis: &Analysis,
    file: FileId,
    offset: u32,
    encoding: Encoding,
) -> Cancellable<Vec<LocationLink>> {
    let mut links = Vec::new();
    for NavTarget { file: target, full_range, focus_range, .. } in analysis.goto_definition(file, offset.into())? {
        let Some(uri) = convert::uri_of_path(&analysis.path(target)?) else { continue };
        let index = analysis.line_index(target)?;
        links.push(LocationLink {
            origin_selection_range: None,
            target_uri: uri,
            target_range: convert::range(&index, full_range.0, full_range.1, encoding),
            target_selection_range: convert::range(&index, focus_range.0, focus_range.1, encoding),
        });
    }
    Ok(links)
}

/// Links for a client that takes them, else plain locations (the targets' names).
pub fn definition_response(links: Vec<LocationLink>, link_support: bool) -> GotoDefinitionResponse {
    if link_support {
        return GotoDefinitionResponse::Link(links);
    }
    let locations = links.into_iter().map(|link| Location::new(link.target_uri, link.target_selection_range));
    GotoDefinitionResponse::Array(locations.collect())
}

pub fn references(
    analysis: &Analysis,
    file: FileId,
    offset: u32,
    include_declaration: bool,
    encoding: Encoding,
) -> Cancellable<Vec<Location>> {
    let mut out = Vec::new();
    for (target, range) in analysis.references(file, offset.into(), include_declaration)? {
        out.extend(location(analysis, target, range.start().into(), range.end().into(), encoding)?);
    }
    Ok(out)
}

pub fn prepare_rename(
    analysis: &Analysis,
    file: FileId,
    offset: u32,
    encoding: Encoding,
) -> Cancellable<Option<PrepareRenameResponse>> {
    let index = analysis.line_index(file)?;
    Ok(analysis.prepare_rename(file, offset.into())?.map(|range| {
        PrepareRenameResponse::Range(convert::range(&index, range.start().into(), range.end().into(), encoding))
    }))
}

/// The rename as one workspace edit, or the analysis' reason for refusing it.
pub fn rename(
    analysis: &Analysis,
    file: FileId,
    offset: u32,
    new_name: &str,
    encoding: Encoding,
) -> Cancellable<Result<WorkspaceEdit, String>> {
    let edits = match analysis.rename(file, offset.into(), new_name)? {
        Ok(edits) => edits,
        Err(refused) => return Ok(Err(refused.to_string())),
    };
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for edit in edits {
        let Some(uri) = convert::uri_of_path(&analysis.path(edit.file)?) else { continue };
        let index = analysis.line_index(edit.file)?;
        changes
            .entry(uri)
            .or_default()
            .push(TextEdit { range: convert::range(&index, edit.start, edit.end, encoding), new_text: edit.new_text });
    }
    Ok(Ok(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }))
}

fn symbol_kind(kind: IdeKind) -> SymbolKind {
    match kind {
        IdeKind::Model | IdeKind::Class => SymbolKind::CLASS,
        IdeKind::Column => SymbolKind::FIELD,
        IdeKind::Relationship | IdeKind::Attribute => SymbolKind::PROPERTY,
        IdeKind::Method => SymbolKind::METHOD,
        IdeKind::Function => SymbolKind::FUNCTION,
        IdeKind::Table => SymbolKind::STRUCT,
    }
}

pub fn document_symbols(analysis: &Analysis, file: FileId, encoding: Encoding) -> Cancellable<Vec<DocumentSymbol>> {
    let index = analysis.line_index(file)?;
    fn convert_one(index: &analysis::syntax::LineIndex, s: IdeSymbol, encoding: Encoding) -> DocumentSymbol {
        #[allow(deprecated)]
        DocumentSymbol {
            name: s.name,
            detail: s.detail,
            kind: symbol_kind(s.kind),
            tags: None,
            deprecated: None,
            range: convert::range(index, s.full_range.0, s.full_range.1, encoding),
            selection_range: convert::range(index, s.focus_range.0, s.focus_range.1, encoding),
            children: Some(s.children.into_iter().map(|c| convert_one(index, c, encoding)).collect()),
        }
    }
    Ok(analysis.document_symbols(file)?.into_iter().map(|s| convert_one(&index, s, encoding)).collect())
}

/// Nested symbols as the flat list a client without hierarchical support takes: each symbol, then
/// its children with its name as their container.
pub fn flat_symbols(symbols: Vec<DocumentSymbol>, uri: &Uri) -> Vec<SymbolInformation> {
    fn flatten(symbols: Vec<DocumentSymbol>, container: Option<&str>, uri: &Uri, out: &mut Vec<SymbolInformation>) {
        for symbol in symbols {
            #[allow(deprecated)]
            out.push(SymbolInformation {
                name: symbol.name.clone(),
                kind: symbol.kind,
                tags: None,
                deprecated: None,
                location: Location::new(uri.clone(), symbol.range),
                container_name: container.map(str::to_owned),
            });
            flatten(symbol.children.unwrap_or_default(), Some(&symbol.name), uri, out);
        }
    }
    let mut out = Vec::new();
    flatten(symbols, None, uri, &mut out);
    out
}

pub fn workspace_symbols(analysis: &Analysis, query: &str, encoding: Encoding) -> Cancellable<Vec<WorkspaceSymbol>> {
    let mut out = Vec::new();
    for symbol in analysis.workspace_symbols(query)? {
        let Some(location) = location(analysis, symbol.file, symbol.focus_range.0, symbol.focus_range.1, encoding)?
        else {
            continue;
        };
        out.push(WorkspaceSymbol {
            name: symbol.name,
            kind: symbol_kind(symbol.kind),
            tags: None,
            container_name: symbol.container,
            location: tower_lsp_server::ls_types::OneOf::Left(location),
            data: None,
        });
    }
    Ok(out)
}

/// A position inside a document, as an analysis byte offset.
pub fn offset_of(analysis: &Analysis, file: FileId, position: Position, encoding: Encoding) -> Cancellable<u32> {
    let index = analysis.line_index(file)?;
    Ok(convert::offset(&index, position, encoding))
}
