//! The query and execution migration rules (SQA104, SQA106–SQA108, SQA110, SQA112, SQA115,
//! SQA119–SQA122): for each, what is reported, what is not (same-named methods on other objects,
//! 2.0-style code), and each fix before → after, applied on its own.

use crate::Series;
use crate::fixture::Fixture;

use super::with_models;

fn fixture(main: &str) -> Fixture {
    with_models(main, Series::V20)
}

/// `/main.py`'s findings of one rule, as `CODE line:col message` lines.
fn lint(fixture: &Fixture, code: &str) -> String {
    fixture.lint_only("/main.py", &[code])
}

/// `/main.py` after one round of one rule's fixes (safe ones, or all).
fn fixed(fixture: &Fixture, code: &str, unsafe_fixes: bool) -> String {
    fixture.fixed_only("/main.py", &[code], unsafe_fixes)
}

/// After one round of `code`'s fixes, `code` has nothing left to fix in `/main.py`.
fn assert_fixed_for_good(fixture: &Fixture, code: &str) {
    let again = self::fixture(&fixed(fixture, code, false));
    assert!(!lint(&again, code).contains("[*]"), "{}", lint(&again, code));
}

#[test]
fn fixed_code_is_not_reported_again() {
    let main = r#"from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    a = session.query(User).filter(User.name == "x").all()
    row = session.execute(select(User.id, User.name)).one()
    b = (row["name"], "id" in row, row.keys())
    c = case([(User.id < 5, "low")], else_="high")
    d = select([User.id], User.id > 1, order_by=[User.name])
    session.execute("select 1")
"#;
    let fixture = fixture(main);
    for code in ["SQA104", "SQA108", "SQA119", "SQA120", "SQA121"] {
        assert!(lint(&fixture, code).contains("[*]"), "{code}");
        assert_fixed_for_good(&fixture, code);
    }
}

#[test]
fn legacy_query_fixes_the_mechanical_chains() {
    let main = r#"from sqlalchemy import func, select
from sqlalchemy.orm import Session
from app.models import User, Post
def f(session: Session):
    a = session.query(User).filter(User.name == "x").order_by(User.id).all()
    b = session.query(User).filter_by(name="x").first()
    c = session.query(User).filter_by(name="x").one()
    d = session.query(User).one_or_none()
    e = session.query(User).filter(User.id > 1).count()
    g = session.query(User, Post).limit(5).all()
    h = session.query(User.id, User.name).offset(2).first()
    i = (
        session.query(Post)
        .filter(Post.title == "t")
        .all()
    )
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA104"),
        "SQA104 [*] 5:9 `Session.query()` is the legacy Query API; use `session.scalars(select(...)).all()`, with `.where()` for `.filter()`\n\
         SQA104 [*] 6:9 `Session.query()` is the legacy Query API; use `session.scalars(select(...).limit(1)).first()`\n\
         SQA104 [*] 7:9 `Session.query()` is the legacy Query API; use `session.execute(select(...)).scalar_one()`\n\
         SQA104 [*] 8:9 `Session.query()` is the legacy Query API; use `session.execute(select(...)).scalar_one_or_none()`\n\
         SQA104 [*] 9:9 `Session.query()` is the legacy Query API; use `session.scalar(select(func.count()).select_from(...))`, with `.where()` for `.filter()`\n\
         SQA104 [*] 10:9 `Session.query()` is the legacy Query API; use `session.execute(select(...)).all()`\n\
         SQA104 [*] 11:9 `Session.query()` is the legacy Query API; use `session.execute(select(...).limit(1)).first()`\n\
         SQA104 [*] 13:9 `Session.query()` is the legacy Query API; use `session.scalars(select(...)).all()`, with `.where()` for `.filter()`"
    );
    assert_eq!(
        fixed(&fixture, "SQA104", false),
        r#"from sqlalchemy import func, select
from sqlalchemy.orm import Session
from app.models import User, Post
def f(session: Session):
    a = session.scalars(select(User).where(User.name == "x").order_by(User.id)).all()
    b = session.scalars(select(User).filter_by(name="x").limit(1)).first()
    c = session.execute(select(User).filter_by(name="x")).scalar_one()
    d = session.execute(select(User)).scalar_one_or_none()
    e = session.scalar(select(func.count()).select_from(User).where(User.id > 1))
    g = session.execute(select(User, Post).limit(5)).all()
    h = session.execute(select(User.id, User.name).offset(2).limit(1)).first()
    i = (
        session.scalars(select(Post)
        .where(Post.title == "t"))
        .all()
    )
"#
    );
}

