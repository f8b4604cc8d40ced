//! The import closure of a file: the project's modules it imports, and theirs, found on disk the
//! way the analysis's module map names them (import roots, package `__init__.py` chains) and with
//! pyright's fallback for a script's own folder. The language server loads them with the file it
//! opens, so its first answer about the file is the answer it gives once the workspace is indexed.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use analysis::hir::prescan::import_lines;

use super::workspace::{path_key, read_source};

/// At most this many files are read for one closure (a file importing half of a monorepo is still
/// answered quickly; what is past the bound is loaded by workspace indexing).
pub const MAX_CLOSURE: usize = 512;

/// The files `path` (whose text is `text`) imports, transitively, with the packages
/// (`__init__.py`) that hold them and the file, as (path, text), in the order found. `roots` are
/// the import roots; `known` skips a path (already loaded and followed) and gives the text of an
/// open buffer, which wins over the disk.
pub fn import_closure(
    path: &Path,
    text: &str,
    roots: &[Arc<str>],
    mut known: impl FnMut(&str) -> Known,
) -> Vec<(PathBuf, String)> {
    let roots: Vec<PathBuf> = roots.iter().map(|r| PathBuf::from(&**r)).collect();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    seen.insert(path.to_path_buf());
    let mut queue: VecDeque<(PathBuf, String)> = VecDeque::new();
    let mut found: Vec<(PathBuf, String)> = Vec::new();
    let mut enqueue =
        |candidate: PathBuf, queue: &mut VecDeque<(PathBuf, String)>, found: &mut Vec<(PathBuf, String)>| {
            if found.len() >= MAX_CLOSURE || !seen.insert(candidate.clone()) {
                return;
            }
            let text = match known(&path_key(&candidate)) {
                Known::Followed => return,
                Known::Open(text) => text,
                Known::Unknown => match read_source(&candidate) {
                    Ok(text) => text,
                    Err(_) => return,
                },
            };
            found.push((candidate.clone(), text.clone()));
            queue.push_back((candidate, text));
        };
    // The packages holding the file itself name it (`app/models/user.py` is `app.models.user` only
    // if `app/__init__.py` and `app/models/__init__.py` are known).
    for init in package_inits(path) {
        enqueue(init, &mut queue, &mut found);
    }
    // Most imports name modules outside the project (`typing`, `flask`): each is looked up once.
    let mut lookups: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut current = Some((path.to_path_buf(), text.to_owned()));
    while let Some((file, text)) = current.take().or_else(|| queue.pop_front()) {
        for target in imported_paths(&file, &text, &roots, &mut lookups) {
            for init in package_inits(&target) {
                enqueue(init, &mut queue, &mut found);
            }
            enqueue(target, &mut queue, &mut found);
        }
    }
    found
}

/// What the caller already has of a path.
pub enum Known {
    /// Loaded and its imports followed already: skipped.
    Followed,
    /// Open in the editor: this text, not the disk's.
    Open(String),
    /// Read it from disk.
    Unknown,
}

/// The `__init__.py` (or `.pyi`) of each package above a file, nearest first.
fn package_inits(path: &Path) -> Vec<PathBuf> {
    let mut inits = Vec::new();
    let mut dir = path.parent();
    while let Some(folder) = dir {
        let Some(init) = module_file(folder, "__init__") else { break };
        if init != path {
            inits.push(init);
        }
        dir = folder.parent();
    }
    inits
}

