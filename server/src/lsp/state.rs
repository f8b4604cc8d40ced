//! What the server knows between messages: open documents, the client's settings and abilities, the
//! project's configuration, and the analysis worker. Document changes are applied synchronously,
//! in arrival order, before any `.await`; requests run on snapshots in blocking tasks.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use analysis::syntax::Encoding;
use analysis::{Analysis, Cancellable, Change};
use dashmap::DashMap;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::Uri;

use super::documents::Document;
use super::settings::ClientSettings;
use super::worker::Worker;
use crate::project::Config;

/// What the client said it can do, at `initialize`.
#[derive(Default, Clone, Copy)]
pub struct ClientSupport {
    pub work_done_progress: bool,
    pub configuration: bool,
    pub watched_files: bool,
    pub inlay_hint_refresh: bool,
    /// `textDocument.definition.linkSupport`: definitions as `LocationLink`s, else `Location`s.
    pub definition_links: bool,
    /// `textDocument.documentSymbol.hierarchicalDocumentSymbolSupport`: nested `DocumentSymbol`s,
    /// else a flat list of `SymbolInformation`.
    pub hierarchical_symbols: bool,
    /// The client pulls diagnostics (`textDocument.diagnostic`) and re-pulls when told to
    /// (`workspace.diagnostics.refreshSupport`): open documents' diagnostics are pulled, not
    /// pushed. A client that pulls but cannot be told to re-pull is not offered pulling at all, so
    /// it never shows a finding twice (pulled and pushed) or a stale one.
    pub pull_diagnostics: bool,
}

/// The workspace as configured on disk: its folders and its sqla.toml / `[tool.sqla]`.
#[derive(Default)]
pub struct Project {
    pub roots: Vec<PathBuf>,
    /// The analysis's import roots, from `roots` (`project::workspace::workspace_import_roots`).
    pub import_roots: Vec<Arc<str>>,
    pub config: Config,
    /// The site-packages folders of the project's environment, where libraries are read from.
    pub sites: Vec<PathBuf>,
    /// typeshed's standard-library stubs, when found (`project::environment::typeshed_stdlib`).
    pub typeshed: Option<PathBuf>,
    /// typeshed's third-party stubs beside them, found once.
    pub third_party: Arc<crate::project::imports::ThirdPartyStubs>,
    /// The top-level modules the workspace defines (an installed copy of them is not read).
    pub own_modules: std::collections::HashSet<String>,
}

pub struct State {
    pub client: Client,
    pub worker: Worker,
    pub documents: DashMap<Uri, Document>,
    /// Analysis path → the URI the client opened it with (symlinks and case may differ on disk).
    pub open_paths: DashMap<Arc<str>, Uri>,
    pub encoding: RwLock<Encoding>,
    pub settings: RwLock<ClientSettings>,
    pub support: RwLock<ClientSupport>,
    pub project: RwLock<Project>,
    /// Every workspace file is loaded: diagnostics cover the workspace, not only open files.
    pub indexed: AtomicBool,
    /// Bumped by every change; a debounced publish gives way to a newer one.
    pub generation: AtomicU64,
    /// Bumped by every change to the text of an open document: the positions a request carries
    /// hold for the texts it was sent with, not for later ones.
    pub edits: AtomicU64,
    /// What was last published per document, to send only what changed.
    pub published: Mutex<HashMap<Uri, u64>>,
    pub open_pass: super::diagnostics::OpenPass,
    /// What a pulling client was last served per open document: the findings' digest and the
    /// document's version then. A change to those findings at that version (an edit elsewhere)
    /// makes the server ask for a re-pull.
    pub pulled: Mutex<HashMap<Uri, (u64, i32)>>,
    /// Files loaded with an open file's import closure, whose own imports were followed then
    /// (`project::imports`): a later closure does not read them again.
    pub followed: DashMap<Arc<str>, ()>,
}

impl State {
    pub fn new(client: Client, worker: Worker) -> State {
        State {
            client,
            worker,
            documents: DashMap::new(),
            open_paths: DashMap::new(),
            encoding: RwLock::new(Encoding::Utf16),
            settings: RwLock::new(ClientSettings::default()),
            support: RwLock::new(ClientSupport::default()),
            project: RwLock::new(Project::default()),
            indexed: AtomicBool::new(false),
            generation: AtomicU64::new(0),
            edits: AtomicU64::new(0),
            published: Mutex::new(HashMap::new()),
            open_pass: Default::default(),
            pulled: Mutex::new(HashMap::new()),
            followed: DashMap::new(),
        }
    }

