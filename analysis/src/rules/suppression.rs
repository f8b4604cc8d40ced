//! `# noqa: SQA101, dynamic-relationship` comments (a bare `# noqa` silences every rule), and the
//! rule that reports our codes in them that silence nothing.

use super::{Applicability, Diagnostic, Edit, Family, Fix, Rule, RuleContext, Severity, find_rule};
use crate::db::SourceFile;

/// One `# noqa` comment: its line (0-based), byte range, and the codes it lists (with their ranges).
pub struct Noqa {
    line: usize,
    start: u32,
    end: u32,
    codes: Option<Vec<(String, u32, u32)>>,
}

pub struct Suppressions {
    comments: Vec<Noqa>,
}

pub fn noqa_comments(text: &str) -> Suppressions {
    let mut comments = Vec::new();
    if memchr::memmem::find(text.as_bytes(), b"noqa").is_none() {
        return Suppressions { comments };
    }
    let mut line_start = 0usize;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if let Some(at) = line.find("# noqa") {
            let content_end = line.trim_end_matches(['\n', '\r']).len();
            let rest_start = at + "# noqa".len();
            let codes = line[rest_start..content_end].strip_prefix(':').map(|list| {
                let mut codes = Vec::new();
                let mut offset = rest_start + 1;
                for piece in list.split(',') {
                    let trimmed = piece.trim();
                    let lead = piece.len() - piece.trim_start().len();
                    let code = trimmed.split_whitespace().next().unwrap_or("");
                    if !code.is_empty() && !code.starts_with('#') {
                        let start = line_start + offset + lead;
                        codes.push((code.to_owned(), start as u32, (start + code.len()) as u32));
                    }
                    offset += piece.len() + 1;
                }
                codes
            });
            comments.push(Noqa {
                line: number,
                start: (line_start + at) as u32,
                end: (line_start + content_end) as u32,
                codes,
            });
        }
        line_start += line.len();
    }
    Suppressions { comments }
}

fn line_of(text: &str, offset: u32) -> usize {
    text[..(offset as usize).min(text.len())].matches('\n').count()
}

/// Drops suppressed diagnostics and adds an `unused-noqa` finding for each of our codes that
/// suppressed nothing (other tools' codes, and bare `# noqa`, are left alone).
pub fn apply(suppressions: &Suppressions, text: &str, file: SourceFile, diagnostics: &mut Vec<Diagnostic>) {
    if suppressions.comments.is_empty() {
        return;
    }
    let mut used: Vec<(usize, String)> = Vec::new();
    diagnostics.retain(|d| {
        let line = line_of(text, d.start);
        let Some(comment) = suppressions.comments.iter().find(|c| c.line == line) else { return true };
        match &comment.codes {
            None => false,
            Some(codes) => match codes.iter().find(|(c, _, _)| c == d.rule.code || c == d.rule.name) {
                Some((code, _, _)) => {
                    used.push((line, code.clone()));
                    false
                }
                None => true,
            },
        }
    });
    for comment in &suppressions.comments {
        let Some(codes) = &comment.codes else { continue };
        for (code, start, end) in codes {
            if find_rule(code).is_none() || used.iter().any(|(line, c)| *line == comment.line && c == code) {
                continue;
            }
            // Removing the only code removes the comment; otherwise just the code (and its comma).
            let edit = if codes.len() == 1 {
                let before = text[..comment.start as usize].trim_end_matches([' ', '\t']).len() as u32;
                Edit { file, start: before, end: comment.end, content: String::new() }
            } else {
                let after = text[*end as usize..].find(|c: char| c != ',' && c != ' ').map_or(*end, |n| end + n as u32);
                let is_last = codes.last().is_some_and(|(_, s, _)| s == start);
                match is_last {
                    false => Edit { file, start: *start, end: after, content: String::new() },
                    true => {
                        let before = text[..*start as usize].trim_end_matches([' ', ',']).len() as u32;
                        Edit { file, start: before, end: *end, content: String::new() }
                    }
                }
            };
            let fix = Fix {
                applicability: Applicability::Safe,
                message: "Remove the unused code".to_owned(),
                edits: vec![edit],
            };
            let message = format!("`# noqa: {code}` silences nothing on this line");
            diagnostics.push(Diagnostic::new(&UNUSED_NOQA, file, *start, *end, message, Some(fix)));
        }
    }
}

pub static UNUSED_NOQA: Rule = Rule {
    code: "SQA001",
    name: "unused-noqa",
    family: Family::Suppression,
    severity: Severity::Warning,
    series: None,
    summary: "a `# noqa: SQA...` code that silences nothing",
    doc: r#"## What it does
Finds our rule codes (or names) in `# noqa:` comments on lines where that rule reports nothing.
Bare `# noqa` and other tools' codes are left alone.

## Why is this bad?
A stale suppression hides the next real finding on that line.

## Example
```python
stmt = select(User.id)  # noqa: SQA105
```

## Use instead
```python
stmt = select(User.id)
```

## Fix safety
Safe: removes the unused code, or the comment when it was the only one.
"#,
    fixable: true,
    check: no_check,
};

/// Computed with the other rules' results in `check_file`.
fn no_check(_cx: &RuleContext<'_>, _out: &mut Vec<Diagnostic>) {}