/// The existing files a file's import lines name: modules, and submodules named by
/// `from package import name`.
fn imported_paths(
    file: &Path,
    text: &str,
    roots: &[PathBuf],
    lookups: &mut HashMap<PathBuf, Option<PathBuf>>,
) -> Vec<PathBuf> {
    let mut module_path = |dir: PathBuf| lookups.entry(dir).or_insert_with_key(|dir| module_path(dir)).clone();
    let mut paths = Vec::new();
    let folder = file.parent().unwrap_or(Path::new(""));
    for (module, names) in import_lines(text) {
        let dots = module.chars().take_while(|c| *c == '.').count();
        let rest = &module[dots..];
        // A relative import starts at the importer's package: its folder, then one up per extra dot.
        let bases: Vec<PathBuf> = if dots > 0 {
            let mut base = Some(folder);
            for _ in 1..dots {
                base = base.and_then(Path::parent);
            }
            base.map(Path::to_path_buf).into_iter().collect()
        } else {
            if analysis::hir::is_external_root(rest) {
                continue;
            }
            search_folders(file, roots)
        };
        for base in &bases {
            let module_dir = rest.split('.').filter(|p| !p.is_empty()).fold(base.clone(), |dir, part| dir.join(part));
            if !rest.is_empty()
                && let Some(found) = module_path(module_dir.clone())
            {
                paths.push(found);
            }
            for name in &names {
                if let Some(found) = module_path(module_dir.join(name.as_str())) {
                    paths.push(found);
                }
            }
        }
    }
    paths
}

/// Where an absolute import is looked for: the import roots, then (pyright's fallback for a
/// script) the importer's own folder and each folder above it up to the import root holding it.
pub fn search_folders(file: &Path, roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = roots.to_vec();
    let containing = roots.iter().filter(|r| file.starts_with(r)).max_by_key(|r| r.as_os_str().len());
    let mut dir = file.parent();
    while let Some(folder) = dir {
        if !folders.iter().any(|f| f == folder) {
            folders.push(folder.to_path_buf());
        }
        if containing.is_none_or(|root| folder == root.as_path()) {
            break;
        }
        dir = folder.parent();
    }
    folders
}

/// The file of a module whose dotted path is `module_dir` (without extension): `x.py`, `x.pyi`,
/// or the package `x/__init__.py(i)`.
fn module_path(module_dir: &Path) -> Option<PathBuf> {
    let parent = module_dir.parent()?;
    let name = module_dir.file_name()?.to_str()?;
    module_file(parent, name).or_else(|| module_file(module_dir, "__init__"))
}

fn module_file(folder: &Path, stem: &str) -> Option<PathBuf> {
    ["py", "pyi"].iter().map(|ext| folder.join(format!("{stem}.{ext}"))).find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    fn names(root: &Path, found: &[(PathBuf, String)]) -> Vec<String> {
        let mut names: Vec<String> =
            found.iter().map(|(p, _)| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect();
        names.sort();
        names
    }

    #[test]
    fn follows_absolute_relative_and_submodule_imports_with_their_packages() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(
            &root,
            &[
                ("app/__init__.py", ""),
                ("app/models/__init__.py", "from .user import User\n"),
                ("app/models/user.py", "from ..db import Base\nimport sqlalchemy\n"),
                ("app/db.py", "from sqlalchemy.orm import DeclarativeBase\n"),
                ("app/views.py", "from app.models import User\nfrom app import helpers\n"),
                ("app/helpers.py", ""),
                ("app/unrelated.py", ""),
            ],
        );
        let view = root.join("app/views.py");
        let text = std::fs::read_to_string(&view).unwrap();
        let found = import_closure(&view, &text, &[path_key(&root)], |_| Known::Unknown);
        assert_eq!(
            names(&root, &found),
            ["app/__init__.py", "app/db.py", "app/helpers.py", "app/models/__init__.py", "app/models/user.py"]
        );
        // What the caller followed already is not read again.
        let found = import_closure(&view, &text, &[path_key(&root)], |p| {
            if p.ends_with("models/__init__.py") { Known::Followed } else { Known::Unknown }
        });
        assert_eq!(names(&root, &found), ["app/__init__.py", "app/helpers.py"]);
    }

    #[test]
    fn a_script_imports_from_its_own_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(&root, &[("scripts/run.py", "import tables\n"), ("scripts/tables.py", "x = 1\n")]);
        let script = root.join("scripts/run.py");
        let found = import_closure(&script, "import tables\n", &[path_key(&root)], |_| Known::Unknown);
        assert_eq!(names(&root, &found), ["scripts/tables.py"]);
    }
}
