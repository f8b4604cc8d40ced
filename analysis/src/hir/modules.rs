//! Which file is which module: dotted names from package structure (`__init__.py` chains) and from the
//! project's import roots.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::Name;
use crate::db::{Db, SourceFile};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ModuleMap {
    /// Every file that claims a module name (two checkouts of a package can live in one workspace),
    /// with its path and whether it is a library's stub.
    by_name: FxHashMap<Name, Vec<(SourceFile, Arc<str>, bool)>>,
    /// The canonical (package-structure) name of each file.
    names: FxHashMap<SourceFile, Name>,
    /// Every Python file by path, for pyright's fallback for scripts (`file_from`).
    by_path: FxHashMap<Arc<str>, SourceFile>,
    /// The import roots, longest first.
    roots: Vec<Arc<str>>,
    /// typeshed's stubs of the modules the analysis holds itself ([`STUBBED_NATIVE_MODULES`]),
    /// by module: never what an import of the module means, only where the members of its
    /// classes that the analysis does not hold are read.
    native_stubs: FxHashMap<Name, SourceFile>,
}

impl ModuleMap {
    /// typeshed's stub of a module the analysis holds itself (`collections`), where loaded.
    pub fn native_stub(&self, module: &str) -> Option<SourceFile> {
        self.native_stubs.get(module).copied()
    }

    pub fn file(&self, module: &str) -> Option<SourceFile> {
        let files = self.by_name.get(module)?;
        files.iter().max_by_key(|(_, path, _)| is_stub(path)).map(|(file, ..)| *file)
    }

    /// The file of a module as seen from `importer`: where several files claim the name, the one
    /// sharing the longest path with the importer (its own project) wins.
    ///
    /// A module no root or package names is looked for as pyright does for a script: in the
    /// importer's own folder, then each folder above it up to the import root holding it
    /// (`scripts/run.py` imports `scripts/helpers.py` as `helpers`).
    pub fn file_from(&self, module: &str, importer: &str) -> Option<SourceFile> {
        match self.by_name.get(module) {
            // A library's stub wins over its source wherever each is (typeshed's partial stubs
            // beside site-packages).
            Some(files) => files
                .iter()
                .max_by_key(|(_, path, library_stub)| (*library_stub, common_prefix(path, importer), is_stub(path)))
                .map(|(file, ..)| *file),
            None => self.beside(module, importer),
        }
    }

    fn beside(&self, module: &str, importer: &str) -> Option<SourceFile> {
        if module.is_empty() || super::is_external_root(module) || is_stdlib(module) {
            return None;
        }
        let relative = module.replace('.', "/");
        let containing =
            self.roots.iter().find(|r| importer.strip_prefix(&***r).is_some_and(|rest| rest.starts_with('/')));
        let mut dir = importer.rsplit_once('/').map(|(dir, _)| dir);
        while let Some(folder) = dir {
            for candidate in [".py", ".pyi", "/__init__.py", "/__init__.pyi"] {
                if let Some(file) = self.by_path.get(format!("{folder}/{relative}{candidate}").as_str()) {
                    return Some(*file);
                }
            }
            if containing.is_none_or(|root| folder == &**root) {
                return None;
            }
            dir = folder.rsplit_once('/').map(|(dir, _)| dir);
        }
        None
    }

    pub fn name(&self, file: SourceFile) -> Option<&Name> {
        self.names.get(&file)
    }

    pub fn is_package(&self, module: &str) -> bool {
        let prefix = format!("{module}.");
        self.by_name.keys().any(|k| k.starts_with(&prefix))
    }
}

