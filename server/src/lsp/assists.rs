//! Completion, signature help and inlay hints, from the analysis' plain data.

use analysis::ide::{CompletionKind, InlayHintKind as IdeHintKind, InlayHintsConfig};
use analysis::syntax::Encoding;
use analysis::{Analysis, Cancellable, FileId};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InlayHint, InlayHintKind, InlayHintLabel,
    MarkupContent, MarkupKind, ParameterInformation, ParameterLabel, Range, SignatureHelp, SignatureInformation,
    TextEdit,
};

use super::convert;

pub fn completions(
    analysis: &Analysis,
    file: FileId,
    offset: u32,
    encoding: Encoding,
) -> Cancellable<Vec<CompletionItem>> {
    let index = analysis.line_index(file)?;
    Ok(analysis
        .completions(file, offset.into())?
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let kind = match item.kind {
                CompletionKind::Class => CompletionItemKind::CLASS,
                CompletionKind::Field => CompletionItemKind::FIELD,
                CompletionKind::Property => CompletionItemKind::PROPERTY,
                CompletionKind::Keyword => CompletionItemKind::KEYWORD,
                CompletionKind::Value => CompletionItemKind::VALUE,
                CompletionKind::Column => CompletionItemKind::FIELD,
                CompletionKind::Table => CompletionItemKind::STRUCT,
            };
            let new_text = item.insert_text.clone().unwrap_or_else(|| item.label.clone());
            let text_edit = item.replace_range.map(|(start, end)| {
                CompletionTextEdit::Edit(TextEdit { range: convert::range(&index, start, end, encoding), new_text })
            });
            CompletionItem {
                label: item.label,
                kind: Some(kind),
                detail: item.detail,
                documentation: item
                    .documentation
                    .map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
                insert_text: if text_edit.is_none() { item.insert_text } else { None },
                text_edit,
                // Keep the analysis' order (most relevant first).
                sort_text: Some(format!("{i:04}")),
                ..CompletionItem::default()
            }
        })
        .collect())
}

pub fn signature_help(analysis: &Analysis, file: FileId, offset: u32) -> Cancellable<Option<SignatureHelp>> {
    let Some(help) = analysis.signature_help(file, offset.into())? else { return Ok(None) };
    let parameters = help
        .parameters
        .iter()
        .map(|(label, doc)| {
            // Offsets into the label (in UTF-16 units, as the protocol counts them).
            let label_param = match help.label.find(label.as_str()) {
                Some(at) => {
                    let start = help.label[..at].encode_utf16().count() as u32;
                    ParameterLabel::LabelOffsets([start, start + label.encode_utf16().count() as u32])
                }
                None => ParameterLabel::Simple(label.clone()),
            };
            ParameterInformation {
                label: label_param,
                documentation: doc
                    .clone()
                    .map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
            }
        })
        .collect();
    Ok(Some(SignatureHelp {
        signatures: vec![SignatureInformation {
            label: help.label,
            documentation: None,
            parameters: Some(parameters),
            active_parameter: help.active_parameter,
        }],
        active_signature: Some(0),
        active_parameter: help.active_parameter,
    }))
}

pub fn inlay_hints(
    analysis: &Analysis,
    file: FileId,
    range: Range,
    config: InlayHintsConfig,
    encoding: Encoding,
) -> Cancellable<Vec<InlayHint>> {
    let index = analysis.line_index(file)?;
    let (start, end) = (convert::offset(&index, range.start, encoding), convert::offset(&index, range.end, encoding));
    Ok(analysis
        .inlay_hints(file, (start, end), config)?
        .into_iter()
        .map(|hint| InlayHint {
            position: convert::position(&index, hint.offset, encoding),
            label: InlayHintLabel::String(hint.label),
            kind: match hint.kind {
                IdeHintKind::Type => Some(InlayHintKind::TYPE),
                IdeHintKind::Parameter => Some(InlayHintKind::PARAMETER),
                IdeHintKind::Other => None,
            },
            text_edits: None,
            tooltip: None,
            padding_left: Some(hint.padding_left),
            padding_right: Some(hint.padding_right),
            data: None,
        })
        .collect())
}