#[test]
fn legacy_query_reports_the_rest_with_guidance() {
    let main = r#"from sqlalchemy.orm import Session, joinedload
from app.models import User, Post
def f(session: Session):
    q = session.query(User)
    n = session.query(User).limit(3).count()
    m = session.query(User.id).count()
    p = session.query(User).get(5)
    s = session.query(User).subquery()
    u = session.query(User).filter(User.id == 1).update({"name": "y"}, **options)
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA104"),
        "SQA104 4:9 `Session.query()` is the legacy Query API; use `session.scalars(select(...))` (one entity) or `session.execute(select(...))` (rows)\n\
         SQA104 5:9 `Session.query()` is the legacy Query API; use `session.scalar(select(func.count()).select_from(...))`\n\
         SQA104 6:9 `Session.query()` is the legacy Query API; use `session.scalar(select(func.count()).select_from(...))`\n\
         SQA104 8:9 `Session.query()` is the legacy Query API; use `session.scalars(select(...))` (one entity) or `session.execute(select(...))` (rows)\n\
         SQA104 9:9 `Session.query()` is the legacy Query API; use `session.execute(update(Model).where(...).values(...))`"
    );
}

#[test]
fn legacy_query_fixes_joins_options_iteration_scalar_and_dml() {
    let main = r#"from sqlalchemy import func
from sqlalchemy.orm import Session, joinedload
from app.models import User, Post
def f(session: Session):
    a = session.query(User).join(User.posts).filter(Post.title == "t").all()
    b = session.query(User).options(joinedload(User.posts)).first()
    c = session.query(User.name, func.count(Post.id)).outerjoin(User.posts).group_by(User.id).having(func.count(Post.id) > 1).all()
    d = session.query(User, func.count(Post.id)).join(User.posts).group_by(User.id).all()
    for user in session.query(User).order_by(User.name):
        pass
    names = [row.name for row in session.query(User.name).distinct()]
    e = session.query(func.max(User.id)).filter(User.name == "x").scalar()
"#;
    let queries = fixture(main);
    assert_eq!(
        fixed(&queries, "SQA104", false),
        r#"from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload
from app.models import User, Post
def f(session: Session):
    a = session.scalars(select(User).join(User.posts).where(Post.title == "t")).unique().all()
    b = session.scalars(select(User).options(joinedload(User.posts)).limit(1)).unique().first()
    c = session.execute(select(User.name, func.count(Post.id)).outerjoin(User.posts).group_by(User.id).having(func.count(Post.id) > 1)).all()
    d = session.query(User, func.count(Post.id)).join(User.posts).group_by(User.id).all()
    for user in session.scalars(select(User).order_by(User.name)):
        pass
    names = [row.name for row in session.execute(select(User.name).distinct())]
    e = session.execute(select(func.max(User.id)).where(User.name == "x")).scalar_one_or_none()
"#
    );
    assert!(
        fixed(&queries, "SQA104", true).contains(
            "    d = session.execute(select(User, func.count(Post.id)).join(User.posts).group_by(User.id)).unique().all()\n"
        ),
        "`.unique()` on rows with column values is unsafe (unhashable values raise)"
    );
    let dml = fixture(
        r#"from sqlalchemy.orm import Session
from app.models import User, Post
def f(session: Session):
    session.query(User).filter(User.id == 1).update({"name": "y"}, synchronize_session=False)
    g = session.query(Post).filter_by(author_id=1).delete()
"#,
    );
    // Each fix imports its own constructor; `sqla fix` applies the second in its next round.
    let fixed_dml = fixed(&dml, "SQA104", false);
    assert!(fixed_dml.contains(
        "    session.execute(update(User).where(User.id == 1).values({\"name\": \"y\"}).execution_options(synchronize_session=False))\n"
    ));
    let second_round = fixture(&fixed_dml);
    assert!(
        fixed(&second_round, "SQA104", false)
            .contains("    g = session.execute(delete(Post).filter_by(author_id=1)).rowcount\n")
    );
}

