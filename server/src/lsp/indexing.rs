//! Loading the workspace in the background: the folders' Python files and dependency files, in
//! batches, with `$/progress` ("Indexing models 120/560"). Open buffers take precedence over disk.
//! Requests on open files are answered between batches; they never wait for the whole workspace.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use analysis::Change;
use tower_lsp_server::ls_types::{MessageType, ProgressToken};

use super::state::State;
use crate::project::{self, config, environment, series, workspace};

const BATCH: usize = 64;

/// The project's configuration, environment and series, re-read when a configuration file changes.
pub fn load_configuration(state: &State) {
    let roots = state.project.read().unwrap_or_else(|e| e.into_inner()).roots.clone();
    let Some(root) = roots.first() else { return };
    let config = match config::load(root) {
        Ok(config) => config,
        Err(err) => {
            let client = state.client.clone();
            let message = format!("sqla: {err:#}; using the default settings");
            tokio::spawn(async move { client.show_message(MessageType::WARNING, message).await });
            config::Config::default()
        }
    };
    let client = state.settings();
    let installed = environment::installed_packages(root);
    let flag = client.sqlalchemy.map(|s| s.to_string());
    let series = match series::detect(flag.as_deref(), root, &config, &installed) {
        Ok(detected) => detected.series,
        Err(_) => analysis::Series::NEWEST,
    };
    let settings = project::settings(series, &config, client.assume_parameter_types);
    let sites = environment::sites_of(&installed);
    let typeshed = environment::typeshed_stdlib(&sites);
    let third_party = crate::project::imports::ThirdPartyStubs::find(typeshed.as_deref());
    let libraries: Vec<Arc<str>> =
        sites.iter().chain(&typeshed).chain(&third_party.root).map(|s| workspace::path_key(s)).collect();
    {
        let mut project = state.project.write().unwrap_or_else(|e| e.into_inner());
        project.config = config;
        project.sites = sites;
        project.typeshed = typeshed;
        project.third_party = Arc::new(third_party);
    }
    state.apply(Change {
        settings: Some(settings),
        installed: Some(installed),
        libraries: Some(libraries),
        ..Change::default()
    });
}

/// The workspace's files to load: Python sources (filtered by the client's include/exclude globs)
/// and the dependency and tool files the stale-stubs rule reads.
fn discover(state: &State, roots: &[PathBuf]) -> Vec<PathBuf> {
    let settings = state.settings();
    let globs = |patterns: &[String]| {
        let mut builder = globset::GlobSetBuilder::new();
        for pattern in patterns {
            if let Ok(glob) = globset::Glob::new(pattern) {
                builder.add(glob);
            }
        }
        builder.build().ok()
    };
    let (include, exclude) = (globs(&settings.include), globs(&settings.exclude));
    let mut files = Vec::new();
    for root in roots {
        for path in workspace::python_files(root) {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let included = settings.include.is_empty() || include.as_ref().is_some_and(|g| g.is_match(relative));
            let excluded = exclude.as_ref().is_some_and(|g| g.is_match(relative));
            if included && !excluded {
                files.push(path);
            }
        }
        files.extend(workspace::dependency_files(root));
    }
    files.sort();
    files.dedup();
    files
}

pub async fn index_workspace(state: Arc<State>) {
    // The configuration and the import roots were set at `initialize`.
    let (roots, import_roots) = {
        let project = state.project.read().unwrap_or_else(|e| e.into_inner());
        (project.roots.clone(), project.import_roots.clone())
    };

    let discover_state = state.clone();
    let discover_roots = roots.clone();
    let files =
        tokio::task::spawn_blocking(move || discover(&discover_state, &discover_roots)).await.unwrap_or_default();
    let total = files.len();
    let progress = if state.support().work_done_progress && total > 0 {
        let token = ProgressToken::String("sqla/indexing".to_owned());
        match state.client.create_work_done_progress(token.clone()).await {
            Ok(()) => Some(
                state
                    .client
                    .progress(token, "Indexing models")
                    .with_message(format!("0/{total}"))
                    .with_percentage(0)
                    .begin()
                    .await,
            ),
            Err(_) => None,
        }
    } else {
        None
    };
    let mut done = 0;
    let mut imports = workspace::ProjectImports::new(workspace::LibraryScope::Values);
    for batch in files.chunks(BATCH) {
        let batch: Vec<PathBuf> = batch.to_vec();
        let read = tokio::task::spawn_blocking(move || batch.iter().map(|p| (p.clone(), read(p))).collect::<Vec<_>>())
            .await
            .unwrap_or_default();
        let mut change = Change::default();
        for (path, text) in read {
            imports.add(&path, &text, &import_roots);
            let key = workspace::path_key(&path);
            // An open buffer is newer than the disk.
            if !state.open_paths.contains_key(&key) {
                change.set_file(key, text);
            }
        }
        state.apply(change);
        done += BATCH.min(total - done);
        if let Some(progress) = &progress {
            let percent = (done * 100 / total.max(1)) as u32;
            progress.report_with_message(format!("{done}/{total}"), percent).await;
        }
        tokio::task::yield_now().await;
    }
    // The installed packages the models build on: read, never reported on.
    let root = roots.first().cloned();
    let libraries = tokio::task::spawn_blocking(move || {
        let installed = root.map(|r| environment::installed_packages(&r)).unwrap_or_default();
        workspace::library_texts(imports, &installed)
    })
    .await;
    if let Ok(libraries) = libraries {
        let mut change =
            Change { libraries: Some(libraries.sources), value_files: libraries.value_files, ..Change::default() };
        for (path, text) in libraries.files {
            change.set_file(workspace::path_key(&path), text);
        }
        state.apply(change);
    }
    if let Some(progress) = progress {
        progress.finish_with_message(format!("{total} files")).await;
    }
    state.indexed.store(true, Ordering::SeqCst);
    let _ = state
        .run(|analysis| {
            analysis.prime_models();
            Ok(())
        })
        .await;
    super::diagnostics::publish(&state, super::diagnostics::Reach::Workspace).await;
}

/// A file's text as the CLI reads it (bad bytes replaced, huge files empty); a file that cannot be
/// read is empty rather than an error: it may be gone already.
pub fn read(path: &Path) -> String {
    workspace::read_source(path).unwrap_or_default()
}
