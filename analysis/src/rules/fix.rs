//! Applying fixes to text: edits sorted, overlapping ones skipped (the next round applies them).

use super::{Applicability, Diagnostic, Edit, Fix};
use crate::db::SourceFile;

/// Applies the fixes of `diagnostics` that touch `file` (safe ones, and unsafe ones when asked) to
/// `text`; returns the new text and how many fixes were applied.
pub fn apply_fixes(text: &str, file: SourceFile, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let (edits, count) = choose_fixes(diagnostics, unsafe_fixes);
    let own: Vec<&Edit> = edits.iter().filter(|e| e.file == file).collect();
    (apply_edits(text, &own), count)
}

/// The fix `sqla fix` applies for a diagnostic: the first allowed of its alternatives (they go
/// further than the primary fix), else the primary fix when it is allowed.
pub fn preferred_fix(diagnostic: &Diagnostic, unsafe_fixes: bool) -> Option<&Fix> {
    let allowed = |fix: &&Fix| fix.applicability == Applicability::Safe || unsafe_fixes;
    diagnostic.alternatives.iter().find(allowed).or_else(|| diagnostic.fix.as_ref().filter(allowed))
}

/// Chooses fixes across files (one per diagnostic, `preferred_fix`), all of a fix's edits or none,
/// skipping fixes that overlap one already chosen (a later round applies them); returns the chosen
/// edits per file and how many fixes were chosen.
pub fn choose_fixes(diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (Vec<Edit>, usize) {
    let mut chosen: Vec<Edit> = Vec::new();
    let mut count = 0;
    for diagnostic in diagnostics {
        let Some(fix) = preferred_fix(diagnostic, unsafe_fixes) else { continue };
        // An edit identical to one already chosen (the same import added by two fixes) is shared.
        let fresh: Vec<&Edit> = fix.edits.iter().filter(|e| !chosen.contains(e)).collect();
        let overlaps = fresh.iter().any(|e| {
            chosen
                .iter()
                .any(|c| c.file == e.file && e.start < c.end.max(c.start + 1) && c.start < e.end.max(e.start + 1))
        });
        if fix.edits.is_empty() || overlaps {
            continue;
        }
        chosen.extend(fresh.into_iter().cloned());
        count += 1;
    }
    chosen.sort_by_key(|e| (e.start, e.end));
    (chosen, count)
}

/// Applies sorted, non-overlapping edits of one file to its text. Inserted text takes the file's
/// line endings.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> String {
    let crlf = text.contains("\r\n");
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0usize;
    for edit in edits {
        let (start, end) = (edit.start as usize, edit.end as usize);
        if start < at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..start]);
        if crlf {
            out.push_str(&edit.content.replace("\r\n", "\n").replace('\n', "\r\n"));
        } else {
            out.push_str(&edit.content);
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}
