//! Loading a project from disk into an `AnalysisHost`: find the project root, walk its Python files
//! (respecting .gitignore, skipping virtualenvs and node_modules), read them without ever failing on
//! bad bytes. The project's dependency and tool-configuration files (requirements files and what they
//! include, pyproject.toml, setup.cfg, mypy.ini, lock files, …) are loaded too, for the rules that
//! read them as text; the packages installed in its virtualenv are the `installed` input.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use analysis::manifest::{DependencyFile, InstalledPackage, dependency_file_kind, requirement_includes};
use analysis::{AnalysisHost, Change, FileId, Settings};
use std::collections::HashSet;

use super::environment;
use anyhow::{Context, Result, bail};
use rayon::prelude::*;

/// Files larger than this are analysed as empty, with a warning: nobody writes models that size.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub struct Workspace {
    pub host: AnalysisHost,
    /// The files the user asked about (the rest of the project is loaded for imports).
    pub requested: Vec<FileId>,
    /// Whether the user asked about the whole project, so about its installed packages too.
    pub whole_project: bool,
}

/// Folders never analysed: environments, caches, VCS metadata, JS dependencies.
fn is_skipped_dir(name: &str) -> bool {
    matches!(
        name,
        ".venv"
            | "venv"
            | ".env"
            | "env"
            | "node_modules"
            | "__pycache__"
            | ".git"
            | ".hg"
            | ".tox"
            | ".nox"
            | ".mypy_cache"
            | ".pytest_cache"
            | ".ruff_cache"
            | "site-packages"
            | "build"
            | "dist"
    ) || name.ends_with(".egg-info")
}

/// The project root of a path: the nearest ancestor with pyproject.toml, setup.py, setup.cfg or .git;
/// without one, the current folder when the path is under it (as pyright takes the folder it runs
/// in, and an editor the folder it opened), else the path's own folder.
pub fn project_root(path: &Path) -> PathBuf {
    // A bare file name's parent is the empty path: the current folder.
    let start = match path.parent() {
        _ if path.is_dir() => path.to_path_buf(),
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let start = start.canonicalize().unwrap_or(start);
    let mut current = Some(start.as_path());
    while let Some(dir) = current {
        if ["pyproject.toml", "setup.py", "setup.cfg", ".git"].iter().any(|m| dir.join(m).exists()) {
            return dir.to_path_buf();
        }
        current = dir.parent();
    }
    match std::env::current_dir().and_then(|cwd| cwd.canonicalize()) {
        Ok(cwd) if start.starts_with(&cwd) => cwd,
        _ => start,
    }
}

/// A walk of the project's files honouring `.gitignore`, past virtualenvs and other skipped folders.
fn project_walk(root: &Path, max_depth: Option<usize>) -> ignore::Walk {
    let mut builder = ignore::WalkBuilder::new(root);
    builder.hidden(false).git_ignore(true).git_exclude(true).parents(true).require_git(false).max_depth(max_depth);
    builder.filter_entry(|entry| {
        let name = entry.file_name().to_string_lossy();
        !(entry.file_type().is_some_and(|t| t.is_dir()) && entry.depth() > 0 && is_skipped_dir(&name))
    });
    builder.build()
}

pub fn python_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = project_walk(root, None)
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("py" | "pyi")))
        .collect();
    files.sort();
    files
}

/// How deep under the project root requirements files are looked for (`requirements/dev.txt`,
/// `services/api/requirements.txt`).
const REQUIREMENTS_DEPTH: usize = 3;

/// At most this many files are loaded by following `-r` / `-c` includes (include cycles stop anyway).
const MAX_INCLUDED: usize = 256;

