//! Go to definition, references, rename, completion, signature help, inlay hints and symbols, on
//! typed and legacy models, from code and from SQLAlchemy's strings.

use crate::fixture::Fixture;
use crate::ide::{CompletionItem, InlayHintsConfig};
use crate::semantics::TextSize;
use crate::{Analysis, FileId, Series};

use super::{MODELS, with_models};

/// Legacy models: `declarative_base()`, `Column(...)`, `relationship("X")`, `backref=`.
const LEGACY: &str = r#"
#- /shop/__init__.py
#- /shop/models.py
from sqlalchemy import Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship, backref
Base = declarative_base()

tags = Table(
    "tags",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("label", String),
)

class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (UniqueConstraint("email"),)
    id = Column(Integer, primary_key=True)
    email = Column(String(100))
    zip_code = Column("zip", String(10))

class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"))
    customer_zip = Column(String(10), ForeignKey("customers.zip"))
    tag_id = Column(Integer, ForeignKey("tags.id"))
    customer = relationship("Customer", backref=backref("orders", lazy="dynamic"), order_by="Customer.email")
"#;

fn load(text: &str) -> Fixture {
    Fixture::new(text, Series::V21)
}

fn models_with(main: &str) -> Fixture {
    with_models(main, Series::V21)
}

fn legacy_with(main: &str) -> Fixture {
    load(&format!("{LEGACY}\n#- /main.py\n{main}"))
}

fn cursor(fixture: &Fixture) -> (FileId, TextSize) {
    fixture.cursor.expect("the fixture has a $0 cursor")
}

/// `path:line:col text` (1-based) for a range.
fn show(analysis: &Analysis, file: FileId, start: u32, end: u32) -> String {
    let path = analysis.path(file).expect("not cancelled");
    let text = analysis.text(file).expect("not cancelled");
    let index = analysis.line_index(file).expect("not cancelled");
    let pos = index.line_col(start, crate::syntax::Encoding::Utf32);
    format!("{path}:{}:{} {}", pos.line + 1, pos.col + 1, &text[start as usize..end as usize])
}

/// `text` with the cursor in `marked`, a snippet of it with `$0` inside.
fn with_cursor(text: &str, marked: &str) -> String {
    let plain = marked.replace("$0", "");
    assert!(text.contains(&plain), "{plain}");
    text.replace(&plain, marked)
}

/// Go to definition from the cursor placed in `text` by `marked` (`with_cursor`).
fn goto_at(text: &str, marked: &str) -> Vec<String> {
    goto(&load(&with_cursor(text, marked)))
}

fn goto(fixture: &Fixture) -> Vec<String> {
    let (file, offset) = cursor(fixture);
    let analysis = fixture.host.analysis();
    let targets = analysis.goto_definition(file, offset).expect("not cancelled");
    targets.iter().map(|t| show(&analysis, t.file, t.focus_range.0, t.focus_range.1)).collect()
}

fn references(fixture: &Fixture, include_declaration: bool) -> Vec<String> {
    let (file, offset) = cursor(fixture);
    let analysis = fixture.host.analysis();
    let refs = analysis.references(file, offset, include_declaration).expect("not cancelled");
    refs.iter().map(|(file, range)| show(&analysis, *file, range.start().into(), range.end().into())).collect()
}

/// The files after a rename, as `#- /path` blocks of the changed files.
fn renamed(fixture: &Fixture, new_name: &str) -> Result<String, String> {
    let (file, offset) = cursor(fixture);
    let analysis = fixture.host.analysis();
    let edits = analysis.rename(file, offset, new_name).expect("not cancelled").map_err(|e| e.to_string())?;
    let mut files: Vec<FileId> = edits.iter().map(|e| e.file).collect();
    files.dedup();
    let mut out = String::new();
    for file in files {
        let mut text = analysis.text(file).expect("not cancelled").to_string();
        let mut file_edits: Vec<_> = edits.iter().filter(|e| e.file == file).collect();
        file_edits.sort_by_key(|e| std::cmp::Reverse(e.start));
        for edit in file_edits {
            text.replace_range(edit.start as usize..edit.end as usize, &edit.new_text);
        }
        out.push_str(&format!("#- {}\n{text}", analysis.path(file).expect("not cancelled")));
    }
    Ok(out)
}

fn complete(fixture: &Fixture) -> Vec<CompletionItem> {
    let (file, offset) = cursor(fixture);
    fixture.host.analysis().completions(file, offset).expect("not cancelled")
}

/// Completion labels with their details: `label: detail`.
fn labels(items: &[CompletionItem]) -> Vec<String> {
    items
        .iter()
        .map(|i| match &i.detail {
            Some(detail) => format!("{}: {detail}", i.label),
            None => i.label.clone(),
        })
        .collect()
}

// ---- go to definition ----------------------------------------------------------------------------

