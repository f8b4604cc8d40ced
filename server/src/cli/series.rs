//! Which SQLAlchemy series the project uses, in DESIGN.md's order: flag, config, the installed
//! SQLAlchemy in the project's virtualenv, the project's dependency pins, else the newest series.

use std::path::{Path, PathBuf};

use analysis::Series;
use anyhow::{Result, bail};

pub struct Detected {
    pub series: Series,
    pub reason: String,
}

pub fn detect(flag: Option<&str>, root: &Path) -> Result<Detected> {
    if let Some(flag) = flag {
        return match Series::parse(flag) {
            Some(series) => Ok(Detected { series, reason: "--sqlalchemy flag".to_owned() }),
            None => bail!("--sqlalchemy takes 2.0 or 2.1, not {flag:?}"),
        };
    }
    if let Some(found) = from_config(root)? {
        return Ok(found);
    }
    if let Some(found) = from_installed(root) {
        return Ok(found);
    }
    if let Some(found) = from_pins(root) {
        return Ok(found);
    }
    Ok(Detected { series: Series::NEWEST, reason: "no SQLAlchemy version found; using the newest series".to_owned() })
}

/// The `sqlalchemy` setting of `sqla.toml` / `[tool.sqla]`.
fn from_config(root: &Path) -> Result<Option<Detected>> {
    let config = super::config::load(root)?;
    Ok(config.sqlalchemy.map(|series| Detected {
        series,
        reason: format!("`sqlalchemy` setting in {}", config.source.as_deref().unwrap_or(root).display()),
    }))
}

fn from_installed(root: &Path) -> Option<Detected> {
    let mut envs: Vec<PathBuf> = Vec::new();
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        envs.push(PathBuf::from(venv));
    }
    envs.push(root.join(".venv"));
    envs.push(root.join("venv"));
    for env in envs {
        for lib in ["lib", "Lib", "lib64"] {
            let Ok(entries) = std::fs::read_dir(env.join(lib)) else { continue };
            for entry in entries.flatten() {
                let site =
                    if lib == "Lib" { env.join(lib).join("site-packages") } else { entry.path().join("site-packages") };
                if let Some(version) = installed_version(&site)
                    && let Some(series) = series_of_version(&version)
                {
                    return Some(Detected {
                        series,
                        reason: format!("SQLAlchemy {version} installed in {}", env.display()),
                    });
                }
            }
        }
    }
    None
}

fn installed_version(site_packages: &Path) -> Option<String> {
    let entries = std::fs::read_dir(site_packages).ok()?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_lowercase();
        if let Some(rest) = name.strip_prefix("sqlalchemy-")
            && let Some(version) = rest.strip_suffix(".dist-info")
        {
            return Some(version.to_owned());
        }
    }
    None
}

/// 2.0.x → 2.0, 2.1.x → 2.1; 1.x projects are typed as 2.0 (the series they migrate to).
fn series_of_version(version: &str) -> Option<Series> {
    let mut parts = version.split('.');
    let major: u32 = parts.next()?.trim().parse().ok()?;
    let minor: u32 = parts
        .next()
        .and_then(|m| m.chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok())
        .unwrap_or(0);
    match (major, minor) {
        (0 | 1, _) | (2, 0) => Some(Series::V20),
        _ => Some(Series::V21),
    }
}

/// Pins in requirements files, pyproject.toml and lock files.
fn from_pins(root: &Path) -> Option<Detected> {
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(root)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
            (name.starts_with("requirements") && name.ends_with(".txt"))
                || matches!(
                    name.as_str(),
                    "pyproject.toml" | "uv.lock" | "poetry.lock" | "pdm.lock" | "setup.cfg" | "setup.py" | "pipfile"
                )
        })
        .collect();
    candidates.sort();
    for path in candidates {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        if let Some(series) = pinned_series(&text) {
            return Some(Detected { series, reason: format!("SQLAlchemy pinned in {}", path.display()) });
        }
    }
    None
}

/// Finds `sqlalchemy` followed by a version specifier (`==2.0.36`, `>=2.1`, `^2.0`, `version = "2.0.3"`).
fn pinned_series(text: &str) -> Option<Series> {
    let lower = text.to_lowercase();
    let mut search = 0;
    while let Some(found) = lower[search..].find("sqlalchemy") {
        let start = search + found;
        search = start + "sqlalchemy".len();
        let before = lower[..start].chars().next_back();
        let after_name = &lower[search..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
            || after_name.starts_with(['-', '_', '2', '.'])
        {
            continue;
        }
        let window: String = after_name.chars().take(80).collect();
        let digits_at = window.find(|c: char| c.is_ascii_digit())?;
        let prefix = &window[..digits_at];
        if prefix.contains('\n') && !prefix.contains("version") {
            continue;
        }
        let version: String = window[digits_at..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        if let Some(series) = series_of_version(&version) {
            return Some(series);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_in_common_forms() {
        assert_eq!(pinned_series("flask\nSQLAlchemy==2.0.36\n"), Some(Series::V20));
        assert_eq!(pinned_series("sqlalchemy>=2.1,<3"), Some(Series::V21));
        assert_eq!(pinned_series("[tool.poetry.dependencies]\nsqlalchemy = \"^2.0\""), Some(Series::V20));
        assert_eq!(pinned_series("[[package]]\nname = \"sqlalchemy\"\nversion = \"2.1.2\""), Some(Series::V21));
        assert_eq!(pinned_series("sqlalchemy-stubs==0.4\n"), None);
        assert_eq!(pinned_series("sqlalchemy2-stubs\n"), None);
        assert_eq!(pinned_series("SQLAlchemy==1.4.52"), Some(Series::V20));
    }
}
