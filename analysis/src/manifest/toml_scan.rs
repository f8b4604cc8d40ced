//! A small TOML reader that keeps byte positions: tables, key/value entries, strings, arrays and
//! inline tables. Anything else is `Other`; a line it cannot read is skipped.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Array(Vec<Elem>),
    Table(Vec<(Vec<String>, Elem)>),
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elem {
    pub value: Value,
    pub start: usize,
    pub end: usize,
}

impl Elem {
    pub fn str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The string under `key` of an inline table.
    pub fn get(&self, key: &str) -> Option<&Elem> {
        match &self.value {
            Value::Table(entries) => entries.iter().find(|(k, _)| k.len() == 1 && k[0] == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Header {
        path: Vec<String>,
        start: usize,
        end: usize,
    },
    Entry {
        table: Vec<String>,
        key: Vec<String>,
        key_start: usize,
        value: Elem,
        /// The entry's whole lines (through the newline), when nothing else shares them.
        lines: Option<(usize, usize)>,
    },
}

impl Event {
    /// The table path and key of an entry, joined.
    pub fn path(&self) -> Vec<&str> {
        match self {
            Event::Header { path, .. } => path.iter().map(String::as_str).collect(),
            Event::Entry { table, key, .. } => table.iter().chain(key).map(String::as_str).collect(),
        }
    }
}

const MAX_DEPTH: usize = 32;

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
}

pub fn scan(text: &str) -> Vec<Event> {
    let mut s = Scanner { text, b: text.as_bytes(), pos: 0 };
    let mut out = Vec::new();
    let mut table: Vec<String> = Vec::new();
    loop {
        s.skip_blank();
        if s.pos >= s.b.len() {
            break;
        }
        let line_start = text[..s.pos].rfind('\n').map_or(0, |i| i + 1);
        let start = s.pos;
        if s.b[s.pos] == b'[' {
            let array = s.b.get(s.pos + 1) == Some(&b'[');
            s.pos += if array { 2 } else { 1 };
            let path = s.key();
            s.skip_ws();
            let close: &[u8] = if array { b"]]" } else { b"]" };
            match path {
                Some(path) if s.b[s.pos..].starts_with(close) => {
                    s.pos += close.len();
                    table = path.clone();
                    out.push(Event::Header { path, start, end: s.pos });
                }
                _ => table = vec!["<unreadable>".to_owned()],
            }
            s.skip_line();
            continue;
        }
        let Some(key) = s.key() else {
            s.skip_line();
            continue;
        };
        s.skip_ws();
        if s.b.get(s.pos) != Some(&b'=') {
            s.skip_line();
            continue;
        }
        s.pos += 1;
        s.skip_ws();
        let Some(value) = s.value(0) else {
            s.skip_line();
            continue;
        };
        s.skip_ws();
        if s.b.get(s.pos) == Some(&b'#') {
            s.pos += text[s.pos..].find('\n').unwrap_or(text.len() - s.pos);
        }
        // The entry owns its lines when only a comment follows it.
        let rest = &text[s.pos..];
        let newline = match () {
            _ if rest.starts_with("\r\n") => Some(2),
            _ if rest.starts_with('\n') => Some(1),
            _ if rest.is_empty() => Some(0),
            _ => None,
        };
        let lines = newline.map(|n| (line_start, s.pos + n));
        out.push(Event::Entry { table: table.clone(), key, key_start: start, value, lines });
        s.skip_line();
    }
    out
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while matches!(self.b.get(self.pos), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Whitespace, newlines and comments.
    fn skip_blank(&mut self) {
        loop {
            match self.b.get(self.pos) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'#') => self.skip_line(),
                _ => return,
            }
        }
    }

    /// To the start of the next line.
    fn skip_line(&mut self) {
        match self.text[self.pos.min(self.b.len())..].find('\n') {
            Some(i) => self.pos += i + 1,
            None => self.pos = self.b.len(),
        }
    }

    /// A dotted key of bare and quoted parts.
    fn key(&mut self) -> Option<Vec<String>> {
        let mut parts = Vec::new();
        loop {
            self.skip_ws();
            let part = match self.b.get(self.pos) {
                Some(b'"') | Some(b'\'') => match self.string()? {
                    Value::Str(s) => s,
                    _ => return None,
                },
                _ => {
                    let start = self.pos;
                    while self.b.get(self.pos).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-') {
                        self.pos += 1;
                    }
                    if start == self.pos {
                        return None;
                    }
                    self.text[start..self.pos].to_owned()
                }
            };
            parts.push(part);
            self.skip_ws();
            if self.b.get(self.pos) == Some(&b'.') {
                self.pos += 1;
                continue;
            }
            return Some(parts);
        }
    }

    fn string(&mut self) -> Option<Value> {
        let quote = *self.b.get(self.pos)?;
        let triple = [quote, quote, quote];
        if self.b[self.pos..].starts_with(&triple) {
            let body_start = self.pos + 3;
            let close = self.text[body_start..].find(std::str::from_utf8(&triple).ok()?)? + body_start;
            self.pos = close + 3;
            return Some(Value::Str(self.text[body_start..close].to_owned()));
        }
        self.pos += 1;
        let mut out = String::new();
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'\n' => return None,
                b'\\' if quote == b'"' => {
                    let next = self.text[self.pos + 1..].chars().next()?;
                    out.push(match next {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                    self.pos += 1 + next.len_utf8();
                }
                _ if c == quote => {
                    self.pos += 1;
                    return Some(Value::Str(out));
                }
                _ => {
                    let ch = self.text[self.pos..].chars().next()?;
                    out.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
        None
    }

    fn value(&mut self, depth: usize) -> Option<Elem> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        let value = match *self.b.get(self.pos)? {
            b'"' | b'\'' => self.string()?,
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_blank();
                    match self.b.get(self.pos)? {
                        b']' => {
                            self.pos += 1;
                            break;
                        }
                        b',' => self.pos += 1,
                        _ => items.push(self.value(depth + 1)?),
                    }
                }
                Value::Array(items)
            }
            b'{' => {
                self.pos += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_ws();
                    match self.b.get(self.pos)? {
                        b'}' => {
                            self.pos += 1;
                            break;
                        }
                        b',' => self.pos += 1,
                        _ => {
                            let key = self.key()?;
                            if self.b.get(self.pos) != Some(&b'=') {
                                return None;
                            }
                            self.pos += 1;
                            self.skip_ws();
                            entries.push((key, self.value(depth + 1)?));
                        }
                    }
                }
                Value::Table(entries)
            }
            _ => {
                while self.b.get(self.pos).is_some_and(|c| !matches!(c, b',' | b']' | b'}' | b'\n' | b'\r' | b'#')) {
                    self.pos += 1;
                }
                if self.pos == start {
                    return None;
                }
                Value::Other
            }
        };
        let end = match value {
            Value::Other => start + self.text[start..self.pos].trim_end().len(),
            _ => self.pos,
        };
        Some(Elem { value, start, end })
    }
}
