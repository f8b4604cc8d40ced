//! End-to-end tests of the `sqla` command line on small projects written to a temporary folder.

use std::path::Path;
use std::process::{Command, Output};

fn sqla(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sqla")).args(args).current_dir(dir).output().expect("sqla runs")
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const MODELS: &str = r#"from typing import List, Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    email: Mapped[Optional[str]]
    posts: Mapped[List["Post"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    author: Mapped["User"] = relationship(back_populates="posts")
"#;

const QUERIES: &str = r#"from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User


def names(session: Session):
    stmt = select(User.id, User.name)
    reveal_type(stmt)
    for row in session.execute(stmt):
        reveal_type(row.name)
"#;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pyproject.toml", "[project]\nname = \"app\"\ndependencies = [\"SQLAlchemy==2.0.36\"]\n");
    write(dir.path(), "app/__init__.py", "");
    write(dir.path(), "app/models.py", MODELS);
    write(dir.path(), "app/queries.py", QUERIES);
    dir
}

#[test]
fn reveal_text_follows_the_detected_series() {
    let dir = project();
    let output = sqla(dir.path(), &["reveal", "--verbose"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("app/queries.py:9:17: note: Revealed type is \"Select[Tuple[int, str]]\""), "{text}");
    assert!(text.contains("app/queries.py:11:21: note: Revealed type is \"str\""), "{text}");
    assert!(text.contains("app/queries.py:11:21: note: Type checkers see \"Any\""), "{text}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("SQLAlchemy 2.0 (SQLAlchemy pinned in"), "{stderr}");
}

#[test]
fn reveal_json_has_checker_type_only_where_it_differs() {
    let dir = project();
    let output = sqla(dir.path(), &["reveal", "app/queries.py", "--format", "json", "--sqlalchemy", "2.1"]);
    assert!(output.status.success());
    let lines: Vec<serde_json::Value> = stdout(&output).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["type"], "Select[int, str]");
    assert_eq!(lines[0]["expr"], "stmt");
    assert!(lines[0].get("checker_type").is_none());
    assert_eq!((lines[1]["line"].as_u64(), lines[1]["column"].as_u64()), (Some(11), Some(21)));
    assert_eq!(lines[1]["type"], "str");
    assert_eq!(lines[1]["checker_type"], "Any");
}

#[test]
fn hover_shows_the_variable_and_its_row() {
    let dir = project();
    let output = sqla(dir.path(), &["hover", "app/queries.py:8:6"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert!(text.contains("(variable) stmt: Select[Tuple[int, str]]"), "{text}");
    assert!(text.contains("| 1 | `name` | `str` |"), "{text}");
}

#[test]
fn hover_on_a_model_attribute_and_a_model() {
    let dir = project();
    let text = stdout(&sqla(dir.path(), &["hover", "app/models.py:21:5"]));
    assert!(text.contains("(column) Post.author_id: int"), "{text}");
    assert!(text.contains("foreign key → `user_account.id`"), "{text}");
    let text = stdout(&sqla(dir.path(), &["hover", "app/queries.py:8:33"]));
    assert!(text.contains("(column) User.name: str"), "{text}");
    assert!(text.contains("SQL type `String(30)`"), "{text}");
    let text = stdout(&sqla(dir.path(), &["hover", "app/models.py:10:7"]));
    assert!(text.contains("(model) class User") && text.contains("Table `user_account`"), "{text}");
}

#[test]
fn hover_answers_several_positions_as_json_lines() {
    let dir = project();
    let output = sqla(dir.path(), &["hover", "--format", "json", "app/queries.py:8:6", "app/queries.py:1:1"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<serde_json::Value> =
        stdout(&output).lines().map(|l| serde_json::from_str(l).expect("one JSON object a line")).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["position"], "app/queries.py:8:6");
    assert!(lines[0]["markdown"].as_str().unwrap().contains("(variable) stmt: Select[Tuple[int, str]]"));
    assert!(lines[1]["markdown"].is_null());
}

#[test]
fn without_a_project_marker_the_current_folder_is_the_project_root() {
    // No pyproject.toml, setup.py or .git: the folder `sqla` runs in is the root (as for pyright
    // and an editor's workspace folder), so `models` resolves from a file two folders down.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "models.py", MODELS.replace("from app.", "from ").as_str());
    write(
        dir.path(),
        "jobs/nightly/report.py",
        "from sqlalchemy import select
from models import User
stmt = select(User.id)
",
    );
    let output = sqla(dir.path(), &["hover", "--sqlalchemy", "2.0", "jobs/nightly/report.py:3:1"]);
    let text = stdout(&output);
    assert!(text.contains("(variable) stmt: Select[Tuple[int]]"), "{text}{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = project();
    let output = sqla(dir.path(), &["reveal", "missing.py"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such file or folder"));
    assert_eq!(sqla(dir.path(), &["reveal", "--sqlalchemy", "3.0"]).status.code(), Some(2));
    assert_eq!(sqla(dir.path(), &["frobnicate"]).status.code(), Some(2));
    assert_eq!(sqla(dir.path(), &["hover", "app/queries.py:999:1"]).status.code(), Some(2));
    write(dir.path(), "sqla.toml", "sqlalchemy = [");
    let output = sqla(dir.path(), &["reveal"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid TOML"));
}

#[test]
fn broken_and_non_utf8_files_still_give_partial_results() {
    let dir = project();
    write(
        dir.path(),
        "app/broken.py",
        "from app.models import User\nreveal_type(User.id)\ndef f(:\n    x = (\nreveal_type(User.name)\n",
    );
    std::fs::write(
        dir.path().join("app/latin1.py"),
        b"# caf\xe9\nfrom app.models import User\nreveal_type(User.email)\n",
    )
    .unwrap();
    let output = sqla(dir.path(), &["reveal", "app/broken.py", "app/latin1.py", "--sqlalchemy", "2.1"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("app/broken.py:2:13: note: Revealed type is \"InstrumentedAttribute[int]\""), "{text}");
    assert!(
        text.contains("app/latin1.py:3:13: note: Revealed type is \"InstrumentedAttribute[str | None]\""),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("not valid UTF-8"));
}

#[test]
fn a_bare_file_name_in_the_current_folder() {
    let dir = project();
    let output = sqla(&dir.path().join("app"), &["reveal", "queries.py", "--sqlalchemy", "2.0"]);
    assert!(stdout(&output).contains("queries.py:9:17: note: Revealed type is \"Select[Tuple[int, str]]\""));
}

#[test]
fn version_flag() {
    let output = sqla(Path::new("."), &["--version"]);
    assert!(output.status.success());
    assert!(stdout(&output).starts_with("sqla "));
}

const LEGACY: &str = r#"from sqlalchemy import select
from sqlalchemy.ext.declarative import declarative_base
from app.models import User

stmt = select([User.id, User.name])
"#;

#[test]
fn lint_exit_codes_formats_and_selection() {
    let dir = project();
    write(dir.path(), "app/legacy.py", LEGACY);
    let output = sqla(dir.path(), &["lint"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("app/legacy.py:5:15: SQA105 [*] `select()` takes columns positionally"), "{text}");
    assert!(text.contains("5 | stmt = select([User.id, User.name])"), "{text}");
    assert!(text.contains("Found 2 findings.") && text.contains("[*] 2 fixable"), "{text}");

    let output = sqla(dir.path(), &["lint", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &findings[0];
    assert_eq!(first["code"], "SQA114");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(2), Some(6)));
    assert_eq!(first["fix"]["applicability"], "safe");
    assert_eq!(first["fix"]["edits"][0]["content"], "sqlalchemy.orm");

    let github = stdout(&sqla(dir.path(), &["lint", "--format", "github", "--select", "SQA105"]));
    assert_eq!(github.lines().count(), 1);
    assert!(
        github.starts_with("::error title=sqla (select-list-argument),file=app/legacy.py,line=5,col=15"),
        "{github}"
    );

    let sarif: serde_json::Value =
        serde_json::from_slice(&sqla(dir.path(), &["lint", "--format", "sarif"]).stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(2));

    let ignored = sqla(dir.path(), &["lint", "--ignore", "migration"]);
    assert_eq!(ignored.status.code(), Some(0));
    assert!(stdout(&ignored).contains("All checks passed!"));
    assert_eq!(sqla(dir.path(), &["lint", "--exit-zero"]).status.code(), Some(0));
    let unknown = sqla(dir.path(), &["lint", "--select", "SQA999"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown rule selector"));
}

#[test]
fn lint_configuration_from_pyproject() {
    let dir = project();
    write(dir.path(), "app/legacy.py", LEGACY);
    write(
        dir.path(),
        "pyproject.toml",
        "[project]\nname = \"app\"\n\n[tool.sqla]\nsqlalchemy = \"2.0\"\nignore = [\"SQA114\"]\n\n[tool.sqla.per-file-ignores]\n\"app/legacy.py\" = [\"select-list-argument\"]\n",
    );
    let output = sqla(dir.path(), &["lint", "--statistics"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // `sqla fix` fixes what `sqla lint` shows: nothing the per-file ignores hide.
    let fixed = sqla(dir.path(), &["fix", "--diff"]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stdout(&fixed));
    assert_eq!(std::fs::read_to_string(dir.path().join("app/legacy.py")).unwrap(), LEGACY);
    write(
        dir.path(),
        "pyproject.toml",
        "[tool.sqla]\nsqlalchemy = \"2.0\"\nselect = [\"SQA105\"]\n\n[tool.sqla.severity]\nselect-list-argument = \"hint\"\n",
    );
    let json: serde_json::Value =
        serde_json::from_slice(&sqla(dir.path(), &["lint", "--format", "json"]).stdout).unwrap();
    assert_eq!(json[0]["severity"], "hint");
    write(dir.path(), "pyproject.toml", "[tool.sqla]\nselekt = [\"SQA1\"]\n");
    let output = sqla(dir.path(), &["lint"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown setting `selekt`"));
}

#[test]
fn rule_table_and_docs() {
    let table = stdout(&sqla(Path::new("."), &["rule"]));
    assert!(table.contains("SQA101  dynamic-relationship"), "{table}");
    let doc = stdout(&sqla(Path::new("."), &["rule", "SQA105"]));
    assert!(doc.starts_with("# select-list-argument (SQA105)") && doc.contains("## Use instead"), "{doc}");
    assert_eq!(sqla(Path::new("."), &["rule", "nope"]).status.code(), Some(2));
}

#[test]
fn fix_applies_safe_fixes_atomically_and_is_idempotent() {
    let dir = project();
    write(dir.path(), "app/legacy.py", LEGACY);
    let diff = sqla(dir.path(), &["fix", "--diff"]);
    assert_eq!(diff.status.code(), Some(1));
    let text = stdout(&diff);
    assert!(text.contains("-stmt = select([User.id, User.name])\n+stmt = select(User.id, User.name)"), "{text}");
    assert_eq!(std::fs::read_to_string(dir.path().join("app/legacy.py")).unwrap(), LEGACY, "--diff writes nothing");

    let output = sqla(dir.path(), &["fix"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let fixed = std::fs::read_to_string(dir.path().join("app/legacy.py")).unwrap();
    assert_eq!(
        fixed,
        LEGACY
            .replace("sqlalchemy.ext.declarative", "sqlalchemy.orm")
            .replace("select([User.id, User.name])", "select(User.id, User.name)")
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("Fixed 2 finding(s) in 1 file(s)."));
    let again = sqla(dir.path(), &["fix"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("Fixed 0 finding(s) in 0 file(s)."));
    assert_eq!(std::fs::read_to_string(dir.path().join("app/legacy.py")).unwrap(), fixed);
    assert_eq!(sqla(dir.path(), &["lint", "--select", "SQA105,SQA114"]).status.code(), Some(0));
}

#[test]
fn fix_keeps_line_endings_and_never_writes_undecodable_files() {
    let dir = project();
    write(dir.path(), "app/crlf.py", &LEGACY.replace('\n', "\r\n"));
    let mut latin1 = LEGACY.as_bytes().to_vec();
    latin1.extend_from_slice(b"# caf\xe9\n");
    std::fs::write(dir.path().join("app/latin1.py"), &latin1).unwrap();
    let output = sqla(dir.path(), &["fix", "app/crlf.py", "app/latin1.py"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not fixed: app/latin1.py: the file is not valid UTF-8"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("app/latin1.py")).unwrap(), latin1);
    let crlf = std::fs::read_to_string(dir.path().join("app/crlf.py")).unwrap();
    assert!(
        crlf.contains("stmt = select(User.id, User.name)\r\n") && !crlf.replace("\r\n", "").contains('\n'),
        "{crlf:?}"
    );
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let dir = project();
    write(
        dir.path(),
        "app/rows.py",
        "from sqlalchemy import select\nfrom sqlalchemy.orm import Session\nfrom app.models import User\n\ndef f(session: Session):\n    a, b = session.execute(select(User.id, User.name)).one().t\n    return a, b\n",
    );
    sqla(dir.path(), &["fix", "--sqlalchemy", "2.1"]);
    assert!(std::fs::read_to_string(dir.path().join("app/rows.py")).unwrap().contains(".one().t\n"));
    sqla(dir.path(), &["fix", "--unsafe", "--sqlalchemy", "2.1"]);
    assert!(
        std::fs::read_to_string(dir.path().join("app/rows.py"))
            .unwrap()
            .contains("    a, b = session.execute(select(User.id, User.name)).one()\n")
    );
}

const AUTHORS: &str = r#"from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"
    id = Column(Integer, primary_key=True)
    articles = relationship("Article", lazy="dynamic")


class Article(Base):
    __tablename__ = "articles"
    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("authors.id"))
    title = Column(String)
"#;

const ARTICLES: &str = r#"from app.authors import Author


def titles(author: Author):
    return [a.title for a in author.articles]
"#;

#[test]
fn dynamic_relationship_related_information_and_migration_across_files() {
    let dir = project();
    write(dir.path(), "app/authors.py", AUTHORS);
    write(
        dir.path(),
        "app/articles.py",
        &format!("{ARTICLES}\n\ndef leak(author: Author):\n    return author.articles\n"),
    );

    // A use the migration cannot rewrite: related information in every format that has it.
    let text = stdout(&sqla(dir.path(), &["lint", "--select", "SQA101"]));
    assert!(
        text.contains("  = related: app/articles.py:9:12: `author.articles` is used as a value (passed on, returned or stored), which the fix cannot follow"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&sqla(dir.path(), &["lint", "--select", "SQA101", "--format", "json"]).stdout).unwrap();
    let finding = &json[0];
    assert_eq!(finding["fix"]["applicability"], "safe");
    assert_eq!(finding["alternatives"], serde_json::json!([]));
    assert_eq!(finding["related"][0]["file"], "app/articles.py");
    assert_eq!((finding["related"][0]["line"].as_u64(), finding["related"][0]["column"].as_u64()), (Some(9), Some(12)));
    let sarif: serde_json::Value =
        serde_json::from_slice(&sqla(dir.path(), &["lint", "--select", "SQA101", "--format", "sarif"]).stdout).unwrap();
    let related = &sarif["runs"][0]["results"][0]["relatedLocations"][0];
    assert_eq!(related["physicalLocation"]["artifactLocation"]["uri"], "app/articles.py");
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 9);

    // Every use rewritable: the migration is offered, with edits in the other file.
    write(dir.path(), "app/articles.py", ARTICLES);
    let json: serde_json::Value =
        serde_json::from_slice(&sqla(dir.path(), &["lint", "--select", "SQA101", "--format", "json"]).stdout).unwrap();
    let migration = &json[0]["alternatives"][0];
    assert_eq!(migration["applicability"], "unsafe");
    let edits = migration["edits"].as_array().unwrap();
    assert!(edits.iter().any(|e| e["file"] == "app/articles.py"), "{migration}");

    // Fixing the model file alone never applies part of the migration: the safe fix instead.
    sqla(dir.path(), &["fix", "--unsafe", "--select", "SQA101", "app/authors.py"]);
    let authors = std::fs::read_to_string(dir.path().join("app/authors.py")).unwrap();
    assert!(
        authors.contains("    articles: DynamicMapped[\"Article\"] = relationship(\"Article\", lazy=\"dynamic\")\n"),
        "{authors}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("app/articles.py")).unwrap(), ARTICLES);

    let output = sqla(dir.path(), &["fix", "--unsafe", "--select", "SQA101"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let authors = std::fs::read_to_string(dir.path().join("app/authors.py")).unwrap();
    assert!(authors.contains("    articles: WriteOnlyMapped[\"Article\"] = relationship(\"Article\")\n"), "{authors}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app/articles.py")).unwrap(),
        ARTICLES
            .replace(
                "from app.authors import Author\n",
                "from app.authors import Author\nfrom sqlalchemy.orm import object_session\n"
            )
            .replace("in author.articles]", "in object_session(author).scalars(author.articles.select())]")
    );
    assert_eq!(sqla(dir.path(), &["lint", "--select", "SQA101"]).status.code(), Some(0));
}

/// Typed and legacy models, a Core table, a backref and single-table inheritance.
const SCHEMA_MODELS: &str = r#"from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import relationship

from app.models import Base as TypedBase

# The typed models' registry, so `relationship("Post")` resolves there as SQLAlchemy resolves it.
Base = TypedBase.registry.generate_base()

tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", ForeignKey("post.id"), primary_key=True),
    Column("tag", String(20), primary_key=True),
)


class Comment(Base):
    __tablename__ = "comment"
    id = Column(Integer, primary_key=True)
    post_id = Column(Integer, ForeignKey("post.id"), nullable=False)
    post = relationship("Post", backref="comments")
    kind = Column(String(10))


class Review(Comment):
    stars = Column(Integer)
"#;

fn schema_project() -> tempfile::TempDir {
    let dir = project();
    write(dir.path(), "app/legacy.py", SCHEMA_MODELS);
    dir
}

#[test]
fn schema_json_has_the_documented_fields() {
    let dir = schema_project();
    let output = sqla(dir.path(), &["schema", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let has_all = |v: &serde_json::Value, names: &[&str]| {
        let found = keys(v);
        for name in names {
            assert!(found.iter().any(|k| k == name), "{name} missing in {found:?}");
        }
    };
    let models = json["models"].as_array().unwrap();
    // Sorted by module, then name.
    let names: Vec<&str> = models.iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Comment", "Review", "Post", "User"]);
    let post = &models[2];
    has_all(post, &["name", "module", "table", "file", "line", "abstract", "columns", "relationships"]);
    assert_eq!(post["module"], "app.models");
    assert_eq!(post["table"], "post");
    assert_eq!(post["file"], "app/models.py");
    assert_eq!(post["line"], 18);
    let author_id = &post["columns"][1];
    has_all(author_id, &["name", "column", "python_type", "sql_type", "nullable", "primary_key", "foreign_keys"]);
    assert_eq!(author_id["python_type"], "int");
    assert_eq!(author_id["sql_type"], "Integer");
    assert_eq!(author_id["nullable"], false);
    assert_eq!(author_id["foreign_keys"], serde_json::json!(["user_account.id"]));
    let relationships = post["relationships"].as_array().unwrap();
    let author = relationships.iter().find(|r| r["name"] == "author").unwrap();
    has_all(
        author,
        &["name", "target", "direction", "uselist", "collection", "lazy", "back_populates", "backref", "optional"],
    );
    assert_eq!(author["target"], "User");
    assert_eq!(author["direction"], "MANYTOONE");
    assert_eq!(author["uselist"], false);
    assert_eq!(author["collection"], "scalar");
    assert_eq!(author["optional"], false);
    // `backref="comments"` declares `Post.comments`, the one-to-many side.
    let comments = relationships.iter().find(|r| r["name"] == "comments").unwrap();
    assert_eq!(comments["direction"], "ONETOMANY");
    assert_eq!(comments["collection"], "list");
    assert_eq!(comments["optional"], serde_json::Value::Null);
    // The subclass lists the columns it inherits, as SQLAlchemy's mapper does.
    let review = &models[1];
    assert_eq!(review["table"], "comment");
    let columns: Vec<&str> =
        review["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(columns, ["id", "post_id", "kind", "stars"]);
    let table = &json["tables"][0];
    has_all(table, &["name", "file", "line", "columns"]);
    assert_eq!(table["name"], "post_tags");
    assert_eq!(table["line"], 9);
    assert_eq!(table["columns"][0]["python_type"], "int", "a typeless foreign key column takes its target's type");
    assert_eq!(table["columns"][1]["sql_type"], "String(20)");
}

#[test]
fn schema_mermaid_and_dot() {
    let dir = schema_project();
    let mermaid = stdout(&sqla(dir.path(), &["schema", "--format", "mermaid"]));
    assert!(mermaid.starts_with("erDiagram\n"), "{mermaid}");
    assert!(
        mermaid.contains(
            "    Post[\"Post (post)\"] {\n        Integer id PK\n        Integer author_id FK \"NOT NULL\"\n    }"
        ),
        "{mermaid}"
    );
    assert!(mermaid.contains("    post_tags[\"post_tags\"] {"), "{mermaid}");
    // One edge per pair of sides, with the cardinalities of its direction.
    assert!(mermaid.contains("    Comment }o--|| Post : \"post\"\n"), "{mermaid}");
    assert!(mermaid.contains("    Post }o--|| User : \"author\"\n"), "{mermaid}");
    assert!(!mermaid.contains(": \"comments\""), "{mermaid}");
    assert!(!mermaid.contains(": \"posts\""), "{mermaid}");
    // Review inherits `post` from Comment: drawn once.
    assert_eq!(mermaid.matches(": \"post\"").count(), 1, "{mermaid}");
    let dot = stdout(&sqla(dir.path(), &["schema", "--format", "dot"]));
    assert!(dot.starts_with("digraph schema {\n"), "{dot}");
    assert!(dot.contains("\"Post\":r1 -> \"User\":r0;"), "{dot}");
    assert!(dot.contains("\"post_tags\":r0 -> \"Post\":r0;"), "{dot}");
    assert!(dot.contains("\"Review\" -> \"Comment\" [style=dashed, arrowhead=empty];"), "{dot}");
    assert!(dot.trim_end().ends_with('}'));
}

/// Checks that every tag is closed in order (a small XML well-formedness check).
fn assert_well_formed(xml: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        assert!(!tag.contains('<'), "stray '<' in {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap().to_owned());
        }
        assert!(!rest[..rest.find('<').unwrap_or(rest.len())].contains('>'), "stray '>'");
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn schema_svg_is_well_formed_and_draws_every_box() {
    let dir = schema_project();
    let output = sqla(dir.path(), &["schema", "--format", "svg"]);
    assert!(output.status.success());
    let svg = stdout(&output);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert_well_formed(&svg);
    for title in ["<title>User</title>", "<title>Post</title>", "<title>Comment</title>", "<title>post_tags</title>"] {
        assert!(svg.contains(title), "{title} missing");
    }
    // Three foreign keys (Post.author_id, Comment.post_id, post_tags.post_id) and one inheritance.
    assert_eq!(svg.matches("marker-end=\"url(#arrow").count(), 3, "{svg}");
    assert_eq!(svg.matches("marker-end=\"url(#inherits)\"").count(), 1, "{svg}");
}

#[test]
fn stats_counts_declarations_and_legacy_sites() {
    let dir = schema_project();
    let output = sqla(dir.path(), &["stats", "--format", "json"]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["models"], serde_json::json!({"legacy": 2, "typed": 2}));
    assert_eq!(json["tables"], 1);
    // Typed: User 3 + Post 2 columns; legacy: Comment 3 + Review's own `stars`.
    assert_eq!(json["columns"], serde_json::json!({"total": 9, "typed": 5, "untyped": 4}));
    assert_eq!(json["relationships"], serde_json::json!({"total": 3, "typed": 2, "untyped": 1}));
    assert_eq!(json["backref_relationships"], 1);
    assert_eq!(json["foreign_keys"], serde_json::json!({"total": 2, "typed": 1, "untyped": 1}));
    // `registry.generate_base()` is not the legacy `declarative_base()`.
    assert!(json["legacy_sites"].get("SQA102 legacy-declarative-base").is_none());
    assert_eq!(json["legacy_sites"]["SQA111 backref-argument"], 1);
    let sites = json["legacy_sites_total"].as_u64().unwrap();
    let expected = (1000.0 * 7.0 / (7.0 + 5.0 + sites as f64)).round() / 10.0;
    assert_eq!(json["readiness"].as_f64().unwrap(), expected);
    let text = stdout(&sqla(dir.path(), &["stats"]));
    assert!(text.contains("models                4   (2 typed, 2 legacy, 0 flask; 0 abstract)"), "{text}");
    assert!(text.contains("2.x readiness"), "{text}");
}

#[test]
fn parameter_types_are_assumed_unless_the_configuration_or_the_flag_says_not() {
    let dir = project();
    write(
        dir.path(),
        "app/legacy_queries.py",
        "from app.models import User\n\n\ndef names(session):\n    reveal_type(session)\n",
    );
    let revealed = |args: &[&str]| {
        let output = sqla(dir.path(), args);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        stdout(&output).lines().find(|l| l.contains("legacy_queries.py")).unwrap_or_default().to_owned()
    };
    assert!(revealed(&["reveal", "app/legacy_queries.py"]).contains("\"Session\""));
    assert!(revealed(&["reveal", "--no-assume-parameter-types", "app/legacy_queries.py"]).contains("\"Unknown\""));
    write(
        dir.path(),
        "pyproject.toml",
        "[project]\nname = \"app\"\n\n[tool.sqla]\nsqlalchemy = \"2.0\"\nassume-parameter-types = false\n",
    );
    assert!(revealed(&["reveal", "app/legacy_queries.py"]).contains("\"Unknown\""));
    write(dir.path(), "pyproject.toml", "[tool.sqla]\nassume-parameter-types = \"no\"\n");
    let output = sqla(dir.path(), &["reveal"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`assume-parameter-types` must be true or false"));
}

#[test]
fn values_from_installed_libraries_have_their_declared_types() {
    // A package the project imports, installed in its virtualenv, is read as type checkers read
    // it (its stubs package first); the standard library and SQLAlchemy are not read from there.
    let dir = project();
    let site = ".venv/lib/python3.12/site-packages";
    write(dir.path(), &format!("{site}/webkit-1.0.dist-info/METADATA"), "Name: webkit\nVersion: 1.0\n");
    write(dir.path(), &format!("{site}/webkit/__init__.py"), "from .http import redirect\n");
    write(
        dir.path(),
        &format!("{site}/webkit/http.py"),
        "from typing import overload\n\nclass Response:\n    status: int\n\n\
         def redirect(url: str, code: int = 302) -> Response:\n    return Response()\n\n\
         @overload\ndef parse(x: int) -> int: ...\n@overload\ndef parse(x: str) -> str: ...\n\
         def parse(x):\n    return x\n",
    );
    write(dir.path(), &format!("{site}/rpc/__init__.py"), "def call():\n    return 1\n");
    write(dir.path(), &format!("{site}/rpc-stubs/__init__.pyi"), "def call() -> bytes: ...\n");
    write(
        dir.path(),
        "app/views.py",
        "import rpc\nfrom webkit import redirect\nfrom webkit.http import parse\n\n\
         def view():\n    response = redirect(\"/\")\n    reveal_type(response)\n    reveal_type(response.status)\n\
         \x20   reveal_type(rpc.call())\n    reveal_type(parse(1))\n",
    );
    let output = sqla(dir.path(), &["reveal", "app/views.py", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let types: Vec<String> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["type"].as_str().unwrap().to_owned())
        .collect();
    // `parse`'s overload is picked by the argument, as pyright picks it.
    assert_eq!(types, ["Response", "int", "bytes", "int"]);
}

#[test]
fn the_standard_library_comes_from_typeshed_when_it_is_found() {
    // typeshed's stubs (here a small copy named by `SQLA_TYPESHED`) give the standard library's
    // values, overloads picked by the arguments; `datetime` stays what the analysis knows.
    let dir = project();
    let typeshed = tempfile::tempdir().unwrap();
    write(typeshed.path(), "stdlib/VERSIONS", "logging: 3.0-\n");
    write(
        typeshed.path(),
        "stdlib/logging/__init__.pyi",
        "from typing import overload, AnyStr\n\nclass Logger:\n    name: str\n    def info(self, msg: object) -> None: ...\n\n\
         def getLogger(name: str | None = None) -> Logger: ...\n\n\
         @overload\ndef fmt(x: str) -> str: ...\n@overload\ndef fmt(x: bytes) -> bytes: ...\n\n\
         def same(x: AnyStr) -> AnyStr: ...\n",
    );
    write(
        dir.path(),
        "app/log.py",
        "import logging\nfrom datetime import datetime\n\nlogger = logging.getLogger(__name__)\nreveal_type(logger)\n\
         reveal_type(logger.name)\nreveal_type(logging.fmt(b\"x\"))\nreveal_type(logging.same(\"x\"))\n\
         reveal_type(datetime.now())\n",
    );
    let types = revealed_with_typeshed(dir.path(), typeshed.path(), "app/log.py");
    assert_eq!(types, ["Logger", "str", "bytes", "str", "datetime"]);
}

#[test]
fn a_function_s_attributes_are_typeshed_s_function_type_s() {
    // pyright 1.1.414: a function's (a callable's) attribute is what `types.FunctionType` declares,
    // a bound method's what `types.MethodType` does.
    let dir = project();
    let typeshed = tempfile::tempdir().unwrap();
    write(typeshed.path(), "stdlib/VERSIONS", "types: 3.0-\ntyping: 3.0-\n");
    // typeshed's `typing` imports them, so their stub is read wherever `typing` is.
    write(typeshed.path(), "stdlib/typing.pyi", "from types import FunctionType, MethodType\n");
    write(
        typeshed.path(),
        "stdlib/types.pyi",
        "from typing import Any, Callable\n\n\
         class FunctionType:\n    __defaults__: tuple[Any, ...] | None\n\n\
         class MethodType:\n    @property\n    def __func__(self) -> Callable[..., Any]: ...\n",
    );
    write(
        dir.path(),
        "app/functions.py",
        "from typing import Callable\n\nclass C:\n    def m(self): ...\n\n\
         def f(func: Callable[..., int], c: C):\n    reveal_type(func.__defaults__)\n\
         \x20   reveal_type(c.m.__func__)\n    reveal_type(func.undeclared)\n",
    );
    let types = revealed_with_typeshed(dir.path(), typeshed.path(), "app/functions.py");
    // Undeclared, it is `Any` to type checkers, unknown to the precise view.
    assert_eq!(types, ["tuple[Any, ...] | None", "(...) -> Any", "Unknown"]);
}

#[test]
fn a_sequence_given_for_typeshed_s_supports_len_and_get_item_solves_its_item() {
    // pyright 1.1.414 (advanced-alchemy's `secrets.choice(alphabet)` of a `Literal[...]` alphabet):
    // `SupportsLenAndGetItem[_T]` given a sequence is solved by its items, a string's by `str`.
    let dir = project();
    let typeshed = tempfile::tempdir().unwrap();
    write(typeshed.path(), "stdlib/VERSIONS", "_typeshed: 3.0-\nsecrets: 3.0-\n");
    write(
        typeshed.path(),
        "stdlib/_typeshed/__init__.pyi",
        "from typing import Protocol, TypeVar\n_T_co = TypeVar(\"_T_co\", covariant=True)\n\n\
         class SupportsLenAndGetItem(Protocol[_T_co]):\n    def __len__(self) -> int: ...\n\
         \x20   def __getitem__(self, k: int, /) -> _T_co: ...\n",
    );
    write(
        typeshed.path(),
        "stdlib/secrets.pyi",
        "from _typeshed import SupportsLenAndGetItem\nfrom typing import TypeVar\n_T = TypeVar(\"_T\")\n\n\
         def choice(seq: SupportsLenAndGetItem[_T]) -> _T: ...\n",
    );
    write(
        dir.path(),
        "app/pick.py",
        "import secrets\n\ndef f(digits: bool, ids: list[int]):\n\
         \x20   alphabet = \"0123\" if digits else \"ABC\"\n    reveal_type(secrets.choice(alphabet))\n\
         \x20   reveal_type(secrets.choice(ids))\n",
    );
    let types = revealed_with_typeshed(dir.path(), typeshed.path(), "app/pick.py");
    assert_eq!(types, ["str", "int"]);
}

#[test]
fn a_path_is_a_path_of_str_to_typeshed_s_path_functions() {
    // pyright 1.1.414 (FlexGet's `os.path.join(self.config_base, log_file)` with `log_file: Any`):
    // a `Path` is no `LiteralString` and no `PathLike[bytes]` (its `__fspath__` returns `str`), so
    // the `str` overload is the one left whatever the other argument is.
    let dir = project();
    let typeshed = tempfile::tempdir().unwrap();
    write(typeshed.path(), "stdlib/VERSIONS", "abc: 3.0-\nos: 3.0-\npathlib: 3.0-\ntyping: 3.0-\n");
    write(typeshed.path(), "stdlib/abc.pyi", "class ABCMeta(type): ...\nclass ABC(metaclass=ABCMeta): ...\n");
    write(
        typeshed.path(),
        "stdlib/os/__init__.pyi",
        "from abc import ABC\nfrom typing import AnyStr, Protocol\n\n\
         class PathLike(ABC, Protocol[AnyStr]):\n    def __fspath__(self) -> AnyStr: ...\n",
    );
    write(
        typeshed.path(),
        "stdlib/os/path.pyi",
        "from os import PathLike\nfrom typing import AnyStr, LiteralString, overload\n\n\
         @overload\ndef join(a: LiteralString, *paths: LiteralString) -> LiteralString: ...\n\
         @overload\ndef join(a: str | PathLike[str], *paths: str | PathLike[str]) -> str: ...\n\
         @overload\ndef join(a: bytes | PathLike[bytes], *paths: bytes | PathLike[bytes]) -> bytes: ...\n\n\
         def dirname(p: PathLike[AnyStr]) -> AnyStr: ...\ndef split(p: AnyStr | PathLike[AnyStr]) -> tuple[AnyStr, AnyStr]: ...\n",
    );
    write(
        typeshed.path(),
        "stdlib/pathlib.pyi",
        "from os import PathLike\n\nclass PurePath(PathLike[str]):\n    def __fspath__(self) -> str: ...\n\n\
         class Path(PurePath): ...\n",
    );
    write(
        dir.path(),
        "app/paths.py",
        "import os.path\nfrom pathlib import Path\nfrom typing import Any\n\n\
         def f(base: Path, name: Any):\n    reveal_type(os.path.join(base, name))\n\
         \x20   reveal_type(os.path.dirname(base))\n    reveal_type(os.path.split(base))\n",
    );
    let types = revealed_with_typeshed(dir.path(), typeshed.path(), "app/paths.py");
    // A `Path` given for `PathLike[AnyStr]` is a path of `str`, what its `__fspath__` returns.
    assert_eq!(types, ["str", "str", "tuple[str, str]"]);
}

/// `sqla reveal FILE --format json` in `dir` with typeshed's stubs at `typeshed`: the type of each
/// reveal, in order.
fn revealed_with_typeshed(dir: &Path, typeshed: &Path, file: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_sqla"))
        .args(["reveal", file, "--format", "json"])
        .current_dir(dir)
        .env("SQLA_TYPESHED", typeshed)
        .output()
        .expect("sqla runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    stdout(&output)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["type"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn members_of_standard_classes_the_analysis_holds_come_from_typeshed_where_it_does_not_hold_them() {
    // `collections` and `types` stay the analysis's own (`deque[str]` as ever), and what their
    // classes have beyond that is read from typeshed's stubs, type arguments and all.
    let dir = project();
    let typeshed = tempfile::tempdir().unwrap();
    write(typeshed.path(), "stdlib/VERSIONS", "collections: 3.0-\ntypes: 3.0-\ntyping: 3.0-\n");
    // `typing` names its own classes and type variables, as typeshed's does.
    write(
        typeshed.path(),
        "stdlib/typing.pyi",
        "_KT = TypeVar(\"_KT\")\n_VT_co = TypeVar(\"_VT_co\", covariant=True)\n_T_co = TypeVar(\"_T_co\", covariant=True)\n\
         class TypeVar: ...\nGeneric: _SpecialForm\n\
         class Iterator(Generic[_T_co]):\n    def __next__(self) -> _T_co: ...\n\
         class ItemsView(Generic[_KT, _VT_co]):\n    def __iter__(self) -> Iterator[tuple[_KT, _VT_co]]: ...\n\
         class Mapping(Generic[_KT, _VT_co]):\n    def items(self) -> ItemsView[_KT, _VT_co]: ...\n",
    );
    write(
        typeshed.path(),
        "stdlib/collections/__init__.pyi",
        "from typing import Generic, TypeVar\n_T = TypeVar(\"_T\")\n\nclass deque(Generic[_T]):\n    maxlen: int | None\n    \
         def popleft(self) -> _T: ...\n",
    );
    write(
        typeshed.path(),
        "stdlib/types.pyi",
        "from typing import Mapping, TypeVar, ValuesView\n_KT_co = TypeVar(\"_KT_co\", covariant=True)\n\
         _VT_co = TypeVar(\"_VT_co\", covariant=True)\n\nclass MappingProxyType(Mapping[_KT_co, _VT_co]):\n    \
         def values(self) -> ValuesView[_VT_co]: ...\n",
    );
    write(
        dir.path(),
        "app/standard.py",
        "from collections import deque\nfrom types import MappingProxyType\nfrom typing import Mapping\n\n\
         def f(d: deque[str], m: MappingProxyType[str, int], params: Mapping[str, float]):\n    reveal_type(d.popleft())\n    \
         reveal_type(d.maxlen)\n    reveal_type(m.values())\n    reveal_type(d)\n    reveal_type(params.items())\n    \
         for key, value in params.items():\n        reveal_type(value)\n",
    );
    let types = revealed_with_typeshed(dir.path(), typeshed.path(), "app/standard.py");
    assert_eq!(types, ["str", "int | None", "ValuesView[int]", "deque[str]", "ItemsView[str, float]", "float"]);
}