#[test]
fn goto_from_relationship_strings_and_annotations() {
    assert_eq!(goto_at(MODELS, "relationship(back_populates=\"aut$0hor\")"), vec!["/app/models.py:20:5 author"]);
    assert_eq!(goto_at(MODELS, "Mapped[List[\"Po$0st\"]]"), vec!["/app/models.py:15:7 Post"]);
    assert_eq!(goto_at(MODELS, "author: Mapped[\"$0User\"]"), vec!["/app/models.py:8:7 User"]);
    // The column part of a foreign key goes to the column; the table part to `__tablename__`.
    assert_eq!(goto_at(MODELS, "ForeignKey(\"users.i$0d\")"), vec!["/app/models.py:10:5 id"]);
    assert_eq!(goto_at(MODELS, "ForeignKey(\"us$0ers.id\")"), vec!["/app/models.py:9:22 users"]);
}

#[test]
fn goto_from_code_in_another_file() {
    let fixture = models_with(
        r#"from app.models import User
def f(user: User):
    return user.na$0me
"#,
    );
    assert_eq!(goto(&fixture), vec!["/app/models.py:11:5 name"]);
    let fixture = models_with("from app.models import User\nprint(Us$0er.email)\n");
    assert_eq!(goto(&fixture), vec!["/app/models.py:8:7 User"]);
    let fixture = models_with("from app.models import Post\nprint(Post.aut$0hor_id)\n");
    assert_eq!(goto(&fixture), vec!["/app/models.py:19:5 author_id"]);
}

#[test]
fn goto_on_legacy_models() {
    assert_eq!(goto_at(LEGACY, "relationship(\"Cust$0omer\""), vec!["/shop/models.py:12:7 Customer"]);
    assert_eq!(goto_at(LEGACY, "order_by=\"Customer.em$0ail\""), vec!["/shop/models.py:16:5 email"]);
    // A column whose name differs from its attribute: `ForeignKey("customers.zip")` → `zip_code`.
    assert_eq!(goto_at(LEGACY, "ForeignKey(\"customers.z$0ip\")"), vec!["/shop/models.py:17:5 zip_code"]);
    // A column of a `Table(...)`.
    assert_eq!(goto_at(LEGACY, "ForeignKey(\"tags.i$0d\")"), vec!["/shop/models.py:8:13 id"]);
    // An attribute created by `backref=`: its declaration is the backref's name.
    let fixture = legacy_with("from shop.models import Customer\ndef f(c: Customer):\n    return c.ord$0ers\n");
    assert_eq!(goto(&fixture), vec!["/shop/models.py:25:58 orders"]);
}

#[test]
fn goto_finds_nothing_on_other_names_and_odd_offsets() {
    let fixture = models_with("x = 1\nprint(x$0)\n");
    assert!(goto(&fixture).is_empty());
    let fixture = models_with("s = \"é$0\"\n");
    let (file, offset) = cursor(&fixture);
    let analysis = fixture.host.analysis();
    // Inside the two bytes of `é`, and far past the end: nothing, no panic.
    for offset in [offset - TextSize::from(1), offset + TextSize::from(10_000), TextSize::from(u32::MAX)] {
        // A hover starts from the same symbol lookup: no panic either.
        analysis.hover(file, offset, crate::ide::HoverConfig::default()).expect("not cancelled");
        assert!(analysis.goto_definition(file, offset).expect("not cancelled").is_empty());
        assert!(analysis.references(file, offset, true).expect("not cancelled").is_empty());
        assert!(analysis.completions(file, offset).expect("not cancelled").is_empty());
        assert!(analysis.signature_help(file, offset).expect("not cancelled").is_none());
        assert!(analysis.prepare_rename(file, offset).expect("not cancelled").is_none());
    }
}

// ---- references ----------------------------------------------------------------------------------

#[test]
fn references_to_an_attribute_include_strings() {
    let fixture = models_with(
        r#"from sqlalchemy import select
from app.models import User
def f(user: User):
    print(user.id)
    return select(User.id).where(User.i$0d == 1)
"#,
    );
    assert_eq!(
        references(&fixture, true),
        vec![
            "/app/models.py:10:5 id",
            "/app/models.py:19:62 id",
            "/main.py:4:16 id",
            "/main.py:5:24 id",
            "/main.py:5:39 id",
        ]
    );
    assert_eq!(references(&fixture, false).len(), 4);
}

#[test]
fn references_to_a_class_include_strings_imports_and_constructors() {
    let fixture = models_with("from app.models import User\nu = Us$0er(name=\"a\")\n");
    assert_eq!(
        references(&fixture, true),
        vec!["/app/models.py:8:7 User", "/app/models.py:20:21 User", "/main.py:1:24 User", "/main.py:2:5 User",]
    );
    // The constructor keyword is a reference to the attribute.
    let fixture = models_with("from app.models import User\nu = User(na$0me=\"a\")\n");
    assert_eq!(references(&fixture, false), vec!["/main.py:2:10 name"]);
}

