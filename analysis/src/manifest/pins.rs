//! The pins the project's files declare, and what they say about SQLAlchemy.

use rustc_hash::{FxHashMap, FxHashSet};

use super::{DependencyFile, Subject, dependency_file_kind, items, requirement_includes, setup_py};
use crate::db::{Db, SourceFile, is_python_path};
use crate::settings::Series;

/// Joins a relative path to a folder and resolves `.` and `..` ('/'-separated).
pub(super) fn join(folder: &str, relative: &str) -> String {
    let relative = relative.replace('\\', "/");
    let mut parts: Vec<&str> = if relative.starts_with('/') { Vec::new() } else { folder.split('/').collect() };
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if folder.starts_with('/') && !joined.starts_with('/') { format!("/{joined}") } else { joined }
}

/// Requirements files: by name, and every file they include or constrain with, transitively.
#[salsa::tracked(returns(ref))]
pub fn requirement_files(db: &dyn Db) -> FxHashSet<SourceFile> {
    let files: Vec<SourceFile> = db.project().files(db).iter().copied().filter(|f| *f.exists(db)).collect();
    let by_path: FxHashMap<&str, SourceFile> = files.iter().map(|f| (&**f.path(db), *f)).collect();
    let mut found: FxHashSet<SourceFile> = files
        .iter()
        .copied()
        .filter(|f| dependency_file_kind(f.path(db)) == Some(DependencyFile::Requirements))
        .collect();
    let mut queue: Vec<SourceFile> = found.iter().copied().collect();
    while let Some(file) = queue.pop() {
        let path = file.path(db);
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        for include in requirement_includes(file.text(db)) {
            if let Some(included) = by_path.get(join(folder, &include).as_str())
                && !is_python_path(included.path(db))
                && found.insert(*included)
            {
                queue.push(*included);
            }
        }
    }
    found
}

/// The format of a project file, by its name or because a requirements file includes it.
pub fn kind_of(db: &dyn Db, file: SourceFile) -> Option<DependencyFile> {
    dependency_file_kind(file.path(db))
        .or_else(|| requirement_files(db).contains(&file).then_some(DependencyFile::Requirements))
}

/// The requirements a project file declares, as (normalised name, specifier; `==2.0.3` for
/// locked versions): from its items, or for setup.py from its quoted strings.
pub fn file_pins(kind: Option<DependencyFile>, path: &str, text: &str) -> Vec<(String, String)> {
    if setup_py::is_setup_py(path) {
        return setup_py::pins(text);
    }
    let Some(kind) = kind else { return Vec::new() };
    items(kind, text)
        .into_iter()
        .filter_map(|item| match item.subject {
            Subject::Requirement { name, spec } => Some((name, spec)),
            Subject::Plugin(_) => None,
        })
        .collect()
}

/// Whether a dependency file of the project pins SQLAlchemy below 2.0 (then the stubs may be right).
#[salsa::tracked(returns(copy))]
pub fn pins_sqlalchemy_1(db: &dyn Db) -> bool {
    // Python files are never dependency files: their text (typed in the editor) is not read here.
    let files = db.project().files(db);
    files.iter().filter(|f| !crate::db::is_python_path(f.path(db)) && *f.exists(db)).any(|file| {
        let kind = kind_of(db, *file);
        file_pins(kind, file.path(db), file.text(db))
            .iter()
            .any(|(name, spec)| name == "sqlalchemy" && spec_is_1x(spec))
    })
}

/// The SQLAlchemy series a file pins, from the first `sqlalchemy` requirement with a version
/// (the file's format from its name: the server reads the files at the project's root with it).
pub fn pinned_series(path: &str, text: &str) -> Option<Series> {
    file_pins(dependency_file_kind(path), path, text)
        .iter()
        .filter(|(name, _)| name == "sqlalchemy")
        .find_map(|(_, spec)| series_of_spec(spec))
}

/// The series a version specifier allows, from its first clause that says one (`>=2.1,<3` → 2.1,
/// `^2.0` → 2.0, `<2.1` → 2.0); none for a URL, an exclusion (`!=2.0.1`) or no version.
pub fn series_of_spec(spec: &str) -> Option<Series> {
    let spec = spec.trim();
    if spec.starts_with('@') {
        return None;
    }
    let mut lower_1x = false;
    let found = spec.split(',').find_map(|clause| {
        let clause = clause.trim().trim_matches(|c| c == '"' || c == '\'');
        let at = clause.find(|c: char| c.is_ascii_digit())?;
        let (op, rest) = (clause[..at].trim(), &clause[at..]);
        let version: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        match op {
            "!=" => None,
            // Below 2.0.0 is 1.x; below 2.1.0 is 2.0 at most; below anything later may be 2.1.
            "<" => {
                let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
                let (major, minor) = (parts.next()?, parts.next().unwrap_or(0));
                let rest_zero = parts.all(|p| p == 0);
                let at_most_2_0_0 = major < 2 || (major == 2 && minor == 0 && rest_zero);
                let at_most_2_1_0 = major == 2 && (minor == 0 || (minor == 1 && rest_zero));
                Some(if at_most_2_0_0 {
                    Series::V14
                } else if at_most_2_1_0 {
                    Series::V20
                } else {
                    Series::V21
                })
            }
            // `>=1.4` says only where the range starts: a later clause (`<2`) may say more.
            ">=" | ">" if series_of_version(&version) == Some(Series::V14) => {
                lower_1x = true;
                None
            }
            _ => series_of_version(&version),
        }
    });
    // `>=1.4` alone lets 2.x in: the series such projects migrate to.
    found.or(lower_1x.then_some(Series::V20))
}