/// The dependency and tool-configuration files of a project: those at its root, requirements files
/// in folders up to two levels down, and the files they include with `-r` / `-c`, transitively.
pub fn dependency_files(root: &Path) -> Vec<PathBuf> {
    let kind = |p: &Path| dependency_file_kind(&path_key(p));
    let mut files: Vec<PathBuf> = project_walk(root, Some(REQUIREMENTS_DEPTH))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| match kind(e.path()) {
            Some(DependencyFile::Requirements) => true,
            // An unpacked wheel's `<name>.dist-info/METADATA`.
            Some(DependencyFile::CoreMetadata) => e.depth() <= 2,
            None => false,
            Some(_) => e.depth() == 1,
        })
        .map(|e| e.into_path())
        .collect();
    let mut queue: Vec<PathBuf> =
        files.iter().filter(|p| kind(p) == Some(DependencyFile::Requirements)).cloned().collect();
    let mut included = 0;
    while let Some(file) = queue.pop() {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let folder = file.parent().unwrap_or(root);
        for include in requirement_includes(&text) {
            let path = folder.join(include);
            let Ok(path) = path.canonicalize() else { continue };
            if included >= MAX_INCLUDED || !path.is_file() || files.contains(&path) {
                continue;
            }
            included += 1;
            files.push(path.clone());
            queue.push(path);
        }
    }
    files.sort();
    files
}

/// Reads a source file as text; invalid UTF-8 is replaced (and reported) rather than failing.
pub fn read_source(path: &Path) -> Result<String> {
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.len() > MAX_FILE_BYTES {
        eprintln!("sqla: warning: {} is larger than 16 MiB; skipped", path.display());
        return Ok(String::new());
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => {
            eprintln!("sqla: warning: {} is not valid UTF-8; invalid bytes replaced", path.display());
            Ok(String::from_utf8_lossy(err.as_bytes()).into_owned())
        }
    }
}

pub fn path_key(path: &Path) -> Arc<str> {
    Arc::from(path.to_string_lossy().replace('\\', "/"))
}

/// The import roots of a project folder: the folder, and its `src/` and `lib/` when present.
pub fn import_roots(root: &Path) -> Vec<Arc<str>> {
    let mut roots = vec![path_key(root)];
    for extra in ["src", "lib"] {
        if root.join(extra).is_dir() {
            roots.push(path_key(&root.join(extra)));
        }
    }
    roots
}

/// The import roots of a workspace: each folder's (see [`import_roots`]). The language server's
/// folders are the client's workspace folders; the command line's are the project root and the
/// folders named on it. Beyond them, a module is looked for beside its importer as pyright does
/// (`analysis::hir::ModuleMap::file_from`, [`super::imports::search_folders`]).
pub fn workspace_import_roots(folders: &[PathBuf]) -> Vec<Arc<str>> {
    let mut roots: Vec<Arc<str>> = Vec::new();
    for root in folders.iter().flat_map(|folder| import_roots(folder)) {
        if !roots.contains(&root) {
            roots.push(root);
        }
    }
    roots
}

/// Loads the project around `paths` (with the packages installed in its environment) and marks
/// the files under `paths` as requested.
pub fn load(
    paths: &[PathBuf],
    settings: Settings,
    installed: Vec<InstalledPackage>,
    scope: LibraryScope,
) -> Result<Workspace> {
    let paths: Vec<PathBuf> = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    for path in &paths {
        if !path.exists() {
            bail!("{}: no such file or folder", path.display());
        }
    }
    let root = project_root(&paths[0]);
    let mut requested_paths: Vec<PathBuf> = Vec::new();
    let mut whole_project = false;
    let mut all: Vec<PathBuf> = python_files(&root);
    let dependencies = dependency_files(&root);
    all.extend(dependencies.iter().cloned());
    for path in &paths {
        let canonical = path.canonicalize().with_context(|| format!("cannot open {}", path.display()))?;
        if canonical.is_dir() {
            let files = python_files(&canonical);
            if !canonical.starts_with(&root) {
                all.extend(files.iter().cloned());
            }
            requested_paths.extend(files);
            requested_paths.extend(dependencies.iter().filter(|d| d.starts_with(&canonical)).cloned());
            whole_project |= canonical == root;
        } else {
            all.push(canonical.clone());
            requested_paths.push(canonical);
        }
    }
    all.sort();
    all.dedup();
    let texts: Vec<(PathBuf, String)> =
        all.par_iter().map(|p| Ok((p.clone(), read_source(p)?))).collect::<Result<Vec<_>>>()?;
    // The project root and each folder named on the command line are its workspace folders.
    let mut folders = vec![root.clone()];
    folders.extend(paths.iter().filter_map(|p| p.canonicalize().ok()).filter(|p| p.is_dir()));
    let roots = workspace_import_roots(&folders);
    let mut imports = ProjectImports::new(scope);
    for (path, text) in &texts {
        imports.add(path, text, &roots);
    }
    let libraries = library_texts(imports, &installed);
    let mut change = Change::default();
    for (path, text) in texts.into_iter().chain(libraries.files) {
        change.set_file(path_key(&path), text);
    }
    change.installed = Some(installed);
    change.libraries = Some(libraries.sources);
    change.value_files = libraries.value_files;
    change.roots = Some(roots);
    let mut host = AnalysisHost::new(settings);
    host.apply_change(change);
    let requested = requested_paths.iter().filter_map(|p| host.file(&path_key(p))).collect();
    Ok(Workspace { host, requested, whole_project })
}