#[test]
fn references_include_filter_by_keywords() {
    let fixture = models_with(
        r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import Post, User
def f(session: Session, stmt):
    a = session.scalars(select(User).where(User.id > 1).filter_by(na$0me="a"))
    b = session.query(User).filter_by(name="b")
    c = select(User.name).filter_by(name="c")
    d = select(User).join(User.posts).filter_by(name="d")
    e = select(Post).filter_by(title="e")
    return a, b, c, d, e
"#,
    );
    // The statement's first entity is `User`; after a join, `filter_by` names the joined entity;
    // a statement of columns only has no entity we know of.
    assert_eq!(
        references(&fixture, true),
        vec!["/app/models.py:11:5 name", "/main.py:5:67 name", "/main.py:6:39 name", "/main.py:7:21 name",]
    );
    let out = renamed(&fixture, "username").expect("renamed");
    assert!(out.contains("filter_by(username=\"a\")") && out.contains("filter_by(username=\"b\")"), "{out}");
    assert!(out.contains(".join(User.posts).filter_by(name=\"d\")"), "{out}");
    // A dynamic relationship's query filters its target.
    let fixture = legacy_with(
        "from shop.models import Customer\ndef f(c: Customer):\n    return c.orders.filter_by(customer_z$0ip=\"1\")\n",
    );
    assert_eq!(references(&fixture, false), vec!["/main.py:3:31 customer_zip"]);
}

#[test]
fn references_on_legacy_models_and_nothing() {
    let text = with_cursor(LEGACY, "    em$0ail = Column");
    let refs = references(&load(&text), true);
    assert_eq!(refs, vec!["/shop/models.py:14:41 email", "/shop/models.py:16:5 email", "/shop/models.py:25:103 email"]);
    let fixture = legacy_with("x$0 = 1\n");
    assert!(references(&fixture, true).is_empty());
}

// ---- rename --------------------------------------------------------------------------------------

#[test]
fn rename_an_attribute_across_files_with_its_strings() {
    let fixture = models_with(
        r#"from app.models import User
def f(user: User):
    return user.po$0sts, User(posts=[])
"#,
    );
    let out = renamed(&fixture, "articles").expect("renamed");
    assert!(out.contains("    articles: Mapped[List[\"Post\"]] = relationship(back_populates=\"author\")"), "{out}");
    assert!(out.contains("author: Mapped[\"User\"] = relationship(back_populates=\"articles\")"), "{out}");
    assert!(out.contains("    return user.articles, User(articles=[])"), "{out}");

    // `ForeignKey("users.id")` names the column `id`, which takes the attribute's name: renamed too,
    // keeping `users.`.
    let text = MODELS.replace(
        "    id: Mapped[int] = mapped_column(primary_key=True)\n    name",
        "    i$0d: Mapped[int] = mapped_column(primary_key=True)\n    name",
    );
    let out = renamed(&load(&text), "user_id").expect("renamed");
    assert!(out.contains("    user_id: Mapped[int] = mapped_column(primary_key=True)\n    name"), "{out}");
    assert!(out.contains("ForeignKey(\"users.user_id\")"), "{out}");
}

#[test]
fn rename_a_class_across_files_with_its_strings() {
    let fixture = models_with("from app.models import User\ndef f(user: User):\n    return Us$0er(name=\"a\")\n");
    let out = renamed(&fixture, "Account").expect("renamed");
    assert!(out.contains("class Account(Base):"), "{out}");
    assert!(out.contains("author: Mapped[\"Account\"] = relationship(back_populates=\"posts\")"), "{out}");
    // The table keeps its name.
    assert!(out.contains("__tablename__ = \"users\"") && out.contains("ForeignKey(\"users.id\")"), "{out}");
    assert!(
        out.contains("from app.models import Account\ndef f(user: Account):\n    return Account(name=\"a\")"),
        "{out}"
    );
}

#[test]
fn rename_keeps_explicitly_named_columns_and_updates_legacy_strings() {
    // `zip_code = Column("zip", ...)`: the column keeps its name, so `ForeignKey("customers.zip")` stays.
    let text = with_cursor(LEGACY, "    zip_co$0de = Column");
    let out = renamed(&load(&text), "postal_code").expect("renamed");
    assert!(out.contains("    postal_code = Column(\"zip\", String(10))"), "{out}");
    assert!(out.contains("ForeignKey(\"customers.zip\")"), "{out}");
    // From the string itself, the rename is refused: it names the column.
    let text = with_cursor(LEGACY, "ForeignKey(\"customers.z$0ip\")");
    let fixture = load(&text);
    assert!(renamed(&fixture, "postal").unwrap_err().contains("names the column"));
    // `backref="orders"` declares `Customer.orders`; renaming it renames the backref's string.
    let fixture = legacy_with("from shop.models import Customer\ndef f(c: Customer):\n    return c.ord$0ers\n");
    let out = renamed(&fixture, "purchases").expect("renamed");
    assert!(out.contains("backref=backref(\"purchases\", lazy=\"dynamic\")"), "{out}");
    assert!(out.contains("    return c.purchases"), "{out}");
    // `order_by="Customer.email"` and `UniqueConstraint("email")` follow `email`.
    let text = with_cursor(LEGACY, "    em$0ail = Column");
    let out = renamed(&load(&text), "mail").expect("renamed");
    assert!(out.contains("UniqueConstraint(\"mail\")") && out.contains("order_by=\"Customer.mail\""), "{out}");
}

