//! Hover text on variables, rows, model attributes and models.

use crate::Series;
use crate::fixture::Fixture;

use super::{MODELS, with_models};

const SELECT_WITH_LABEL: &str = r#"from sqlalchemy import select
from app.models import User
st$0mt = select(User.id, User.name.label("username"))
"#;

const ROW_ATTRIBUTE: &str = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    for row in session.execute(select(User.id, User.name)):
        print(row.na$0me)
"#;

fn hover(main: &str, series: Series) -> String {
    with_models(main, series).hover()
}

#[test]
fn variable_with_its_row_columns() {
    let text = hover(SELECT_WITH_LABEL, Series::V20);
    assert!(text.starts_with("```python\n(variable) stmt: Select[Tuple[int, str]]\n```"), "{text}");
    assert!(text.contains("| 0 | `id` | `int` |") && text.contains("| 1 | `username` | `str` |"), "{text}");
}

#[test]
fn named_row_attribute_shows_both_views() {
    let text = hover(ROW_ATTRIBUTE, Series::V21);
    assert!(text.contains("(expression) Any") || text.contains(": Any"), "{text}");
    assert!(text.contains("Type checkers see `Any`") && text.contains("```python\nstr\n```"), "{text}");
}

#[test]
fn model_attribute_through_the_class() {
    let text = hover(
        r#"from app.models import Post
Post.auth$0or_id
"#,
        Series::V21,
    );
    assert!(text.contains("(column) Post.author_id: int"), "{text}");
    assert!(text.contains("foreign key → `users.id`") && text.contains("not null"), "{text}");
}

#[test]
fn model_declaration_and_class() {
    let fixture = Fixture::new(&MODELS.replace("    posts: Mapped", "    po$0sts: Mapped"), Series::V21);
    let text = fixture.hover();
    assert!(text.contains("(relationship) User.posts: List[Post]"), "{text}");
    assert!(text.contains("→ `Post` (collection)") && text.contains("back_populates=\"author\""), "{text}");
    let fixture = Fixture::new(&MODELS.replace("class Post(Base)", "class Po$0st(Base)"), Series::V21);
    let text = fixture.hover();
    assert!(text.contains("(model) class Post") && text.contains("Table `posts`"), "{text}");
    assert!(text.contains("| `author_id` | `int` | `Integer` | FK → users.id |"), "{text}");
    assert!(text.contains("| `id` | `int` | `Integer` | PK |"), "{text}");
}

#[test]
fn hover_on_broken_code_does_not_fail() {
    let text = hover("from app.models import User\nx = User.na$0me +\n", Series::V21);
    assert!(text.contains("(column) User.name: str"), "{text}");
}

#[test]
fn assumed_parameter_type_says_so() {
    let text = hover(
        r#"from app.models import User
def f(session):
    return sess$0ion.query(User).all()
"#,
        Series::V21,
    );
    assert!(text.starts_with("```python\n(variable) session: Session\n```"), "{text}");
    assert!(text.contains("`session` has no annotation: type checkers see `Unknown`"), "{text}");
}

#[test]
fn method_names_are_methods_not_variables() {
    let text = hover(
        r#"from sqlalchemy import select
from app.models import User
stmt = select(User).filt$0er_by(name="x")
"#,
        Series::V21,
    );
    assert!(text.starts_with("```python\n(method) Select[User].filter_by\n```"), "{text}");
}

#[test]
fn beside_a_type_checker_only_what_it_lacks() {
    let beside = crate::ide::HoverConfig { type_line: false };
    let with_rows = with_models(SELECT_WITH_LABEL, Series::V20).hover_with(beside);
    assert!(!with_rows.contains("(variable)"), "{with_rows}");
    assert!(with_rows.starts_with("| # | column | type |") && with_rows.contains("| 1 | `username` | `str` |"));
    // Where checkers see something else, the note says what we infer.
    let differs = with_models(ROW_ATTRIBUTE, Series::V21).hover_with(beside);
    assert!(differs.starts_with("Type checkers see `Any` here") && differs.contains("```python\nstr\n```"));
    // Where they see `Unknown`, our type is news: it stays.
    let unknown = with_models(
        "from app.models import User\ndef f(session):\n    return sess$0ion.query(User).all()\n",
        Series::V21,
    )
    .hover_with(beside);
    assert!(unknown.starts_with("```python\n(variable) session: Session\n```"), "{unknown}");
    // Nothing to add: no hover of ours at all.
    let plain =
        with_models("from sqlalchemy import create_engine\neng$0ine = create_engine(\"sqlite://\")\n", Series::V21);
    assert!(plain.hover().contains("(variable) engine: Engine"), "{}", plain.hover());
    assert_eq!(plain.hover_with(beside), "");
}

// ---- names in SQLAlchemy's strings: the same cards as in code -------------------------------------

/// The hover with the cursor placed in MODELS by `marked` (a snippet of it with `$0` inside).
fn hover_in_models(marked: &str) -> String {
    let plain = marked.replace("$0", "");
    assert!(MODELS.contains(&plain), "{plain}");
    Fixture::new(&MODELS.replace(&plain, marked), Series::V21).hover()
}