#[test]
fn legacy_query_imports_and_unique_for_joined_eager_loading() {
    let files = r#"
#- /m.py
from typing import List
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    books: Mapped[List["Book"]] = relationship(lazy="joined")
class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
def f(session: Session):
    return session.query(Author).all()
"#;
    let fixture = Fixture::new(files, Series::V21);
    assert_eq!(
        fixture.fixed_only("/m.py", &["SQA104"], false),
        r#"from typing import List
from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    books: Mapped[List["Book"]] = relationship(lazy="joined")
class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
def f(session: Session):
    return session.scalars(select(Author)).unique().all()
"#
    );
    let main = "import sqlalchemy as sa\nfrom sqlalchemy.orm import Session\nfrom app.models import User\ndef f(session: Session):\n    return session.query(User).count()\n";
    assert_eq!(
        fixed(&self::fixture(main), "SQA104", false),
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import Session\nfrom app.models import User\ndef f(session: Session):\n    return session.scalar(sa.select(sa.func.count()).select_from(User))\n"
    );
}

#[test]
fn legacy_query_negatives() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
class Index:
    def query(self, *terms):
        return self
    def all(self):
        return []
def f(session: Session, index: Index, other):
    a = index.query(User).filter(1).all()
    b = other.query(User).all()
    c = session.scalars(select(User).where(User.id == 1)).all()
    d = session.execute(select(User.id)).all()
"#;
    assert_eq!(lint(&fixture(main), "SQA104"), "");
}

#[test]
fn legacy_query_flask_model_query() {
    let files = r#"
#- /app.py
from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
class Item(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(20))
def f():
    items = Item.query.filter_by(name="x").all()
    one = Item.query.get(1)
    rows = db.session.query(Item).all()
    return items, one, rows
"#;
    let fixture = Fixture::new(files, Series::V20);
    assert_eq!(
        fixture.lint_only("/app.py", &["SQA104"]),
        "SQA104 7:13 `Item.query` is the legacy Query API; use `session.scalars(select(...)).all()`\n\
         SQA104 [*] 9:12 `Session.query()` is the legacy Query API; use `db.session.scalars(select(...)).all()`"
    );
    assert!(
        fixture
            .fixed_only("/app.py", &["SQA104"], false)
            .contains("from flask_sqlalchemy import SQLAlchemy\nfrom sqlalchemy import select\n")
    );
    assert!(
        fixture
            .fixed_only("/app.py", &["SQA104"], false)
            .contains("    rows = db.session.scalars(select(Item)).all()\n")
    );
}

#[test]
fn engine_execute() {
    let main = r#"from sqlalchemy import create_engine, select, insert
from app.models import User
engine = create_engine("sqlite://")
class Runner:
    def execute(self, stmt):
        return stmt
def f(runner: Runner):
    engine.execute(insert(User).values(name="x"))
    result = engine.execute(select(User.id))
    n = engine.scalar(select(User.id)) + 1
    runner.execute(select(User.id))
    with engine.connect() as c:
        c.execute(select(User.id))
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA106"),
        "SQA106 [*] 8:5 `Engine.execute()` was removed in 2.0; run it on a connection: `with engine.connect() as conn: conn.execute(...)` (`engine.begin()` to commit writes)\n\
         SQA106 [*] 9:14 `Engine.execute()` was removed in 2.0; run it on a connection: `with engine.connect() as conn: conn.execute(...)` (`engine.begin()` to commit writes)\n\
         SQA106 [*] 10:9 `Engine.scalar()` was removed in 2.0; run it on a connection: `with engine.connect() as conn: conn.scalar(...)` (`engine.begin()` to commit writes)"
    );
    assert_eq!(fixed(&fixture, "SQA106", false), main, "the fix is unsafe");
    assert!(fixed(&fixture, "SQA106", true).contains(
        "def f(runner: Runner):\n    with engine.begin() as conn:\n        conn.execute(insert(User).values(name=\"x\"))\n    with engine.connect() as conn:\n        result = conn.execute(select(User.id))\n    with engine.connect() as conn:\n        n = conn.scalar(select(User.id)) + 1\n"
    ));
}

