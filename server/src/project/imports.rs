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

/// At most this many files of installed libraries are read for a workspace.
pub const MAX_LIBRARY_CLOSURE: usize = 4000;

/// The files `path` (whose text is `text`) imports, transitively, with the packages
/// (`__init__.py`) that hold them and the file, as (path, text), in the order found. `roots` are
/// the import roots; `known` skips a path (already loaded and followed) and gives the text of an
/// open buffer, which wins over the disk.
pub fn import_closure(
    path: &Path,
    text: &str,
    roots: &[Arc<str>],
    known: impl FnMut(&str) -> Known,
) -> Vec<(PathBuf, String)> {
    let roots: Vec<PathBuf> = roots.iter().map(|r| PathBuf::from(&**r)).collect();
    let mut walk = Closure::new(&roots, known, MAX_CLOSURE, is_project_or_library);
    walk.seen.insert(path.to_path_buf());
    // The packages holding the file itself name it (`app/models/user.py` is `app.models.user` only
    // if `app/__init__.py` and `app/models/__init__.py` are known).
    for init in package_inits(path) {
        walk.enqueue(init);
    }
    walk.follow(path.to_path_buf(), text.to_owned());
    walk.found
}

/// The modules of installed packages (folders in `sites`, site-packages) that `files` import,
/// transitively, as type checkers read them: a `-stubs` package before the package, then
/// typeshed's third-party stubs (beside `stdlib`, its standard library) for a package that is not
/// `py.typed`, a `.pyi` before its `.py`; never the standard library or what the
/// analysis knows as data, nor a top-level module the project defines itself (`own`: an installed
/// copy of the project). `files` themselves are followed, not returned; `known` skips what is
/// loaded already.
pub fn library_closure(
    files: &[(PathBuf, String)],
    sites: &[PathBuf],
    own: &HashSet<String>,
    third_party: &ThirdPartyStubs,
    known: impl FnMut(&str) -> Known,
) -> Vec<(PathBuf, String)> {
    let mut walk = Closure::new(sites, known, MAX_LIBRARY_CLOSURE, is_project_or_library);
    walk.own = Some(own);
    walk.third_party = Some(third_party);
    walk.imported_by(files)
}

/// typeshed's third-party stubs (`stubs/` beside its standard library), by the top-level module
/// they type (`yaml` → `stubs/PyYAML`; `google` → `stubs/protobuf` and others, a namespace
/// package). Found once per project.
#[derive(Default)]
pub struct ThirdPartyStubs {
    /// The `stubs` folder, a library source.
    pub root: Option<PathBuf>,
    by_module: HashMap<String, Vec<StubDistribution>>,
}

#[derive(Clone)]
struct StubDistribution {
    folder: PathBuf,
    /// `partial-stub = true`: a module it has no stub for is read from the package's source.
    partial: bool,
}

/// Where an absolute import of a top-level module is looked for instead of the import roots.
#[derive(Clone)]
pub struct Stubbed {
    /// The stub distributions, each tried in turn; the first holding a module is what it is.
    folders: Vec<PathBuf>,
    /// Whether a module none of them holds is then read from the roots (a partial stub).
    then_roots: bool,
}