#[test]
fn rename_refuses_bad_names_and_other_symbols() {
    let fixture = models_with("from app.models import User\nprint(User.na$0me)\n");
    assert!(renamed(&fixture, "1abc").unwrap_err().contains("not a valid Python identifier"));
    assert!(renamed(&fixture, "class").unwrap_err().contains("keyword"));
    assert!(renamed(&fixture, "email").unwrap_err().contains("`User` already has an attribute `email`"));
    let fixture = models_with("from app.models import Us$0er\n");
    assert!(renamed(&fixture, "Post").unwrap_err().contains("already exists"));
    let fixture = models_with("x$0 = 1\n");
    assert!(renamed(&fixture, "y").unwrap_err().contains("Nothing to rename here"));
    let text = with_cursor(MODELS, "ForeignKey(\"us$0ers.id\")");
    let fixture = load(&text);
    assert!(renamed(&fixture, "people").unwrap_err().contains("table name"));
    let (file, offset) = cursor(&fixture);
    assert_eq!(fixture.host.analysis().prepare_rename(file, offset).expect("not cancelled"), None);
}

#[test]
fn prepare_rename_covers_the_named_part_of_a_string() {
    let text = with_cursor(MODELS, "ForeignKey(\"users.i$0d\")");
    let fixture = load(&text);
    let (file, offset) = cursor(&fixture);
    let analysis = fixture.host.analysis();
    let range = analysis.prepare_rename(file, offset).expect("not cancelled").expect("renamable");
    assert_eq!(show(&analysis, file, range.start().into(), range.end().into()), "/app/models.py:19:62 id");
}

// ---- completion ----------------------------------------------------------------------------------

#[test]
fn completes_model_attributes_after_a_dot_with_nothing_typed() {
    let fixture = models_with("from app.models import User\nUser.$0\n");
    let items = complete(&fixture);
    assert_eq!(labels(&items), vec!["id: int", "name: str", "email: str | None", "posts: List[Post]"]);
    let (_, offset) = cursor(&fixture);
    let offset = u32::from(offset);
    assert_eq!(items[0].replace_range, Some((offset, offset)));
    // On an instance, in a function, with a prefix typed and code after it.
    let fixture = models_with("from app.models import Post\ndef f(p: Post):\n    x = p.au$0\n    return x\n");
    let items = complete(&fixture);
    assert!(labels(&items).contains(&"author: User".to_owned()), "{:?}", labels(&items));
    // Legacy untyped columns show their inferred type.
    let fixture = legacy_with("from shop.models import Order\ndef f(o: Order):\n    o.$0\n");
    let items = labels(&complete(&fixture));
    assert!(
        items.contains(&"customer_id: int | None".to_owned()) && items.contains(&"customer: Unknown".to_owned()),
        "{items:?}"
    );
}

#[test]
fn completes_members_below_another_half_typed_line() {
    // A line left ending in a dot above the cursor must not hide the receiver's type.
    let all = vec!["id: int", "name: str", "email: str | None", "posts: List[Post]"];
    for main in [
        "from app.models import User\ndef f(user: User):\n    User.\n    user.na$0\n",
        "from sqlalchemy.orm import Session\nfrom app.models import User\ndef f(session: Session):\n    user = session.get(User, 1)\n    User.\n\n    user.$0\n    return user\n",
        "from app.models import User\nUser.\nUser.$0\n",
    ] {
        assert_eq!(labels(&complete(&models_with(main))), all, "{main}");
    }
}

#[test]
fn completes_named_row_columns() {
    let fixture = models_with(
        r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    for row in session.execute(select(User.id, User.name.label("username"))):
        row.$0
"#,
    );
    assert_eq!(labels(&complete(&fixture)), vec!["id: int", "username: str"]);
}

#[test]
fn completes_class_names_in_relationship_and_mapped_strings() {
    let text = MODELS.replace("relationship(back_populates=\"posts\")", "relationship(\"$0\")");
    let items = complete(&load(&text));
    assert_eq!(labels(&items), vec!["User: table users", "Post: table posts"]);
    // Half-typed: an unclosed string at the end of the file.
    let fixture = legacy_with("from sqlalchemy.orm import relationship\nclass X:\n    y = relationship(\"Cu$0");
    let items = complete(&fixture);
    assert_eq!(labels(&items), vec!["Customer: table customers", "Order: table orders"]);
    let (_, offset) = cursor(&fixture);
    let offset = u32::from(offset);
    assert_eq!(items[0].replace_range, Some((offset - 2, offset)));
    let text = MODELS.replace("Mapped[List[\"Post\"]]", "Mapped[List[\"$0\"]]");
    assert_eq!(complete(&load(&text)).len(), 2);
}

