//! The scanners, one format at a time: what they find, on which line, and what removing it leaves.

use super::pins::join;
use super::*;

/// `name@line` for every item of a text (1-based lines), with `*` when removable and the text
/// left after removing it.
fn found(kind: DependencyFile, text: &str) -> Vec<String> {
    items(kind, text)
        .iter()
        .map(|item| {
            let line = text[..item.start].matches('\n').count() + 1;
            let what = match &item.subject {
                Subject::Requirement { name, spec } if spec.is_empty() => name.clone(),
                Subject::Requirement { name, spec } => format!("{name} {spec}"),
                Subject::Plugin(p) => format!("plugin {p}"),
            };
            format!("{what}@{line}{}", if item.removal.is_some() { "*" } else { "" })
        })
        .collect()
}

fn removed(kind: DependencyFile, text: &str, name: &str) -> String {
    let item = items(kind, text)
        .into_iter()
        .find(|i| match &i.subject {
            Subject::Requirement { name: n, .. } => n == name,
            Subject::Plugin(p) => p == name,
        })
        .expect("the item is found");
    let (start, end) = item.removal.expect("removable");
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn names_and_specs() {
    assert_eq!(
        parse_requirement("SQLAlchemy_Stubs[mypy]>=0.4 ; python_version>'3.7'"),
        Some(("sqlalchemy-stubs".into(), ">=0.4".into()))
    );
    assert_eq!(parse_requirement("sqlalchemy2.stubs"), Some(("sqlalchemy2-stubs".into(), "".into())));
    assert_eq!(
        parse_requirement("sqlalchemy-stubs @ https://x/y.whl"),
        Some(("sqlalchemy-stubs".into(), "@ https://x/y.whl".into()))
    );
    assert_eq!(parse_requirement("./local"), None);
    for spec in ["<2", "<2.0", "==1.4.52", "==1.*", "~=1.4", "^1.4", "1.4.*", ">=1.3,<2.0", "=1.4"] {
        assert!(spec_is_1x(spec), "{spec}");
    }
    for spec in ["", ">=2.0", "<3", "==2.0.36", "^2.0", "<2.1", ">=1.4"] {
        assert!(!spec_is_1x(spec), "{spec}");
    }
}

#[test]
fn requirements_files() {
    let text = "# tools\nmypy==1.10\nSQLAlchemy-Stubs==0.4  # old\nsqlalchemy2_stubs[extra] >= 0.0.2a38 ; python_version >= \"3.8\" \\\n    --hash=sha256:abc\n-r base.txt\n--constraint=constraints.txt\n-e .\nsqlalchemy>=2.0\n";
    assert_eq!(
        found(DependencyFile::Requirements, text),
        ["mypy ==1.10@2*", "sqlalchemy-stubs ==0.4@3*", "sqlalchemy2-stubs >= 0.0.2a38@4*", "sqlalchemy >=2.0@9*"]
    );
    assert_eq!(requirement_includes(text), ["base.txt", "constraints.txt"]);
    assert_eq!(
        removed(DependencyFile::Requirements, text, "sqlalchemy2-stubs"),
        "# tools\nmypy==1.10\nSQLAlchemy-Stubs==0.4  # old\n-r base.txt\n--constraint=constraints.txt\n-e .\nsqlalchemy>=2.0\n"
    );
    let item = &items(DependencyFile::Requirements, text)[1];
    assert_eq!(&text[item.start..item.end], "SQLAlchemy-Stubs==0.4");
    assert!(item.safe);
}

#[test]
fn pyproject() {
    let text = r#"[project]
name = "app"
dependencies = [
    "sqlalchemy>=2.0",
    "sqlalchemy-stubs",  # old
]

[project.optional-dependencies]
dev = ["mypy", 'SQLAlchemy2-Stubs>=0.0.2a1']

[dependency-groups]
lint = ["sqlalchemy-stubs", {include-group = "x"}]

[tool.poetry.dependencies]
python = "^3.11"
sqlalchemy-stubs = { version = "^0.4", optional = true }

[tool.poetry.group.dev.dependencies]
sqlalchemy2-stubs = "*"

[tool.pdm.dev-dependencies]
test = ["sqlalchemy-stubs"]

[tool.hatch.envs.types]
extra-dependencies = ["sqlalchemy2-stubs"]

[tool.uv]
dev-dependencies = ["sqlalchemy-stubs"]

[tool.mypy]
plugins = ["pydantic.mypy", "sqlalchemy.ext.mypy.plugin"]
"#;
    assert_eq!(
        found(DependencyFile::Pyproject, text),
        [
            "sqlalchemy >=2.0@4*",
            "sqlalchemy-stubs@5*",
            "mypy@9*",
            "sqlalchemy2-stubs >=0.0.2a1@9*",
            "sqlalchemy-stubs@12*",
            "python ^3.11@15*",
            "sqlalchemy-stubs ^0.4@16*",
            "sqlalchemy2-stubs *@19*",
            "sqlalchemy-stubs@22*",
            "sqlalchemy2-stubs@25*",
            "sqlalchemy-stubs@28*",
            "plugin pydantic.mypy@31*",
            "plugin sqlalchemy.ext.mypy.plugin@31*",
        ]
    );
    let after = removed(DependencyFile::Pyproject, text, "sqlalchemy2-stubs");
    assert!(after.contains("dev = [\"mypy\"]\n"), "{after}");
    let after = removed(DependencyFile::Pyproject, text, "sqlalchemy-stubs");
    assert!(after.contains("dependencies = [\n    \"sqlalchemy>=2.0\",\n]\n"), "{after}");
    let after = removed(DependencyFile::Pyproject, text, "sqlalchemy.ext.mypy.plugin");
    assert!(after.contains("plugins = [\"pydantic.mypy\"]\n"), "{after}");
    let single = "[tool.uv]\ndev-dependencies = [\"sqlalchemy-stubs\"]\n[tool.mypy]\nplugins = \"sqlmypy\"\n";
    assert_eq!(
        removed(DependencyFile::Pyproject, single, "sqlalchemy-stubs"),
        "[tool.uv]\ndev-dependencies = []\n[tool.mypy]\nplugins = \"sqlmypy\"\n"
    );
    assert_eq!(
        removed(DependencyFile::Pyproject, single, "sqlmypy"),
        "[tool.uv]\ndev-dependencies = [\"sqlalchemy-stubs\"]\n[tool.mypy]\n"
    );
    let poetry = "[tool.poetry.dependencies]\nsqlalchemy-stubs = \"^0.4\"\nflask = \"*\"\n";
    assert_eq!(
        removed(DependencyFile::Pyproject, poetry, "sqlalchemy-stubs"),
        "[tool.poetry.dependencies]\nflask = \"*\"\n"
    );
    // A broken line does not hide what follows it.
    let broken = "[project]\nversion = 1.2.3\ndependencies = [\"sqlalchemy-stubs\"]\n[tool.uv]\ndev-dependencies = [\"sqlalchemy2-stubs\"]\n";
    assert_eq!(found(DependencyFile::Pyproject, broken), ["sqlalchemy-stubs@3*", "sqlalchemy2-stubs@5*"]);
    // A `[tool.poetry.dependencies.name]` table is reported at its header, without a fix.
    let header = "[tool.poetry.dependencies.sqlalchemy-stubs]\nversion = \"^0.4\"\n";
    assert_eq!(found(DependencyFile::Pyproject, header), ["sqlalchemy-stubs ^0.4@1"]);
    // Unrelated tables and broken lines are skipped.
    assert_eq!(
        found(DependencyFile::Pyproject, "[tool.black]\nx = [\"sqlalchemy-stubs\"]\n[project\ndependencies = [\n"),
        Vec::<String>::new()
    );
}

#[test]
fn setup_cfg_and_mypy_ini() {
    let text = "[metadata]\nname = app\n\n[options]\ninstall_requires =\n    sqlalchemy>=2\n    sqlalchemy-stubs\ntests_require = sqlalchemy2-stubs\n\n[options.extras_require]\ndev =\n    SQLAlchemy_Stubs==0.4\n\n[mypy]\nplugins = pydantic.mypy, sqlmypy\n";
    assert_eq!(
        found(DependencyFile::SetupCfg, text),
        [
            "sqlalchemy >=2@6*",
            "sqlalchemy-stubs@7*",
            "sqlalchemy2-stubs@8",
            "sqlalchemy-stubs ==0.4@12*",
            "plugin pydantic.mypy@15*",
            "plugin sqlmypy@15*"
        ]
    );
    assert!(removed(DependencyFile::SetupCfg, text, "sqlmypy").ends_with("plugins = pydantic.mypy\n"));
    let mypy = "[mypy]\nstrict = True\nplugins = sqlalchemy.ext.mypy.plugin\n\n[mypy-tests.*]\nignore_errors = True\n";
    assert_eq!(found(DependencyFile::MypyIni, mypy), ["plugin sqlalchemy.ext.mypy.plugin@3*"]);
    assert_eq!(
        removed(DependencyFile::MypyIni, mypy, "sqlalchemy.ext.mypy.plugin"),
        "[mypy]\nstrict = True\n\n[mypy-tests.*]\nignore_errors = True\n"
    );
    let multi = "[mypy]\nplugins =\n    sqlmypy,\n    pydantic.mypy\n";
    assert_eq!(removed(DependencyFile::MypyIni, multi, "sqlmypy"), "[mypy]\nplugins =\n    pydantic.mypy\n");
    // Requirements are read from setup.cfg only, not from mypy.ini.
    assert_eq!(
        found(DependencyFile::MypyIni, "[options]\ninstall_requires = sqlalchemy-stubs\n"),
        Vec::<String>::new()
    );
}

#[test]
fn pipfile_and_environment() {
    let pipfile = "[[source]]\nurl = \"https://pypi.org/simple\"\n\n[packages]\nsqlalchemy = \">=2.0\"\n\n[dev-packages]\nsqlalchemy-stubs = \"*\"\n";
    assert_eq!(found(DependencyFile::Pipfile, pipfile), ["sqlalchemy >=2.0@5*", "sqlalchemy-stubs *@8*"]);
    let env = "name: app\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.12\n  - conda-forge::sqlalchemy-stubs=0.4\n  - pip\n  - pip:\n    - sqlalchemy2-stubs==0.0.2a38\nvariables:\n  - x\n";
    assert_eq!(
        found(DependencyFile::Environment, env),
        ["python =3.12@5*", "sqlalchemy-stubs =0.4@6*", "pip@7*", "sqlalchemy2-stubs ==0.0.2a38@9"]
    );
    assert!(removed(DependencyFile::Environment, env, "sqlalchemy-stubs").contains("  - python=3.12\n  - pip\n"));
}

#[test]
fn lock_files() {
    let uv = "version = 1\n\n[[package]]\nname = \"sqlalchemy\"\nversion = \"2.0.36\"\ndependencies = [\n    { name = \"sqlalchemy-stubs\" },\n]\n\n[[package]]\nname = \"sqlalchemy-stubs\"\nversion = \"0.4\"\n";
    assert_eq!(found(DependencyFile::Lock, uv), ["sqlalchemy ==2.0.36@4", "sqlalchemy-stubs ==0.4@11"]);
    let pipfile_lock = "{\n    \"_meta\": {\n        \"hash\": {\n            \"sha256\": \"x\"\n        }\n    },\n    \"develop\": {\n        \"sqlalchemy-stubs\": {\n            \"hashes\": [],\n            \"version\": \"==0.4\"\n        }\n    }\n}\n";
    assert_eq!(
        found(DependencyFile::PipfileLock, pipfile_lock),
        ["-meta@2", "hash@3", "develop@7", "sqlalchemy-stubs ==0.4@8"]
    );
}

#[test]
fn every_watched_pattern_names_a_file_read_here() {
    for pattern in FILE_PATTERNS {
        let path = format!("/p/{}", pattern.trim_start_matches("**/").replace('*', "-dev"));
        let read = dependency_file_kind(&path).is_some() || is_setup_py(&path) || path.contains("constraints");
        assert!(read, "{pattern}");
    }
}

#[test]
fn file_kinds_and_includes() {
    assert_eq!(dependency_file_kind("/p/requirements-dev.txt"), Some(DependencyFile::Requirements));
    assert_eq!(dependency_file_kind("/p/requirements/base.in"), Some(DependencyFile::Requirements));
    assert_eq!(dependency_file_kind("/p/Pipfile"), Some(DependencyFile::Pipfile));
    assert_eq!(dependency_file_kind("/p/notes.txt"), None);
    assert_eq!(dependency_file_kind("/p/setup.py"), None);
    assert_eq!(join("/p/req", "../constraints.txt"), "/p/constraints.txt");
    assert_eq!(join("/p", "./base.txt"), "/p/base.txt");
    assert_eq!(join("p", "sub/x.txt"), "p/sub/x.txt");
}

#[test]
fn list_elements() {
    assert_eq!(element_removal("x = [\"a\", \"b\"]\n", 5, 8), Some((5, 10)));
    assert_eq!(element_removal("x = [\"a\", \"b\"]\n", 10, 13), Some((8, 13)));
    assert_eq!(element_removal("x = [ \"a\" ]\n", 6, 9), Some((6, 9)));
    assert_eq!(element_removal("x = [\n  \"a\",\n]\n", 8, 11), Some((6, 13)));
    assert_eq!(element_removal("f(\"a\")\n", 2, 5), None);
}
