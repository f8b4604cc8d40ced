//! Byte offsets ↔ (line, column) in UTF-8, UTF-16 or UTF-32 code units.

/// Zero-based line and column; the column's unit depends on the conversion used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct LineIndex {
    /// Byte offset of the start of each line. `\n`, `\r\n` and lone `\r` end a line.
    line_starts: Vec<u32>,
    text_len: u32,
    /// Lines holding non-ASCII text, where code-unit columns differ from byte columns.
    non_ascii_lines: Vec<u32>,
    text: Box<str>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut non_ascii_lines = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i as u32 + 1),
                b if b >= 0x80 => {
                    let line = line_starts.len() as u32 - 1;
                    if non_ascii_lines.last() != Some(&line) {
                        non_ascii_lines.push(line);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { line_starts, text_len: text.len() as u32, non_ascii_lines, text: text.into() }
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// Line and column of a byte offset; offsets past the end clamp to the end.
    pub fn line_col(&self, offset: u32, encoding: Encoding) -> LineCol {
        let mut offset = offset.min(self.text_len);
        while !self.text.is_char_boundary(offset as usize) {
            offset -= 1;
        }
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let start = self.line_starts[line];
        let prefix = &self.text[start as usize..offset as usize];
        let col = if self.non_ascii_lines.binary_search(&(line as u32)).is_err() {
            prefix.len()
        } else {
            match encoding {
                Encoding::Utf8 => prefix.len(),
                Encoding::Utf16 => prefix.encode_utf16().count(),
                Encoding::Utf32 => prefix.chars().count(),
            }
        };
        LineCol { line: line as u32, col: col as u32 }
    }

    /// Byte offset of a line and column; out-of-range positions clamp to the line's end or the text's end.
    pub fn offset(&self, pos: LineCol, encoding: Encoding) -> u32 {
        let Some(&start) = self.line_starts.get(pos.line as usize) else {
            return self.text_len;
        };
        let end = self.line_end(pos.line as usize);
        let line_text = &self.text[start as usize..end as usize];
        let mut units = 0u32;
        for (byte, ch) in line_text.char_indices() {
            if units >= pos.col {
                return start + byte as u32;
            }
            units += match encoding {
                Encoding::Utf8 => ch.len_utf8() as u32,
                Encoding::Utf16 => ch.len_utf16() as u32,
                Encoding::Utf32 => 1,
            };
        }
        end
    }

    /// Byte offset where a line's content ends (before its line terminator).
    fn line_end(&self, line: usize) -> u32 {
        let next = self.line_starts.get(line + 1).copied().unwrap_or(self.text_len);
        let bytes = self.text.as_bytes();
        let mut end = next;
        while end > self.line_starts[line] && matches!(bytes[end as usize - 1], b'\n' | b'\r') {
            end -= 1;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let index = LineIndex::new("a = 'é😀'\nb\r\nc");
        let emoji_end = "a = 'é😀".len() as u32;
        assert_eq!(index.line_col(emoji_end, Encoding::Utf16), LineCol { line: 0, col: 8 });
        assert_eq!(index.line_col(emoji_end, Encoding::Utf32), LineCol { line: 0, col: 7 });
        assert_eq!(index.line_col(emoji_end, Encoding::Utf8), LineCol { line: 0, col: 11 });
        assert_eq!(index.offset(LineCol { line: 0, col: 8 }, Encoding::Utf16), emoji_end);
    }

    #[test]
    fn crlf_and_clamping() {
        let text = "x\r\nyy\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(3, Encoding::Utf16), LineCol { line: 1, col: 0 });
        assert_eq!(index.offset(LineCol { line: 1, col: 99 }, Encoding::Utf16), 5);
        assert_eq!(index.offset(LineCol { line: 9, col: 0 }, Encoding::Utf16), text.len() as u32);
        assert_eq!(index.line_col(999, Encoding::Utf8), LineCol { line: 2, col: 0 });
    }
}
