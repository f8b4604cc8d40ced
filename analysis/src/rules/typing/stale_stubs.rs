//! SQA201 stale-stubs: `sqlalchemy-stubs` / `sqlalchemy2-stubs` and the SQLAlchemy mypy plugin in a
//! SQLAlchemy 2.x project.
//!
//! Unlike the other rules this one reads dependency and tool-configuration files as text
//! (requirements files and the files they include, pyproject.toml, setup.cfg, mypy.ini, Pipfile,
//! environment.yml, lock files): `check_file` hands every non-Python file to `check_text_file`, and
//! those files are never parsed as Python. `setup.py` is Python and is read from its tree (`check`).
//! Stubs installed in the project's virtualenv reach the analysis as empty files keyed by their
//! `*.dist-info` folder, which the CLI enters (the analysis does no I/O).
//!
//! The formats are read line by line with small purpose-built scanners (a TOML subset, INI, YAML list
//! items, JSON keys) that keep byte positions, so findings point at the exact line and fixes remove
//! exactly one line or one list element. Anything the scanners do not understand is skipped.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::db::{Db, SourceFile, is_python_path};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity};
use crate::settings::Series;
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, string_value};

pub static RULE: Rule = Rule {
    code: "SQA201",
    name: "stale-stubs",
    family: Family::Typing,
    severity: Severity::Warning,
    series: None,
    summary: "`sqlalchemy-stubs` / `sqlalchemy2-stubs` or the mypy plugin in a SQLAlchemy 2.x project",
    doc: r#"## What it does
Finds the third-party stub packages `sqlalchemy-stubs` and `sqlalchemy2-stubs` (any spelling,
with extras, versions or markers) in requirements files (and the files they include with `-r` /
`-c`), `pyproject.toml` (PEP 621 dependencies and optional dependencies, dependency groups,
Poetry, PDM, Hatch and uv sections), `setup.cfg`, `setup.py`, `Pipfile`, `environment.yml`, lock
files (`uv.lock`, `poetry.lock`, `pdm.lock`, `Pipfile.lock`) and the project's virtualenv; and the
mypy plugins `sqlalchemy.ext.mypy.plugin` and `sqlmypy` in `mypy.ini`, `.mypy.ini`, `setup.cfg`
and `pyproject.toml`.

Projects that pin SQLAlchemy below 2.0 (`sqlalchemy<2`, `==1.4.*`) are left alone.

## Why is this bad?
SQLAlchemy 2.x ships its own inline annotations. The stub packages were written for 1.x (and 1.4)
and shadow them: type checkers then see the old API, reject 2.0-style code and miss real errors.
The mypy plugin is not needed with `Mapped[...]` annotations; it is deprecated in 2.0 and its module
no longer exists in 2.1, where mypy fails to start (an error under 2.1, a warning under 2.0).

## Example
```text
# requirements-dev.txt
sqlalchemy-stubs==0.4
mypy

# mypy.ini
[mypy]
plugins = sqlalchemy.ext.mypy.plugin
```

## Use instead
```text
# requirements-dev.txt
mypy

# mypy.ini
[mypy]
```

## Fix safety
Removing a requirement line from a requirements file is safe. Elsewhere (an element of a TOML or
Python list, a Poetry or Pipfile entry, a `setup.cfg` line, a mypy plugin, an `environment.yml`
item) the fix is unsafe: it is offered only where the edit keeps the file well-formed, and other
tools (lock files, CI caches) may need updating too. Lock files and installed packages are
reported without a fix: re-lock, or uninstall the package.
"#,
    fixable: true,
    check,
};

/// The stub packages, by normalised name (PEP 503).
const STUBS: &[&str] = &["sqlalchemy-stubs", "sqlalchemy2-stubs"];

/// The mypy plugins: SQLAlchemy's own (1.4–2.0) and the one of `sqlalchemy-stubs`.
const PLUGINS: &[&str] = &["sqlalchemy.ext.mypy.plugin", "sqlmypy"];

/// The dependency and configuration formats this rule reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DependencyFile {
    Requirements,
    Pyproject,
    SetupCfg,
    MypyIni,
    Pipfile,
    PipfileLock,
    Environment,
    /// `uv.lock`, `poetry.lock`, `pdm.lock`: `[[package]]` tables with a `name`.
    Lock,
    /// A `*.dist-info` folder of an installed distribution (entered by the CLI, empty text).
    Installed,
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `requirements.txt`, `requirements-dev.in`, `requirements/base.txt`.
fn is_requirements_name(path: &str) -> bool {
    let name = file_name(path).to_ascii_lowercase();
    let text_file = name.ends_with(".txt") || name.ends_with(".in");
    let folder = path.rsplit('/').nth(1).unwrap_or("").to_ascii_lowercase();
    text_file && (name.starts_with("requirements") || folder.starts_with("requirements"))
}

/// The format of a file from its name alone (files included with `-r` / `-c` under other names are
/// found by `requirement_files`). The CLI uses it to pick the files to load.
pub fn dependency_file_kind(path: &str) -> Option<DependencyFile> {
    if is_python_path(path) {
        return None;
    }
    let name = file_name(path).to_ascii_lowercase();
    Some(match name.as_str() {
        "pyproject.toml" => DependencyFile::Pyproject,
        "setup.cfg" => DependencyFile::SetupCfg,
        "mypy.ini" | ".mypy.ini" => DependencyFile::MypyIni,
        "pipfile" => DependencyFile::Pipfile,
        "pipfile.lock" => DependencyFile::PipfileLock,
        "environment.yml" | "environment.yaml" => DependencyFile::Environment,
        "uv.lock" | "poetry.lock" | "pdm.lock" => DependencyFile::Lock,
        _ if name.ends_with(".dist-info") => DependencyFile::Installed,
        _ if is_requirements_name(path) => DependencyFile::Requirements,
        _ => return None,
    })
}

/// Whether an installed distribution's `*.dist-info` folder name is one of the stub packages.
pub fn is_stub_dist_info(folder_name: &str) -> bool {
    installed_name(folder_name).is_some_and(|name| STUBS.contains(&name.as_str()))
}

