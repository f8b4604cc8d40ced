//! The packages installed in the project's environment. The server finds them (the `*.dist-info`
//! folders of the project's virtualenv) and sets them on the project input; rules and series
//! detection read that input, never the file system.

use std::sync::Arc;

use super::{normalize, series_of_version};
use crate::settings::Series;

/// One installed distribution.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InstalledPackage {
    /// PEP 503 normalised (`sqlalchemy-stubs`).
    pub name: Arc<str>,
    pub version: Arc<str>,
    /// Where it is installed: its `*.dist-info` folder, '/'-separated. Findings about the package
    /// point here.
    pub location: Arc<str>,
}

impl InstalledPackage {
    /// `…/site-packages/SQLAlchemy_Stubs-0.4.dist-info` → `sqlalchemy-stubs` 0.4 (the folder name
    /// is `{name}-{version}.dist-info`, the name escaped with `_`).
    pub fn from_dist_info(location: &str) -> Option<InstalledPackage> {
        let folder = location.trim_end_matches('/').rsplit('/').next()?;
        let (name, version) = folder.strip_suffix(".dist-info")?.split_once('-')?;
        if name.is_empty() {
            return None;
        }
        Some(InstalledPackage { name: normalize(name).into(), version: version.into(), location: location.into() })
    }
}

/// The SQLAlchemy installed in the environment (the first found, where there are several) and the
/// series of its version.
pub fn installed_sqlalchemy(installed: &[InstalledPackage]) -> Option<(&InstalledPackage, Series)> {
    installed.iter().filter(|p| &*p.name == "sqlalchemy").find_map(|p| Some((p, series_of_version(&p.version)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dist_info_folders() {
        let stubs =
            InstalledPackage::from_dist_info("/p/.venv/lib/python3.12/site-packages/SQLAlchemy_Stubs-0.4.dist-info")
                .unwrap();
        assert_eq!((&*stubs.name, &*stubs.version), ("sqlalchemy-stubs", "0.4"));
        let sqlalchemy = InstalledPackage::from_dist_info("SQLAlchemy-2.0.36.dist-info").unwrap();
        assert_eq!((&*sqlalchemy.name, &*sqlalchemy.version), ("sqlalchemy", "2.0.36"));
        assert_eq!(InstalledPackage::from_dist_info("SQLAlchemy-2.0.36.egg-info"), None);
        assert_eq!(InstalledPackage::from_dist_info("notes.txt"), None);
        let installed = [stubs, sqlalchemy];
        assert_eq!(installed_sqlalchemy(&installed).map(|(p, s)| (&*p.version, s)), Some(("2.0.36", Series::V20)));
        assert_eq!(installed_sqlalchemy(&installed[..1]), None);
    }
}
