//! End-to-end: `sqla lint` reads the project's dependency and tool-configuration files (and its
//! virtualenv) for SQA201 stale-stubs, on a project written to a temporary folder.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn sqla(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sqla"))
        .args(args)
        .current_dir(dir)
        .env_remove("VIRTUAL_ENV")
        .output()
        .expect("sqla runs")
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const MODELS: &str = "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\nclass User(Base):\n    __tablename__ = \"users\"\n    id: Mapped[int] = mapped_column(primary_key=True)\n";

const PYPROJECT: &str = r#"[project]
name = "app"
dependencies = [
    "SQLAlchemy>=2.1",
    "sqlalchemy-stubs>=0.4",
]

[dependency-groups]
dev = ["mypy", "sqlalchemy2-stubs"]

[tool.mypy]
plugins = ["sqlalchemy.ext.mypy.plugin"]
"#;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pyproject.toml", PYPROJECT);
    write(dir.path(), "requirements.txt", "-r requirements/dev.in\nflask\n");
    write(dir.path(), "requirements/dev.in", "pytest\nSQLAlchemy_Stubs==0.4\n");
    write(dir.path(), "mypy.ini", "[mypy]\nstrict = True\nplugins = sqlmypy\n");
    write(dir.path(), "services/api/requirements-test.txt", "sqlalchemy2-stubs\n");
    write(dir.path(), "notes.txt", "sqlalchemy-stubs\n");
    write(dir.path(), "app/__init__.py", "");
    write(dir.path(), "app/models.py", MODELS);
    write(
        dir.path(),
        ".venv/lib/python3.12/site-packages/sqlalchemy_stubs-0.4.dist-info/METADATA",
        "Name: sqlalchemy-stubs\n",
    );
    write(dir.path(), ".venv/lib/python3.12/site-packages/SQLAlchemy-2.1.0.dist-info/METADATA", "Name: SQLAlchemy\n");
    dir
}

fn findings(output: &Output) -> Vec<(String, String, u64, String)> {
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
    });
    let mut out: Vec<(String, String, u64, String)> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn lint_reports_stubs_and_plugins_in_every_file() {
    let dir = project();
    let output = sqla(dir.path(), &["lint", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let expected: Vec<(String, String, u64, String)> = [
        (".venv/lib/python3.12/site-packages/sqlalchemy_stubs-0.4.dist-info", 1, "warning"),
        ("mypy.ini", 3, "error"),
        ("pyproject.toml", 5, "warning"),
        ("pyproject.toml", 9, "warning"),
        ("pyproject.toml", 12, "error"),
        ("requirements/dev.in", 2, "warning"),
        ("services/api/requirements-test.txt", 1, "warning"),
    ]
    .into_iter()
    .map(|(file, line, severity)| ("SQA201".to_owned(), file.to_owned(), line, severity.to_owned()))
    .collect();
    assert_eq!(findings(&output), expected);
}

#[test]
fn the_mypy_plugin_is_a_warning_under_2_0_and_fixes_are_offered() {
    let dir = project();
    let output = sqla(dir.path(), &["lint", "--format", "json", "--sqlalchemy", "2.0", "--select", "SQA201"]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mypy = json.as_array().unwrap().iter().find(|f| f["file"] == "mypy.ini").expect("mypy.ini is reported");
    assert_eq!(mypy["severity"], "warning");
    assert_eq!(mypy["fix"]["applicability"], "unsafe");
    let requirement = json.as_array().unwrap().iter().find(|f| f["file"] == "requirements/dev.in").unwrap();
    assert_eq!(requirement["fix"]["applicability"], "safe");
    assert_eq!(requirement["fix"]["edits"][0]["line"], 2);
    assert_eq!(requirement["fix"]["edits"][0]["end_line"], 3);
}

#[test]
fn linting_a_subfolder_reports_only_its_files_and_1_x_projects_are_left_alone() {
    let dir = project();
    let output = sqla(dir.path(), &["lint", "--format", "json", "services"]);
    let files: Vec<String> = findings(&output).into_iter().map(|f| f.1).collect();
    assert_eq!(files, ["services/api/requirements-test.txt"]);

    write(dir.path(), "requirements.txt", "-r requirements/dev.in\nsqlalchemy>=1.4,<2\n");
    let output = sqla(dir.path(), &["lint", "--format", "json", "--sqlalchemy", "2.0"]);
    assert_eq!(findings(&output), Vec::new());
}

#[test]
fn installed_stubs_follow_the_filter_and_the_installed_sqlalchemy_sets_the_series() {
    let dir = project();
    let output = sqla(dir.path(), &["lint", "--format", "json", "--verbose", "--select", "SQA201"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("SQLAlchemy 2.1 (SQLAlchemy 2.1.0 installed at"), "{stderr}");
    let pyproject = format!("{PYPROJECT}\n[tool.sqla.per-file-ignores]\n\".venv/**\" = [\"stale-stubs\"]\n");
    write(dir.path(), "pyproject.toml", &pyproject);
    let files: Vec<String> =
        findings(&sqla(dir.path(), &["lint", "--format", "json"])).into_iter().map(|f| f.1).collect();
    assert!(!files.iter().any(|f| f.starts_with(".venv/")), "{files:?}");
    assert!(files.contains(&"mypy.ini".to_owned()), "{files:?}");
}