/// How much of the installed libraries a command reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LibraryScope {
    /// The packages the models may build on (those depending on SQLAlchemy): what rules need,
    /// whose findings concern SQLAlchemy's API, which no other library's values can be.
    Models,
    /// Also every module the project imports, transitively, from any installed package: what
    /// values of any library are, for `reveal`, `hover` and the editor.
    Values,
}

/// How many times libraries' own imports are followed to further libraries.
const MAX_LIBRARY_ROUNDS: usize = 4;

/// The installed packages the project's models may build on, read.
pub struct Libraries {
    /// Their folders (or single modules), '/'-separated: the analysis's `libraries` input.
    pub sources: Vec<Arc<str>>,
    pub files: Vec<(PathBuf, String)>,
    /// Those of `files` read for their types only (`analysis::Change::value_files`).
    pub value_files: Vec<Arc<str>>,
}

/// What the project's files import and which top-level modules they define themselves.
pub struct ProjectImports {
    /// How much of the installed libraries will be read for them.
    scope: LibraryScope,
    imported: HashSet<String>,
    defined: HashSet<String>,
    /// Each file's import statements, one per line (what the library closure follows from it),
    /// kept only when every imported library is read ([`LibraryScope::Values`]).
    statements: Vec<(PathBuf, String)>,
}

impl ProjectImports {
    pub fn new(scope: LibraryScope) -> ProjectImports {
        ProjectImports { scope, imported: HashSet::new(), defined: HashSet::new(), statements: Vec::new() }
    }

    /// Notes one project file, under its import `roots`.
    pub fn add(&mut self, path: &Path, text: &str, roots: &[Arc<str>]) {
        if !path.extension().is_some_and(|e| e == "py" || e == "pyi") {
            return;
        }
        environment::imported_top_levels(text, &mut self.imported);
        if self.scope == LibraryScope::Values {
            let mut statements = String::new();
            for (module, names) in analysis::hir::prescan::import_lines(text) {
                match names.is_empty() {
                    true => statements.push_str(&format!("import {module}\n")),
                    false => statements.push_str(&format!("from {module} import {}\n", names.join(", "))),
                }
            }
            self.statements.push((path.to_path_buf(), statements));
        }
        let key = path_key(path);
        for root in roots {
            if let Some(rest) = key.strip_prefix(&**root).and_then(|r| r.strip_prefix('/')) {
                let top = rest.split('/').next().unwrap_or(rest);
                self.defined.insert(top.strip_suffix(".pyi").or(top.strip_suffix(".py")).unwrap_or(top).to_owned());
            }
        }
    }
}