/// 1.x → 1.4 (1.3 and 1.4 are one series to us: untyped), 2.0.x → 2.0, 2.1.x and later → 2.1.
pub fn series_of_version(version: &str) -> Option<Series> {
    let mut parts = version.split('.');
    let major: u32 = parts.next()?.trim().parse().ok()?;
    let minor: u32 = parts
        .next()
        .and_then(|m| m.chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok())
        .unwrap_or(0);
    match (major, minor) {
        (0 | 1, _) => Some(Series::V14),
        (2, 0) => Some(Series::V20),
        _ => Some(Series::V21),
    }
}

/// Whether a version specifier excludes every 2.x release: `<2`, `==1.4.*`, `~=1.4`, Poetry's
/// `^1.4` / `1.4.*`, conda's `=1.4`.
pub fn spec_is_1x(spec: &str) -> bool {
    spec.split(',').any(|clause| {
        let clause = clause.trim().trim_matches(|c| c == '"' || c == '\'');
        let (op, version) = match clause.find(|c: char| c.is_ascii_digit()) {
            Some(at) => (clause[..at].trim(), &clause[at..]),
            None => return false,
        };
        let mut parts = version.split('.').map(|p| p.chars().take_while(char::is_ascii_digit).collect::<String>());
        let major: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(99);
        let minor: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
        let rest_zero = parts.all(|p| p.parse::<u32>().unwrap_or(0) == 0);
        match op {
            "<" => major < 2 || (major == 2 && minor == 0 && rest_zero),
            "==" | "===" | "=" | "" | "^" | "~" | "~=" | "<=" => major < 2,
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_series_in_common_forms() {
        assert_eq!(pinned_series("/p/requirements.txt", "flask\nSQLAlchemy==2.0.36\n"), Some(Series::V20));
        assert_eq!(pinned_series("/p/requirements.txt", "sqlalchemy>=2.1,<3"), Some(Series::V21));
        let poetry = "[tool.poetry.dependencies]\nsqlalchemy = \"^2.0\"";
        assert_eq!(pinned_series("/p/pyproject.toml", poetry), Some(Series::V20));
        let lock = "[[package]]\nname = \"sqlalchemy\"\nversion = \"2.1.2\"";
        assert_eq!(pinned_series("/p/uv.lock", lock), Some(Series::V21));
        assert_eq!(pinned_series("/p/requirements.txt", "sqlalchemy-stubs==0.4\n"), None);
        assert_eq!(pinned_series("/p/requirements.txt", "sqlalchemy2-stubs\n"), None);
        assert_eq!(pinned_series("/p/requirements.txt", "SQLAlchemy==1.4.52"), Some(Series::V14));
        assert_eq!(pinned_series("/p/requirements.txt", "SQLAlchemy==1.4.*"), Some(Series::V14));
        assert_eq!(pinned_series("/p/requirements.txt", "sqlalchemy<2"), Some(Series::V14));
        assert_eq!(pinned_series("/p/requirements.txt", "sqlalchemy~=1.3"), Some(Series::V14));
        assert_eq!(pinned_series("/p/requirements.txt", "sqlalchemy>=1.4,<2.0"), Some(Series::V14));
        assert_eq!(pinned_series("/p/requirements.txt", "sqlalchemy>=1.4"), Some(Series::V20));
        assert_eq!(pinned_series("/p/setup.py", "setup(install_requires=['SQLAlchemy>=2.1'])"), Some(Series::V21));
        assert_eq!(pinned_series("/p/requirements.txt", "sqlalchemy @ https://x/2.1.whl"), None);
        assert_eq!(pinned_series("/p/notes.txt", "sqlalchemy==2.1"), None);
        for (spec, series) in [
            ("<2.1", Some(Series::V20)),
            ("<2.1.0", Some(Series::V20)),
            ("<2.1.3", Some(Series::V21)),
            ("<3", Some(Series::V21)),
            ("<2", Some(Series::V14)),
            ("<2.0.5", Some(Series::V20)),
            ("<1.4", Some(Series::V14)),
            ("!=2.0.1,>=2.1", Some(Series::V21)),
            ("!=2.0.1", None),
            ("*", None),
        ] {
            assert_eq!(series_of_spec(spec), series, "{spec}");
        }
    }
}