impl ThirdPartyStubs {
    /// The stubs beside `stdlib` (typeshed's standard library, the folder holding `VERSIONS`).
    pub fn find(stdlib: Option<&Path>) -> ThirdPartyStubs {
        let Some(root) = stdlib.and_then(Path::parent).map(|t| t.join("stubs")).filter(|r| r.is_dir()) else {
            return ThirdPartyStubs::default();
        };
        let mut by_module = HashMap::new();
        let mut distributions: Vec<PathBuf> = match std::fs::read_dir(&root) {
            Ok(entries) => entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect(),
            Err(_) => Vec::new(),
        };
        distributions.sort();
        for distribution in distributions {
            let partial = is_partial_stub(&distribution);
            let Ok(entries) = std::fs::read_dir(&distribution) else { continue };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let top = match name.strip_suffix(".pyi") {
                    Some(stem) => stem.to_owned(),
                    None if entry.path().is_dir() && !name.starts_with(['.', '@']) => name,
                    None => continue,
                };
                by_module
                    .entry(top)
                    .or_insert_with(Vec::new)
                    .push(StubDistribution { folder: distribution.clone(), partial });
            }
        }
        ThirdPartyStubs { root: Some(root), by_module }
    }

    /// Where type checkers read a top-level module from instead of `roots`: its stubs, for a
    /// package that is not `py.typed` and has no `-stubs` package, merged with the package's
    /// source where a stub is partial. A package that is not installed is read from its stubs
    /// too: pyright's last resort, with a warning that the source is missing
    /// (`reportMissingModuleSource`).
    fn folders_for(&self, top: &str, roots: &[PathBuf]) -> Option<Stubbed> {
        let distributions = self.by_module.get(top)?;
        let typed =
            roots.iter().any(|r| r.join(top).join("py.typed").is_file() || r.join(format!("{top}-stubs")).is_dir());
        (!typed).then(|| Stubbed {
            folders: distributions.iter().map(|d| d.folder.clone()).collect(),
            then_roots: distributions.iter().any(|d| d.partial),
        })
    }
}

/// `partial-stub = true` in a distribution's `METADATA.toml` (typeshed's spelling; the older
/// `partial_stub` too).
fn is_partial_stub(distribution: &Path) -> bool {
    let text = std::fs::read_to_string(distribution.join("METADATA.toml")).unwrap_or_default();
    let metadata: toml::Table = toml::from_str(&text).unwrap_or_default();
    ["partial-stub", "partial_stub"].iter().any(|key| metadata.get(*key).and_then(toml::Value::as_bool) == Some(true))
}

/// The modules of typeshed's standard-library stubs (`stdlib`, the folder holding `VERSIONS`)
/// that `files` import, transitively: what the standard library's values are, as type checkers
/// know them (`logging.getLogger` returns a `Logger`). Of the modules whose meaning the analysis
/// holds itself, only those read for their classes' other members are (`analysis::hir::is_stdlib_stub_read`).
pub fn stdlib_closure(
    files: &[(PathBuf, String)],
    stdlib: &Path,
    known: impl FnMut(&str) -> Known,
) -> Vec<(PathBuf, String)> {
    let roots = [stdlib.to_path_buf()];
    Closure::new(&roots, known, MAX_LIBRARY_CLOSURE, analysis::hir::is_stdlib_stub_read).imported_by(files)
}

/// What the project's and libraries' absolute imports are looked up for: everything the analysis
/// does not know without source.
fn is_project_or_library(module: &str) -> bool {
    !analysis::hir::is_native_module(module)
}

/// A breadth-first walk over import lines.
struct Closure<'a, K> {
    roots: &'a [PathBuf],
    /// Top-level modules never looked up under `roots`.
    own: Option<&'a HashSet<String>>,
    /// Which absolute imports are looked up under `roots`.
    lookup: fn(&str) -> bool,
    known: K,
    max: usize,
    seen: HashSet<PathBuf>,
    queue: VecDeque<(PathBuf, String)>,
    found: Vec<(PathBuf, String)>,
    // Most imports name modules outside the roots (`typing`, `flask`): each is looked up once.
    lookups: HashMap<PathBuf, Option<PathBuf>>,
    /// typeshed's third-party stubs, read before the roots where a package is not typed.
    third_party: Option<&'a ThirdPartyStubs>,
    /// Where an absolute import of a top-level module is read from instead of the roots, once
    /// decided.
    stubbed: HashMap<String, Option<Stubbed>>,
}

impl<'a, K: FnMut(&str) -> Known> Closure<'a, K> {
    fn new(roots: &'a [PathBuf], known: K, max: usize, lookup: fn(&str) -> bool) -> Self {
        Closure {
            roots,
            own: None,
            lookup,
            known,
            max,
            seen: HashSet::new(),
            queue: VecDeque::new(),
            found: Vec::new(),
            lookups: HashMap::new(),
            third_party: None,
            stubbed: HashMap::new(),
        }
    }

