//! SQA201 stale-stubs: `sqlalchemy-stubs` / `sqlalchemy2-stubs` and the SQLAlchemy mypy plugin in a
//! SQLAlchemy 2.x project.
//!
//! Unlike the other rules this one reads dependency and tool-configuration files, through
//! `crate::manifest` (which keeps byte positions, so findings point at the exact line and fixes
//! remove exactly one line or one list element): `check_file` hands every non-Python file to
//! `check_text_file`, and those files are never parsed as Python. `setup.py` is Python and is read
//! from its tree (`check`). Stubs installed in the project's environment are read from the
//! project's `installed` input (`check_installed`).

use crate::db::{Db, SourceFile};
use crate::manifest::{DependencyFile, InstalledPackage, Item, Subject, element_removal, kind_of, pins_sqlalchemy_1};
use crate::rules::{Applicability, Diagnostic, Edit, Family, Fix, PackageFinding, Rule, RuleContext, Severity};
use crate::settings::Series;
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, string_value};

pub static RULE: Rule = Rule {
    code: "SQA201",
    name: "stale-stubs",
    family: Family::Typing,
    severity: Severity::Warning,
    series: None,
    summary: "`sqlalchemy-stubs` / `sqlalchemy2-stubs` or the mypy plugin in a SQLAlchemy 2.x project",
    doc: r#"## What it does
Finds the third-party stub packages `sqlalchemy-stubs` and `sqlalchemy2-stubs` (any spelling,
with extras, versions or markers) in requirements files (and the files they include with `-r` /
`-c`), `pyproject.toml` (PEP 621 dependencies and optional dependencies, dependency groups,
Poetry, PDM, Hatch and uv sections), `setup.cfg`, `setup.py`, `Pipfile`, `environment.yml`, lock
files (`uv.lock`, `poetry.lock`, `pdm.lock`, `Pipfile.lock`) and the project's virtualenv; and the
mypy plugins `sqlalchemy.ext.mypy.plugin` and `sqlmypy` in `mypy.ini`, `.mypy.ini`, `setup.cfg`
and `pyproject.toml`.

Projects that pin SQLAlchemy below 2.0 (`sqlalchemy<2`, `==1.4.*`) are left alone.

## Why is this bad?
SQLAlchemy 2.x ships its own inline annotations. The stub packages were written for 1.x (and 1.4)
and shadow them: type checkers then see the old API, reject 2.0-style code and miss real errors.
The mypy plugin is not needed with `Mapped[...]` annotations; it is deprecated in 2.0 and its module
no longer exists in 2.1, where mypy fails to start (an error under 2.1, a warning under 2.0).

## Example
```text
# requirements-dev.txt
sqlalchemy-stubs==0.4
mypy

# mypy.ini
[mypy]
plugins = sqlalchemy.ext.mypy.plugin
```

## Use instead
```text
# requirements-dev.txt
mypy

# mypy.ini
[mypy]
```

## Fix safety
Removing a requirement line from a requirements file is safe. Elsewhere (an element of a TOML or
Python list, a Poetry or Pipfile entry, a `setup.cfg` line, a mypy plugin, an `environment.yml`
item) the fix is unsafe: it is offered only where the edit keeps the file well-formed, and other
tools (lock files, CI caches) may need updating too. Lock files and installed packages are
reported without a fix: re-lock, or uninstall the package.
"#,
    fixable: true,
    check,
};

/// The stub packages, by normalised name (PEP 503).
const STUBS: &[&str] = &["sqlalchemy-stubs", "sqlalchemy2-stubs"];

/// The mypy plugins: SQLAlchemy's own (1.4–2.0) and the one of `sqlalchemy-stubs`.
const PLUGINS: &[&str] = &["sqlalchemy.ext.mypy.plugin", "sqlmypy"];

/// The keyword arguments of `setup()` that hold requirements.
const SETUP_KEYWORDS: &[&str] = &["install_requires", "extras_require", "tests_require", "setup_requires"];

/// The string nodes under a node (iteratively).
fn strings_under<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        if node.kind() == "string" {
            out.push(node);
            continue;
        }
        let mut children = named_children(node);
        children.reverse();
        stack.extend(children);
    }
    out
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    if !crate::manifest::is_setup_py(cx.file.path(cx.db)) || on_1x(cx.db) {
        return;
    }
    let text = cx.parsed.text();
    for keyword in cx.nodes("keyword_argument") {
        let (Some(name), Some(value)) = (field(keyword, "name"), field(keyword, "value")) else { continue };
        if !SETUP_KEYWORDS.contains(&cx.text(name)) {
            continue;
        }
        for string in strings_under(value) {
            let Some(requirement) = string_value(string, text) else { continue };
            let (start, end) = (string.start_byte(), string.end_byte());
            let in_list = string.parent().is_some_and(|p| p.kind() == "list");
            let removal = if in_list { element_removal(text, start, end) } else { None };
            let Some(item) = Item::requirement(&requirement, start, end, removal) else { continue };
            out.extend(diagnostic(cx.file, cx.series, None, &item));
        }
    }
}

