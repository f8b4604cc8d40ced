//! Open documents: a rope per document with its version, edited in place by incremental
//! `didChange` events. Positions arrive in the negotiated encoding and are clamped, never trusted.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

use analysis::syntax::Encoding;

pub struct Document {
    pub rope: Rope,
    pub version: i32,
}

/// Why a change was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeError {
    /// The version is not newer than the one we have: a reordered or repeated notification.
    Stale { have: i32, got: i32 },
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document { rope: Rope::from_str(text), version }
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Applies a `didChange` batch in order; a whole-text change replaces the document.
    pub fn apply(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Result<(), ChangeError> {
        if version <= self.version {
            return Err(ChangeError::Stale { have: self.version, got: version });
        }
        for change in changes {
            match change.range {
                Some(range) => {
                    let (start, end) = self.char_range(range, encoding);
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
                None => self.rope = Rope::from_str(&change.text),
            }
        }
        self.version = version;
        Ok(())
    }

    fn char_range(&self, range: Range, encoding: Encoding) -> (usize, usize) {
        let start = self.char_at(range.start, encoding);
        let end = self.char_at(range.end, encoding);
        (start.min(end), start.max(end))
    }

    /// The char index of a position; past the end of a line clamps to the line's end, past the last
    /// line to the document's end.
    pub fn char_at(&self, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_chars();
        }
        let line_start = self.rope.line_to_char(line);
        let mut units = 0u32;
        for (i, ch) in self.rope.line(line).chars().enumerate() {
            if units >= position.character || ch == '\n' || ch == '\r' {
                return line_start + i;
            }
            units += match encoding {
                Encoding::Utf8 => ch.len_utf8() as u32,
                Encoding::Utf16 => ch.len_utf16() as u32,
                Encoding::Utf32 => 1,
            };
        }
        line_start + self.rope.line(line).len_chars()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(range: ((u32, u32), (u32, u32)), text: &str) -> TextDocumentContentChangeEvent {
        let ((sl, sc), (el, ec)) = range;
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(sl, sc), Position::new(el, ec))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn incremental_edits_in_utf16_with_emoji_crlf_and_tabs() {
        let mut doc = Document::new("a = \"😀\"\r\n\tb = 1\r\n", 1);
        // After the emoji (2 UTF-16 units) and its closing quote.
        doc.apply(2, vec![change(((0, 8), (0, 8)), " + x")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text(), "a = \"😀\" + x\r\n\tb = 1\r\n");
        doc.apply(3, vec![change(((1, 1), (1, 2)), "c")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text(), "a = \"😀\" + x\r\n\tc = 1\r\n");
        // UTF-8 columns count bytes: the emoji is 4.
        doc.apply(4, vec![change(((0, 10), (0, 14)), "")], Encoding::Utf8).unwrap();
        assert_eq!(doc.text(), "a = \"😀\"\r\n\tc = 1\r\n");
    }

    #[test]
    fn out_of_range_positions_clamp_and_stale_versions_are_refused() {
        let mut doc = Document::new("x = 1\n", 5);
        doc.apply(6, vec![change(((0, 99), (7, 0)), "")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text(), "x = 1");
        assert_eq!(doc.apply(6, vec![], Encoding::Utf16), Err(ChangeError::Stale { have: 6, got: 6 }));
        doc.apply(7, vec![change(((9, 0), (9, 0)), "\ny = 2")], Encoding::Utf16).unwrap();
        assert_eq!(doc.text(), "x = 1\ny = 2");
    }
}