#[test]
fn engine_execute_wraps_the_statement_and_the_reads_of_its_result() {
    let main = r#"from sqlalchemy import select, text
from app.models import User
def names(engine):
    return [row.name for row in engine.execute(select(User.name))]
def both(engine):
    result = engine.execute(select(User.id))
    print("fetched")
    ids = [r.id for r in result]
    total = engine.scalar(select(User.id))
    return ids, total
def later(engine):
    return (row for row in engine.execute(select(User.id)))
def twice(engine):
    engine.execute(text("DELETE FROM users")); engine.execute(text("VACUUM"))
"#;
    let fixture = fixture(main);
    assert_eq!(
        fixed(&fixture, "SQA106", true),
        r#"from sqlalchemy import select, text
from app.models import User
def names(engine):
    with engine.connect() as conn:
        return [row.name for row in conn.execute(select(User.name))]
def both(engine):
    with engine.connect() as conn:
        result = conn.execute(select(User.id))
        print("fetched")
        ids = [r.id for r in result]
    with engine.connect() as conn:
        total = conn.scalar(select(User.id))
    return ids, total
def later(engine):
    return (row for row in engine.execute(select(User.id)))
def twice(engine):
    engine.execute(text("DELETE FROM users")); engine.execute(text("VACUUM"))
"#,
        "a generator runs after the block; two statements on a line are left alone"
    );
}

#[test]
fn implicit_execution() {
    let main = r#"from sqlalchemy import DDL, MetaData, Column, Integer, Table, func, select, text
from sqlalchemy.orm import Session
from app.models import User
metadata = MetaData()
t = Table("t", metadata, Column("id", Integer))
class Job:
    def execute(self):
        pass
def f(session: Session, job: Job, engine):
    rows = select(User.id).execute().fetchall()
    one = t.select().scalar()
    now = func.now().execute()
    DDL("DROP TABLE x").execute()
    text("select 1").execute()
    MetaData().create_all()
    t.create()
    job.execute()
    t.create(engine)
    session.execute(select(User.id))
    session.scalar(select(User.id))
"#;
    assert_eq!(
        lint(&fixture(main), "SQA107"),
        "SQA107 10:12 `select(User.id).execute()` (implicit execution) was removed in 2.0; use `conn.execute(select(User.id))` on a connection\n\
         SQA107 11:11 `t.select().scalar()` (implicit execution) was removed in 2.0; use `conn.scalar(t.select())` on a connection\n\
         SQA107 12:11 `func.now().execute()` (implicit execution) was removed in 2.0; use `conn.execute(func.now())` on a connection\n\
         SQA107 13:5 `DDL(\"DROP TABLE x\").execute()` (implicit execution) was removed in 2.0; use `conn.execute(DDL(\"DROP TABLE x\"))` on a connection\n\
         SQA107 14:5 `text(\"select 1\").execute()` (implicit execution) was removed in 2.0; use `conn.execute(text(\"select 1\"))` on a connection\n\
         SQA107 15:5 `MetaData().create_all()` relies on bound metadata, removed in 2.0; pass the engine: `MetaData().create_all(engine)`\n\
         SQA107 16:5 `t.create()` relies on bound metadata, removed in 2.0; pass the engine: `t.create(engine)`"
    );
}

