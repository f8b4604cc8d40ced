//! Diagnostics: pushed (debounced after edits) for open documents and, once the workspace is
//! indexed, for every workspace file; pulled with `textDocument/diagnostic`. The project's rule
//! selection, per-file ignores and severity overrides apply as in `sqla lint`; the client's
//! `select`/`ignore` settings take precedence over the configuration file.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use analysis::rules::{Diagnostic, Selection, selection_matches};
use analysis::{Analysis, Cancellable, FileId};
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use super::state::State;

/// How long typing must pause before diagnostics are recomputed and pushed.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Which findings are shown, and at which severity.
#[derive(Clone)]
pub struct Filter {
    selection: Selection,
    root: Option<std::path::PathBuf>,
    per_file_ignores: Vec<(globset::GlobMatcher, Vec<String>)>,
    severity: Vec<(String, analysis::rules::Severity)>,
}

impl Filter {
    pub fn of(state: &State) -> Filter {
        let settings = state.settings();
        let project = state.project.read().unwrap_or_else(|e| e.into_inner());
        let config = &project.config;
        let selection = Selection {
            select: if settings.select.is_empty() { config.select.clone() } else { settings.select.clone() },
            extend_select: config.extend_select.iter().chain(&settings.extend_select).cloned().collect(),
            ignore: config.ignore.iter().chain(&settings.ignore).cloned().collect(),
        };
        Filter {
            selection,
            root: project.roots.first().cloned(),
            per_file_ignores: config.per_file_ignores.clone(),
            severity: config.severity.clone(),
        }
    }

    /// The file's findings that are shown, with severities overridden.
    pub fn apply(&self, path: &str, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        let relative = self.root.as_ref().and_then(|root| Path::new(path).strip_prefix(root).ok());
        let ignored: Vec<&String> = match relative {
            Some(relative) => self
                .per_file_ignores
                .iter()
                .filter(|(glob, _)| glob.is_match(relative))
                .flat_map(|(_, codes)| codes)
                .collect(),
            None => Vec::new(),
        };
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

/// A file's shown findings, as LSP diagnostics.
pub fn file_diagnostics(
    analysis: &Analysis,
    filter: &Filter,
    file: FileId,
    encoding: analysis::syntax::Encoding,
) -> Cancellable<Vec<lsp::Diagnostic>> {
    let path = analysis.path(file)?;
    let shown = filter.apply(&path, &analysis.diagnostics(file)?);
    shown.iter().map(|d| convert::diagnostic(analysis, d, encoding)).collect()
}

/// Recomputes and pushes diagnostics once edits pause: the open documents first, right away; the
/// rest of the workspace (which an edit to a model may change too) when typing has paused longer.
pub fn schedule(state: &Arc<State>) {
    let generation = state.generation.load(Ordering::SeqCst);
    for (delay, reach) in [(DEBOUNCE, Reach::Open), (WORKSPACE_DEBOUNCE, Reach::Workspace)] {
        let state = state.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if state.generation.load(Ordering::SeqCst) == generation {
                publish(&state, reach).await;
            }
        });
    }
}

/// How long typing must pause before the diagnostics of files that are not open are refreshed.
const WORKSPACE_DEBOUNCE: Duration = Duration::from_millis(400);

/// Which files a publish covers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Open,
    /// Every workspace file once indexed (open ones included), else the open ones.
    Workspace,
}

/// Pushes the diagnostics that changed since they were last sent.
pub async fn publish(state: &Arc<State>, reach: Reach) {
    let generation = state.generation.load(Ordering::SeqCst);
    let filter = Filter::of(state);
    let encoding = state.encoding();
    let open: HashMap<Arc<str>, (Uri, i32)> = state
        .open_paths
        .iter()
        .filter_map(|entry| {
            let version = state.documents.get(entry.value())?.version;
            Some((entry.key().clone(), (entry.value().clone(), version)))
        })
        .collect();
    let workspace = reach == Reach::Workspace && state.indexed.load(Ordering::SeqCst);
    let computed = state
        .run(move |analysis| {
            let files: Vec<FileId> = if workspace {
                analysis.files()?
            } else {
                let mut files = Vec::new();
                for path in open.keys() {
                    if let Some(file) = analysis.file(path)? {
                        files.push(file);
                    }
                }
                files
            };
            let mut out = Vec::new();
            for file in files {
                let path = analysis.path(file)?;
                let (uri, version) = match open.get(&path) {
                    Some((uri, version)) => (uri.clone(), Some(*version)),
                    None => match convert::uri_of_path(&path) {
                        Some(uri) => (uri, None),
                        None => continue,
                    },
                };
                out.push((uri, version, file_diagnostics(&analysis, &filter, file, encoding)?));
            }
            Ok(out)
        })
        .await;
    let Ok(computed) = computed else { return }; // cancelled by a newer edit, which publishes again
    if state.generation.load(Ordering::SeqCst) != generation {
        return;
    }
    let mut sends = Vec::new();
    {
        let mut published = state.published.lock().unwrap_or_else(|e| e.into_inner());
        let mut seen = std::collections::HashSet::new();
        for (uri, version, diagnostics) in computed {
            seen.insert(uri.clone());
            // An open document's findings are sent again for each new version (the client learns
            // they are current), not again for the same one (the open-files and the workspace
            // passes of one pause both compute it).
            let digest = digest(&diagnostics, version);
            let before = published.get(&uri).copied();
            if diagnostics.is_empty() && before.is_none() {
                continue;
            }
            if before != Some(digest) {
                published.insert(uri.clone(), digest);
                sends.push((uri, diagnostics, version));
            }
        }
        // Files that vanished (closed and not in the workspace, or deleted): clear what was shown.
        let gone: Vec<Uri> = if reach == Reach::Workspace {
            published.keys().filter(|u| !seen.contains(*u)).cloned().collect()
        } else {
            Vec::new()
        };
        for uri in gone {
            published.remove(&uri);
            sends.push((uri, Vec::new(), None));
        }
    }
    for (uri, diagnostics, version) in sends {
        state.client.publish_diagnostics(uri, diagnostics, version).await;
    }
}

fn digest(diagnostics: &[lsp::Diagnostic], version: Option<i32>) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(diagnostics).unwrap_or_default().hash(&mut hasher);
    version.hash(&mut hasher);
    hasher.finish()
}