/// `sqlalchemy_stubs-0.4.dist-info` → `sqlalchemy-stubs`.
fn installed_name(folder_name: &str) -> Option<String> {
    let stem = folder_name.strip_suffix(".dist-info")?;
    let name = stem.split('-').next()?;
    Some(normalize(name))
}

/// PEP 503 normalisation: lower case, runs of `-`, `_`, `.` become one `-`.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// A PEP 508 requirement → (normalised name, version specifier without extras and markers).
pub fn parse_requirement(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    if !text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let name_len =
        text.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))).unwrap_or(text.len());
    let name = normalize(&text[..name_len]);
    let mut rest = text[name_len..].trim_start();
    if rest.starts_with('[') {
        rest = &rest[rest.find(']').map_or(rest.len(), |i| i + 1)..];
    }
    let spec = rest.split(';').next().unwrap_or("").trim();
    Some((name, spec.to_owned()))
}

/// Whether a version specifier excludes every 2.x release: `<2`, `==1.4.*`, `~=1.4`, Poetry's
/// `^1.4` / `1.4.*`, conda's `=1.4`.
pub fn spec_is_1x(spec: &str) -> bool {
    spec.split(',').any(|clause| {
        let clause = clause.trim().trim_matches(|c| c == '"' || c == '\'');
        let (op, version) = match clause.find(|c: char| c.is_ascii_digit()) {
            Some(at) => (clause[..at].trim(), &clause[at..]),
            None => return false,
        };
        let mut parts = version.split('.').map(|p| p.chars().take_while(char::is_ascii_digit).collect::<String>());
        let major: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(99);
        let minor: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
        let rest_zero = parts.all(|p| p.parse::<u32>().unwrap_or(0) == 0);
        match op {
            "<" => major < 2 || (major == 2 && minor == 0 && rest_zero),
            "==" | "===" | "=" | "" | "^" | "~" | "~=" | "<=" => major < 2,
            _ => false,
        }
    })
}

/// What an item of a dependency or configuration file names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A requirement: normalised name and version specifier (`==2.0.3` for locked versions).
    Requirement { name: String, spec: String },
    /// A mypy plugin module.
    Plugin(String),
}

/// One item found in a file, with the byte range to report and the range whose removal removes it
/// cleanly (when there is one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub subject: Subject,
    pub start: usize,
    pub end: usize,
    pub removal: Option<(usize, usize)>,
    /// Whether removing it is safe (a requirements-file line) rather than a change to review.
    pub safe: bool,
}

impl Item {
    fn requirement(text: &str, start: usize, end: usize, removal: Option<(usize, usize)>) -> Option<Item> {
        let (name, spec) = parse_requirement(text)?;
        Some(Item { subject: Subject::Requirement { name, spec }, start, end, removal, safe: false })
    }
}

/// Every requirement and mypy plugin of a file of the given format.
pub fn items(kind: DependencyFile, path: &str, text: &str) -> Vec<Item> {
    match kind {
        DependencyFile::Requirements => requirements_items(text),
        DependencyFile::Pyproject => pyproject_items(text),
        DependencyFile::SetupCfg => ini_items(text, true),
        DependencyFile::MypyIni => ini_items(text, false),
        DependencyFile::Pipfile => pipfile_items(text),
        DependencyFile::PipfileLock => pipfile_lock_items(text),
        DependencyFile::Environment => environment_items(text),
        DependencyFile::Lock => lock_items(text),
        DependencyFile::Installed => installed_items(path),
    }
}

