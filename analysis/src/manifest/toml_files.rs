//! The TOML files: pyproject.toml (PEP 621, dependency groups, build requirements, Poetry, PDM,
//! Hatch, uv; mypy plugins), Pipfile, and the lock files with `[[package]]` tables (uv, Poetry, PDM).
//!
//! Parsed by the `toml` crate, which keeps the span of every key and value and recovers from
//! errors: what follows a broken line is still read, as far as TOML allows.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Item, Subject, element_removal, normalize};

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

/// One key of the document with its value: the full path of table names and keys.
struct Entry<'a, 'i> {
    path: Vec<&'a str>,
    key: &'a Spanned<std::borrow::Cow<'i, str>>,
    value: &'a Spanned<DeValue<'i>>,
}

/// Every key of a document, depth first; arrays of tables (`[[package]]`) are not entered (the
/// lock files read them on their own).
fn entries<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut out = Vec::new();
    let mut stack: Vec<(Vec<&'a str>, &'a DeTable<'i>)> = vec![(Vec::new(), table)];
    while let Some((path, table)) = stack.pop() {
        for (key, value) in table.iter() {
            let mut path = path.clone();
            path.push(key.get_ref().as_ref());
            if let DeValue::Table(inner) = value.get_ref() {
                stack.push((path.clone(), inner));
            }
            out.push(Entry { path, key, value });
        }
    }
    out
}

fn as_str<'a>(value: &'a DeValue<'_>) -> Option<&'a str> {
    match value {
        DeValue::String(s) => Some(s.as_ref()),
        _ => None,
    }
}

/// `"^2.0"` or `{ version = "^2.0", extras = [...] }` (or a `[…dependencies.name]` table).
fn table_spec(value: &DeValue<'_>) -> String {
    let version = match value {
        DeValue::Table(table) => table.get("version").and_then(|v| as_str(v.get_ref())),
        other => as_str(other),
    };
    version.unwrap_or("").to_owned()
}

/// The lines an entry spans (from its key's line through the newline after its value), when
/// nothing but a comment shares them: removing them removes the entry.
fn entry_lines(text: &str, key_start: usize, value_end: usize) -> Option<(usize, usize)> {
    let line_start = text[..key_start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..key_start].trim().is_empty() {
        return None;
    }
    let line_end = text[value_end..].find('\n').map_or(text.len(), |i| value_end + i + 1);
    let rest = text[value_end..line_end].trim();
    (rest.is_empty() || rest.starts_with('#')).then_some((line_start, line_end))
}

/// `name = spec` entries of a table of package names (Poetry, Pipfile), and `[table.name]` tables.
fn package_table_items(text: &str, entries: &[Entry<'_, '_>], is_table: impl Fn(&[&str]) -> bool, out: &mut Vec<Item>) {
    for entry in entries {
        let Some((name, table)) = entry.path.split_last() else { continue };
        if !is_table(table) {
            continue;
        }
        let subject = Subject::Requirement { name: normalize(name), spec: table_spec(entry.value.get_ref()) };
        let (key, value) = (entry.key.span(), entry.value.span());
        let item = if text[value.clone()].starts_with('[') {
            // A `[tool.poetry.dependencies.name]` table: reported at its header.
            Item { subject, start: value.start, end: value.end, removal: None, safe: false }
        } else {
            let removal = entry_lines(text, key.start, value.end);
            Item { subject, start: key.start, end: value.end, removal, safe: false }
        };
        out.push(item);
    }
}

fn plugin_items(text: &str, entry: &Entry<'_, '_>, out: &mut Vec<Item>) {
    let span = entry.value.span();
    match entry.value.get_ref() {
        DeValue::String(s) => {
            let plugins: Vec<&str> = s.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
            let lines = entry_lines(text, entry.key.span().start, span.end);
            for plugin in &plugins {
                let removal = if plugins.len() == 1 { lines } else { None };
                let subject = Subject::Plugin((*plugin).to_owned());
                out.push(Item { subject, start: span.start, end: span.end, removal, safe: false });
            }
        }
        DeValue::Array(elems) => {
            for elem in elems.iter() {
                if let Some(plugin) = as_str(elem.get_ref()) {
                    let (start, end) = (elem.span().start, elem.span().end);
                    out.push(Item {
                        subject: Subject::Plugin(plugin.trim().to_owned()),
                        start,
                        end,
                        removal: element_removal(text, start, end),
                        safe: false,
                    });
                }
            }
        }
        _ => {}
    }
}

pub(super) fn pyproject_items(text: &str) -> Vec<Item> {
    let (document, _errors) = DeTable::parse_recoverable(text);
    let entries = entries(document.get_ref());
    let mut out = Vec::new();
    for entry in &entries {
        if is_requirement_array(&entry.path) {
            let DeValue::Array(elems) = entry.value.get_ref() else { continue };
            for elem in elems.iter() {
                if let Some(requirement) = as_str(elem.get_ref()) {
                    let (start, end) = (elem.span().start, elem.span().end);
                    out.extend(Item::requirement(requirement, start, end, element_removal(text, start, end)));
                }
            }
        } else if entry.path == ["tool", "mypy", "plugins"] {
            plugin_items(text, entry, &mut out);
        }
    }
    package_table_items(text, &entries, is_poetry_table, &mut out);
    out.sort_by_key(|i| i.start);
    out
}

pub(super) fn pipfile_items(text: &str) -> Vec<Item> {
    let (document, _errors) = DeTable::parse_recoverable(text);
    let mut out = Vec::new();
    let is_table = |t: &[&str]| matches!(t, ["packages"] | ["dev-packages"]);
    package_table_items(text, &entries(document.get_ref()), is_table, &mut out);
    out.sort_by_key(|i| i.start);
    out
}

/// `[[package]]` tables with `name` and `version` (uv, Poetry and PDM lock files).
pub(super) fn lock_items(text: &str) -> Vec<Item> {
    let (document, _errors) = DeTable::parse_recoverable(text);
    let Some(DeValue::Array(packages)) = document.get_ref().get("package").map(|p| p.get_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for package in packages.iter() {
        let DeValue::Table(package) = package.get_ref() else { continue };
        let Some(name) = package.get("name") else { continue };
        let Some(name_text) = as_str(name.get_ref()) else { continue };
        let version = package.get("version").and_then(|v| as_str(v.get_ref()));
        let spec = version.map(|v| format!("=={v}")).unwrap_or_default();
        let subject = Subject::Requirement { name: normalize(name_text), spec };
        out.push(Item { subject, start: name.span().start, end: name.span().end, removal: None, safe: false });
    }
    out.sort_by_key(|i| i.start);
    out
}