/// The libraries the project's files import (see [`environment::library_sources`]), with their
/// Python files read; a file that cannot be read is skipped, never an error.
pub fn library_texts(project: ProjectImports, installed: &[InstalledPackage]) -> Libraries {
    let ProjectImports { scope, mut imported, defined, statements } = project;
    // Libraries import libraries (`superset_core` builds on `flask_appbuilder`): to a fixed point.
    let mut sources: Vec<PathBuf> = Vec::new();
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for _ in 0..MAX_LIBRARY_ROUNDS {
        let found = environment::library_sources(installed, &imported, &defined);
        let new: Vec<PathBuf> = found.into_iter().filter(|s| !sources.contains(s)).collect();
        if new.is_empty() {
            break;
        }
        let read: Vec<(PathBuf, String)> = new
            .par_iter()
            .flat_map(|source| environment::library_files(source))
            .filter_map(|path| Some((path.clone(), read_source(&path).ok()?)))
            .collect();
        for (_, text) in &read {
            environment::imported_top_levels(text, &mut imported);
        }
        sources.extend(new);
        files.extend(read);
    }
    let mut libraries =
        Libraries { sources: sources.iter().map(|s| path_key(s)).collect(), files, value_files: Vec::new() };
    if scope == LibraryScope::Values {
        libraries.add_imported_modules(statements, installed, &defined);
    }
    libraries
}

impl Libraries {
    /// Adds the modules of any installed package, and of typeshed's standard library, that the
    /// project's files (`starts`: path and import statements) and the libraries read so far
    /// import, transitively (`imports::library_closure`, `imports::stdlib_closure`): what their
    /// values are, as type checkers read them (Flask's `redirect` returns a `Response`). Their
    /// folders become library sources, read and never reported on.
    fn add_imported_modules(
        &mut self,
        mut starts: Vec<(PathBuf, String)>,
        installed: &[InstalledPackage],
        own: &HashSet<String>,
    ) {
        let sites = environment::sites_of(installed);
        let mut loaded: HashSet<Arc<str>> = starts.iter().chain(&self.files).map(|(p, _)| path_key(p)).collect();
        let known = |loaded: &HashSet<Arc<str>>, candidate: &str| {
            if loaded.contains(candidate) { super::imports::Known::Followed } else { super::imports::Known::Unknown }
        };
        starts.extend(self.files.iter().cloned());
        let mut folders = sites.clone();
        let typeshed = environment::typeshed_stdlib(&sites);
        let third_party = super::imports::ThirdPartyStubs::find(typeshed.as_deref());
        if !sites.is_empty() {
            let found = super::imports::library_closure(&starts, &sites, own, &third_party, |c| known(&loaded, c));
            loaded.extend(found.iter().map(|(p, _)| path_key(p)));
            starts.extend(found.iter().cloned());
            self.value_files.extend(found.iter().map(|(p, _)| path_key(p)));
            self.files.extend(found);
        }
        // The standard library, where typeshed's stubs are found: from everything read so far.
        if let Some(stdlib) = typeshed {
            let found = super::imports::stdlib_closure(&starts, &stdlib, |c| known(&loaded, c));
            self.value_files.extend(found.iter().map(|(p, _)| path_key(p)));
            self.files.extend(found);
            folders.extend(third_party.root);
            folders.push(stdlib);
        }
        // Whatever is read from site-packages or typeshed is a library, never reported on.
        for site in &folders {
            let source = path_key(site);
            if !self.sources.contains(&source) {
                self.sources.push(source);
            }
        }
    }
}

/// The top-level modules under the import roots: folders and Python files directly in them,
/// what a project's own imports name (the same names [`ProjectImports`] finds from its files).
pub fn own_top_levels(roots: &[Arc<str>]) -> HashSet<String> {
    let mut own = HashSet::new();
    for root in roots {
        let Ok(entries) = std::fs::read_dir(&**root) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && !is_skipped_dir(&name) && !name.starts_with('.') {
                own.insert(name);
            } else if let Some(stem) = name.strip_suffix(".py").or(name.strip_suffix(".pyi")) {
                own.insert(stem.to_owned());
            }
        }
    }
    own
}

/// A path for display: relative to the current folder when under it.
pub fn display_path(path: &str) -> String {
    let cwd = std::env::current_dir().ok().and_then(|c| c.canonicalize().ok());
    match cwd.and_then(|cwd| Path::new(path).strip_prefix(&cwd).ok().map(Path::to_path_buf)) {
        Some(rel) => rel.to_string_lossy().replace('\\', "/"),
        None => path.to_owned(),
    }
}
