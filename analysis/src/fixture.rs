//! Test fixtures: one string holding several files, split by `#- /path` header lines, with an
//! optional `$0` cursor marker (rust-analyzer style).

use crate::{AnalysisHost, Change, FileId, Series, Settings};

pub struct Fixture {
    pub host: AnalysisHost,
    /// The file holding `$0`, and its byte offset.
    pub cursor: Option<(FileId, crate::semantics::TextSize)>,
}

impl Fixture {
    pub fn new(text: &str, series: Series) -> Fixture {
        Fixture::with_change(text, series, Change { roots: Some(vec!["".into()]), ..Change::default() })
    }

    /// A project under `root` beside installed packages' `libraries` (folders whose files are read,
    /// never reported on), as the server loads a virtualenv's packages.
    pub fn with_libraries(text: &str, series: Series, root: &str, libraries: &[&str]) -> Fixture {
        let change = Change {
            roots: Some(vec![root.into()]),
            libraries: Some(libraries.iter().map(|l| (*l).into()).collect()),
            ..Change::default()
        };
        Fixture::with_change(text, series, change)
    }

    fn with_change(text: &str, series: Series, mut change: Change) -> Fixture {
        let mut cursor_at: Option<(String, u32)> = None;
        let mut files = split_files(text, false);
        for (path, body) in &mut files {
            if let Some(at) = body.find("$0") {
                cursor_at = Some((path.clone(), at as u32));
                body.replace_range(at..at + 2, "");
            }
        }
        for (path, body) in &files {
            change.set_file(path.as_str(), body.as_str());
        }
        let mut host = AnalysisHost::new(Settings::for_series(series));
        host.apply_change(change);
        let cursor = cursor_at.map(|(path, offset)| (host.file(&path).expect("fixture file"), offset.into()));
        Fixture { host, cursor }
    }

