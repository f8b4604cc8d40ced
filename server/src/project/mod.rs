//! The project as `sqla`'s commands and the language server both see it: its configuration file,
//! its environment (installed packages), the SQLAlchemy series it uses, the walk over its files, and
//! the filter that decides which findings are shown. `cli/` and `lsp/` read the project through
//! here; neither imports from the other.

pub mod config;
pub mod environment;
pub mod filter;
pub mod imports;
pub mod series;
pub mod workspace;

pub use config::Config;
pub use filter::Filter;

use std::path::{Path, PathBuf};

use analysis::Settings;
use analysis::manifest::InstalledPackage;
use anyhow::Result;

/// What a command knows about the project before loading its files.
pub struct Setup {
    pub root: PathBuf,
    pub config: Config,
    pub installed: Vec<InstalledPackage>,
    pub detected: series::Detected,
}

impl Setup {
    /// The project around `path`: its root, configuration, environment and SQLAlchemy series
    /// (`flag` is `--sqlalchemy`).
    pub fn load(path: &Path, flag: Option<&str>) -> Result<Setup> {
        let root = workspace::project_root(path);
        let config = config::load(&root)?;
        let installed = environment::installed_packages(&root);
        let detected = series::detect(flag, &root, &config, &installed)?;
        Ok(Setup { root, config, installed, detected })
    }

    /// The analysis settings: the detected series and the configuration's, with the command
    /// line's `assume` over the configuration's when given.
    pub fn settings(&self, assume: Option<bool>) -> Settings {
        settings(self.detected.series, &self.config, assume)
    }
}

/// The analysis settings for a series and a configuration; `assume` (the command line's or the
/// editor's) wins over the configuration's `assume-parameter-types`.
pub fn settings(series: analysis::Series, config: &Config, assume: Option<bool>) -> Settings {
    let assume_parameter_types = assume.or(config.assume_parameter_types).unwrap_or(true);
    Settings { series, assume_parameter_types }
}