/// Findings in a dependency or configuration file (`check_file` calls this for non-Python files).
pub fn check_text_file(db: &dyn Db, file: SourceFile, out: &mut Vec<Diagnostic>) {
    let Some(kind) = kind_of(db, file) else { return };
    // A release's generated metadata tells the pins; it is not the file to edit.
    if on_1x(db) || kind == DependencyFile::CoreMetadata {
        return;
    }
    let series = db.project().settings(db).series;
    for item in crate::manifest::items(kind, file.text(db)) {
        out.extend(diagnostic(file, series, Some(kind), &item));
    }
}

/// A 1.x project (pinned, installed or configured): its stubs and mypy plugin are how it is typed.
fn on_1x(db: &dyn Db) -> bool {
    pins_sqlalchemy_1(db) || !db.project().settings(db).series.annotated()
}

fn diagnostic(file: SourceFile, series: Series, kind: Option<DependencyFile>, item: &Item) -> Option<Diagnostic> {
    let (message, severity, fix_message) = match &item.subject {
        Subject::Requirement { name, .. } if STUBS.contains(&name.as_str()) => {
            let action = match kind {
                Some(DependencyFile::Lock | DependencyFile::PipfileLock) => {
                    "remove it from the dependencies and re-lock".to_owned()
                }
                _ => "remove it".to_owned(),
            };
            let message = stubs_message(name, series, &action);
            (message, RULE.severity, format!("Remove `{name}`"))
        }
        Subject::Plugin(plugin) if PLUGINS.contains(&plugin.as_str()) => {
            let severity = if series == Series::V21 { Severity::Error } else { Severity::Warning };
            let message = match (plugin.as_str(), series) {
                ("sqlmypy", _) => format!(
                    "`sqlmypy` is the mypy plugin of `sqlalchemy-stubs` (SQLAlchemy 1.x); SQLAlchemy {series} needs no plugin"
                ),
                (_, Series::V21) => "the SQLAlchemy mypy plugin no longer exists in SQLAlchemy 2.1: mypy fails to load `sqlalchemy.ext.mypy.plugin`".to_owned(),
                (_, Series::V14 | Series::V20) => "the SQLAlchemy mypy plugin is deprecated in 2.0 (and removed in 2.1); `Mapped[...]` annotations need no plugin".to_owned(),
            };
            (message, severity, format!("Remove the `{plugin}` plugin"))
        }
        _ => return None,
    };
    let fix = item.removal.map(|(start, end)| Fix {
        applicability: if item.safe { Applicability::Safe } else { Applicability::Unsafe },
        message: fix_message,
        edits: vec![Edit { file, start: start as u32, end: end as u32, content: String::new() }],
    });
    Some(Diagnostic { severity, ..Diagnostic::new(&RULE, file, item.start as u32, item.end as u32, message, fix) })
}

/// Findings on the stub packages installed in the project's environment (no fix: uninstall them).
pub fn check_installed(db: &dyn Db, package: &InstalledPackage, out: &mut Vec<PackageFinding>) {
    if !STUBS.contains(&&*package.name) || on_1x(db) {
        return;
    }
    let series = db.project().settings(db).series;
    let action = format!("uninstall it (`pip uninstall {}`)", package.name);
    let message = stubs_message(&package.name, series, &action);
    out.push(PackageFinding { rule: &RULE, severity: RULE.severity, message, location: package.location.clone() });
}

