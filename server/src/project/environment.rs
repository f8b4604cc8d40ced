//! The project's environment: the packages installed in its virtualenv (`$VIRTUAL_ENV`, `.venv`,
//! `venv`), read from their `*.dist-info` folders. They become the analysis's `installed` input,
//! which the stale-stubs rule reads, and they tell series detection which SQLAlchemy is installed.

use std::path::{Path, PathBuf};

use analysis::manifest::InstalledPackage;

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
