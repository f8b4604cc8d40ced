//! The project's environment: the packages installed in its virtualenv (`$VIRTUAL_ENV`, `.venv`,
//! `venv`), read from their `*.dist-info` folders. They become the analysis's `installed` input,
//! which the stale-stubs rule reads, and they tell series detection which SQLAlchemy is installed.

use std::path::{Path, PathBuf};

use analysis::manifest::InstalledPackage;
use std::collections::HashSet;

use super::workspace::path_key;

/// The site-packages folders of the project's environments, `$VIRTUAL_ENV` first.
fn site_packages(root: &Path) -> Vec<PathBuf> {
    let mut envs: Vec<PathBuf> = Vec::new();
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        envs.push(PathBuf::from(venv));
    }
    envs.push(root.join(".venv"));
    envs.push(root.join("venv"));
    let mut sites = Vec::new();
    for env in envs {
        for lib in ["lib", "Lib", "lib64"] {
            if lib == "Lib" {
                // Windows: `Lib/site-packages`, no Python version folder.
                sites.push(env.join(lib).join("site-packages"));
                continue;
            }
            let Ok(entries) = std::fs::read_dir(env.join(lib)) else { continue };
            let mut versions: Vec<PathBuf> = entries.flatten().map(|e| e.path().join("site-packages")).collect();
            versions.sort();
            sites.extend(versions);
        }
    }
    sites
}

/// Every distribution installed in the project's environments, in the order they are searched
/// (an environment's packages by name); a package found twice (`lib64` → `lib`) is listed once.
pub fn installed_packages(root: &Path) -> Vec<InstalledPackage> {
    let mut found: Vec<InstalledPackage> = Vec::new();
    for site in site_packages(root) {
        let Ok(site) = site.canonicalize() else { continue };
        let Ok(entries) = std::fs::read_dir(&site) else { continue };
        let mut folders: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".dist-info"))
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        folders.sort();
        for folder in folders {
            if let Some(package) = InstalledPackage::from_dist_info(&path_key(&folder))
                && !found.iter().any(|p| p.location == package.location)
            {
                found.push(package);
            }
        }
    }
    found
}

/// The site-packages folders the installed packages live in, each once, in search order.
pub fn sites_of(installed: &[InstalledPackage]) -> Vec<PathBuf> {
    let mut sites: Vec<PathBuf> = Vec::new();
    for package in installed {
        if let Some(site) = Path::new(&*package.location).parent()
            && !sites.iter().any(|s| s == site)
        {
            sites.push(site.to_path_buf());
        }
    }
    sites
}

/// Where typeshed's standard-library stubs are (the `stdlib` folder holding `VERSIONS`):
/// `$SQLA_TYPESHED` (a typeshed checkout or a type checker's bundled copy), else the copy a type
/// checker installed in the environment brings (mypy, basedpyright). Without them, the standard
/// library's values are what the analysis knows itself.
pub fn typeshed_stdlib(sites: &[PathBuf]) -> Option<PathBuf> {
    let stdlib_of = |typeshed: PathBuf| {
        let stdlib = typeshed.join("stdlib");
        stdlib.join("VERSIONS").is_file().then(|| stdlib.canonicalize().unwrap_or(stdlib))
    };
    if let Some(path) = std::env::var_os("SQLA_TYPESHED") {
        return stdlib_of(PathBuf::from(path));
    }
    sites
        .iter()
        .flat_map(|site| [site.join("mypy/typeshed"), site.join("basedpyright/dist/typeshed-fallback")])
        .find_map(stdlib_of)
}

/// What a package depending on one of these may declare: models, declarative bases and mixins a
/// project builds on (`flask_appbuilder`'s `Model` and `AuditMixin`).
const MODEL_LIBRARIES: &[&str] = &["sqlalchemy", "flask-sqlalchemy", "sqlmodel", "flask-sqlalchemy-lite"];

/// At most this many files are loaded from one installed package.
const MAX_LIBRARY_FILES: usize = 4000;

/// The sources of installed packages the project's models may build on: packages that depend on
/// SQLAlchemy (or Flask-SQLAlchemy, SQLModel), whose top-level module the project imports and does
/// not define itself. Each is a folder (or a single module) in site-packages.
pub fn library_sources(
    installed: &[InstalledPackage],
    imported: &HashSet<String>,
    defined: &HashSet<String>,
) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for package in installed {
        let dist_info = Path::new(&*package.location);
        let Some(site) = dist_info.parent() else { continue };
        let Ok(metadata) = std::fs::read_to_string(dist_info.join("METADATA")) else { continue };
        if !requires_model_library(&metadata) {
            continue;
        }
        for top in top_level_modules(dist_info) {
            if !imported.contains(&top) || defined.contains(&top) || analysis::hir::is_external_root(&top) {
                continue;
            }
            let folder = site.join(&top);
            let module = site.join(format!("{top}.py"));
            let source = if folder.is_dir() { folder } else { module };
            if source.exists() && !out.contains(&source) {
                out.push(source);
            }
        }
    }
    out
}

/// The Python files and stubs of one library source (Alembic types `op` in `op.pyi`), at most
/// [`MAX_LIBRARY_FILES`].
pub fn library_files(source: &Path) -> Vec<PathBuf> {
    if source.is_file() {
        return vec![source.to_path_buf()];
    }
    // Not the project walk: a virtualenv ignores itself (`.gitignore` holding `*`).
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(source)
        .standard_filters(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| e.file_name() != "__pycache__")
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "py" || e == "pyi"))
        .take(MAX_LIBRARY_FILES)
        .collect();
    files.sort();
    files
}