fn stubs_message(name: &str, series: Series, action: &str) -> String {
    let what = match name {
        "sqlalchemy-stubs" => "`sqlalchemy-stubs` types SQLAlchemy 1.x",
        _ => "`sqlalchemy2-stubs` types SQLAlchemy 1.4",
    };
    format!("{what}; SQLAlchemy {series} ships its own annotations, which the stubs shadow: {action}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Series;
    use crate::fixture::Fixture;

    const PROJECT: &str = r#"
#- /p/requirements.txt
-r requirements/base.txt
sqlalchemy-stubs==0.4  # noqa: SQA999
#- /p/requirements/base.txt
sqlalchemy>=2.0
-c ../constraints.txt
#- /p/constraints.txt
sqlalchemy2-stubs<1
#- /p/notes.txt
sqlalchemy-stubs
#- /p/pyproject.toml
[project]
name = "app"
dependencies = ["sqlalchemy>=2", "sqlalchemy-stubs"]
# Column, Mapped, relationship: not Python
[tool.mypy]
plugins = ["sqlalchemy.ext.mypy.plugin"]
#- /p/mypy.ini
[mypy]
plugins = sqlmypy
#- /p/setup.py
from setuptools import setup
setup(name="app", install_requires=[
    "sqlalchemy>=2",
    "sqlalchemy2-stubs",
], extras_require={"dev": ["sqlalchemy-stubs"]})
#- /p/app/models.py
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
"#;

    #[test]
    fn every_format_end_to_end() {
        let fixture = Fixture::new(PROJECT, Series::V21);
        assert_eq!(
            fixture.lint("/p/requirements.txt"),
            "SQA201 [*] 2:1 `sqlalchemy-stubs` types SQLAlchemy 1.x; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: remove it"
        );
        assert_eq!(fixture.fixed("/p/requirements.txt", false), "-r requirements/base.txt\n");
        assert_eq!(
            fixture.lint("/p/constraints.txt"),
            "SQA201 [*] 1:1 `sqlalchemy2-stubs` types SQLAlchemy 1.4; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: remove it"
        );
        assert_eq!(fixture.lint("/p/notes.txt"), "");
        assert_eq!(fixture.lint("/p/requirements/base.txt"), "");
        assert_eq!(
            fixture.lint("/p/pyproject.toml"),
            "SQA201 [*] 3:34 `sqlalchemy-stubs` types SQLAlchemy 1.x; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: remove it\n\
             SQA201 [*] 6:12 the SQLAlchemy mypy plugin no longer exists in SQLAlchemy 2.1: mypy fails to load `sqlalchemy.ext.mypy.plugin`"
        );
        // Unsafe fixes only.
        let pyproject = fixture.fixed("/p/pyproject.toml", true);
        assert!(
            pyproject.contains("dependencies = [\"sqlalchemy>=2\"]\n") && pyproject.contains("plugins = []\n"),
            "{pyproject}"
        );
        assert_eq!(
            fixture.fixed("/p/pyproject.toml", false),
            fixture.host.analysis().text(fixture.host.file("/p/pyproject.toml").unwrap()).unwrap().to_string()
        );
        assert_eq!(
            fixture.lint("/p/mypy.ini"),
            "SQA201 [*] 2:11 `sqlmypy` is the mypy plugin of `sqlalchemy-stubs` (SQLAlchemy 1.x); SQLAlchemy 2.1 needs no plugin"
        );
        assert_eq!(fixture.fixed("/p/mypy.ini", true), "[mypy]\n");
        assert_eq!(
            fixture.lint("/p/setup.py"),
            "SQA201 [*] 4:5 `sqlalchemy2-stubs` types SQLAlchemy 1.4; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: remove it\n\
             SQA201 [*] 5:28 `sqlalchemy-stubs` types SQLAlchemy 1.x; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: remove it"
        );
        assert!(
            fixture
                .fixed("/p/setup.py", true)
                .contains("install_requires=[\n    \"sqlalchemy>=2\",\n], extras_require={\"dev\": []})")
        );
        // Installed packages are a project input: only the stubs among them are reported.
        let mut fixture = fixture;
        let site = "/p/.venv/lib/python3.12/site-packages";
        let installed = ["sqlalchemy_stubs-0.4.dist-info", "SQLAlchemy-2.1.0.dist-info"]
            .iter()
            .filter_map(|folder| InstalledPackage::from_dist_info(&format!("{site}/{folder}")))
            .collect();
        fixture.host.apply_change(crate::Change { installed: Some(installed), ..Default::default() });
        let findings = fixture.host.analysis().installed_findings().unwrap();
        let findings: Vec<(&str, &str)> = findings.iter().map(|f| (&*f.location, f.message.as_str())).collect();
        assert_eq!(
            findings,
            [(
                "/p/.venv/lib/python3.12/site-packages/sqlalchemy_stubs-0.4.dist-info",
                "`sqlalchemy-stubs` types SQLAlchemy 1.x; SQLAlchemy 2.1 ships its own annotations, which the stubs shadow: uninstall it (`pip uninstall sqlalchemy-stubs`)"
            )]
        );
        // Python queries never see the other files.
        fixture
            .host
            .analysis()
            .with_db(|db| {
                let toml = fixture.host.file("/p/pyproject.toml").unwrap();
                assert!(!crate::hir::prescan::involves_sqlalchemy(db, toml));
                assert!(!crate::hir::prescan::declares_models(db, toml));
                assert_eq!(crate::hir::modules::module_map(db).name(toml), None);
            })
            .unwrap();
    }

    #[test]
    fn plugin_is_a_warning_under_2_0_and_projects_on_1_x_are_left_alone() {
        let fixture = Fixture::new(PROJECT, Series::V20);
        let diagnostics = fixture.host.analysis().diagnostics(fixture.host.file("/p/mypy.ini").unwrap()).unwrap();
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        let fixture = Fixture::new(PROJECT, Series::V21);
        let diagnostics = fixture.host.analysis().diagnostics(fixture.host.file("/p/mypy.ini").unwrap()).unwrap();
        assert_eq!(diagnostics[0].severity, Severity::Error);
        let pinned = PROJECT.replace("sqlalchemy>=2.0\n", "sqlalchemy>=1.3,<2\n");
        let fixture = Fixture::new(&pinned, Series::V20);
        for path in ["/p/requirements.txt", "/p/pyproject.toml", "/p/mypy.ini", "/p/setup.py"] {
            assert_eq!(fixture.lint(path), "", "{path}");
        }
    }
}
