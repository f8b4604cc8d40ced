//! Pipfile.lock.

use super::{Item, Subject, normalize};

/// Pipfile.lock (JSON): `"name": {` keys, and the `"version": "==..."` that follows.
pub(super) fn items(text: &str) -> Vec<Item> {
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