/// A `Requires-Dist:` header naming one of [`MODEL_LIBRARIES`], not only for an extra.
fn requires_model_library(metadata: &str) -> bool {
    metadata.lines().take_while(|l| !l.trim().is_empty()).filter_map(|l| l.strip_prefix("Requires-Dist:")).any(
        |value| {
            let (requirement, marker) = value.split_once(';').unwrap_or((value, ""));
            let name: String = requirement
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect();
            !marker.contains("extra") && MODEL_LIBRARIES.contains(&analysis::manifest::normalize(&name).as_str())
        },
    )
}

/// The importable top-level names a distribution installs: `top_level.txt`, else the first part of
/// each Python file its `RECORD` lists.
fn top_level_modules(dist_info: &Path) -> Vec<String> {
    if let Ok(text) = std::fs::read_to_string(dist_info.join("top_level.txt")) {
        return text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    }
    let Ok(record) = std::fs::read_to_string(dist_info.join("RECORD")) else { return Vec::new() };
    let mut names: Vec<String> = Vec::new();
    for line in record.lines() {
        let path = line.split(',').next().unwrap_or("");
        if !path.ends_with(".py") || path.starts_with("..") {
            continue;
        }
        let top = path.split('/').next().unwrap_or(path);
        let top = top.strip_suffix(".py").unwrap_or(top);
        if !top.ends_with(".dist-info") && !top.contains('.') && !names.iter().any(|n| n == top) {
            names.push(top.to_owned());
        }
    }
    names
}

/// The top-level modules a Python file imports (`import a.b`, `from a.b import c`), read from its
/// lines without parsing; relative imports name none.
pub fn imported_top_levels(text: &str, out: &mut HashSet<String>) {
    for line in text.lines() {
        let line = line.trim_start();
        let rest = if let Some(rest) = line.strip_prefix("import ") {
            rest
        } else if let Some(rest) = line.strip_prefix("from ") {
            rest
        } else {
            continue;
        };
        for part in rest.split(',') {
            let top: String = part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !top.is_empty() {
                out.insert(top);
            }
            if line.starts_with("from ") {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A virtualenv holding `fab` (needs Flask-SQLAlchemy), `helper` (needs it only for an extra),
    /// `orm_kit` (a single module, found through `RECORD`) and the project's own `app`.
    fn venv() -> (tempfile::TempDir, Vec<InstalledPackage>) {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("lib/python3.12/site-packages");
        write(
            &site.join("fab-1.0.dist-info/METADATA"),
            "Name: fab\nRequires-Dist: Flask-SQLAlchemy <4,>=2.4\n\nbody\n",
        );
        write(&site.join("fab-1.0.dist-info/top_level.txt"), "fab\n");
        write(&site.join("fab/__init__.py"), "from .models import Model\n");
        write(&site.join("fab/models.py"), "import sqlalchemy\n");
        write(&site.join("fab/op.pyi"), "def get_bind() -> int: ...\n");
        write(&site.join("fab/__pycache__/models.cpython-312.py"), "");
        write(
            &site.join("helper-2.0.dist-info/METADATA"),
            "Name: helper\nRequires-Dist: sqlalchemy ; extra == \"db\"\n\n",
        );
        write(&site.join("helper-2.0.dist-info/top_level.txt"), "helper\n");
        write(&site.join("helper/__init__.py"), "");
        write(&site.join("orm_kit-0.1.dist-info/METADATA"), "Name: orm-kit\nRequires-Dist: SQLAlchemy (>=1.4)\n\n");
        write(&site.join("orm_kit-0.1.dist-info/RECORD"), "orm_kit.py,sha256=x,1\norm_kit-0.1.dist-info/METADATA,,\n");
        write(&site.join("orm_kit.py"), "import sqlalchemy\n");
        write(&site.join("app-3.0.dist-info/METADATA"), "Name: app\nRequires-Dist: sqlalchemy\n\n");
        write(&site.join("app-3.0.dist-info/top_level.txt"), "app\n");
        write(&site.join("app/__init__.py"), "");
        let installed = ["fab-1.0", "helper-2.0", "orm_kit-0.1", "app-3.0"]
            .iter()
            .filter_map(|d| InstalledPackage::from_dist_info(&site.join(format!("{d}.dist-info")).to_string_lossy()))
            .collect();
        (dir, installed)
    }

    #[test]
    fn libraries_are_imported_packages_built_on_sqlalchemy_that_the_project_does_not_define() {
        let (dir, installed) = venv();
        let mut imported = HashSet::new();
        imported_top_levels(
            "import os\nfrom fab import Model\nimport helper, orm_kit as k\nfrom . import x\nfrom app.models import A\n",
            &mut imported,
        );
        let mut expected: Vec<&str> = vec!["app", "fab", "helper", "orm_kit", "os"];
        let mut got: Vec<&str> = imported.iter().map(String::as_str).collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected);
        let defined: HashSet<String> = ["app".to_owned()].into();
        let site = dir.path().join("lib/python3.12/site-packages");
        let sources = library_sources(&installed, &imported, &defined);
        assert_eq!(sources, [site.join("fab"), site.join("orm_kit.py")]);
        let files: Vec<String> = library_files(&sources[0])
            .iter()
            .map(|p| p.strip_prefix(&site).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(files, ["fab/__init__.py", "fab/models.py", "fab/op.pyi"]);
        assert_eq!(library_files(&sources[1]), [site.join("orm_kit.py")]);
    }

    #[test]
    fn a_virtualenv_that_ignores_itself_is_still_read() {
        // virtualenv writes `.gitignore` holding `*` into the environment.
        let (dir, _) = venv();
        std::fs::write(dir.path().join(".gitignore"), "*").unwrap();
        let fab = dir.path().join("lib/python3.12/site-packages/fab");
        assert_eq!(library_files(&fab).len(), 3);
    }
}