#[salsa::tracked(returns(ref))]
pub fn module_map(db: &dyn Db) -> Arc<ModuleMap> {
    let project = db.project();
    let files: Vec<SourceFile> = project.files(db).iter().copied().filter(|f| *f.exists(db)).collect();
    let paths: FxHashSet<&str> = files.iter().map(|f| &**f.path(db)).collect();
    // Folders holding modules of their own (`pgadmin4/config.py`): an application's root put on
    // `sys.path`, not a namespace package.
    let module_dirs: FxHashSet<&str> = paths
        .iter()
        .filter(|p| crate::db::is_python_path(p))
        .map(|p| p.rsplit_once('/').map_or("", |(dir, _)| dir))
        .collect();
    let mut map = ModuleMap::default();
    let library_roots = library_roots(project.libraries(db), &paths);
    let mut roots: Vec<&str> =
        project.roots(db).iter().map(|r| &**r).chain(library_roots.iter().map(|r| &**r)).collect();
    // Longer roots first so `src/` wins over the workspace folder that contains it.
    roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
    for &file in &files {
        let path = &**file.path(db);
        if !crate::db::is_python_path(path) {
            continue;
        }
        map.by_path.insert(file.path(db).clone(), file);
        let library_stub = is_stub(path) && crate::db::is_library(db, file);
        let mut package_name = package_module_name(path, &paths);
        let mut nearest_root = true;
        for root in &roots {
            if let Some(rel) = path.strip_prefix(root).and_then(|r| r.strip_prefix('/'))
                && let Some(name) = dotted(rel)
            {
                // Folders without `__init__.py` between the import root and the package are
                // namespace packages (PEP 420): `galaxy/model/__init__.py` is `galaxy.model`.
                let extends = |package: &Name| {
                    let Some(prefix) = name.strip_suffix(package.as_str()).and_then(|p| p.strip_suffix('.')) else {
                        return false;
                    };
                    // Each namespace folder, from the root down, holds no module of its own.
                    let mut dir = root.to_string();
                    prefix.split('.').all(|part| {
                        dir = format!("{dir}/{part}");
                        !module_dirs.contains(dir.as_str())
                    })
                };
                if nearest_root && package_name.as_ref().is_some_and(extends) {
                    package_name = Some(name.clone());
                }
                nearest_root = false;
                if !(is_native_stdlib(&name) && crate::db::is_library(db, file)) {
                    claim(&mut map, name, file, path, library_stub);
                } else if is_stub(path) {
                    map.native_stubs.insert(name, file);
                }
            }
        }
        if let Some(name) = package_name {
            // An installed package's subpackage named like a module the analysis holds itself
            // (`jaraco/collections/` of the namespace package `jaraco`) never stands for it.
            if !(is_native_stdlib(&name) && crate::db::is_library(db, file)) {
                claim(&mut map, name.clone(), file, path, library_stub);
            } else if is_stub(path) {
                map.native_stubs.insert(name.clone(), file);
            }
            map.names.insert(file, name);
        }
    }
    map.roots = roots.iter().filter(|r| !library_roots.iter().any(|l| l == *r)).map(|r| Arc::from(*r)).collect();
    Arc::new(map)
}

/// Where installed packages are named from, namespace packages included
/// (`google/protobuf/descriptor.py` is `google.protobuf.descriptor`): the site-packages folders,
/// and each distribution of typeshed's third-party stubs (`stubs/protobuf/google/...`).
fn library_roots(sources: &[Arc<str>], paths: &FxHashSet<&str>) -> Vec<String> {
    let mut roots: Vec<String> = Vec::new();
    for source in sources {
        if source.ends_with("/site-packages") || source.ends_with("/dist-packages") {
            roots.push(source.to_string());
        } else if source.ends_with("/stubs") {
            let prefix = format!("{source}/");
            for path in paths {
                if let Some((distribution, _)) = path.strip_prefix(&prefix).and_then(|rest| rest.split_once('/')) {
                    roots.push(format!("{prefix}{distribution}"));
                }
            }
        }
    }
    roots.sort();
    roots.dedup();
    roots
}

fn claim(map: &mut ModuleMap, name: Name, file: SourceFile, path: &str, library_stub: bool) {
    let files = map.by_name.entry(name).or_default();
    if !files.iter().any(|(f, ..)| *f == file) {
        files.push((file, Arc::from(path), library_stub));
    }
}

