//! The project's manifest: its dependency and tool-configuration files (requirements files and the
//! files they include, pyproject.toml with PEP 621, dependency groups, Poetry, PDM, Hatch and uv
//! sections, setup.cfg, setup.py, Pipfile, environment.yml, mypy.ini, lock files), the pins read
//! from them, and the packages installed in the project's environment (a project input the server
//! fills: the analysis does no I/O).
//!
//! TOML files are read with the `toml` crate (keeping spans); the other formats with small
//! purpose-built scanners (INI, YAML list items, JSON keys). Both keep byte positions, so a rule can
//! point at the exact line and remove exactly one line or one list element. Anything they do not
//! understand is skipped. The stale-stubs rule, SQLAlchemy series detection (in the server) and the
//! server's choice of files to load and watch all read the files through here.

mod core_metadata;
mod environment;
mod ini;
mod installed;
mod pins;
mod pipfile_lock;
mod requirements;
mod setup_py;
mod toml_files;

#[cfg(test)]
mod tests;

use crate::db::is_python_path;

pub use installed::{InstalledPackage, installed_sqlalchemy};
pub use pins::{
    file_pins, kind_of, pinned_series, pins_sqlalchemy_1, requirement_files, series_of_spec, series_of_version,
    spec_is_1x,
};
pub use requirements::requirement_includes;
pub use setup_py::is_setup_py;

/// The dependency and configuration formats read here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DependencyFile {
    Requirements,
    Pyproject,
    SetupCfg,
    MypyIni,
    Pipfile,
    PipfileLock,
    Environment,
    /// `uv.lock`, `poetry.lock`, `pdm.lock`: `[[package]]` tables with a `name`.
    Lock,
    /// `PKG-INFO`, `*.dist-info/METADATA`: an unpacked release's `Requires-Dist` headers.
    CoreMetadata,
}

/// Glob patterns of the files read here, for a client to watch (files included with `-r` / `-c`
/// under other names are found by `requirement_files`; `constraints*.txt` is the usual one).
pub const FILE_PATTERNS: &[&str] = &[
    "**/pyproject.toml",
    "**/requirements*.txt",
    "**/requirements*.in",
    "**/requirements/*.txt",
    "**/requirements/*.in",
    "**/constraints*.txt",
    "**/setup.cfg",
    "**/setup.py",
    "**/mypy.ini",
    "**/.mypy.ini",
    "**/Pipfile",
    "**/Pipfile.lock",
    "**/environment.yml",
    "**/environment.yaml",
    "**/poetry.lock",
    "**/uv.lock",
    "**/pdm.lock",
    "**/PKG-INFO",
    "**/*.dist-info/METADATA",
];

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `requirements.txt`, `requirements-dev.in`, `requirements/base.txt`.
fn is_requirements_name(path: &str) -> bool {
    let name = file_name(path).to_ascii_lowercase();
    let text_file = name.ends_with(".txt") || name.ends_with(".in");
    let folder = path.rsplit('/').nth(1).unwrap_or("").to_ascii_lowercase();
    text_file && (name.starts_with("requirements") || folder.starts_with("requirements"))
}

/// The format of a file from its name alone (files included with `-r` / `-c` under other names are
/// found by `requirement_files`). The CLI uses it to pick the files to load.
pub fn dependency_file_kind(path: &str) -> Option<DependencyFile> {
    if is_python_path(path) {
        return None;
    }
    let name = file_name(path).to_ascii_lowercase();
    Some(match name.as_str() {
        "pyproject.toml" => DependencyFile::Pyproject,
        "setup.cfg" => DependencyFile::SetupCfg,
        "mypy.ini" | ".mypy.ini" => DependencyFile::MypyIni,
        "pipfile" => DependencyFile::Pipfile,
        "pipfile.lock" => DependencyFile::PipfileLock,
        "environment.yml" | "environment.yaml" => DependencyFile::Environment,
        "uv.lock" | "poetry.lock" | "pdm.lock" => DependencyFile::Lock,
        "pkg-info" => DependencyFile::CoreMetadata,
        "metadata" if path.rsplit('/').nth(1).is_some_and(|dir| dir.ends_with(".dist-info")) => {
            DependencyFile::CoreMetadata
        }
        _ if is_requirements_name(path) => DependencyFile::Requirements,
        _ => return None,
    })
}

/// PEP 503 normalisation: lower case, runs of `-`, `_`, `.` become one `-`.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// A PEP 508 requirement → (normalised name, version specifier without extras and markers).
pub fn parse_requirement(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    if !text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let name_len =
        text.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))).unwrap_or(text.len());
    let name = normalize(&text[..name_len]);
    let mut rest = text[name_len..].trim_start();
    if rest.starts_with('[') {
        rest = &rest[rest.find(']').map_or(rest.len(), |i| i + 1)..];
    }
    let spec = rest.split(';').next().unwrap_or("").trim();
    Some((name, spec.to_owned()))
}

/// What an item of a dependency or configuration file names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A requirement: normalised name and version specifier (`==2.0.3` for locked versions).
    Requirement { name: String, spec: String },
    /// A mypy plugin module.
    Plugin(String),
}

/// One item found in a file, with the byte range to report and the range whose removal removes it
/// cleanly (when there is one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub subject: Subject,
    pub start: usize,
    pub end: usize,
    pub removal: Option<(usize, usize)>,
    /// Whether removing it is safe (a requirements-file line) rather than a change to review.
    pub safe: bool,
}

impl Item {
    pub(crate) fn requirement(text: &str, start: usize, end: usize, removal: Option<(usize, usize)>) -> Option<Item> {
        let (name, spec) = parse_requirement(text)?;
        Some(Item { subject: Subject::Requirement { name, spec }, start, end, removal, safe: false })
    }
}

/// Every requirement and mypy plugin of a file of the given format.
pub fn items(kind: DependencyFile, text: &str) -> Vec<Item> {
    match kind {
        DependencyFile::Requirements => requirements::items(text),
        DependencyFile::Pyproject => toml_files::pyproject_items(text),
        DependencyFile::SetupCfg => ini::items(text, true),
        DependencyFile::MypyIni => ini::items(text, false),
        DependencyFile::Pipfile => toml_files::pipfile_items(text),
        DependencyFile::PipfileLock => pipfile_lock::items(text),
        DependencyFile::Environment => environment::items(text),
        DependencyFile::Lock => toml_files::lock_items(text),
        DependencyFile::CoreMetadata => core_metadata::items(text),
    }
}

/// The range to delete to remove the list element at `start..end` (a TOML array, a Python list, a
/// comma-separated value) and keep the list well-formed: its whole line when it is alone on it,
/// else the element and one adjacent comma; `None` when neither applies.
pub fn element_removal(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let before = &text[line_start..start];
    let after = text[end..line_end].trim_start();
    let after_comma = after.strip_prefix(',').unwrap_or(after).trim();
    if before.trim().is_empty() && (after_comma.is_empty() || after_comma.starts_with('#')) {
        return Some((line_start, (line_end + 1).min(text.len())));
    }
    let after_at = line_end - after.len();
    if after.starts_with(',') {
        let rest = &text[after_at + 1..line_end];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        return Some((start, after_at + 1 + spaces));
    }
    let before_trimmed = text[..start].trim_end_matches([' ', '\t']);
    if before_trimmed.ends_with(',') {
        return Some((before_trimmed.len() - 1, end));
    }
    if before_trimmed.ends_with('[') && after.starts_with(']') {
        return Some((start, end));
    }
    None
}
