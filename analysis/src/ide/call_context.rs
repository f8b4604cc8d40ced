//! Where the cursor is, read from the text before it: inside which (possibly unclosed) brackets and
//! calls, at which argument, after which `keyword=`, inside which string. Completion and signature
//! help run on half-typed code that does not parse, so this is a small lexer, not the tree; the tree
//! only tells where the statement around the cursor starts.

use crate::syntax::Parsed;

/// An open bracket before the cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// The bracket's offset and kind (`(`, `[`, `{`).
    pub open: u32,
    pub bracket: u8,
    /// The dotted name right before the bracket: `relationship`, `sa.Column`, `Mapped`.
    pub callee: Option<String>,
    /// Index of the argument the cursor is in (commas seen at this level).
    pub arg_index: u32,
    /// Where the current argument starts (after the bracket or the last comma).
    pub arg_start: u32,
    /// `name=` of the current argument, once its `=` is typed.
    pub keyword: Option<String>,
    /// Arguments before the current one: their range and keyword.
    pub args: Vec<Arg>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub start: u32,
    pub end: u32,
    pub keyword: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CursorContext {
    /// Outermost first.
    pub frames: Vec<Frame>,
    /// Inside a string literal: where its content starts.
    pub string_start: Option<u32>,
    pub in_comment: bool,
}

impl CursorContext {
    /// The innermost open call: a `(` frame with a callee.
    pub fn call(&self) -> Option<&Frame> {
        self.frames.iter().rev().find(|f| f.bracket == b'(')
    }

    pub fn innermost(&self) -> Option<&Frame> {
        self.frames.last()
    }
}

