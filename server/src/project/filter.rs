//! Which findings are shown and at which severity: the rule selection (command line or editor
//! settings over the configuration file), per-file ignores and severity overrides. `sqla lint` and
//! the language server apply the same filter.

use std::path::{Path, PathBuf};

use analysis::rules::{Diagnostic, Rule, Selection, Severity, selection_matches};

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
    /// `selection` (the command line's or the editor's) over the configuration's (see
    /// `Selection::over`). Per-file-ignore globs are relative to `root`.
    pub fn new(config: &Config, root: Option<PathBuf>, selection: &Selection) -> Self {
        Filter {
            selection: selection.over(&config.selection),
            root,
            per_file_ignores: config.per_file_ignores.clone(),
            severity: config.severity.clone(),
        }
    }

    /// The severity a finding of `rule` in the file at `path` is shown with, or `None` when it
    /// is not shown (the last matching severity override wins, so the most specific one is
    /// written last).
    pub fn shown(&self, path: &str, rule: &Rule, severity: Severity) -> Option<Severity> {
        let relative = self.root.as_ref().and_then(|root| Path::new(path).strip_prefix(root).ok());
        let ignored = self
            .per_file_ignores
            .iter()
            .filter(|(glob, _)| relative.is_some_and(|relative| glob.is_match(relative)))
            .flat_map(|(_, codes)| codes)
            .any(|s| selection_matches(s, rule));
        if !self.selection.enables(rule) || ignored {
            return None;
        }
        Some(self.severity.iter().rev().find(|(s, _)| selection_matches(s, rule)).map_or(severity, |(_, s)| *s))
    }

    /// The file's findings that are shown, with severities overridden.
    pub fn apply(&self, path: &str, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        diagnostics
            .iter()
            .filter_map(|d| {
                let severity = self.shown(path, d.rule, d.severity)?;
                Some(Diagnostic { severity, ..d.clone() })
            })
            .collect()
    }
}