#[test]
fn row_string_index() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session, key: str):
    row = session.execute(select(User.id, User.name)).one()
    a = row["name"]
    b = row[User.name]
    c = "name" in row
    d = "name" not in row
    e = row.keys()
    g = dict(row)
    h = row[0]
    i = row[key]
    first = session.execute(select(User.id)).first()
    j = first["id"]
    config = {"name": 1}
    k = config["name"]
    l = "name" in config
    m = config.keys()
    n = row._mapping["name"]
    o = row[0:1]
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA108"),
        "SQA108 [*] 6:9 `Row` is a tuple in 2.0: `row[\"name\"]` raises; use `._mapping`\n\
         SQA108 [*] 7:9 `Row` is a tuple in 2.0: `row[User.name]` raises; use `._mapping`\n\
         SQA108 [*] 8:9 `Row` is a tuple in 2.0: `in` tests its values, not its keys; use `row._mapping`\n\
         SQA108 [*] 9:9 `Row` is a tuple in 2.0: `not in` tests its values, not its keys; use `row._mapping`\n\
         SQA108 [*] 10:9 `Row` has no `keys()` in 2.0; use `row._mapping.keys()`\n\
         SQA108 [*] 11:9 `Row` is a tuple in 2.0: `dict(row)` fails; use `dict(row._mapping)`\n\
         SQA108 [*] 13:9 `Row` is a tuple in 2.0: `row[key]` raises; use `._mapping`\n\
         SQA108 [*] 15:9 `Row` is a tuple in 2.0: `first[\"id\"]` raises; use `._mapping`"
    );
    let after = fixed(&fixture, "SQA108", false);
    assert!(after.contains(
        "    a = row._mapping[\"name\"]\n    b = row._mapping[User.name]\n    c = \"name\" in row._mapping\n    d = \"name\" not in row._mapping\n    e = row._mapping.keys()\n    g = dict(row._mapping)\n    h = row[0]\n    i = row._mapping[key]\n"
    ));
    assert!(after.contains("    j = first._mapping[\"id\"]\n    config = {\"name\": 1}\n    k = config[\"name\"]\n"));
}

#[test]
fn legacy_bulk_methods() {
    let main = r#"from sqlalchemy.orm import Session
from app.models import User
class Store:
    def bulk_insert_mappings(self, model, rows):
        pass
def f(session: Session, store: Store, rows):
    session.bulk_insert_mappings(User, rows)
    session.bulk_insert_mappings(User, rows, return_defaults=True)
    session.bulk_update_mappings(User, [{"id": 1, "name": "x"}])
    session.bulk_save_objects([User(name="a")])
    store.bulk_insert_mappings(User, rows)
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA110"),
        "SQA110 [*] 7:5 `Session.bulk_insert_mappings()` is legacy; use `session.execute(insert(User), rows)`\n\
         SQA110 8:5 `Session.bulk_insert_mappings()` is legacy; use `session.execute(insert(User), rows)`\n\
         SQA110 9:5 `Session.bulk_update_mappings()` is legacy; use `session.execute(update(User), rows)` (rows keyed by primary key)\n\
         SQA110 10:5 `Session.bulk_save_objects()` is legacy; use `session.add_all(objects)`, or `session.execute(insert(Model), [dicts])` for bulk speed"
    );
    assert_eq!(fixed(&fixture, "SQA110", false), main, "the fix is unsafe");
    assert_eq!(
        fixed(&fixture, "SQA110", true),
        main.replace(
            "from sqlalchemy.orm import Session\nfrom app.models import User\n",
            "from sqlalchemy.orm import Session\nfrom app.models import User\nfrom sqlalchemy import insert\n"
        )
        .replace("    session.bulk_insert_mappings(User, rows)\n", "    session.execute(insert(User), rows)\n")
    );
}

#[test]
fn future_flag() {
    let main = r#"from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
engine = create_engine("sqlite://", future=True)
engine2 = create_engine("sqlite://", future=True, echo=True)
Factory = sessionmaker(
    engine,
    future=True,
)
session = Session(future=True)
legacy = create_engine("sqlite://", future=False)
def create_thing(url, future):
    return url
other = create_thing("x", future=True)
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA112"),
        "SQA112 [*] 3:37 `create_engine(future=True)` is the default behaviour in 2.0; remove the flag\n\
         SQA112 [*] 4:38 `create_engine(future=True)` is the default behaviour in 2.0; remove the flag\n\
         SQA112 [*] 7:5 `sessionmaker(future=True)` is the default behaviour in 2.0; remove the flag\n\
         SQA112 [*] 9:19 `Session(future=True)` is the default behaviour in 2.0; remove the flag\n\
         SQA112 10:37 `create_engine(future=False)`: 2.0 has only the \"future\" behaviour; remove the flag and migrate"
    );
    assert_eq!(
        fixed(&fixture, "SQA112", false),
        r#"from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
engine = create_engine("sqlite://")
engine2 = create_engine("sqlite://", echo=True)
Factory = sessionmaker(
    engine,
)
session = Session()
legacy = create_engine("sqlite://", future=False)
def create_thing(url, future):
    return url
other = create_thing("x", future=True)
"#
    );
}