#[test]
fn completes_strings_naming_attributes_columns_and_values() {
    // `back_populates`: the target's relationships.
    let text = MODELS.replace("relationship(back_populates=\"posts\")", "relationship(back_populates=\"$0\")");
    assert_eq!(labels(&complete(&load(&text))), vec!["posts: List[Post]"]);
    // `ForeignKey`: every `table.column`.
    let text = MODELS.replace("ForeignKey(\"users.id\")", "ForeignKey(\"users.$0\")");
    let items = labels(&complete(&load(&text)));
    assert!(
        items.contains(&"users.id: User.id: int".to_owned())
            && items.contains(&"posts.author_id: Post.author_id: int".to_owned()),
        "{items:?}"
    );
    let text = LEGACY.replace("ForeignKey(\"tags.id\")", "ForeignKey(\"$0\")");
    let items = labels(&complete(&load(&text)));
    assert!(items.contains(&"customers.zip: Customer.zip_code: str | None".to_owned()), "{items:?}");
    assert!(items.contains(&"tags.label: Table(\"tags\")".to_owned()), "{items:?}");
    // `lazy=` and `cascade=` values.
    let text = LEGACY.replace("lazy=\"dynamic\"", "lazy=\"sel$0\"");
    let items = labels(&complete(&load(&text)));
    assert!(items.contains(&"selectin".to_owned()) && items.contains(&"raise_on_sql".to_owned()), "{items:?}");
    let text = MODELS.replace("relationship(back_populates=\"author\")", "relationship(cascade=\"all, del$0\")");
    let fixture = load(&text);
    let items = complete(&fixture);
    assert!(labels(&items).contains(&"delete-orphan".to_owned()), "{:?}", labels(&items));
    let (_, offset) = cursor(&fixture);
    let offset = u32::from(offset);
    assert_eq!(items[0].replace_range, Some((offset - 3, offset)));
    // `order_by`: classes, then a class's attributes.
    let text = LEGACY.replace("order_by=\"Customer.email\"", "order_by=\"Customer.$0\"");
    let items = labels(&complete(&load(&text)));
    assert!(items.contains(&"email: str | None".to_owned()), "{items:?}");
    // Column names in `__table_args__` constraints.
    let text = LEGACY.replace("UniqueConstraint(\"email\")", "UniqueConstraint(\"$0\")");
    let items = labels(&complete(&load(&text)));
    assert!(
        items.contains(&"zip: Customer.zip_code: str | None".to_owned())
            && items.contains(&"email: Customer.email: str | None".to_owned()),
        "{items:?}"
    );
}

#[test]
fn completes_keyword_arguments_and_their_values() {
    let fixture = legacy_with("from sqlalchemy.orm import relationship\nx = relationship(\"Customer\", $0)\n");
    let items = complete(&fixture);
    let lazy = items.iter().find(|i| i.label == "lazy=").expect("lazy=");
    assert_eq!(lazy.insert_text.as_deref(), Some("lazy="));
    assert_eq!(lazy.detail.as_deref(), Some("_LazyLoadArgumentType = \"select\""));
    assert!(items.iter().any(|i| i.label == "back_populates="));
    let fixture = legacy_with("from sqlalchemy.orm import relationship\nx = relationship(\"Customer\", lazy=$0)\n");
    let items = labels(&complete(&fixture));
    assert!(items.contains(&"\"selectin\"".to_owned()), "{items:?}");
    let fixture = legacy_with("from sqlalchemy import Column\nx = Column(nullable=$0)\n");
    assert_eq!(labels(&complete(&fixture)), vec!["True", "False"]);
    let fixture = legacy_with("from sqlalchemy.orm import mapped_column\nx = mapped_column(primary_key=True, $0");
    let items = labels(&complete(&fixture));
    assert!(
        items.iter().any(|l| l.starts_with("nullable=")) && !items.iter().any(|l| l.starts_with("primary_key=")),
        "{items:?}"
    );
}

#[test]
fn completes_constructor_keywords_of_dataclass_models() {
    let fixture = load(
        r#"
#- /models.py
from typing import List, Optional
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column, relationship
class Base(MappedAsDataclass, DeclarativeBase):
    pass
class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    name: Mapped[str]
    bio: Mapped[Optional[str]] = mapped_column(default=None)
    books: Mapped[List["Book"]] = relationship(default_factory=list)
class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
#- /main.py
from models import Author
a = Author(name="x", $0)
"#,
    );
    assert_eq!(labels(&complete(&fixture)), vec!["bio=: str | None", "books=: List[Book]"]);
}

#[test]
fn completes_nothing_in_comments_and_unrelated_strings() {
    let fixture = models_with("from app.models import User\n# User.$0\n");
    assert!(complete(&fixture).is_empty());
    let fixture = models_with("print(\"User.$0\")\n");
    assert!(complete(&fixture).is_empty());
    let fixture = models_with("x = 1\nx.$0\n");
    assert!(complete(&fixture).is_empty());
}

// ---- signature help ------------------------------------------------------------------------------

