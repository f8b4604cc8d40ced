//! Which findings are shown and at which severity: the rule selection (command line or editor
//! settings over the configuration file), per-file ignores and severity overrides. `sqla lint` and
//! the language server apply the same filter.

use std::path::{Path, PathBuf};

use analysis::rules::{Diagnostic, Selection, Severity, selection_matches};

use super::config::Config;

#[derive(Clone)]
pub struct Filter {
    pub selection: Selection,
    /// Where per-file-ignore globs are relative to; without one, they do not apply.
    root: Option<PathBuf>,
    per_file_ignores: Vec<(globset::GlobMatcher, Vec<String>)>,
    severity: Vec<(String, Severity)>,
}

impl Filter {
    /// `select` replaces the configuration's selection when non-empty; `extend_select` and
    /// `ignore` add to it. Per-file-ignore globs are relative to `root`.
    pub fn new(
        config: &Config,
        root: Option<PathBuf>,
        select: &[String],
        extend_select: &[String],
        ignore: &[String],
    ) -> Self {
        let selection = Selection {
            select: if select.is_empty() { config.select.clone() } else { select.to_vec() },
            extend_select: config.extend_select.iter().chain(extend_select).cloned().collect(),
            ignore: config.ignore.iter().chain(ignore).cloned().collect(),
        };
        Filter { selection, root, per_file_ignores: config.per_file_ignores.clone(), severity: config.severity.clone() }
    }

    /// Every selector in use, to report the unknown ones.
    pub fn selectors(&self) -> Vec<String> {
        let s = &self.selection;
        s.select.iter().chain(&s.extend_select).chain(&s.ignore).cloned().collect()
    }

    /// The file's findings that are shown, with severities overridden (the last matching
    /// override wins, so the most specific one is written last).
    pub fn apply(&self, path: &str, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        let relative = self.root.as_ref().and_then(|root| Path::new(path).strip_prefix(root).ok());
        let ignored: Vec<&String> = self
            .per_file_ignores
            .iter()
            .filter(|(glob, _)| relative.is_some_and(|relative| glob.is_match(relative)))
            .flat_map(|(_, codes)| codes)
            .collect();
        diagnostics
            .iter()
            .filter(|d| self.selection.enables(d.rule) && !ignored.iter().any(|s| selection_matches(s, d.rule)))
            .map(|d| {
                let mut d = d.clone();
                if let Some((_, severity)) = self.severity.iter().rev().find(|(s, _)| selection_matches(s, d.rule)) {
                    d.severity = *severity;
                }
                d
            })
            .collect()
    }
}