#[test]
fn autocommit_session() {
    let main = r#"from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
engine = create_engine("sqlite://")
Factory = sessionmaker(autocommit=False, autoflush=False, bind=engine)
Auto = sessionmaker(bind=engine, autocommit=True)
class Tx:
    transaction = None
    def begin(self, subtransactions=False):
        pass
def f(session: Session, tx: Tx):
    s = Session(engine, autocommit=True)
    session.begin(subtransactions=True)
    current = session.transaction
    tx.begin(subtransactions=True)
    other = tx.transaction
    with session.begin():
        pass
    ok = session.get_transaction()
    legacy = Factory(autocommit=True)
    Factory.configure(autocommit=True)
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA115"),
        "SQA115 [*] 4:24 `sessionmaker(autocommit=False)`: the parameter was removed in 2.0 (this is the only behaviour); remove it\n\
         SQA115 [*] 5:34 `sessionmaker(autocommit=...)` was removed in 2.0: sessions autobegin; use `with session.begin():` blocks or `session.commit()`\n\
         SQA115 [*] 11:25 `Session(autocommit=...)` was removed in 2.0: sessions autobegin; use `with session.begin():` blocks or `session.commit()`\n\
         SQA115 12:19 `session.begin(subtransactions=True)` was removed in 2.0; begin once in the outermost scope (`with session.begin():`) and let inner code use the session\n\
         SQA115 13:15 `Session.transaction` was removed in 2.0; use `session.get_transaction()` or a `with session.begin():` block\n\
         SQA115 [*] 19:22 `Factory(autocommit=...)` was removed in 2.0: sessions autobegin; use `with session.begin():` blocks or `session.commit()`\n\
         SQA115 [*] 20:23 `Factory.configure(autocommit=...)` was removed in 2.0: sessions autobegin; use `with session.begin():` blocks or `session.commit()`"
    );
    let safe = fixed(&fixture, "SQA115", false);
    assert!(safe.contains("Factory = sessionmaker(autoflush=False, bind=engine)\n"));
    assert!(safe.contains("s = Session(engine, autocommit=True)\n"), "removing autocommit=True is unsafe");
    let all = fixed(&fixture, "SQA115", true);
    assert!(all.contains("Auto = sessionmaker(bind=engine)\n"));
    assert!(all.contains("    s = Session(engine)\n"));
    assert!(all.contains("    Factory.configure()\n"));
}

#[test]
fn select_keyword_arguments() {
    let main = r#"from sqlalchemy import Column, Integer, MetaData, String, Table, select
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer), Column("name", String))
a = select([users.c.id], users.c.id > 5)
b = select([users.c.id, users.c.name], whereclause=users.c.id > 5, order_by=[users.c.name], limit=10, distinct=True)
c = select([users], use_labels=True)
d = users.select(users.c.name == "x")
e = select([users.c.id], bind=None, prefixes=["X"])
ok1 = select(users.c.id).where(users.c.id > 5)
ok2 = users.select()
class Picker:
    def select(self, where):
        return where