#[test]
fn back_populates_string_shows_the_attribute_card() {
    let in_string = hover_in_models("relationship(back_populates=\"po$0sts\")");
    let in_code = hover("from app.models import User\nUser.po$0sts\n", Series::V21);
    assert!(in_string.starts_with("```python\n(relationship) User.posts: List[Post]\n```"), "{in_string}");
    assert!(in_string.contains("back_populates=\"author\""), "{in_string}");
    assert_eq!(in_string, in_code);
}

#[test]
fn relationship_target_string_shows_the_model_card() {
    let fixture = Fixture::new(
        &MODELS.replace("author: Mapped[\"User\"] = relationship(", "author = relationship(\"Us$0er\", "),
        Series::V21,
    );
    let in_string = fixture.hover();
    let in_code = hover("from app.models import User\nUs$0er\n", Series::V21);
    assert!(in_string.starts_with("```python\n(model) class User\n```") && in_string.contains("Table `users`"));
    assert_eq!(in_string, in_code);
    // A string annotation names the class too.
    assert_eq!(hover_in_models("author: Mapped[\"Us$0er\"]"), in_code);
}

#[test]
fn foreign_key_string_shows_the_column_and_table_cards() {
    let column = hover_in_models("ForeignKey(\"users.i$0d\")");
    let in_code = hover("from app.models import User\nUser.i$0d\n", Series::V21);
    assert!(column.starts_with("```python\n(column) User.id: int\n```") && column.contains("primary key"), "{column}");
    assert_eq!(column, in_code);
    // The table part: the card of the model mapping the table.
    let table = hover_in_models("ForeignKey(\"use$0rs.id\")");
    assert!(table.starts_with("```python\n(model) class User\n```"), "{table}");
}

const CORE_TABLES: &str = r#"
#- /app/tables.py
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
metadata = MetaData()
accounts = Table("accounts", metadata, Column("id", Integer, primary_key=True), Column("label", String(20)))
entries = Table("entries", metadata, Column("account_id", Integer, ForeignKey("accounts.id")))
"#;

#[test]
fn core_table_names_in_strings_show_the_table_and_its_columns() {
    let at = |marked: &str| Fixture::new(&CORE_TABLES.replace("\"accounts.id\"", marked), Series::V21).hover();
    let column = at("\"accounts.i$0d\"");
    assert!(column.starts_with("```python\n(column) accounts.id\n```"), "{column}");
    assert!(column.contains("SQL type `Integer` · primary key"), "{column}");
    let table = at("\"acc$0ounts.id\"");
    assert!(table.starts_with("```python\n(table) accounts\n```"), "{table}");
    assert!(table.contains("| `id` | `Integer` | PK |") && table.contains("| `label` | `String(20)` |"), "{table}");
}

#[test]
fn constructor_keywords_show_the_attribute_card() {
    let text = hover("from app.models import User\nUser(na$0me=\"x\")\n", Series::V21);
    assert!(text.starts_with("```python\n(column) User.name: str\n```"), "{text}");
}

#[test]
fn inherited_attributes_show_the_model_they_are_read_on() {
    let fixture = Fixture::new(
        r#"
#- /app/models.py
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Stamped:
    created: Mapped[int] = mapped_column(default=0)

class Item(Stamped, Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)

class Other(Stamped, Base):
    __tablename__ = "others"
    id: Mapped[int] = mapped_column(primary_key=True)
#- /main.py
from app.models import Other
def f(other: Other):
    return other.crea$0ted
"#,
        Series::V21,
    );
    let text = fixture.hover();
    assert!(text.starts_with("```python\n(column) Other.created: int\n```"), "{text}");
    assert!(text.contains("Inherited from `Stamped`."), "{text}");
}

#[test]
fn under_1_4_the_hover_says_type_checkers_see_unknown() {
    let text = hover(SELECT_WITH_LABEL, Series::V14);
    assert!(text.starts_with("```python\n(variable) stmt: Select[Tuple[int, str]]\n```"), "{text}");
    assert!(text.contains("Type checkers see `Unknown` here (SQLAlchemy 1.4 ships no type annotations)"), "{text}");
}

#[test]
fn the_name_an_assignment_binds_shows_its_declared_type() {
    // A type checker's hover on `x = 1` shows the variable's declared type, `int`; a constant
    // keeps its literal.
    assert!(hover("$0x = 1\n", Series::V21).starts_with("```python\n(variable) x: int\n```"));
    assert!(hover("$0LIMIT = 1\n", Series::V21).starts_with("```python\n(variable) LIMIT: Literal[1]\n```"));
}

#[test]
fn a_variable_in_an_earlier_definition_of_a_function() {
    // The first `def handle` is redefined below it: its body is still a scope of its own.
    let text = hover(
        r#"from sqlalchemy import select
from app.models import User
def handle(value: int):
    st$0mt = select(User.id)
def handle(value: str):
    stmt = select(User.name)
"#,
        Series::V20,
    );
    assert!(text.starts_with("```python\n(variable) stmt: Select[Tuple[int]]\n```"), "{text}");
}
