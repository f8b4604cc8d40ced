//! `# noqa` and `# noqa: SQA101, dynamic-relationship` comments.

use super::Diagnostic;

/// Per line (0-based): `None` for a bare `# noqa`, else the codes or names it lists.
pub struct Suppressions {
    lines: Vec<(usize, Option<Vec<String>>)>,
}

pub fn noqa_comments(text: &str) -> Suppressions {
    let mut lines = Vec::new();
    if memchr::memmem::find(text.as_bytes(), b"noqa").is_none() {
        return Suppressions { lines };
    }
    for (number, line) in text.lines().enumerate() {
        let Some(at) = line.find("# noqa") else { continue };
        let rest = &line[at + "# noqa".len()..];
        let codes = rest.strip_prefix(':').map(|list| {
            list.split([',', ' '])
                .map(str::trim)
                .filter(|c| !c.is_empty() && !c.starts_with('#'))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        });
        lines.push((number, codes));
    }
    Suppressions { lines }
}

pub fn is_suppressed(suppressions: &Suppressions, text: &str, diagnostic: &Diagnostic) -> bool {
    let line = text[..(diagnostic.start as usize).min(text.len())].matches('\n').count();
    suppressions.lines.iter().any(|(number, codes)| {
        *number == line
            && match codes {
                None => true,
                Some(codes) => codes.iter().any(|c| c == diagnostic.rule.code || c == diagnostic.rule.name),
            }
    })
}