ok3 = Picker().select(users.c.id > 5)
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA119"),
        "SQA119 [*] 4:5 `select()` takes only columns in 2.0; use `.where()`, `.order_by()`, … instead of arguments\n\
         SQA119 [*] 5:5 `select()` takes only columns in 2.0; use `.where()`, `.order_by()`, … instead of arguments\n\
         SQA119 [*] 6:5 `select()` takes only columns in 2.0; use `.where()`, `.order_by()`, … instead of arguments\n\
         SQA119 [*] 7:5 `users.select()` takes no arguments in 2.0; use `users.select().where(...)`\n\
         SQA119 8:5 `select()` takes only columns in 2.0; use `.where()`, `.order_by()`, … instead of arguments"
    );
    assert_eq!(
        fixed(&fixture, "SQA119", false),
        r#"from sqlalchemy import Column, Integer, MetaData, String, Table, select, LABEL_STYLE_TABLENAME_PLUS_COL
metadata = MetaData()
users = Table("users", metadata, Column("id", Integer), Column("name", String))
a = select(users.c.id).where(users.c.id > 5)
b = select(users.c.id, users.c.name).where(users.c.id > 5).order_by(users.c.name).limit(10).distinct()
c = select(users).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
d = users.select().where(users.c.name == "x")
e = select([users.c.id], bind=None, prefixes=["X"])
ok1 = select(users.c.id).where(users.c.id > 5)
ok2 = users.select()
class Picker:
    def select(self, where):
        return where
ok3 = Picker().select(users.c.id > 5)
"#
    );
}

#[test]
fn case_list_argument() {
    let main = r#"from sqlalchemy import case
from app.models import User
a = case([(User.id < 5, "low"), (User.id < 10, "mid")], else_="high")
b = case(
    [
        (User.id < 5, "low"),
        (User.id < 10, "mid"),
    ],
    else_="high",
)
c = case(value=User.name, whens=[("a", 1), ("b", 2)], else_=0)
whens = [(User.id < 5, "low")]
d = case(whens)
ok1 = case((User.id < 5, "low"), else_="high")
ok2 = case({"a": 1, "b": 2}, value=User.name)
def case_of(items):
    return items
ok3 = case_of([1, 2])
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA120"),
        "SQA120 [*] 3:10 `case()` takes its WHEN tuples positionally in 2.0, not a list\n\
         SQA120 [*] 5:5 `case()` takes its WHEN tuples positionally in 2.0, not a list\n\
         SQA120 [*] 11:27 `case()` takes its WHEN tuples positionally in 2.0, not a list\n\
         SQA120 [*] 13:10 `case()` takes its WHEN tuples positionally in 2.0, not a list"
    );
    assert_eq!(
        fixed(&fixture, "SQA120", false),
        r#"from sqlalchemy import case
from app.models import User
a = case((User.id < 5, "low"), (User.id < 10, "mid"), else_="high")
b = case(
    (User.id < 5, "low"),
        (User.id < 10, "mid"),
    else_="high",
)
c = case(("a", 1), ("b", 2), value=User.name, else_=0)
whens = [(User.id < 5, "low")]
d = case(*whens)
ok1 = case((User.id < 5, "low"), else_="high")
ok2 = case({"a": 1, "b": 2}, value=User.name)
def case_of(items):
    return items
ok3 = case_of([1, 2])
"#
    );
}

#[test]
fn execute_keyword_parameters() {
    let main = r#"from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session
from app.models import User
engine = create_engine("sqlite://")
class Cursor:
    def execute(self, sql, *args, **kwargs):
        pass
def f(session: Session, cursor: Cursor, sql: str):
    with engine.connect() as conn:
        conn.execute(insert(User), name="x", id=1)
        conn.execute(insert(User), {"name": "a"}, {"name": "b"})
        conn.execute("select * from users")
        conn.execute("select * from users where id = %s", (1,))
        conn.execute(sql)
        conn.execute(text("select 1"), {"x": 1})
        conn.execute(insert(User), [{"name": "a"}], execution_options={"x": 1})
    session.execute("select * from users where id = :id", {"id": 1})
    cursor.execute("select 1", x=1)
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA121"),
        "SQA121 [*] 10:9 `Connection.execute()` takes parameters as one dictionary in 2.0, not keyword arguments\n\
         SQA121 [*] 11:9 `Connection.execute()` takes one list of parameter dictionaries in 2.0 (\"executemany\")\n\
         SQA121 [*] 12:22 `Connection.execute()` takes no plain SQL strings in 2.0; use `text(\"...\")` or `exec_driver_sql(\"...\")`\n\
         SQA121 [*] 13:22 `Connection.execute()` takes no plain SQL strings in 2.0; use `text(\"...\")` or `exec_driver_sql(\"...\")`\n\
         SQA121 [*] 14:22 `Connection.execute()` takes no plain SQL strings in 2.0; use `text(\"...\")` or `exec_driver_sql(\"...\")`\n\
         SQA121 [*] 17:21 `Session.execute()` takes no plain SQL strings in 2.0; use `text(\"...\")`"
    );
    assert_eq!(
        fixed(&fixture, "SQA121", false),
        r#"from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session
from app.models import User
engine = create_engine("sqlite://")
class Cursor:
    def execute(self, sql, *args, **kwargs):
        pass
def f(session: Session, cursor: Cursor, sql: str):
    with engine.connect() as conn:
        conn.execute(insert(User), {"name": "x", "id": 1})
        conn.execute(insert(User), [{"name": "a"}, {"name": "b"}])
        conn.execute(text("select * from users"))
        conn.exec_driver_sql("select * from users where id = %s", (1,))
        conn.exec_driver_sql(sql)
        conn.execute(text("select 1"), {"x": 1})
        conn.execute(insert(User), [{"name": "a"}], execution_options={"x": 1})
    session.execute(text("select * from users where id = :id"), {"id": 1})
    cursor.execute("select 1", x=1)
"#
    );
}