#[test]
fn signature_help_for_model_constructors() {
    let fixture = models_with("from app.models import User\nUser(name=\"a\", email=$0)\n");
    let (file, offset) = cursor(&fixture);
    let help = fixture.host.analysis().signature_help(file, offset).expect("not cancelled").expect("help");
    assert_eq!(help.label, "User(*, id: int = ..., name: str = ..., email: str | None = ..., posts: List[Post] = ...)");
    assert_eq!(help.active_parameter, Some(2));
    assert_eq!(help.parameters[2].0, "email: str | None = ...");
    assert!(help.label.contains(&help.parameters[3].0));
}

#[test]
fn signature_help_follows_a_half_typed_keyword() {
    let active = |text: &str| {
        let fixture = models_with(text);
        let (file, offset) = cursor(&fixture);
        fixture.host.analysis().signature_help(file, offset).expect("not cancelled").expect("help").active_parameter
    };
    assert_eq!(active("from app.models import User\nUser($0)\n"), Some(0), "the first field");
    assert_eq!(active("from app.models import User\nUser(na$0)\n"), Some(1), "`na` → name");
    assert_eq!(active("from app.models import User\nUser(id=1, $0)\n"), Some(1), "the first field not given");
    assert_eq!(active("from app.models import User\nUser(zz$0)\n"), None, "no field starts with it");
}

