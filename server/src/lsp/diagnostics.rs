//! Diagnostics: pushed (right after edits, coalesced) for open documents and, once the workspace is
//! indexed, for every workspace file. A client that pulls (`textDocument/diagnostic`) and can be
//! told to re-pull gets open documents' diagnostics by pull only, and `workspace/diagnostic/refresh`
//! when an edit elsewhere changed them: each finding shows once. The project's rule
//! selection, per-file ignores and severity overrides apply as in `sqla lint`; the client's
//! `select`/`ignore` settings take precedence over the configuration file.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use analysis::{Analysis, Cancellable, FileId};
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use super::state::State;
use crate::project::Filter;

/// How long a burst of edits must pause before the open documents' diagnostics are computed again,
/// once an edit has cancelled a pass (the first edit after a pause is computed at once).
const DEBOUNCE: Duration = Duration::from_millis(10);

/// The project's filter with the client's selection over the configuration file's.
pub fn filter(state: &State) -> Filter {
    let settings = state.settings();
    let project = state.project.read().unwrap_or_else(|e| e.into_inner());
    let root = project.roots.first().cloned();
    Filter::new(&project.config, root, &settings.selection)
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

/// Recomputes and pushes diagnostics after a change: the open documents' at once (one pass at a
/// time; changes that arrive during a pass cancel it and are coalesced into the next); the rest of
/// the workspace (which an edit to a model may change too) when changes have paused longer.
pub fn schedule(state: &Arc<State>) {
    schedule_open(state);
    let generation = state.generation.load(Ordering::SeqCst);
    let state = state.clone();
    tokio::spawn(async move {
        tokio::time::sleep(WORKSPACE_DEBOUNCE).await;
        if state.generation.load(Ordering::SeqCst) == generation {
            publish(&state, Reach::Workspace).await;
        }
    });
}

/// Starts a pass over the open documents unless one is running, in which case that one runs again
/// when it ends (its answer would be stale).
fn schedule_open(state: &Arc<State>) {
    let pass = &state.open_pass;
    pass.again.store(true, Ordering::SeqCst);
    if pass.running.swap(true, Ordering::SeqCst) {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        let pass = &state.open_pass;
        loop {
            pass.again.store(false, Ordering::SeqCst);
            publish(&state, Reach::Open).await;
            if pass.again.load(Ordering::SeqCst) {
                // Edits are coming in a burst: compute again once none came for `DEBOUNCE`.
                while pass.again.swap(false, Ordering::SeqCst) {
                    tokio::time::sleep(DEBOUNCE).await;
                }
                continue;
            }
            pass.running.store(false, Ordering::SeqCst);
            // A change scheduled between the check and the store above left its pass to this one.
            if !pass.again.load(Ordering::SeqCst) || pass.running.swap(true, Ordering::SeqCst) {
                return;
            }
        }
    });
}

/// The single pass over the open documents' diagnostics.
#[derive(Default)]
pub struct OpenPass {
    running: std::sync::atomic::AtomicBool,
    again: std::sync::atomic::AtomicBool,
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
    let pull = state.support().pull_diagnostics;
    if pull && reach == Reach::Open {
        clear_pushed_open_documents(state).await;
        return;
    }
    let filter = filter(state);
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
    let mut refresh = false;
    {
        let mut published = state.published.lock().unwrap_or_else(|e| e.into_inner());
        let pulled = state.pulled.lock().unwrap_or_else(|e| e.into_inner());
        let mut seen = std::collections::HashSet::new();
        for (uri, version, diagnostics) in computed {
            seen.insert(uri.clone());
            if pull && version.is_some() {
                // Open in a pulling client: clear what was pushed before it was opened, and have
                // the client pull again when what it was served changed with no edit of the
                // document (after its own edits it pulls anyway).
                if published.remove(&uri).is_some() {
                    sends.push((uri.clone(), Vec::new(), None));
                }
                let served = pulled.get(&uri).copied();
                refresh |= served.is_some_and(|(d, v)| Some(v) == version && d != digest(&diagnostics, None));
                continue;
            }
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
    if refresh {
        let _ = state.client.workspace_diagnostic_refresh().await;
    }
}

/// A pulling client's open documents: what was pushed for them before they were opened is cleared
/// (they are pulled from now on). Nothing is computed.
async fn clear_pushed_open_documents(state: &Arc<State>) {
    let open: Vec<Uri> = state.open_paths.iter().map(|entry| entry.value().clone()).collect();
    let cleared: Vec<Uri> = {
        let mut published = state.published.lock().unwrap_or_else(|e| e.into_inner());
        open.into_iter().filter(|uri| published.remove(uri).is_some()).collect()
    };
    for uri in cleared {
        state.client.publish_diagnostics(uri, Vec::new(), None).await;
    }
}

pub fn digest(diagnostics: &[lsp::Diagnostic], version: Option<i32>) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(diagnostics).unwrap_or_default().hash(&mut hasher);
    version.hash(&mut hasher);
    hasher.finish()
}