/// A stub (`op.pyi` beside `op.py`) is what type checkers read: it wins over its module.
pub fn is_stub(path: &str) -> bool {
    path.ends_with(".pyi")
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// The module name of a file, for relative imports.
pub fn module_name(db: &dyn Db, file: SourceFile) -> Option<Name> {
    module_map(db).name(file).cloned()
}

/// Walks up from the file while the folder is a package (has `__init__.py`).
fn package_module_name(path: &str, paths: &FxHashSet<&str>) -> Option<Name> {
    let (dir, file_name) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = file_name.strip_suffix(".pyi").or_else(|| file_name.strip_suffix(".py"))?;
    let mut parts: Vec<&str> = Vec::new();
    if stem != "__init__" {
        parts.push(stem);
    }
    let is_package = |dir: &str| {
        !dir.is_empty()
            && (paths.contains(format!("{dir}/__init__.py").as_str())
                || paths.contains(format!("{dir}/__init__.pyi").as_str()))
    };
    let mut dir = dir;
    loop {
        let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir));
        // A folder without `__init__.py` inside a package is a namespace portion of it
        // (`flask/sansio/app.py` is `flask.sansio.app`).
        if !is_package(dir) && !is_package(parent) {
            break;
        }
        // `requests-stubs/` holds the stubs of `requests`.
        parts.push(name.strip_suffix("-stubs").unwrap_or(name));
        dir = parent;
    }
    if parts.is_empty() {
        return None;
    }
    parts.reverse();
    Some(Name::from(parts.join(".")))
}

fn dotted(rel: &str) -> Option<Name> {
    let rel = rel.strip_suffix(".pyi").or_else(|| rel.strip_suffix(".py"))?;
    let rel = rel.strip_suffix("/__init__").unwrap_or(rel);
    if rel.is_empty() || rel == "__init__" || rel.split('/').any(|p| p.is_empty() || p.contains('.') || p.contains('-'))
    {
        return None;
    }
    Some(Name::from(rel.replace('/', ".")))
}

/// Whether the analysis knows a module without reading its source: SQLAlchemy's family (as data),
/// the standard library and `typing_extensions` (as type checkers know them from typeshed). An
/// installed copy of one (`typing_extensions.py` in site-packages) is never loaded.
pub fn is_native_module(module: &str) -> bool {
    let top = module.split('.').next().unwrap_or(module);
    super::is_external_root(module) || is_stdlib(module) || matches!(top, "typing_extensions" | "mypy_extensions")
}

/// The standard-library modules whose meaning the analysis holds itself (typing constructs, the
/// Python types SQLAlchemy maps to columns, context managers, dataclasses, collections' generics):
/// never read from typeshed, where the rest of the standard library is read from when present.
const NATIVE_STDLIB: &[&str] = &[
    "builtins",
    "typing",
    "collections",
    "_collections_abc",
    "abc",
    "types",
    "datetime",
    "decimal",
    "uuid",
    "enum",
    "contextlib",
    "dataclasses",
    "functools",
];

/// The modules of [`NATIVE_STDLIB`] whose typeshed stubs are read all the same, for the members
/// of their classes the analysis does not hold (`MappingProxyType.values`, `deque.popleft`).
const STUBBED_NATIVE_MODULES: &[&str] = &["types", "collections", "typing", "contextlib"];

/// Whether typeshed's stub of a standard-library module is read: a module read from typeshed
/// ([`is_typeshed_module`]) or one of [`STUBBED_NATIVE_MODULES`].
pub fn is_stdlib_stub_read(module: &str) -> bool {
    is_typeshed_module(module) || STUBBED_NATIVE_MODULES.contains(&module)
}

/// Whether a module is one of [`NATIVE_STDLIB`] (or below one).
fn is_native_stdlib(module: &str) -> bool {
    let top = module.split('.').next().unwrap_or(module);
    NATIVE_STDLIB.contains(&top) && is_stdlib(module)
}

/// Whether a module is read from typeshed's standard-library stubs when they are found: a module
/// of the standard library (or typeshed's own `_typeshed`) that is not [`NATIVE_STDLIB`].
pub fn is_typeshed_module(module: &str) -> bool {
    let top = module.split('.').next().unwrap_or(module);
    (is_stdlib(module) || top == "_typeshed") && !NATIVE_STDLIB.contains(&top)
}

/// Whether a module is the standard library's (`typing`, `os.path`): type checkers resolve it
/// there before the importer's own folder (`app/typing.py` does not shadow `import typing`).
pub(crate) fn is_stdlib(module: &str) -> bool {
    static NAMES: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> = std::sync::LazyLock::new(|| {
        include_str!("stdlib_modules.txt").lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect()
    });
    let top = module.split('.').next().unwrap_or(module);
    NAMES.contains(top)
}