    /// `reveal_type` results of a file as `expr: type` lines (`expr: type (checker: other)` where they differ).
    pub fn reveals(&self, path: &str) -> String {
        let file = self.host.file(path).expect("fixture file");
        let reveals = self.host.analysis().reveals(file).expect("not cancelled");
        reveals
            .iter()
            .map(|r| {
                if r.ty == r.checker_ty {
                    format!("{}: {}", r.expr, r.ty)
                } else {
                    format!("{}: {} (checker: {})", r.expr, r.ty, r.checker_ty)
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Findings of a file as `CODE line:col message` lines (1-based), `[*]` on fixable ones.
    pub fn lint(&self, path: &str) -> String {
        let file = self.host.file(path).expect("fixture file");
        let analysis = self.host.analysis();
        let index = analysis.line_index(file).expect("not cancelled");
        let diagnostics = analysis.diagnostics(file).expect("not cancelled");
        diagnostics
            .iter()
            .map(|d| {
                let pos = index.line_col(d.start, crate::syntax::Encoding::Utf32);
                let mark = if d.fix.is_some() { " [*]" } else { "" };
                format!("{}{mark} {}:{} {}", d.rule.code, pos.line + 1, pos.col + 1, d.message)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `lint_only`, each finding followed by its related information as indented
    /// `related /path:line:col message` lines.
    pub fn lint_with_related(&self, path: &str, codes: &[&str]) -> String {
        let file = self.host.file(path).expect("fixture file");
        let analysis = self.host.analysis();
        let index = analysis.line_index(file).expect("not cancelled");
        let diagnostics = analysis.diagnostics(file).expect("not cancelled");
        let mut lines = Vec::new();
        for d in diagnostics.iter().filter(|d| codes.contains(&d.rule.code)) {
            let pos = index.line_col(d.start, crate::syntax::Encoding::Utf32);
            let mark = if d.fix.is_some() { " [*]" } else { "" };
            lines.push(format!("{}{mark} {}:{} {}", d.rule.code, pos.line + 1, pos.col + 1, d.message));
            for related in &d.related {
                let related_index = analysis.line_index(related.file).expect("not cancelled");
                let pos = related_index.line_col(related.start, crate::syntax::Encoding::Utf32);
                let related_path = analysis.path(related.file).expect("not cancelled");
                lines.push(format!("  related {related_path}:{}:{} {}", pos.line + 1, pos.col + 1, related.message));
            }
        }
        lines.join("\n")
    }

    /// `lint`, keeping only the findings of the given rule codes.
    pub fn lint_only(&self, path: &str, codes: &[&str]) -> String {
        self.lint(path).lines().filter(|l| codes.iter().any(|c| l.starts_with(c))).collect::<Vec<_>>().join("\n")
    }

    /// The file's text after applying its fixes once (safe ones, or all with `unsafe_fixes`).
    pub fn fixed(&self, path: &str, unsafe_fixes: bool) -> String {
        let file = self.host.file(path).expect("fixture file");
        let analysis = self.host.analysis();
        let diagnostics = analysis.diagnostics(file).expect("not cancelled");
        let text = analysis.text(file).expect("not cancelled");
        crate::rules::apply_fixes(&text, file, &diagnostics, unsafe_fixes).0
    }

    /// `fixed`, applying only the fixes of the given rule codes.
    pub fn fixed_only(&self, path: &str, codes: &[&str], unsafe_fixes: bool) -> String {
        let file = self.host.file(path).expect("fixture file");
        let analysis = self.host.analysis();
        let diagnostics: Vec<_> = analysis
            .diagnostics(file)
            .expect("not cancelled")
            .iter()
            .filter(|d| codes.contains(&d.rule.code))
            .cloned()
            .collect();
        let text = analysis.text(file).expect("not cancelled");
        crate::rules::apply_fixes(&text, file, &diagnostics, unsafe_fixes).0
    }

    pub fn hover(&self) -> String {
        self.hover_with(crate::ide::HoverConfig::default())
    }

    pub fn hover_with(&self, config: crate::ide::HoverConfig) -> String {
        let (file, offset) = self.cursor.expect("the fixture has a $0 cursor");
        self.host.analysis().hover(file, offset, config).expect("not cancelled").map(|h| h.markdown).unwrap_or_default()
    }
}

/// A fixture's files as text, to rebuild it after each round of fixes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Files {
    series: Series,
    files: Vec<(String, String)>,
}

impl Files {
    /// Splits a fixture at its `#- /path` header lines; text before the first one is `/main.py`
    /// (blank lines there are skipped).
    pub fn parse(text: &str, series: Series) -> Files {
        Files { series, files: split_files(text, true) }
    }

    pub fn fixture(&self) -> Fixture {
        let text: String = self.files.iter().map(|(path, body)| format!("#- {path}\n{body}")).collect();
        Fixture::new(&text, self.series)
    }

    pub fn text(&self, path: &str) -> &str {
        &self.files.iter().find(|(p, _)| p == path).expect("fixture file").1
    }

    /// Applies the fixes of `codes` (found in any file) until nothing changes.
    pub fn fix_all(&self, codes: &[&str], unsafe_fixes: bool) -> Files {
        let mut files = self.clone();
        for _ in 0..20 {
            let fixture = files.fixture();
            let analysis = fixture.host.analysis();
            let mut diagnostics = Vec::new();
            for (path, _) in &files.files {
                let file = fixture.host.file(path).expect("fixture file");
                let found = analysis.diagnostics(file).expect("not cancelled");
                diagnostics.extend(found.iter().filter(|d| codes.contains(&d.rule.code)).cloned());
            }
            let mut next = Vec::new();
            for (path, body) in &files.files {
                let file = fixture.host.file(path).expect("fixture file");
                next.push((path.clone(), crate::rules::apply_fixes(body, file, &diagnostics, unsafe_fixes).0));
            }
            if next == files.files {
                return files;
            }
            files.files = next;
        }
        panic!("fixes do not reach a fixed point");
    }
}

/// A fixture's files: `#- /path` header lines start one; text before the first is `/main.py`
/// (its leading blank lines skipped with `skip_leading_blank`).
fn split_files(text: &str, skip_leading_blank: bool) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("#- ") {
            files.push((path.trim().to_owned(), String::new()));
            continue;
        }
        if files.is_empty() {
            if skip_leading_blank && line.trim().is_empty() {
                continue;
            }
            files.push(("/main.py".to_owned(), String::new()));
        }
        let (_, body) = files.last_mut().expect("a file is open");
        body.push_str(line);
        body.push('\n');
    }
    files
}
