//! Configuration: `sqla.toml`, or `[tool.sqla]` in `pyproject.toml`, at the project root. The keys
//! mirror the command-line flags.

use std::path::{Path, PathBuf};

use analysis::Series;
use analysis::rules::Selection;
use anyhow::{Context, Result, bail};

#[derive(Default)]
pub struct Config {
    pub source: Option<PathBuf>,
    pub sqlalchemy: Option<Series>,
    /// Unannotated parameters named like a session, an engine, a connection or a model are
    /// assumed to hold one (`assume-parameter-types`, default true).
    pub assume_parameter_types: Option<bool>,
    /// `select`, `extend-select`, `ignore`.
    pub selection: Selection,
    /// Glob (relative to the project root) → codes or names ignored in matching files.
    pub per_file_ignores: Vec<(globset::GlobMatcher, Vec<String>)>,
    /// Rule (code, name, prefix or family) → severity that replaces the rule's default.
    pub severity: Vec<(String, analysis::rules::Severity)>,
}

pub fn load(root: &Path) -> Result<Config> {
    for (file, table) in [("sqla.toml", None), ("pyproject.toml", Some(["tool", "sqla"]))] {
        let path = root.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let value: toml::Value = match toml::from_str(&text) {
            Ok(value) => value,
            Err(err) => bail!("{}: invalid TOML: {}", path.display(), err.message()),
        };
        let section = match table {
            Some(keys) => keys.iter().try_fold(&value, |v, k| v.get(k)),
            None => Some(&value),
        };
        let Some(section) = section else { continue };
        return parse(section, &path);
    }
    Ok(Config::default())
}

fn parse(section: &toml::Value, path: &Path) -> Result<Config> {
    let mut config = Config { source: Some(path.to_path_buf()), ..Config::default() };
    let Some(table) = section.as_table() else { bail!("{}: the sqla settings must be a table", path.display()) };
    for (key, value) in table {
        match key.as_str() {
            "sqlalchemy" => {
                let series = value.as_str().and_then(Series::parse);
                config.sqlalchemy = Some(
                    series.with_context(|| format!("{}: `sqlalchemy` must be \"2.0\" or \"2.1\"", path.display()))?,
                );
            }
            "assume-parameter-types" => {
                let on = value.as_bool();
                config.assume_parameter_types =
                    Some(on.with_context(|| format!("{}: `{key}` must be true or false", path.display()))?);
            }
            "select" => config.selection.select = strings(value, key, path)?,
            "extend-select" => config.selection.extend_select = strings(value, key, path)?,
            "ignore" => config.selection.ignore = strings(value, key, path)?,
            "per-file-ignores" => {
                let Some(table) = value.as_table() else {
                    bail!("{}: `per-file-ignores` must be a table", path.display())
                };
                for (pattern, codes) in table {
                    let glob = globset::Glob::new(pattern)
                        .with_context(|| format!("{}: bad glob {pattern:?} in `per-file-ignores`", path.display()))?;
                    config.per_file_ignores.push((glob.compile_matcher(), strings(codes, pattern, path)?));
                }
            }
            "severity" => {
                let Some(table) = value.as_table() else { bail!("{}: `severity` must be a table", path.display()) };
                for (rule, level) in table {
                    let level = match level.as_str() {
                        Some("error") => analysis::rules::Severity::Error,
                        Some("warning") => analysis::rules::Severity::Warning,
                        Some("info") => analysis::rules::Severity::Info,
                        Some("hint") => analysis::rules::Severity::Hint,
                        _ => bail!("{}: severity of `{rule}` must be error, warning, info or hint", path.display()),
                    };
                    config.severity.push((rule.clone(), level));
                }
            }
            other => bail!("{}: unknown setting `{other}` in the sqla settings", path.display()),
        }
    }
    Ok(config)
}

fn strings(value: &toml::Value, key: &str, path: &Path) -> Result<Vec<String>> {
    let items = value.as_array().with_context(|| format!("{}: `{key}` must be a list of strings", path.display()))?;
    items
        .iter()
        .map(|item| item.as_str().map(str::to_owned))
        .collect::<Option<Vec<_>>>()
        .with_context(|| format!("{}: `{key}` must be a list of strings", path.display()))
}
