//! INI files: setup.cfg (`[options]` requirements, extras, and a `[mypy]` section) and mypy.ini.

use super::{Item, Subject, element_removal};

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

pub(super) fn items(text: &str, setup_cfg: bool) -> Vec<Item> {
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