    pub fn encoding(&self) -> Encoding {
        *self.encoding.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn settings(&self) -> ClientSettings {
        self.settings.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn support(&self) -> ClientSupport {
        *self.support.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds to `change` the files an open file (`key`, with `text`) imports, transitively, that
    /// were not loaded that way before, so a request on the file is answered as it will be once
    /// the workspace is indexed, whatever the indexing's order. Open buffers win over the disk.
    pub fn load_import_closure(&self, key: &str, text: &str, change: &mut Change) {
        let Some(path) = analysis::db::is_python_path(key).then(|| PathBuf::from(key)) else { return };
        let (roots, sites, own, typeshed, third_party) = {
            let project = self.project.read().unwrap_or_else(|e| e.into_inner());
            (
                project.import_roots.clone(),
                project.sites.clone(),
                project.own_modules.clone(),
                project.typeshed.clone(),
                project.third_party.clone(),
            )
        };
        let known = |candidate: &str| {
            let open = self.open_paths.get(candidate).and_then(|uri| self.documents.get(&*uri).map(|d| d.text()));
            match open {
                Some(text) => crate::project::imports::Known::Open(text),
                None if self.followed.contains_key(candidate) => crate::project::imports::Known::Followed,
                None => crate::project::imports::Known::Unknown,
            }
        };
        let mut closure = crate::project::imports::import_closure(&path, text, &roots, known);
        // The libraries they import, as the workspace's indexing reads them.
        let mut starts = closure.clone();
        starts.push((path.clone(), text.to_owned()));
        let mut libraries = crate::project::imports::library_closure(&starts, &sites, &own, &third_party, known);
        if let Some(stdlib) = &typeshed {
            starts.extend(libraries.iter().cloned());
            libraries.extend(crate::project::imports::stdlib_closure(&starts, stdlib, known));
        }
        change.value_files.extend(libraries.iter().map(|(p, _)| crate::project::workspace::path_key(p)));
        closure.extend(libraries);
        for (path, text) in closure {
            let key = crate::project::workspace::path_key(&path);
            if !self.open_paths.contains_key(&key) {
                change.set_file(key.clone(), text);
            }
            self.followed.insert(key, ());
        }
    }

    /// Queues a change for the analysis and marks everything computed before it as stale.
    pub fn apply(&self, change: Change) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if change.files.iter().any(|(path, _)| self.open_paths.contains_key(path)) {
            self.edits.fetch_add(1, Ordering::SeqCst);
        }
        self.worker.apply(change);
    }

    /// Runs `f` on a snapshot taken after every change so far, off the async threads. When a change
    /// cancels it (workspace indexing, files changed on disk, settings) it runs again on a fresh
    /// snapshot, a few times, then answers `ContentModified`; when an open document was edited in
    /// the meantime it answers `ContentModified` at once, as the request's positions may no longer
    /// hold. A panic in the analysis becomes an error, never a crash.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: Fn(Analysis) -> Cancellable<T> + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        let edits = self.edits.load(Ordering::SeqCst);
        for _ in 0..RETRIES {
            let Some(analysis) = self.worker.snapshot().await else {
                return Err(Error { message: "the analysis has stopped".into(), ..Error::internal_error() });
            };
            let f = f.clone();
            match tokio::task::spawn_blocking(move || f(analysis)).await {
                Ok(Ok(value)) => return Ok(value),
                Ok(Err(_cancelled)) if self.edits.load(Ordering::SeqCst) == edits => continue,
                Ok(Err(_cancelled)) => break,
                Err(failure) => {
                    let message = format!("sqla-analyzer failed on this request: {failure}");
                    return Err(Error { message: message.into(), ..Error::internal_error() });
                }
            }
        }
        Err(Error::new(ErrorCode::ContentModified))
    }
}

/// How many times a cancelled request is retried before the client is told the content moved on.
const RETRIES: usize = 8;
