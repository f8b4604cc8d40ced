//! The TOML files: pyproject.toml (PEP 621, dependency groups, build requirements, Poetry, PDM,
//! Hatch, uv; mypy plugins), Pipfile, and the lock files with `[[package]]` tables (uv, Poetry, PDM).

use super::toml_scan::{self, Elem, Event, Value};
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

pub(super) fn pyproject_items(text: &str) -> Vec<Item> {
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

pub(super) fn pipfile_items(text: &str) -> Vec<Item> {
    let mut out = Vec::new();
    package_table_items(&toml_scan::scan(text), |t| matches!(t, ["packages"] | ["dev-packages"]), &mut out);
    out
}

/// `[[package]]` tables with `name` and `version` (uv, Poetry and PDM lock files).
pub(super) fn lock_items(text: &str) -> Vec<Item> {
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