    fn enqueue(&mut self, candidate: PathBuf) {
        if self.found.len() >= self.max || !self.seen.insert(candidate.clone()) {
            return;
        }
        let text = match (self.known)(&path_key(&candidate)) {
            Known::Followed => return,
            Known::Open(text) => text,
            Known::Unknown => match read_source(&candidate) {
                Ok(text) => text,
                Err(_) => return,
            },
        };
        self.found.push((candidate.clone(), text.clone()));
        self.queue.push_back((candidate, text));
    }

    /// What `files` import, transitively; `files` themselves are not found.
    fn imported_by(mut self, files: &[(PathBuf, String)]) -> Vec<(PathBuf, String)> {
        for (path, _) in files {
            self.seen.insert(path.clone());
        }
        for (path, text) in files {
            self.follow(path.clone(), text.clone());
        }
        self.found
    }

    /// Follows `file`'s imports and, transitively, theirs.
    fn follow(&mut self, file: PathBuf, text: String) {
        let mut current = Some((file, text));
        while let Some((file, text)) = current.take().or_else(|| self.queue.pop_front()) {
            let (roots, third_party) = (self.roots, self.third_party);
            let mut stubs_of = |top: &str| {
                let stubs = third_party?;
                self.stubbed.entry(top.to_owned()).or_insert_with(|| stubs.folders_for(top, roots)).clone()
            };
            let targets =
                imported_paths(&file, &text, self.roots, self.own, self.lookup, &mut self.lookups, &mut stubs_of);
            for target in targets {
                for init in package_inits(&target) {
                    self.enqueue(init);
                }
                self.enqueue(target);
            }
        }
    }
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
    own: Option<&HashSet<String>>,
    lookup: fn(&str) -> bool,
    lookups: &mut HashMap<PathBuf, Option<PathBuf>>,
    stub_folders: &mut dyn FnMut(&str) -> Option<Stubbed>,
) -> Vec<PathBuf> {
    let mut module_path = |dir: PathBuf| lookups.entry(dir).or_insert_with_key(|dir| module_path(dir)).clone();
    let mut paths = Vec::new();
    let folder = file.parent().unwrap_or(Path::new(""));
    for (module, names) in import_lines(text) {
        let dots = module.chars().take_while(|c| *c == '.').count();
        let rest = &module[dots..];
        // A relative import starts at the importer's package: its folder, then one up per extra dot.
        // Stubs come first and the first folder holding a module is what it is; else every
        // import root holding it is read (two checkouts of a package).
        let (bases, first_wins): (Vec<PathBuf>, bool) = if dots > 0 {
            let mut base = Some(folder);
            for _ in 1..dots {
                base = base.and_then(Path::parent);
            }
            (base.map(Path::to_path_buf).into_iter().collect(), false)
        } else {
            let top = rest.split('.').next().unwrap_or(rest);
            if !lookup(rest) || own.is_some_and(|own| own.contains(top)) {
                continue;
            }
            match stub_folders(top) {
                Some(Stubbed { mut folders, then_roots }) => {
                    if then_roots {
                        folders.extend(search_folders(file, roots));
                    }
                    (folders, true)
                }
                None => (search_folders(file, roots), false),
            }
        };
        if first_wins {
            // The packages above the module, each from the first folder holding it (a partial
            // stub's `__init__.pyi`, not the source's).
            let parts: Vec<&str> = rest.split('.').collect();
            for depth in 1..parts.len() {
                let package = |base: &PathBuf| parts[..depth].iter().fold(base.clone(), |dir, part| dir.join(part));
                paths.extend(bases.iter().find_map(|base| module_path(package(base))));
            }
        }
        let mut module_found = false;
        let mut names_found: Vec<&analysis::hir::Name> = Vec::new();
        for base in &bases {
            let module_dir = |top: &str| {
                rest.split('.').skip(1).filter(|p| !p.is_empty()).fold(base.join(top), |dir, part| dir.join(part))
            };
            let top = rest.split('.').next().unwrap_or("");
            // A stubs-only package (`types-requests` installs `requests-stubs`) is what type
            // checkers read for the package, for absolute imports.
            let stubs = module_dir(&format!("{top}-stubs"));
            let module_dir = if dots == 0 && !top.is_empty() && stubs.is_dir() { stubs } else { module_dir(top) };
            // Where the first folder wins, a module found is not looked for further.
            let looked_for = !(rest.is_empty() || first_wins && module_found);
            if looked_for && let Some(found) = module_path(module_dir.clone()) {
                paths.push(found);
                module_found = true;
            }
            for name in &names {
                if first_wins && names_found.contains(&name) {
                    continue;
                }
                if let Some(found) = module_path(module_dir.join(name.as_str())) {
                    paths.push(found);
                    names_found.push(name);
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

/// A stub wins over its module, as type checkers read them.
fn module_file(folder: &Path, stem: &str) -> Option<PathBuf> {
    ["pyi", "py"].iter().map(|ext| folder.join(format!("{stem}.{ext}"))).find(|p| p.is_file())
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

    #[test]
    fn libraries_are_read_as_type_checkers_read_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(
            &root,
            &[
                ("site/flask/__init__.py", "from .helpers import redirect\n"),
                ("site/flask/helpers.py", "from werkzeug.wrappers import Response\nimport typing_extensions\n"),
                ("site/flask/unused.py", ""),
                ("site/werkzeug/__init__.py", ""),
                ("site/werkzeug/wrappers/__init__.py", ""),
                ("site/werkzeug/wrappers/__init__.pyi", ""),
                ("site/requests/__init__.py", ""),
                ("site/requests-stubs/__init__.pyi", "from .api import get\n"),
                ("site/requests-stubs/api.pyi", ""),
                ("site/typing_extensions.py", ""),
                ("site/logging/__init__.py", ""),
                ("site/sqlalchemy/__init__.py", ""),
                ("site/app/__init__.py", ""),
                ("app/views.py", ""),
            ],
        );
        let views = root.join("app/views.py");
        let text = "import flask\nimport requests\nimport logging\nfrom sqlalchemy import select\nimport app.db\n";
        let own = HashSet::from(["app".to_owned()]);
        let stubs = ThirdPartyStubs::default();
        let found =
            library_closure(&[(views, text.to_owned())], &[root.join("site")], &own, &stubs, |_| Known::Unknown);
        // The stubs of a package and a stub beside its module win; the standard library,
        // typing_extensions and SQLAlchemy are known without their source; an installed copy of
        // the project is not read.
        assert_eq!(
            names(&root, &found),
            [
                "site/flask/__init__.py",
                "site/flask/helpers.py",
                "site/requests-stubs/__init__.pyi",
                "site/requests-stubs/api.pyi",
                "site/werkzeug/__init__.py",
                "site/werkzeug/wrappers/__init__.pyi",
            ]
        );
    }

    #[test]
    fn typeshed_s_third_party_stubs_type_a_package_that_is_not_py_typed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(
            &root,
            &[
                ("typeshed/stdlib/VERSIONS", ""),
                ("typeshed/stubs/PyYAML/METADATA.toml", "version = \"6.0.*\"\n"),
                ("typeshed/stubs/PyYAML/yaml/__init__.pyi", "from .loader import *\n"),
                ("typeshed/stubs/PyYAML/yaml/loader.pyi", ""),
                ("typeshed/stubs/six/six.pyi", ""),
                ("typeshed/stubs/notinstalled/notinstalled/__init__.pyi", ""),
                ("typeshed/stubs/typedpkg/typedpkg/__init__.pyi", ""),
                ("typeshed/stubs/partial/METADATA.toml", "partial-stub = true\n"),
                ("typeshed/stubs/partial/partialpkg/__init__.pyi", ""),
                ("typeshed/stubs/ns-one/METADATA.toml", "partial-stub = true\n"),
                ("typeshed/stubs/ns-one/ns/one/__init__.pyi", ""),
                ("typeshed/stubs/ns-two/ns/two/__init__.pyi", ""),
                ("site/six.py", ""),
                ("site/yaml/__init__.py", "from .loader import *\n"),
                ("site/yaml/loader.py", ""),
                ("site/typedpkg/__init__.py", ""),
                ("site/typedpkg/py.typed", ""),
                ("site/partialpkg/__init__.py", ""),
                ("site/partialpkg/extra.py", ""),
                ("site/ns/one/__init__.py", ""),
                ("site/ns/one/more.py", ""),
            ],
        );
        let app = root.join("app/views.py");
        let text = "import yaml\nimport six\nimport typedpkg\nimport partialpkg.extra\nimport notinstalled\n\
                    from ns.one import more\nimport ns.two\n";
        let stubs = ThirdPartyStubs::find(Some(&root.join("typeshed/stdlib")));
        assert_eq!(stubs.root, Some(root.join("typeshed/stubs")));
        let site = [root.join("site")];
        let found = library_closure(&[(app, text.to_owned())], &site, &HashSet::new(), &stubs, |_| Known::Unknown);
        // An untyped package's stubs win; a `py.typed` package is read from the source, and so is
        // what a partial stub leaves out; a package that is not installed is read from its stubs;
        // a namespace package (`ns`) from each distribution that has a part of it.
        // (The source's packages above a module read from it are read too; the analysis's
        // module map prefers a library's stub.)
        assert_eq!(
            names(&root, &found),
            [
                "site/ns/one/__init__.py",
                "site/ns/one/more.py",
                "site/partialpkg/__init__.py",
                "site/partialpkg/extra.py",
                "site/typedpkg/__init__.py",
                "typeshed/stubs/PyYAML/yaml/__init__.pyi",
                "typeshed/stubs/PyYAML/yaml/loader.pyi",
                "typeshed/stubs/notinstalled/notinstalled/__init__.pyi",
                "typeshed/stubs/ns-one/ns/one/__init__.pyi",
                "typeshed/stubs/ns-two/ns/two/__init__.pyi",
                "typeshed/stubs/partial/partialpkg/__init__.pyi",
                "typeshed/stubs/six/six.pyi",
            ]
        );
    }

    #[test]
    fn the_standard_library_is_read_from_typeshed_except_what_the_analysis_knows() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(
            &root,
            &[
                ("stdlib/VERSIONS", ""),
                ("stdlib/logging/__init__.pyi", "import sys\nfrom _typeshed import StrPath\nfrom typing import Any\n"),
                ("stdlib/_typeshed/__init__.pyi", "from os import PathLike\n"),
                ("stdlib/os/__init__.pyi", "from . import path as _path\n"),
                ("stdlib/os/path.pyi", "from posixpath import *\n"),
                ("stdlib/posixpath.pyi", ""),
                ("stdlib/sys/__init__.pyi", ""),
                ("stdlib/datetime.pyi", ""),
                ("stdlib/typing.pyi", ""),
                ("stdlib/builtins.pyi", ""),
                ("stdlib/unused.pyi", ""),
                ("app/logging_setup.py", ""),
            ],
        );
        let app = root.join("app/views.py");
        let text = "import logging\nfrom datetime import datetime\nimport flask\n";
        let found = stdlib_closure(&[(app, text.to_owned())], &root.join("stdlib"), |_| Known::Unknown);
        assert_eq!(
            names(&root, &found),
            [
                "stdlib/_typeshed/__init__.pyi",
                "stdlib/logging/__init__.pyi",
                "stdlib/os/__init__.pyi",
                "stdlib/os/path.pyi",
                "stdlib/posixpath.pyi",
                "stdlib/sys/__init__.pyi",
                // Held by the analysis, read only for its classes' other members (`Mapping.items`).
                "stdlib/typing.pyi",
            ]
        );
    }
}
