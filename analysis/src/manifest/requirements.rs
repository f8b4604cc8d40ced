//! Requirements files (`requirements*.txt`, `requirements/*.in`, and what they include): one
//! requirement per logical line, `\\` continuations joined, `-r` / `-c` includes.

use super::Item;

/// A logical line of a requirements file: `\`-continued physical lines joined.
struct LogicalLine {
    /// The joined text, continuations removed.
    text: String,
    /// Byte offset of the first physical line, and of the end of the last one (after its newline).
    start: usize,
    end: usize,
    /// The first physical line's text (without its newline).
    first_line: (usize, usize),
}

fn logical_lines(text: &str) -> Vec<LogicalLine> {
    let mut out: Vec<LogicalLine> = Vec::new();
    let mut offset = 0;
    let mut open: Option<LogicalLine> = None;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let continued = content.ends_with('\\');
        let piece = content.strip_suffix('\\').unwrap_or(content);
        let line = match open.take() {
            Some(mut line) => {
                line.text.push_str(piece);
                line.end = offset;
                line
            }
            None => {
                LogicalLine { text: piece.to_owned(), start, end: offset, first_line: (start, start + content.len()) }
            }
        };
        if continued {
            open = Some(line);
        } else {
            out.push(line);
        }
    }
    out.extend(open);
    out
}

/// A requirements-file line without its comment (`#` at the start or after whitespace).
pub(super) fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

/// The files a requirements file includes (`-r base.txt`, `--requirement=base.txt`) or constrains
/// with (`-c constraints.txt`), as written (relative to the including file's folder).
pub fn requirement_includes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in logical_lines(text) {
        let line = strip_comment(&line.text).trim();
        for prefix in ["--requirement", "--constraint", "-r", "-c"] {
            if let Some(rest) = line.strip_prefix(prefix) {
                let rest = rest.strip_prefix('=').unwrap_or(rest).trim();
                if let Some(path) = rest.split_whitespace().next() {
                    out.push(path.to_owned());
                }
                break;
            }
        }
    }
    out
}

pub(super) fn items(text: &str) -> Vec<Item> {
    let mut out = Vec::new();
    for line in logical_lines(text) {
        let requirement = strip_comment(&line.text).trim();
        if requirement.is_empty() || requirement.starts_with('-') {
            continue;
        }
        // Per-requirement options (`--hash=...`) follow the requirement.
        let requirement = requirement.split(" --").next().unwrap_or(requirement).trim();
        let (first_start, first_end) = line.first_line;
        let first = strip_comment(&text[first_start..first_end]);
        let lead = first.len() - first.trim_start().len();
        let start = first_start + lead;
        let end = first_start + first.trim_end().trim_end_matches('\\').trim_end().len();
        if let Some(mut item) = Item::requirement(requirement, start, end.max(start), Some((line.start, line.end))) {
            item.safe = true;
            out.push(item);
        }
    }
    out
}