#[test]
fn signature_help_for_dataclass_constructor_positions() {
    let fixture = load(
        r#"
#- /models.py
from typing import Optional
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column
class Base(MappedAsDataclass, DeclarativeBase):
    pass
class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    name: Mapped[str]
    bio: Mapped[Optional[str]] = mapped_column(default=None)
#- /main.py
from models import Author
a = Author("x", $0
"#,
    );
    let (file, offset) = cursor(&fixture);
    let help = fixture.host.analysis().signature_help(file, offset).expect("not cancelled").expect("help");
    assert_eq!(help.label, "Author(name: str, bio: str | None = None)");
    assert_eq!(help.active_parameter, Some(1));
    // After a keyword, the next field is one neither given by position nor by keyword.
    let text = r#"
#- /models.py
from typing import Optional
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column
class Base(MappedAsDataclass, DeclarativeBase):
    pass
class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    name: Mapped[str]
    bio: Mapped[Optional[str]] = mapped_column(default=None)
    rank: Mapped[int] = mapped_column(default=0)
#- /main.py
from models import Author
a = Author("x", rank=2, $0
"#;
    let fixture = load(text);
    let (file, offset) = cursor(&fixture);
    let help = fixture.host.analysis().signature_help(file, offset).expect("not cancelled").expect("help");
    assert_eq!(help.active_parameter, Some(1), "bio: `name` was given by position, `rank` by keyword");
}

#[test]
fn signature_help_for_relationship_and_mapped_column() {
    let fixture =
        models_with("from sqlalchemy.orm import relationship\nx = relationship(\"User\", back_populates=$0)\n");
    let (file, offset) = cursor(&fixture);
    let analysis = fixture.host.analysis();
    let help = analysis.signature_help(file, offset).expect("not cancelled").expect("help");
    assert!(
        help.label.starts_with("relationship(argument: Optional[_RelationshipArgumentType[Any]] = None, secondary:"),
        "{}",
        help.label
    );
    let active = help.active_parameter.expect("active") as usize;
    assert_eq!(help.parameters[active].0, "back_populates: Optional[str] = None");
    assert!(help.parameters[active].1.is_some());
    let fixture = models_with(
        "from sqlalchemy import String\nfrom sqlalchemy.orm import mapped_column\nx = mapped_column(String(30), $0",
    );
    let (file, offset) = cursor(&fixture);
    let help = fixture.host.analysis().signature_help(file, offset).expect("not cancelled").expect("help");
    assert_eq!(
        help.parameters[help.active_parameter.expect("active") as usize].0.split(':').next(),
        Some("__type_pos")
    );
}

#[test]
fn no_signature_help_outside_known_calls() {
    let fixture = models_with("def g(a, b):\n    pass\ng(1, $0)\n");
    let (file, offset) = cursor(&fixture);
    assert!(fixture.host.analysis().signature_help(file, offset).expect("not cancelled").is_none());
}

// ---- inlay hints ---------------------------------------------------------------------------------

fn hints(fixture: &Fixture, path: &str, config: InlayHintsConfig) -> Vec<String> {
    let file = fixture.host.file(path).expect("fixture file");
    let analysis = fixture.host.analysis();
    let text = analysis.text(file).expect("not cancelled");
    let hints = analysis.inlay_hints(file, (0, text.len() as u32), config).expect("not cancelled");
    hints
        .iter()
        .map(|h| {
            let line_start = text[..h.offset as usize].rfind('\n').map_or(0, |i| i + 1);
            format!("{}⟨{}⟩", &text[line_start..h.offset as usize], h.label)
        })
        .collect()
}

#[test]
fn inlay_hints_for_unpacked_rows_and_results() {
    let fixture = models_with(
        r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    result = session.execute(select(User.id, User.name))
    for user_id, name in result:
        print(user_id, name)
    row = result.one()
    a, b = row
    c, d = row.t
    x, y = 1, "2"
    users = session.scalars(select(User))
    user = users.first()
"#,
    );
    assert_eq!(
        hints(&fixture, "/main.py", InlayHintsConfig::default()),
        vec![
            "    result⟨: Result[int, str]⟩",
            "    for user_id⟨: int⟩",
            "    for user_id, name⟨: str⟩",
            "    row⟨: Row[int, str]⟩",
            "    a⟨: int⟩",
            "    a, b⟨: str⟩",
            "    c⟨: int⟩",
            "    c, d⟨: str⟩",
            "    users⟨: ScalarResult[User]⟩",
        ]
    );
    // 2.0 spells rows as tuples.
    let v20 = Fixture::new(
        &format!(
            "{MODELS}\n#- /main.py\nfrom sqlalchemy import select\nfrom sqlalchemy.orm import Session\nfrom app.models import User\ndef f(session: Session):\n    result = session.execute(select(User.id, User.name))\n"
        ),
        Series::V20,
    );
    assert_eq!(hints(&v20, "/main.py", InlayHintsConfig::default()), vec!["    result⟨: Result[Tuple[int, str]]⟩"]);
    let off = InlayHintsConfig { variable_types: false, foreign_keys: false };
    assert!(hints(&fixture, "/main.py", off).is_empty());
}

#[test]
fn inlay_hints_for_foreign_keys() {
    let fixture = load(LEGACY);
    let config = InlayHintsConfig { variable_types: false, foreign_keys: true };
    assert_eq!(
        hints(&fixture, "/shop/models.py", config),
        vec![
            "    customer_id = Column(Integer, ForeignKey(\"customers.id\")⟨→ Customer.id: int⟩",
            "    customer_zip = Column(String(10), ForeignKey(\"customers.zip\")⟨→ Customer.zip_code: str | None⟩",
            "    tag_id = Column(Integer, ForeignKey(\"tags.id\")⟨→ Table(\"tags\").c.id⟩",
        ]
    );
    let fixture = load(MODELS);
    assert_eq!(
        hints(&fixture, "/app/models.py", config),
        vec!["    author_id: Mapped[int] = mapped_column(ForeignKey(\"users.id\")⟨→ User.id: int⟩"]
    );
    // An unknown target gets no hint.
    let text = MODELS.replace("ForeignKey(\"users.id\")", "ForeignKey(\"users.nope\")");
    assert!(hints(&load(&text), "/app/models.py", config).is_empty());
}

// ---- symbols -------------------------------------------------------------------------------------

#[test]
fn document_symbols_of_models_functions_and_tables() {
    let fixture = legacy_with("def helper():\n    pass\n");
    let analysis = fixture.host.analysis();
    let file = fixture.host.file("/shop/models.py").expect("fixture file");
    let symbols = analysis.document_symbols(file).expect("not cancelled");
    let outline: Vec<String> = symbols
        .iter()
        .map(|s| {
            let children: Vec<String> = s.children.iter().map(|c| format!("{} {:?}", c.name, c.kind)).collect();
            format!("{} {:?} {:?} [{}]", s.name, s.kind, s.detail, children.join(", "))
        })
        .collect();
    assert_eq!(
        outline,
        vec![
            "tags Table Some(\"Table(\\\"tags\\\")\") [id Column, label Column]",
            "Customer Model Some(\"table customers\") [id Column, email Column, zip_code Column]",
            "Order Model Some(\"table orders\") [id Column, customer_id Column, customer_zip Column, tag_id Column, customer Relationship]",
        ]
    );
    let main = fixture.host.file("/main.py").expect("fixture file");
    let symbols = analysis.document_symbols(main).expect("not cancelled");
    assert_eq!(
        symbols.iter().map(|s| (s.name.as_str(), s.kind)).collect::<Vec<_>>(),
        vec![("helper", crate::ide::SymbolKind::Function)]
    );
}

#[test]
fn workspace_symbols_match_subsequences() {
    let fixture = load(LEGACY);
    let analysis = fixture.host.analysis();
    let names = |query: &str| -> Vec<String> {
        analysis
            .workspace_symbols(query)
            .expect("not cancelled")
            .iter()
            .map(|s| format!("{} {:?} {}", s.name, s.kind, show(&analysis, s.file, s.focus_range.0, s.focus_range.1)))
            .collect()
    };
    assert_eq!(
        names("cust"),
        vec!["Customer Model /shop/models.py:12:7 Customer", "customers Table /shop/models.py:13:22 customers",]
    );
    assert_eq!(names("tgs"), vec!["tags Table /shop/models.py:6:6 tags"]);
    assert!(names("zzz").is_empty());
}

// ---- class bodies and robustness ---------------------------------------------------------------

const NODES: &str = r#"
#- /tree.py
from sqlalchemy import ForeignKey
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class Node(Base):
    __tablename__ = "nodes"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("nodes.id"))
    parent: Mapped["Node"] = relationship(remote_side=[id], foreign_keys=[parent_id])
    _label: Mapped[str]
    @hybrid_property
    def label(self) -> str:
        return self._label
    @label.setter
    def label(self, value: str) -> None:
        self._label = value
"#;

#[test]
fn rename_follows_names_read_in_the_class_body() {
    let text = NODES.replace("    id: Mapped[int]", "    i$0d: Mapped[int]");
    let out = renamed(&load(&text), "ident").expect("renamed");
    assert!(out.contains("    ident: Mapped[int] = mapped_column(primary_key=True)"), "{out}");
    assert!(out.contains("ForeignKey(\"nodes.ident\")") && out.contains("remote_side=[ident]"), "{out}");
    let text = NODES.replace("    def label(self) -> str:", "    def la$0bel(self) -> str:");
    let out = renamed(&load(&text), "title").expect("renamed");
    assert!(
        out.contains("    def title(self) -> str:") && out.contains("    @title.setter\n    def title(self, value"),
        "{out}"
    );
    assert!(out.contains("self._label = value"), "{out}");
}

#[test]
fn no_feature_fails_anywhere_in_broken_code() {
    let text = format!(
        "{LEGACY}\n#- /main.py\nfrom sqlalchemy.orm import relationship\nfrom shop.models import Customer, Order\n# é ✓ \u{1F600}\ndef f(c: Customer, s):\n    c.\n    x = relationship(\"Cu\n    Order(customer_id=, \n    for a, b in s.execute(:\n        a.\nclass Broken(\n    y = relationship(back_populates=\"\n"
    );
    let fixture = load(&text);
    let analysis = fixture.host.analysis();
    let config = InlayHintsConfig::default();
    for path in ["/main.py", "/shop/models.py"] {
        let file = fixture.host.file(path).expect("fixture file");
        let len = analysis.text(file).expect("not cancelled").len() as u32;
        for raw in 0..=len + 2 {
            let offset = TextSize::from(raw);
            analysis.hover(file, offset, crate::ide::HoverConfig::default()).expect("not cancelled");
            analysis.goto_definition(file, offset).expect("not cancelled");
            analysis.references(file, offset, true).expect("not cancelled");
            analysis.prepare_rename(file, offset).expect("not cancelled");
            let _ = analysis.rename(file, offset, "renamed").expect("not cancelled");
            analysis.completions(file, offset).expect("not cancelled");
            analysis.signature_help(file, offset).expect("not cancelled");
            analysis.inlay_hints(file, (raw, raw + 40), config).expect("not cancelled");
        }
        analysis.inlay_hints(file, (len, 0), config).expect("not cancelled");
        analysis.document_symbols(file).expect("not cancelled");
    }
    analysis.workspace_symbols("").expect("not cancelled");
    // What is half-typed there still completes.
    let main = fixture.host.file("/main.py").expect("fixture file");
    let source = analysis.text(main).expect("not cancelled");
    let at = |needle: &str| (source.find(needle).expect("needle") + needle.len()) as u32;
    let complete_at = |offset: u32| labels(&analysis.completions(main, offset.into()).expect("not cancelled"));
    assert!(complete_at(at("    c.")).contains(&"email: str | None".to_owned()));
    assert_eq!(complete_at(at("relationship(\"Cu")), vec!["Customer: table customers", "Order: table orders"]);
    // Two foreign keys to `customers` and no `foreign_keys=`: SQLAlchemy cannot configure `customer`
    // (`AmbiguousForeignKeysError`), so its type is unknown.
    assert!(complete_at(at("Order(customer_id=, ")).contains(&"customer=: Unknown".to_owned()));
}

const FLASK: &str = r#"
#- /ext.py
from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
#- /models.py
from ext import db
class UserAccount(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))
    posts = db.relationship("Post", backref="author", lazy=True)