#[test]
fn execute_string_sql_imports_text() {
    let main = "import sqlalchemy as sa\nfrom sqlalchemy.orm import Session\ndef f(session: Session):\n    session.execute(\"select 1\")\n";
    assert_eq!(
        fixed(&fixture(main), "SQA121", false),
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import Session\ndef f(session: Session):\n    session.execute(sa.text(\"select 1\"))\n"
    );
}

#[test]
fn apply_labels() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User, Post
class Form:
    def apply_labels(self):
        return self
def f(session: Session, form: Form):
    stmt = select(User, Post).apply_labels()
    q = session.query(User).with_labels()
    form.apply_labels()
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA122"),
        "SQA122 [*] 8:12 `.apply_labels()` is deprecated; use `.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)`\n\
         SQA122 [*] 9:9 `.with_labels()` is deprecated; use `.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)`"
    );
    let after = fixed(&fixture, "SQA122", false);
    assert!(after.starts_with("from sqlalchemy import select, LABEL_STYLE_TABLENAME_PLUS_COL\n"));
    assert!(after.contains("    stmt = select(User, Post).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)\n"));
    assert!(
        after.contains("    q = session.query(User).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)\n"),
        "fixes adding the same import apply in one round"
    );
}

#[test]
fn backref_cascade() {
    let main = r#"from sqlalchemy.orm import Session
from app.models import User, Post
def linked_then_committed(session: Session, author: User):
    post = Post(title="t", author=author)
    post.title = post.title.strip()
    session.commit()
    return post
def added(session: Session, author: User):
    post = Post(title="t", author=author)
    session.add(post)
    session.commit()
def appended(session: Session, author: User):
    post = Post(title="t", author=author)
    author.posts.append(post)
    session.flush()
def not_linked(session: Session):
    post = Post(title="t", author_id=1)
    session.commit()
def never_committed(author: User):
    post = Post(title="t", author=author)
    return post
"#;
    let fixture = fixture(main);
    assert_eq!(
        lint(&fixture, "SQA123"),
        "SQA123 [*] 4:12 `post` is linked through `Post.author` and committed without `session.add(post)`: 2.0 no longer cascades new objects along backrefs, so it is not saved"
    );
    assert_eq!(fixed(&fixture, "SQA123", false), main, "the fix is unsafe");
    assert!(fixed(&fixture, "SQA123", true).contains(
        "    post = Post(title=\"t\", author=author)\n    session.add(post)\n    post.title = post.title.strip()\n    session.commit()\n"
    ));
}

#[test]
fn rules_see_unannotated_sessions_and_engines_by_name() {
    let main = r#"from sqlalchemy import select
from app.models import User
def get_all(session):
    return session.query(User).all()
def count(engine):
    return engine.scalar(select(User.id))
def other(sessions, engine_url):
    return sessions.query(User).all(), engine_url.execute()
"#;
    let fixture = fixture(main);
    assert_eq!(
        fixture
            .lint("/main.py")
            .lines()
            .map(|l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>(),
        ["SQA104 [*] 4:12", "SQA106 [*] 6:12"]
    );
}
