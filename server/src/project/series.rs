//! Which SQLAlchemy series the project uses, in DESIGN.md's order: flag, config, the installed
//! SQLAlchemy in the project's virtualenv, the project's dependency pins, else the newest series.
//! Pins are read by `analysis::manifest`, the one reader of dependency files.

use std::path::{Path, PathBuf};

use analysis::Series;
use analysis::manifest::{InstalledPackage, dependency_file_kind, installed_sqlalchemy, is_setup_py, pinned_series};
use anyhow::{Result, bail};

use super::Config;

pub struct Detected {
    pub series: Series,
    pub reason: String,
}

pub fn detect(flag: Option<&str>, root: &Path, config: &Config, installed: &[InstalledPackage]) -> Result<Detected> {
    if let Some(flag) = flag {
        return match Series::parse(flag) {
            Some(series) => Ok(Detected { series, reason: "--sqlalchemy flag".to_owned() }),
            None => bail!("--sqlalchemy takes 1.4 (or 1.3), 2.0 or 2.1, not {flag:?}"),
        };
    }
    if let Some(series) = config.sqlalchemy {
        let source = config.source.as_deref().unwrap_or(root).display();
        return Ok(Detected { series, reason: format!("`sqlalchemy` setting in {source}") });
    }
    if let Some(found) = from_installed(installed) {
        return Ok(found);
    }
    if let Some(found) = from_pins(root) {
        return Ok(found);
    }
    Ok(Detected { series: Series::NEWEST, reason: "no SQLAlchemy version found; using the newest series".to_owned() })
}

fn from_installed(installed: &[InstalledPackage]) -> Option<Detected> {
    let (package, series) = installed_sqlalchemy(installed)?;
    Some(Detected { series, reason: format!("SQLAlchemy {} installed at {}", package.version, package.location) })
}

/// Pins in the dependency files at the project's root (requirements files, pyproject.toml, lock
/// files, setup.cfg, setup.py, Pipfile), the first by name that pins a version.
fn from_pins(root: &Path) -> Option<Detected> {
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(root)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let key = super::workspace::path_key(p);
            is_setup_py(&key) || dependency_file_kind(&key).is_some()
        })
        .collect();
    candidates.sort();
    for path in candidates {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        if let Some(series) = pinned_series(&super::workspace::path_key(&path), &text) {
            return Some(Detected { series, reason: format!("SQLAlchemy pinned in {}", path.display()) });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_in(files: &[(&str, &str)], installed: &[&str], flag: Option<&str>) -> Detected {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let installed: Vec<InstalledPackage> =
            installed.iter().map(|d| InstalledPackage::from_dist_info(d).unwrap()).collect();
        detect(flag, dir.path(), &Config::default(), &installed).unwrap()
    }

    #[test]
    fn a_1x_project_is_its_own_series_from_pins_installed_and_the_flag() {
        for pin in ["SQLAlchemy==1.4.*\n", "sqlalchemy<2\n", "sqlalchemy~=1.3\n", "SQLAlchemy==1.4.54\n"] {
            let found = detect_in(&[("requirements.txt", pin)], &[], None);
            assert_eq!(found.series, Series::V14, "{pin}");
            assert!(found.reason.contains("requirements.txt"), "{}", found.reason);
        }
        let found = detect_in(&[("requirements.txt", "sqlalchemy>=2.0\n")], &["SQLAlchemy-1.4.54.dist-info"], None);
        assert_eq!((found.series, found.reason.starts_with("SQLAlchemy 1.4.54 installed")), (Series::V14, true));
        assert_eq!(detect_in(&[], &[], Some("1.3")).series, Series::V14);
        assert_eq!(detect_in(&[], &[], Some("1.4")).series.to_string(), "1.4");
        assert_eq!(detect_in(&[("requirements.txt", "sqlalchemy==2.0.36\n")], &[], None).series, Series::V20);
    }
}