class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    account_id = db.Column(db.Integer, db.ForeignKey("user_account.id"))
"#;

#[test]
fn flask_models_with_backrefs_and_derived_table_names() {
    let fixture =
        load(&format!("{FLASK}\n#- /main.py\nfrom models import Post\ndef f(p: Post):\n    return p.auth$0or.name\n"));
    assert_eq!(goto(&fixture), vec!["/models.py:5:46 author"]);
    let config = InlayHintsConfig { variable_types: false, foreign_keys: true };
    assert_eq!(
        hints(&fixture, "/models.py", config),
        vec!["    account_id = db.Column(db.Integer, db.ForeignKey(\"user_account.id\")⟨→ UserAccount.id: int⟩"]
    );
    let text = FLASK.replace(
        "    id = db.Column(db.Integer, primary_key=True)\n    name",
        "    i$0d = db.Column(db.Integer, primary_key=True)\n    name",
    );
    let out = renamed(&load(&text), "pk").expect("renamed");
    assert!(
        out.contains("    pk = db.Column(db.Integer, primary_key=True)\n    name")
            && out.contains("db.ForeignKey(\"user_account.pk\")"),
        "{out}"
    );
    let fixture = load(&format!("{FLASK}\n#- /main.py\nfrom models import UserAccount\nUserAccount.$0\n"));
    assert_eq!(labels(&complete(&fixture)), vec!["id: int", "name: str | None", "posts: List[Post]"]);
}
