//! Conda's environment.yml: the `dependencies:` list and its `pip:` sub-list.

use super::Item;
use super::requirements::strip_comment;

pub(super) fn items(text: &str) -> Vec<Item> {
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