// --- requirements files -------------------------------------------------------------------------

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
fn strip_comment(line: &str) -> &str {
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

fn requirements_items(text: &str) -> Vec<Item> {
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

// --- list elements --------------------------------------------------------------------------------

/// The range to delete to remove the list element at `start..end` (a TOML array, a Python list, a
/// comma-separated value) and keep the list well-formed: its whole line when it is alone on it,
/// else the element and one adjacent comma; `None` when neither applies.
pub fn element_removal(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let before = &text[line_start..start];
    let after = text[end..line_end].trim_start();
    let after_comma = after.strip_prefix(',').unwrap_or(after).trim();
    if before.trim().is_empty() && (after_comma.is_empty() || after_comma.starts_with('#')) {
        return Some((line_start, (line_end + 1).min(text.len())));
    }
    let after_at = line_end - after.len();
    if after.starts_with(',') {
        let rest = &text[after_at + 1..line_end];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        return Some((start, after_at + 1 + spaces));
    }
    let before_trimmed = text[..start].trim_end_matches([' ', '\t']);
    if before_trimmed.ends_with(',') {
        return Some((before_trimmed.len() - 1, end));
    }
    if before_trimmed.ends_with('[') && after.starts_with(']') {
        return Some((start, end));
    }
    None
}

// --- TOML ---------------------------------------------------------------------------------------

/// A small TOML reader that keeps byte positions: tables, key/value entries, strings, arrays and
/// inline tables. Anything else is `Other`; a line it cannot read is skipped.
mod toml_scan {
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
                        while self
                            .b
                            .get(self.pos)
                            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
                        {
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
                    while self.b.get(self.pos).is_some_and(|c| !matches!(c, b',' | b']' | b'}' | b'\n' | b'\r' | b'#'))
                    {
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
}

use toml_scan::{Elem, Event, Value};

/// Arrays of PEP 508 strings in pyproject.toml.
fn is_requirement_array(path: &[&str]) -> bool {
    matches!(
        path,
        ["project", "dependencies"]
            | ["project", "optional-dependencies", _]
            | ["dependency-groups", _]
            | ["build-system", "requires"]
            | ["tool", "pdm", "dev-dependencies", _]
            | ["tool", "hatch", "envs", _, "dependencies" | "extra-dependencies"]
            | ["tool", "uv", "dev-dependencies" | "constraint-dependencies" | "override-dependencies"]
    )
}

/// Tables whose keys are package names (Poetry; Pipfile has its own).
fn is_poetry_table(path: &[&str]) -> bool {
    matches!(
        path,
        ["tool", "poetry", "dependencies"]
            | ["tool", "poetry", "dev-dependencies"]
            | ["tool", "poetry", "group", _, "dependencies"]
    )
}

/// `"^2.0"` or `{ version = "^2.0", extras = [...] }`.
fn table_spec(value: &Elem) -> String {
    value.str().or_else(|| value.get("version").and_then(Elem::str)).unwrap_or("").to_owned()
}

/// `name = spec` entries of a table of package names (Poetry, Pipfile), and `[table.name]` headers.
fn package_table_items(events: &[Event], is_table: impl Fn(&[&str]) -> bool, out: &mut Vec<Item>) {
    for event in events {
        let path = event.path();
        let Some((name, table)) = path.split_last() else { continue };
        if !is_table(table) {
            continue;
        }
        let subject = Subject::Requirement { name: normalize(name), spec: String::new() };
        match event {
            Event::Entry { key_start, value, lines, .. } => out.push(Item {
                subject: Subject::Requirement { name: normalize(name), spec: table_spec(value) },
                start: *key_start,
                end: value.end,
                removal: *lines,
                safe: false,
            }),
            Event::Header { start, end, .. } => {
                out.push(Item { subject, start: *start, end: *end, removal: None, safe: false })
            }
        }
    }
}

fn plugin_items(text: &str, value: &Elem, lines: Option<(usize, usize)>, out: &mut Vec<Item>) {
    match &value.value {
        Value::Str(s) => {
            let plugins: Vec<&str> = s.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
            for plugin in &plugins {
                let removal = if plugins.len() == 1 { lines } else { None };
                out.push(Item {
                    subject: Subject::Plugin((*plugin).to_owned()),
                    start: value.start,
                    end: value.end,
                    removal,
                    safe: false,
                });
            }
        }
        Value::Array(elems) => {
            for elem in elems {
                if let Some(plugin) = elem.str() {
                    out.push(Item {
                        subject: Subject::Plugin(plugin.trim().to_owned()),
                        start: elem.start,
                        end: elem.end,
                        removal: element_removal(text, elem.start, elem.end),
                        safe: false,
                    });
                }
            }
        }
        _ => {}
    }
}

fn pyproject_items(text: &str) -> Vec<Item> {
    let events = toml_scan::scan(text);
    let mut out = Vec::new();
    for event in &events {
        let Event::Entry { value, lines, .. } = event else { continue };
        let path = event.path();
        if is_requirement_array(&path) {
            let Value::Array(elems) = &value.value else { continue };
            for elem in elems {
                if let Some(requirement) = elem.str() {
                    let removal = element_removal(text, elem.start, elem.end);
                    out.extend(Item::requirement(requirement, elem.start, elem.end, removal));
                }
            }
        } else if path == ["tool", "mypy", "plugins"] {
            plugin_items(text, value, *lines, &mut out);
        }
    }
    package_table_items(&events, is_poetry_table, &mut out);
    out.sort_by_key(|i| i.start);
    out
}

fn pipfile_items(text: &str) -> Vec<Item> {
    let mut out = Vec::new();
    package_table_items(&toml_scan::scan(text), |t| matches!(t, ["packages"] | ["dev-packages"]), &mut out);
    out
}

/// `[[package]]` tables with `name` and `version` (uv, Poetry and PDM lock files).
fn lock_items(text: &str) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut current: Option<usize> = None;
    for event in toml_scan::scan(text) {
        match &event {
            Event::Header { .. } => current = None,
            Event::Entry { table, key, value, .. } if table.len() == 1 && table[0] == "package" && key.len() == 1 => {
                match (key[0].as_str(), value.str()) {
                    ("name", Some(name)) => {
                        current = Some(out.len());
                        let subject = Subject::Requirement { name: normalize(name), spec: String::new() };
                        out.push(Item { subject, start: value.start, end: value.end, removal: None, safe: false });
                    }
                    ("version", Some(version)) => {
                        if let Some(Item { subject: Subject::Requirement { spec, .. }, .. }) =
                            current.and_then(|i| out.get_mut(i))
                        {
                            *spec = format!("=={version}");
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    out
}

/// Pipfile.lock (JSON): `"name": {` keys, and the `"version": "==..."` that follows.
fn pipfile_lock_items(text: &str) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        let Some(rest) = trimmed.strip_prefix('"') else { continue };
        let Some(close) = rest.find('"') else { continue };
        let (key, after) = (&rest[..close], rest[close + 1..].trim_start());
        if after.starts_with(": {") || after == ":{" {
            let subject = Subject::Requirement { name: normalize(key), spec: String::new() };
            out.push(Item { subject, start: start + lead, end: start + lead + close + 2, removal: None, safe: false });
        } else if key == "version"
            && let Some(value) = after.strip_prefix(':').map(str::trim).and_then(|v| v.strip_prefix('"'))
            && let Some(Item { subject: Subject::Requirement { spec, .. }, .. }) = out.last_mut()
            && spec.is_empty()
        {
            *spec = value.split('"').next().unwrap_or("").to_owned();
        }
    }
    out
}

fn installed_items(path: &str) -> Vec<Item> {
    let Some(name) = installed_name(file_name(path)) else { return Vec::new() };
    vec![Item {
        subject: Subject::Requirement { name, spec: String::new() },
        start: 0,
        end: 0,
        removal: None,
        safe: false,
    }]
}

// --- INI (setup.cfg, mypy.ini) -----------------------------------------------------------------

/// One `key = value` of an INI file: its section and key (lower case), the value's lines (the first
/// after `=`, then each continuation line), and the entry's whole lines.
struct IniEntry {
    section: String,
    key: String,
    values: Vec<IniLine>,
    lines: (usize, usize),
}

/// One line of an INI value: its trimmed byte range, and the whole line for a continuation line.
struct IniLine {
    start: usize,
    end: usize,
    line: Option<(usize, usize)>,
}

fn ini_entries(text: &str) -> Vec<IniEntry> {
    let mut out: Vec<IniEntry> = Vec::new();
    let mut section = String::new();
    let mut offset = 0;
    let mut open = false;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        if lead > 0 && open {
            if let Some(entry) = out.last_mut() {
                entry.values.push(IniLine {
                    start: start + lead,
                    end: start + lead + trimmed.len(),
                    line: Some((start, offset)),
                });
                entry.lines.1 = offset;
            }
            continue;
        }
        open = false;
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            section = name.trim().to_ascii_lowercase();
            continue;
        }
        let Some(at) = content.find(['=', ':']) else { continue };
        let value = &content[at + 1..];
        let value_lead = value.len() - value.trim_start().len();
        let value_start = start + at + 1 + value_lead;
        out.push(IniEntry {
            section: section.clone(),
            key: content[..at].trim().to_ascii_lowercase(),
            values: vec![IniLine { start: value_start, end: value_start + value.trim().len(), line: None }],
            lines: (start, offset),
        });
        open = true;
    }
    out
}

fn ini_items(text: &str, setup_cfg: bool) -> Vec<Item> {
    let mut out = Vec::new();
    for entry in ini_entries(text) {
        let requirements = setup_cfg
            && (entry.section == "options.extras_require"
                || entry.section == "options"
                    && matches!(entry.key.as_str(), "install_requires" | "setup_requires" | "tests_require"));
        if requirements {
            for &IniLine { start, end, line } in &entry.values {
                let value = &text[start..end];
                if !value.is_empty() && !value.starts_with("file:") {
                    out.extend(Item::requirement(value, start, end, line));
                }
            }
        } else if entry.section == "mypy" && entry.key == "plugins" {
            let mut plugins: Vec<(usize, usize)> = Vec::new();
            for &IniLine { start, end, .. } in &entry.values {
                let mut at = start;
                for piece in text[start..end].split(',') {
                    let lead = piece.len() - piece.trim_start().len();
                    if !piece.trim().is_empty() {
                        plugins.push((at + lead, at + lead + piece.trim().len()));
                    }
                    at += piece.len() + 1;
                }
            }
            for &(start, end) in &plugins {
                let removal = if plugins.len() == 1 { Some(entry.lines) } else { element_removal(text, start, end) };
                let subject = Subject::Plugin(text[start..end].to_owned());
                out.push(Item { subject, start, end, removal, safe: false });
            }
        }
    }
    out
}

// --- environment.yml ------------------------------------------------------------------------------

fn environment_items(text: &str) -> Vec<Item> {
    // (indent, is a list item, line start, line end, content start, content end)
    let mut lines: Vec<(usize, bool, usize, usize, usize, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = content.len() - content.trim_start().len();
        let content_start = start + indent;
        lines.push((indent, trimmed.starts_with('-'), start, offset, content_start, content_start + trimmed.len()));
    }
    let mut out = Vec::new();
    let mut deps_indent: Option<usize> = None;
    for (i, &(indent, is_item, line_start, line_end, start, end)) in lines.iter().enumerate() {
        let content = &text[start..end];
        if content.starts_with("dependencies:") {
            deps_indent = Some(indent);
            continue;
        }
        match deps_indent {
            Some(d) if indent > d || (indent == d && is_item) => {}
            _ => {
                deps_indent = None;
                continue;
            }
        }
        if !is_item {
            continue;
        }
        let item = strip_comment(content[1..].trim_start()).trim();
        if item.ends_with(':') {
            continue;
        }
        let item_start = end - content[1..].trim_start().len();
        let unquoted = item.trim_matches(|c| c == '"' || c == '\'');
        let spec = unquoted.rsplit("::").next().unwrap_or(unquoted);
        // A list item with a sibling at its indent (so removing it leaves the list non-empty).
        let sibling = |range: &mut dyn Iterator<Item = &(usize, bool, usize, usize, usize, usize)>| {
            range.take_while(|l| l.0 >= indent).any(|l| l.0 == indent && l.1)
        };
        let has_sibling = sibling(&mut lines[..i].iter().rev()) || sibling(&mut lines[i + 1..].iter());
        let removal = has_sibling.then_some((line_start, line_end));
        out.extend(Item::requirement(spec, item_start, item_start + item.len(), removal));
    }
    out
}

// --- setup.py -----------------------------------------------------------------------------------

const SETUP_KEYWORDS: &[&str] = &["install_requires", "extras_require", "tests_require", "setup_requires"];

/// Quoted strings of a Python file's text (for the pin check, which reads no tree).
fn quoted_strings(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['"', '\'']) {
        let quote = rest.as_bytes()[open] as char;
        let body = &rest[open + 1..];
        match body.find([quote, '\n']) {
            Some(close) => {
                out.push(&body[..close]);
                rest = &body[close + 1..];
            }
            None => break,
        }
    }
    out
}

/// The string nodes under a node (iteratively).
fn strings_under<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        if node.kind() == "string" {
            out.push(node);
            continue;
        }
        let mut children = named_children(node);
        children.reverse();
        stack.extend(children);
    }
    out
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    if !file_name(cx.file.path(cx.db)).eq_ignore_ascii_case("setup.py") || pins_sqlalchemy_1(cx.db) {
        return;
    }
    let text = cx.parsed.text();
    for keyword in cx.nodes("keyword_argument") {
        let (Some(name), Some(value)) = (field(keyword, "name"), field(keyword, "value")) else { continue };
        if !SETUP_KEYWORDS.contains(&cx.text(name)) {
            continue;
        }
        for string in strings_under(value) {
            let Some(requirement) = string_value(string, text) else { continue };
            let (start, end) = (string.start_byte(), string.end_byte());
            let in_list = string.parent().is_some_and(|p| p.kind() == "list");
            let removal = if in_list { element_removal(text, start, end) } else { None };
            let Some(item) = Item::requirement(&requirement, start, end, removal) else { continue };
            out.extend(diagnostic(cx.file, cx.series, None, &item));
        }
    }
}

// --- the project ------------------------------------------------------------------------------------

/// Joins a relative path to a folder and resolves `.` and `..` ('/'-separated).
fn join(folder: &str, relative: &str) -> String {
    let relative = relative.replace('\\', "/");
    let mut parts: Vec<&str> = if relative.starts_with('/') { Vec::new() } else { folder.split('/').collect() };
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if folder.starts_with('/') && !joined.starts_with('/') { format!("/{joined}") } else { joined }
}

/// Requirements files: by name, and every file they include or constrain with, transitively.
#[salsa::tracked(returns(ref))]
pub fn requirement_files(db: &dyn Db) -> FxHashSet<SourceFile> {
    let files: Vec<SourceFile> = db.project().files(db).iter().copied().filter(|f| *f.exists(db)).collect();
    let by_path: FxHashMap<&str, SourceFile> = files.iter().map(|f| (&**f.path(db), *f)).collect();
    let mut found: FxHashSet<SourceFile> = files
        .iter()
        .copied()
        .filter(|f| dependency_file_kind(f.path(db)) == Some(DependencyFile::Requirements))
        .collect();
    let mut queue: Vec<SourceFile> = found.iter().copied().collect();
    while let Some(file) = queue.pop() {
        let path = file.path(db);
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        for include in requirement_includes(file.text(db)) {
            if let Some(included) = by_path.get(join(folder, &include).as_str())
                && !is_python_path(included.path(db))
                && found.insert(*included)
            {
                queue.push(*included);
            }
        }
    }
    found
}

/// The format of a project file, when this rule reads it.
pub fn kind_of(db: &dyn Db, file: SourceFile) -> Option<DependencyFile> {
    dependency_file_kind(file.path(db))
        .or_else(|| requirement_files(db).contains(&file).then_some(DependencyFile::Requirements))
}

/// Whether a dependency file of the project pins SQLAlchemy below 2.0 (then the stubs may be right).
#[salsa::tracked(returns(copy))]
pub fn pins_sqlalchemy_1(db: &dyn Db) -> bool {
    let pinned = |name: &str, spec: &str| name == "sqlalchemy" && spec_is_1x(spec);
    db.project().files(db).iter().filter(|f| *f.exists(db)).any(|file| {
        let path = file.path(db);
        if file_name(path).eq_ignore_ascii_case("setup.py") {
            return quoted_strings(file.text(db))
                .into_iter()
                .filter_map(parse_requirement)
                .any(|(name, spec)| pinned(&name, &spec));
        }
        let Some(kind) = kind_of(db, *file) else { return false };
        items(kind, path, file.text(db)).iter().any(|item| match &item.subject {
            Subject::Requirement { name, spec } => pinned(name, spec),
            Subject::Plugin(_) => false,
        })
    })
}

/// Findings in a dependency or configuration file (`check_file` calls this for non-Python files).
pub fn check_text_file(db: &dyn Db, file: SourceFile, out: &mut Vec<Diagnostic>) {
    let Some(kind) = kind_of(db, file) else { return };
    if pins_sqlalchemy_1(db) {
        return;
    }
    let series = db.project().settings(db).series;
    for item in items(kind, file.path(db), file.text(db)) {
        out.extend(diagnostic(file, series, Some(kind), &item));
    }
}

fn diagnostic(file: SourceFile, series: Series, kind: Option<DependencyFile>, item: &Item) -> Option<Diagnostic> {
    let (message, severity, fix_message) = match &item.subject {
        Subject::Requirement { name, .. } if STUBS.contains(&name.as_str()) => {
            let what = match name.as_str() {
                "sqlalchemy-stubs" => "`sqlalchemy-stubs` types SQLAlchemy 1.x",
                _ => "`sqlalchemy2-stubs` types SQLAlchemy 1.4",
            };
            let action = match kind {
                Some(DependencyFile::Installed) => format!("uninstall it (`pip uninstall {name}`)"),
                Some(DependencyFile::Lock | DependencyFile::PipfileLock) => {
                    "remove it from the dependencies and re-lock".to_owned()
                }
                _ => "remove it".to_owned(),
            };
            let message =
                format!("{what}; SQLAlchemy {series} ships its own annotations, which the stubs shadow: {action}");
            (message, RULE.severity, format!("Remove `{name}`"))
        }
        Subject::Plugin(plugin) if PLUGINS.contains(&plugin.as_str()) => {
            let severity = if series == Series::V21 { Severity::Error } else { Severity::Warning };
            let message = match (plugin.as_str(), series) {
                ("sqlmypy", _) => format!(
                    "`sqlmypy` is the mypy plugin of `sqlalchemy-stubs` (SQLAlchemy 1.x); SQLAlchemy {series} needs no plugin"
                ),
                (_, Series::V21) => "the SQLAlchemy mypy plugin no longer exists in SQLAlchemy 2.1: mypy fails to load `sqlalchemy.ext.mypy.plugin`".to_owned(),
                (_, Series::V20) => "the SQLAlchemy mypy plugin is deprecated in 2.0 (and removed in 2.1); `Mapped[...]` annotations need no plugin".to_owned(),
            };
            (message, severity, format!("Remove the `{plugin}` plugin"))
        }
        _ => return None,
    };
    let fix = item.removal.map(|(start, end)| Fix {
        applicability: if item.safe { Applicability::Safe } else { Applicability::Unsafe },
        message: fix_message,
        edits: vec![Edit { file, start: start as u32, end: end as u32, content: String::new() }],
    });
    Some(Diagnostic { severity, ..Diagnostic::new(&RULE, file, item.start as u32, item.end as u32, message, fix) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `name@line` for every item of a text (1-based lines), with `*` when removable and the text
    /// left after removing it.
    fn found(kind: DependencyFile, text: &str) -> Vec<String> {
        items(kind, "/p/file", text)
            .iter()
            .map(|item| {
                let line = text[..item.start].matches('\n').count() + 1;
                let what = match &item.subject {
                    Subject::Requirement { name, spec } if spec.is_empty() => name.clone(),
                    Subject::Requirement { name, spec } => format!("{name} {spec}"),
                    Subject::Plugin(p) => format!("plugin {p}"),
                };
                format!("{what}@{line}{}", if item.removal.is_some() { "*" } else { "" })
            })
            .collect()
    }

    fn removed(kind: DependencyFile, text: &str, name: &str) -> String {
        let item = items(kind, "/p/file", text)
            .into_iter()
            .find(|i| match &i.subject {
                Subject::Requirement { name: n, .. } => n == name,
                Subject::Plugin(p) => p == name,
            })
            .expect("the item is found");
        let (start, end) = item.removal.expect("removable");
        format!("{}{}", &text[..start], &text[end..])
    }

    #[test]
    fn names_and_specs() {
        assert_eq!(
            parse_requirement("SQLAlchemy_Stubs[mypy]>=0.4 ; python_version>'3.7'"),
            Some(("sqlalchemy-stubs".into(), ">=0.4".into()))
        );
        assert_eq!(parse_requirement("sqlalchemy2.stubs"), Some(("sqlalchemy2-stubs".into(), "".into())));
        assert_eq!(
            parse_requirement("sqlalchemy-stubs @ https://x/y.whl"),
            Some(("sqlalchemy-stubs".into(), "@ https://x/y.whl".into()))
        );
        assert_eq!(parse_requirement("./local"), None);
        for spec in ["<2", "<2.0", "==1.4.52", "==1.*", "~=1.4", "^1.4", "1.4.*", ">=1.3,<2.0", "=1.4"] {
            assert!(spec_is_1x(spec), "{spec}");
        }
        for spec in ["", ">=2.0", "<3", "==2.0.36", "^2.0", "<2.1", ">=1.4"] {
            assert!(!spec_is_1x(spec), "{spec}");
        }
    }

    #[test]
    fn requirements_files() {
        let text = "# tools\nmypy==1.10\nSQLAlchemy-Stubs==0.4  # old\nsqlalchemy2_stubs[extra] >= 0.0.2a38 ; python_version >= \"3.8\" \\\n    --hash=sha256:abc\n-r base.txt\n--constraint=constraints.txt\n-e .\nsqlalchemy>=2.0\n";
        assert_eq!(
            found(DependencyFile::Requirements, text),
            ["mypy ==1.10@2*", "sqlalchemy-stubs ==0.4@3*", "sqlalchemy2-stubs >= 0.0.2a38@4*", "sqlalchemy >=2.0@9*"]
        );
        assert_eq!(requirement_includes(text), ["base.txt", "constraints.txt"]);
        assert_eq!(
            removed(DependencyFile::Requirements, text, "sqlalchemy2-stubs"),
            "# tools\nmypy==1.10\nSQLAlchemy-Stubs==0.4  # old\n-r base.txt\n--constraint=constraints.txt\n-e .\nsqlalchemy>=2.0\n"
        );
        let item = &items(DependencyFile::Requirements, "/r.txt", text)[1];
        assert_eq!(&text[item.start..item.end], "SQLAlchemy-Stubs==0.4");
        assert!(item.safe);
    }

    #[test]
    fn pyproject() {
        let text = r#"[project]
name = "app"
dependencies = [
    "sqlalchemy>=2.0",
    "sqlalchemy-stubs",  # old
]

[project.optional-dependencies]
dev = ["mypy", 'SQLAlchemy2-Stubs>=0.0.2a1']

[dependency-groups]
lint = ["sqlalchemy-stubs", {include-group = "x"}]

[tool.poetry.dependencies]
python = "^3.11"
sqlalchemy-stubs = { version = "^0.4", optional = true }

[tool.poetry.group.dev.dependencies]
sqlalchemy2-stubs = "*"

[tool.pdm.dev-dependencies]
test = ["sqlalchemy-stubs"]

[tool.hatch.envs.types]
extra-dependencies = ["sqlalchemy2-stubs"]

[tool.uv]
dev-dependencies = ["sqlalchemy-stubs"]

[tool.mypy]
plugins = ["pydantic.mypy", "sqlalchemy.ext.mypy.plugin"]
"#;
        assert_eq!(
            found(DependencyFile::Pyproject, text),
            [
                "sqlalchemy >=2.0@4*",
                "sqlalchemy-stubs@5*",
                "mypy@9*",
                "sqlalchemy2-stubs >=0.0.2a1@9*",
                "sqlalchemy-stubs@12*",
                "python ^3.11@15*",
                "sqlalchemy-stubs ^0.4@16*",
                "sqlalchemy2-stubs *@19*",
                "sqlalchemy-stubs@22*",
                "sqlalchemy2-stubs@25*",
                "sqlalchemy-stubs@28*",
                "plugin pydantic.mypy@31*",
                "plugin sqlalchemy.ext.mypy.plugin@31*",
            ]
        );
        let after = removed(DependencyFile::Pyproject, text, "sqlalchemy2-stubs");
        assert!(after.contains("dev = [\"mypy\"]\n"), "{after}");
        let after = removed(DependencyFile::Pyproject, text, "sqlalchemy-stubs");
        assert!(after.contains("dependencies = [\n    \"sqlalchemy>=2.0\",\n]\n"), "{after}");
        let after = removed(DependencyFile::Pyproject, text, "sqlalchemy.ext.mypy.plugin");
        assert!(after.contains("plugins = [\"pydantic.mypy\"]\n"), "{after}");
        let single = "[tool.uv]\ndev-dependencies = [\"sqlalchemy-stubs\"]\n[tool.mypy]\nplugins = \"sqlmypy\"\n";
        assert_eq!(
            removed(DependencyFile::Pyproject, single, "sqlalchemy-stubs"),
            "[tool.uv]\ndev-dependencies = []\n[tool.mypy]\nplugins = \"sqlmypy\"\n"
        );
        assert_eq!(
            removed(DependencyFile::Pyproject, single, "sqlmypy"),
            "[tool.uv]\ndev-dependencies = [\"sqlalchemy-stubs\"]\n[tool.mypy]\n"
        );
        let poetry = "[tool.poetry.dependencies]\nsqlalchemy-stubs = \"^0.4\"\nflask = \"*\"\n";
        assert_eq!(
            removed(DependencyFile::Pyproject, poetry, "sqlalchemy-stubs"),
            "[tool.poetry.dependencies]\nflask = \"*\"\n"
        );
        // Unrelated tables and broken lines are skipped.
        assert_eq!(
            found(DependencyFile::Pyproject, "[tool.black]\nx = [\"sqlalchemy-stubs\"]\n[project\ndependencies = [\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn setup_cfg_and_mypy_ini() {
        let text = "[metadata]\nname = app\n\n[options]\ninstall_requires =\n    sqlalchemy>=2\n    sqlalchemy-stubs\ntests_require = sqlalchemy2-stubs\n\n[options.extras_require]\ndev =\n    SQLAlchemy_Stubs==0.4\n\n[mypy]\nplugins = pydantic.mypy, sqlmypy\n";
        assert_eq!(
            found(DependencyFile::SetupCfg, text),
            [
                "sqlalchemy >=2@6*",
                "sqlalchemy-stubs@7*",
                "sqlalchemy2-stubs@8",
                "sqlalchemy-stubs ==0.4@12*",
                "plugin pydantic.mypy@15*",
                "plugin sqlmypy@15*"
            ]
        );
        assert!(removed(DependencyFile::SetupCfg, text, "sqlmypy").ends_with("plugins = pydantic.mypy\n"));
        let mypy =
            "[mypy]\nstrict = True\nplugins = sqlalchemy.ext.mypy.plugin\n\n[mypy-tests.*]\nignore_errors = True\n";
        assert_eq!(found(DependencyFile::MypyIni, mypy), ["plugin sqlalchemy.ext.mypy.plugin@3*"]);
        assert_eq!(
            removed(DependencyFile::MypyIni, mypy, "sqlalchemy.ext.mypy.plugin"),
            "[mypy]\nstrict = True\n\n[mypy-tests.*]\nignore_errors = True\n"
        );
        let multi = "[mypy]\nplugins =\n    sqlmypy,\n    pydantic.mypy\n";
        assert_eq!(removed(DependencyFile::MypyIni, multi, "sqlmypy"), "[mypy]\nplugins =\n    pydantic.mypy\n");
        // Requirements are read from setup.cfg only, not from mypy.ini.
        assert_eq!(
            found(DependencyFile::MypyIni, "[options]\ninstall_requires = sqlalchemy-stubs\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn pipfile_and_environment() {
        let pipfile = "[[source]]\nurl = \"https://pypi.org/simple\"\n\n[packages]\nsqlalchemy = \">=2.0\"\n\n[dev-packages]\nsqlalchemy-stubs = \"*\"\n";
        assert_eq!(found(DependencyFile::Pipfile, pipfile), ["sqlalchemy >=2.0@5*", "sqlalchemy-stubs *@8*"]);
        let env = "name: app\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.12\n  - conda-forge::sqlalchemy-stubs=0.4\n  - pip\n  - pip:\n    - sqlalchemy2-stubs==0.0.2a38\nvariables:\n  - x\n";
        assert_eq!(
            found(DependencyFile::Environment, env),
            ["python =3.12@5*", "sqlalchemy-stubs =0.4@6*", "pip@7*", "sqlalchemy2-stubs ==0.0.2a38@9"]
        );
        assert!(removed(DependencyFile::Environment, env, "sqlalchemy-stubs").contains("  - python=3.12\n  - pip\n"));
    }

    #[test]
    fn lock_files_and_installed() {
        let uv = "version = 1\n\n[[package]]\nname = \"sqlalchemy\"\nversion = \"2.0.36\"\ndependencies = [\n    { name = \"sqlalchemy-stubs\" },\n]\n\n[[package]]\nname = \"sqlalchemy-stubs\"\nversion = \"0.4\"\n";
        assert_eq!(found(DependencyFile::Lock, uv), ["sqlalchemy ==2.0.36@4", "sqlalchemy-stubs ==0.4@11"]);
        let pipfile_lock = "{\n    \"_meta\": {\n        \"hash\": {\n            \"sha256\": \"x\"\n        }\n    },\n    \"develop\": {\n        \"sqlalchemy-stubs\": {\n            \"hashes\": [],\n            \"version\": \"==0.4\"\n        }\n    }\n}\n";
        assert_eq!(
            found(DependencyFile::PipfileLock, pipfile_lock),
            ["-meta@2", "hash@3", "develop@7", "sqlalchemy-stubs ==0.4@8"]
        );
        assert_eq!(found(DependencyFile::Installed, ""), Vec::<String>::new());
        assert_eq!(
            items(
                DependencyFile::Installed,
                "/p/.venv/lib/python3.12/site-packages/SQLAlchemy_Stubs-0.4.dist-info",
                ""
            )[0]
            .subject,
            Subject::Requirement { name: "sqlalchemy-stubs".into(), spec: String::new() }
        );
        assert!(is_stub_dist_info("sqlalchemy2_stubs-0.0.2a38.dist-info"));
        assert!(!is_stub_dist_info("SQLAlchemy-2.0.36.dist-info"));
    }

    #[test]
    fn file_kinds_and_includes() {
        assert_eq!(dependency_file_kind("/p/requirements-dev.txt"), Some(DependencyFile::Requirements));
        assert_eq!(dependency_file_kind("/p/requirements/base.in"), Some(DependencyFile::Requirements));
        assert_eq!(dependency_file_kind("/p/Pipfile"), Some(DependencyFile::Pipfile));
        assert_eq!(dependency_file_kind("/p/notes.txt"), None);
        assert_eq!(dependency_file_kind("/p/setup.py"), None);
        assert_eq!(join("/p/req", "../constraints.txt"), "/p/constraints.txt");
        assert_eq!(join("/p", "./base.txt"), "/p/base.txt");
        assert_eq!(join("p", "sub/x.txt"), "p/sub/x.txt");
    }

    #[test]
    fn list_elements() {
        assert_eq!(element_removal("x = [\"a\", \"b\"]\n", 5, 8), Some((5, 10)));
        assert_eq!(element_removal("x = [\"a\", \"b\"]\n", 10, 13), Some((8, 13)));
        assert_eq!(element_removal("x = [ \"a\" ]\n", 6, 9), Some((6, 9)));
        assert_eq!(element_removal("x = [\n  \"a\",\n]\n", 8, 11), Some((6, 13)));
        assert_eq!(element_removal("f(\"a\")\n", 2, 5), None);
    }

    use crate::Series;
    use crate::fixture::Fixture;

    const PROJECT: &str = r#"
#- /p/requirements.txt
-r requirements/base.txt
sqlalchemy-stubs==0.4  # noqa: SQA999
#- /p/requirements/base.txt
sqlalchemy>=2.0
-c ../constraints.txt
#- /p/constraints.txt
sqlalchemy2-stubs<1
#- /p/notes.txt
sqlalchemy-stubs
#- /p/pyproject.toml
[project]
name = "app"
dependencies = ["sqlalchemy>=2", "sqlalchemy-stubs"]
# Column, Mapped, relationship: not Python
[tool.mypy]
plugins = ["sqlalchemy.ext.mypy.plugin"]
#- /p/mypy.ini
[mypy]
plugins = sqlmypy
#- /p/setup.py
from setuptools import setup
setup(name="app", install_requires=[
    "sqlalchemy>=2",
    "sqlalchemy2-stubs",
], extras_require={"dev": ["sqlalchemy-stubs"]})
#- /p/.venv/lib/python3.12/site-packages/sqlalchemy_stubs-0.4.dist-info
#- /p/app/models.py
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
"#;

    #[test]
    fn every_format_end_to_end() {
        let fixture = Fixture::new(PROJECT, Series::V21);
        assert_eq!(
            fixture.lint("/p/requirements.txt"),
            "SQA201 [*] 2:1 `sqlalchemy-stubs` types SQLAlchemy 1.x; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: remove it"
        );
        assert_eq!(fixture.fixed("/p/requirements.txt", false), "-r requirements/base.txt\n");
        assert_eq!(
            fixture.lint("/p/constraints.txt"),
            "SQA201 [*] 1:1 `sqlalchemy2-stubs` types SQLAlchemy 1.4; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: remove it"
        );
        assert_eq!(fixture.lint("/p/notes.txt"), "");
        assert_eq!(fixture.lint("/p/requirements/base.txt"), "");
        assert_eq!(
            fixture.lint("/p/pyproject.toml"),
            "SQA201 [*] 3:34 `sqlalchemy-stubs` types SQLAlchemy 1.x; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: remove it\n\
             SQA201 [*] 6:12 the SQLAlchemy mypy plugin no longer exists in SQLAlchemy 2.1: mypy fails to load `sqlalchemy.ext.mypy.plugin`"
        );
        // Unsafe fixes only.
        let pyproject = fixture.fixed("/p/pyproject.toml", true);
        assert!(
            pyproject.contains("dependencies = [\"sqlalchemy>=2\"]\n") && pyproject.contains("plugins = []\n"),
            "{pyproject}"
        );
        assert_eq!(
            fixture.fixed("/p/pyproject.toml", false),
            fixture.host.analysis().text(fixture.host.file("/p/pyproject.toml").unwrap()).unwrap().to_string()
        );
        assert_eq!(
            fixture.lint("/p/mypy.ini"),
            "SQA201 [*] 2:11 `sqlmypy` is the mypy plugin of `sqlalchemy-stubs` (SQLAlchemy 1.x); SQLAlchemy 2.1 needs no plugin"
        );
        assert_eq!(fixture.fixed("/p/mypy.ini", true), "[mypy]\n");
        assert_eq!(
            fixture.lint("/p/setup.py"),
            "SQA201 [*] 4:5 `sqlalchemy2-stubs` types SQLAlchemy 1.4; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: remove it\n\
             SQA201 [*] 5:28 `sqlalchemy-stubs` types SQLAlchemy 1.x; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: remove it"
        );
        assert!(
            fixture
                .fixed("/p/setup.py", true)
                .contains("install_requires=[\n    \"sqlalchemy>=2\",\n], extras_require={\"dev\": []})")
        );
        assert_eq!(
            fixture.lint("/p/.venv/lib/python3.12/site-packages/sqlalchemy_stubs-0.4.dist-info"),
            "SQA201 1:1 `sqlalchemy-stubs` types SQLAlchemy 1.x; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: uninstall it (`pip uninstall sqlalchemy-stubs`)"
        );
        // Python queries never see the other files.
        fixture
            .host
            .analysis()
            .with_db(|db| {
                let toml = fixture.host.file("/p/pyproject.toml").unwrap();
                assert!(!crate::hir::prescan::involves_sqlalchemy(db, toml));
                assert!(!crate::hir::prescan::declares_models(db, toml));
                assert_eq!(crate::hir::modules::module_map(db).name(toml), None);
            })
            .unwrap();
    }

    #[test]
    fn plugin_is_a_warning_under_2_0_and_projects_on_1_x_are_left_alone() {
        let fixture = Fixture::new(PROJECT, Series::V20);
        let diagnostics = fixture.host.analysis().diagnostics(fixture.host.file("/p/mypy.ini").unwrap()).unwrap();
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        let fixture = Fixture::new(PROJECT, Series::V21);
        let diagnostics = fixture.host.analysis().diagnostics(fixture.host.file("/p/mypy.ini").unwrap()).unwrap();
        assert_eq!(diagnostics[0].severity, Severity::Error);
        let pinned = PROJECT.replace("sqlalchemy>=2.0\n", "sqlalchemy>=1.3,<2\n");
        let fixture = Fixture::new(&pinned, Series::V20);
        for path in ["/p/requirements.txt", "/p/pyproject.toml", "/p/mypy.ini", "/p/setup.py"] {
            assert_eq!(fixture.lint(path), "", "{path}");
        }
    }
}