impl Frame {
    /// The keywords already given in this call (the current one included).
    pub fn given_keywords(&self) -> Vec<&str> {
        self.args.iter().filter_map(|a| a.keyword.as_deref()).chain(self.keyword.as_deref()).collect()
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

const NOT_CALLEES: &[&str] = &[
    "if", "elif", "while", "for", "in", "not", "and", "or", "return", "yield", "await", "assert", "del", "with",
    "lambda", "else", "is",
];

/// Where the statement around `offset` starts: lexing from there sees every bracket it opened.
fn statement_start(parsed: &Parsed, offset: usize) -> usize {
    let root = parsed.root();
    let Some(mut node) = root.descendant_for_byte_range(offset.saturating_sub(1), offset) else { return 0 };
    if node.id() == root.id() {
        let mut cursor = root.walk();
        return root.children(&mut cursor).filter(|c| c.start_byte() <= offset).last().map_or(0, |c| c.start_byte());
    }
    while let Some(parent) = node.parent() {
        if matches!(parent.kind(), "module" | "block") {
            break;
        }
        node = parent;
    }
    node.start_byte().min(offset)
}

/// The context of a cursor at `offset` (a char boundary within the text).
pub fn cursor_context(parsed: &Parsed, offset: u32) -> CursorContext {
    let text = parsed.text();
    let offset = (offset as usize).min(text.len());
    let start = statement_start(parsed, offset);
    scan(text.as_bytes(), start, offset)
}

fn scan(bytes: &[u8], start: usize, offset: usize) -> CursorContext {
    let mut cx = CursorContext::default();
    let mut i = start;
    while i < offset {
        let b = bytes[i];
        match b {
            b'#' => {
                while i < offset && bytes[i] != b'\n' {
                    i += 1;
                }
                if i >= offset {
                    cx.in_comment = true;
                    return cx;
                }
            }
            b'\'' | b'"' => {
                let triple = i + 2 < offset && bytes[i + 1] == b && bytes[i + 2] == b;
                let quote_len = if triple { 3 } else { 1 };
                let content_start = i + quote_len;
                let mut j = content_start;
                let mut closed = None;
                while j < offset {
                    match bytes[j] {
                        b'\\' => j += 2,
                        b'\n' if !triple => {
                            // An unterminated string ends at the line's end.
                            closed = Some(j);
                            break;
                        }
                        q if q == b && (!triple || (j + 2 < bytes.len() && bytes[j + 1] == b && bytes[j + 2] == b)) => {
                            closed = Some(j + quote_len);
                            break;
                        }
                        _ => j += 1,
                    }
                }
                match closed {
                    Some(end) => i = end,
                    None => {
                        cx.string_start = Some(content_start.min(offset) as u32);
                        return cx;
                    }
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                let callee = callee_before(bytes, i);
                cx.frames.push(Frame {
                    open: i as u32,
                    bracket: b,
                    callee,
                    arg_start: (i + 1) as u32,
                    ..Frame::default()
                });
            }
            b')' | b']' | b'}' => {
                cx.frames.pop();
            }
            b',' => {
                if let Some(frame) = cx.frames.last_mut() {
                    frame.args.push(Arg { start: frame.arg_start, end: i as u32, keyword: frame.keyword.take() });
                    frame.arg_index += 1;
                    frame.arg_start = (i + 1) as u32;
                }
            }
            b'=' => {
                let next = bytes.get(i + 1).copied();
                let prev = if i > 0 { bytes[i - 1] } else { b' ' };
                let comparison = next == Some(b'=') || b"=!<>:+-*/%&|^@".contains(&prev);
                if let Some(frame) = cx.frames.last_mut()
                    && frame.bracket == b'('
                    && !comparison
                    && frame.keyword.is_none()
                {
                    let before = &bytes[frame.arg_start as usize..i];
                    let name = std::str::from_utf8(before).unwrap_or("").trim();
                    if crate::semantics::string_refs::is_identifier(name) {
                        frame.keyword = Some(name.to_owned());
                    }
                }
                if next == Some(b'=') {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    cx
}

/// The dotted name right before an opening bracket.
fn callee_before(bytes: &[u8], bracket: usize) -> Option<String> {
    let mut end = bracket;
    while end > 0 && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && (is_ident_byte(bytes[start - 1]) || bytes[start - 1] == b'.') {
        start -= 1;
    }
    let name = std::str::from_utf8(&bytes[start..end]).ok()?;
    let valid = !name.is_empty()
        && !name.starts_with('.')
        && !name.ends_with('.')
        && !name.as_bytes()[0].is_ascii_digit()
        && !NOT_CALLEES.contains(&name);
    valid.then(|| name.to_owned())
}

/// The identifier characters right before `offset` (what the user is typing).
pub fn word_before(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = offset.min(bytes.len());
    while start > 0 && is_ident_byte(bytes[start - 1]) {
        start -= 1;
    }
    start
}

/// The identifier characters right after `offset` (the rest of the word the cursor is in).
pub fn word_after(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = offset.min(bytes.len());
    while end < bytes.len() && is_ident_byte(bytes[end]) {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(text: &str) -> CursorContext {
        let offset = text.find('|').expect("a cursor");
        let text = text.replace('|', "");
        scan(text.as_bytes(), 0, offset)
    }

    #[test]
    fn keyword_strings_and_arguments() {
        let cx = context(r#"x = relationship("Post", back_populates="po|"#);
        let call = cx.call().expect("a call");
        assert_eq!(call.callee.as_deref(), Some("relationship"));
        assert_eq!(call.arg_index, 1);
        assert_eq!(call.keyword.as_deref(), Some("back_populates"));
        assert!(cx.string_start.is_some());

        let cx = context("User(name='a', em|");
        let call = cx.call().expect("a call");
        assert_eq!((call.arg_index, call.keyword.as_deref()), (1, None));
        assert_eq!(call.given_keywords(), vec!["name"]);

        let cx = context("f(a == b, x=(1, 2), |");
        let call = cx.call().expect("a call");
        assert_eq!((call.callee.as_deref(), call.arg_index), (Some("f"), 2));

        let cx = context("x = 1  # relationship(|");
        assert!(cx.in_comment);

        let cx = context("Mapped[List[\"|");
        assert_eq!(cx.frames.len(), 2);
        assert_eq!(cx.frames[0].callee.as_deref(), Some("Mapped"));
    }
}
