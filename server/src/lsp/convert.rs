//! Between the analysis (paths, byte offsets, plain data) and LSP (URIs, positions in the negotiated
//! encoding, ls_types). Every conversion clamps: a position past the end is the end.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use analysis::rules::{Applicability, Diagnostic, Family, Fix, Severity};
use analysis::syntax::{Encoding, LineCol, LineIndex};
use analysis::{Analysis, Cancellable};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Position, Range, TextEdit, Uri,
};

/// The analysis path of a document: its file path (canonical when it exists, as the CLI loads
/// files), or the URI itself for documents that are not files (`untitled:`). The analysis reads a
/// path by its name (Python sources end in `.py`), so a non-file URI that names neither a Python
/// file nor a dependency file (`untitled:Untitled-1`, a new Python buffer) gets [`NOT_A_FILE`]
/// appended: it is analysed as Python; [`uri_of_path`] removes it again.
pub fn path_key(uri: &Uri) -> Arc<str> {
    match file_path(uri) {
        Some(path) => {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            crate::project::workspace::path_key(&canonical)
        }
        None => {
            let text = uri.as_str();
            let named = analysis::db::is_python_path(text) || analysis::manifest::dependency_file_kind(text).is_some();
            if named { Arc::from(text) } else { Arc::from(format!("{text}{NOT_A_FILE}")) }
        }
    }
}

/// The file a `file:` URI names. (`Uri::to_file_path` ignores the scheme: it would read
/// `untitled:Untitled-1` as the relative path `Untitled-1`.)
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned()).filter(|p| p.is_absolute())
}

/// What [`path_key`] appends to a non-file URI to have it analysed as Python.
const NOT_A_FILE: &str = "#sqla.py";

pub fn uri_of_path(path: &str) -> Option<Uri> {
    if path.contains(':') && !Path::new(path).is_absolute() {
        // A non-file URI kept as its own key.
        return path.strip_suffix(NOT_A_FILE).unwrap_or(path).parse().ok();
    }
    Uri::from_file_path(path)
}

pub fn position(index: &LineIndex, offset: u32, encoding: Encoding) -> Position {
    let LineCol { line, col } = index.line_col(offset, encoding);
    Position::new(line, col)
}

pub fn range(index: &LineIndex, start: u32, end: u32, encoding: Encoding) -> Range {
    Range::new(position(index, start, encoding), position(index, end, encoding))
}

pub fn offset(index: &LineIndex, position: Position, encoding: Encoding) -> u32 {
    index.offset(LineCol { line: position.line, col: position.character }, encoding)
}

/// Fix edits as LSP text edits per document; inserted text takes the document's line endings.
pub fn fix_edits(analysis: &Analysis, fix: &Fix, encoding: Encoding) -> Cancellable<Vec<(Uri, Vec<TextEdit>)>> {
    let mut out: Vec<(Uri, Vec<TextEdit>)> = Vec::new();
    for edit in &fix.edits {
        let path = analysis.path(edit.file)?;
        let Some(uri) = uri_of_path(&path) else { continue };
        let index = analysis.line_index(edit.file)?;
        let crlf = analysis.text(edit.file)?.contains("\r\n");
        let content =
            if crlf { edit.content.replace("\r\n", "\n").replace('\n', "\r\n") } else { edit.content.clone() };
        let text_edit = TextEdit { range: range(&index, edit.start, edit.end, encoding), new_text: content };
        match out.iter_mut().find(|(u, _)| *u == uri) {
            Some((_, edits)) => edits.push(text_edit),
            None => out.push((uri, vec![text_edit])),
        }
    }
    Ok(out)
}

/// Rules whose findings mark removable code (shown faded).
const UNNECESSARY: &[&str] = &["SQA001", "SQA112", "SQA203"];

pub fn diagnostic(analysis: &Analysis, d: &Diagnostic, encoding: Encoding) -> Cancellable<lsp::Diagnostic> {
    let index = analysis.line_index(d.file)?;
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    };
    let mut tags = Vec::new();
    if d.rule.family == Family::Migration {
        tags.push(DiagnosticTag::DEPRECATED);
    }
    if UNNECESSARY.contains(&d.rule.code) {
        tags.push(DiagnosticTag::UNNECESSARY);
    }
    let mut related = Vec::new();
    for r in &d.related {
        let path = analysis.path(r.file)?;
        let Some(uri) = uri_of_path(&path) else { continue };
        let index = analysis.line_index(r.file)?;
        related.push(DiagnosticRelatedInformation {
            location: Location::new(uri, range(&index, r.start, r.end, encoding)),
            message: r.message.clone(),
        });
    }
    let fixable = d.fixes().map(|f| f.applicability).min_by_key(|a| *a != Applicability::Safe);
    Ok(lsp::Diagnostic {
        range: range(&index, d.start, d.end, encoding),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.code.to_owned())),
        code_description: rule_doc_uri(d.rule.code).map(|href| CodeDescription { href }),
        source: Some("sqla".to_owned()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: Some(serde_json::json!({
            "rule": d.rule.name,
            "fixable": fixable.map(Applicability::as_str),
        })),
    })
}

/// `sqla-rule:/SQA101`: the editor extensions show the rule's documentation for this URI (the
/// server answers `sqla/ruleDoc` with it; `sqla rule SQA101` prints the same text).
pub fn rule_doc_uri(code: &str) -> Option<Uri> {
    format!("sqla-rule:/{code}").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_each_encoding_round_trip_and_clamp() {
        let text = "x = \"😀é\"\r\ny\r\n";
        let index = LineIndex::new(text);
        let after_emoji = text.find('é').unwrap() as u32;
        assert_eq!(position(&index, after_emoji, Encoding::Utf16), Position::new(0, 7));
        assert_eq!(position(&index, after_emoji, Encoding::Utf8), Position::new(0, 9));
        assert_eq!(position(&index, after_emoji, Encoding::Utf32), Position::new(0, 6));
        assert_eq!(offset(&index, Position::new(0, 7), Encoding::Utf16), after_emoji);
        assert_eq!(offset(&index, Position::new(1, 0), Encoding::Utf16), text.find('y').unwrap() as u32);
        assert_eq!(offset(&index, Position::new(1, 99), Encoding::Utf16), text.find('y').unwrap() as u32 + 1);
        assert_eq!(offset(&index, Position::new(99, 0), Encoding::Utf16), text.len() as u32);
    }

    #[test]
    fn file_uris_and_other_uris() {
        let uri = uri_of_path("/tmp/some where/app.py").unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/some%20where/app.py");
        assert_eq!(&*path_key(&uri), "/tmp/some where/app.py");
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(&*path_key(&untitled), "untitled:Untitled-1#sqla.py");
        assert_eq!(uri_of_path(&path_key(&untitled)), Some(untitled.clone()));
        let remote: Uri = "vscode-vfs://github/org/repo/app/models.py".parse().unwrap();
        assert_eq!(&*path_key(&remote), remote.as_str());
        assert_eq!(uri_of_path(&path_key(&remote)), Some(remote.clone()));
        assert_eq!(file_path(&untitled), None);
        assert_eq!(file_path(&remote), None);
        assert_eq!(file_path(&uri), Some(PathBuf::from("/tmp/some where/app.py")));
    }
}
