//! Inference plumbing: assignments, loops, with, narrowing, comprehensions, calls.

use crate::Series;

use super::reveal;
use crate::fixture::Fixture;

#[test]
fn select_result_row_chain_in_both_series() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    stmt = select(User.id, User.name)
    stmt = stmt.where(User.id > 3).order_by(User.name)
    reveal_type(stmt)
    result = session.execute(stmt)
    reveal_type(result.all())
    for user_id, name in result:
        reveal_type(name)
    row = result.one()
    reveal_type(row.name)
    reveal_type(row[0])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "stmt: Select[Tuple[int, str]]\nresult.all(): Sequence[Row[Tuple[int, str]]]\n\
         name: str (checker: Any)\nrow.name: str (checker: Any)\nrow[0]: int (checker: Any)"
    );
    assert_eq!(
        reveal(main, Series::V21),
        "stmt: Select[int, str]\nresult.all(): Sequence[Row[int, str]]\n\
         name: str\nrow.name: str (checker: Any)\nrow[0]: int"
    );
}

#[test]
fn narrowing_by_none_checks_and_early_return() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    user = session.get(User, 1)
    reveal_type(user)
    if user is not None:
        reveal_type(user)
    if not user:
        return
    reveal_type(user)
    reveal_type(user.email)
    if user.email:
        reveal_type(user.email)
"#;
    assert_eq!(
        reveal(main, Series::V21),
        "user: User | None\nuser: User\nuser: User\nuser.email: str | None\nuser.email: str"
    );
}

#[test]
fn calls_to_workspace_functions_and_comprehensions() {
    let main = r#"from typing import Sequence
from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import Post, User
def users(session: Session) -> Sequence[User]:
    return session.scalars(select(User)).all()
def titles(session):
    return select(Post.title)
def g(session: Session):
    reveal_type(users(session))
    reveal_type(titles(session))
    reveal_type([u.name for u in users(session)])
    reveal_type({u.id: u for u in users(session)})
"#;
    assert_eq!(
        reveal(main, Series::V21),
        "users(session): Sequence[User]\ntitles(session): Select[str]\n\
         [u.name for u in users(session)]: list[str]\n{u.id: u for u in users(session)}: dict[int, User]"
    );
}

#[test]
fn deeply_nested_code_does_not_overflow_the_stack() {
    // Test threads have small stacks: recursion over syntax must be bounded.
    let parens = format!("x = {}1{}\nreveal_type(x)\n", "(".repeat(5000), ")".repeat(5000));
    assert!(reveal(&parens, Series::V21).starts_with("x: "));
    let chains = format!(
        "def g(x: int):\n    if {}:\n        reveal_type(x)\n    y = x{}\n    z = {}x\n    reveal_type(z)\n",
        vec!["x"; 20_000].join(" and "),
        ".a".repeat(50_000),
        "not ".repeat(20_000)
    );
    assert_eq!(reveal(&chains, Series::V21), "x: int\nz: bool");
    let mut ifs = String::from("def f(x: int):\n");
    for depth in 1..400 {
        ifs.push_str(&format!("{}if x:\n", "    ".repeat(depth)));
    }
    ifs.push_str(&format!("{}pass\nreveal_type(1)\n", "    ".repeat(400)));
    assert_eq!(reveal(&ifs, Series::V21), "1: Literal[1]");
}

#[test]
fn unannotated_parameters_named_after_what_they_hold() {
    let main = r#"from app.models import User
def f(session, db_session, engine, conn, user, post, users, session_factory, name):
    reveal_type(session.query(User).all())
    reveal_type(db_session)
    reveal_type(engine)
    reveal_type(conn)
    reveal_type(user.posts)
    reveal_type(post)
    reveal_type(users)
    reveal_type(session_factory)
    reveal_type(name)
def g(session=None):
    reveal_type(session)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "session.query(User).all(): List[User] (checker: Unknown)\ndb_session: Session (checker: Unknown)\n\
         engine: Engine (checker: Unknown)\nconn: Connection (checker: Unknown)\n\
         user.posts: List[Post] (checker: Unknown)\npost: Unknown\nusers: Unknown\nsession_factory: Unknown\n\
         name: Unknown\nsession: Unknown | None",
        "`post` is not imported here, so it is not assumed to be a `Post`"
    );
}

#[test]
fn the_precise_view_follows_outer_joins_aggregates_and_casts() {
    // What SQLAlchemy returns on SQLite (tests/runtime checks each of these against the runtime):
    // an outer join's columns are `None` for rows that match nothing, also columns added after it;
    // an aggregate over no rows is NULL; `cast` keeps NULL; `type_coerce` to a string type loads
    // the expression's own values; an `Integer` times a float is a float.
    let main = r#"from sqlalchemy import String, cast, func, select, type_coerce
from sqlalchemy.orm import Session
from app.models import Post, User
def f(session: Session):
    reveal_type(session.execute(select(User.name, Post.title).outerjoin(Post)).all())
    reveal_type(session.execute(select(User, Post).join(Post, User.posts, isouter=True)).all())
    reveal_type(session.execute(select(User.name, Post.title).join(Post)).all())
    stmt = select(User.name).outerjoin(User.posts)
    reveal_type(stmt.add_columns(Post.id))
    reveal_type(select(User.name, Post.id).join(Post, full=True))
    reveal_type(session.execute(select(func.max(Post.id), func.count(Post.id))).one())
    reveal_type(session.scalars(select(cast(User.email, String))).all())
    reveal_type(session.scalars(select(type_coerce(User.id, String))).all())
    reveal_type(session.scalars(select(Post.id * 1.5)).all())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "session.execute(select(User.name, Post.title).outerjoin(Post)).all(): Sequence[Row[Tuple[str, str | None]]] (checker: Sequence[Row[Tuple[str, str]]])\n\
         session.execute(select(User, Post).join(Post, User.posts, isouter=True)).all(): Sequence[Row[Tuple[User, Post | None]]] (checker: Sequence[Row[Tuple[User, Post]]])\n\
         session.execute(select(User.name, Post.title).join(Post)).all(): Sequence[Row[Tuple[str, str]]]\n\
         stmt.add_columns(Post.id): Select[Tuple[str, int | None]] (checker: Select[Any])\n\
         select(User.name, Post.id).join(Post, full=True): Select[Tuple[str | None, int | None]] (checker: Select[Tuple[str, int]])\n\
         session.execute(select(func.max(Post.id), func.count(Post.id))).one(): Row[Tuple[int | None, int]] (checker: Row[Tuple[int, int]])\n\
         session.scalars(select(cast(User.email, String))).all(): Sequence[str | None] (checker: Sequence[str])\n\
         session.scalars(select(type_coerce(User.id, String))).all(): Sequence[int] (checker: Sequence[str])\n\
         session.scalars(select(Post.id * 1.5)).all(): Sequence[float] (checker: Sequence[int])"
    );
}

#[test]
fn context_manager_functions_enter_what_they_yield() {
    let main = r#"from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from typing import AsyncIterator, ContextManager, Generator
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
@contextmanager
def session_scope() -> Generator[Session, None, None]:
    yield Session()
@asynccontextmanager
async def async_scope() -> AsyncIterator[AsyncSession]:
    yield AsyncSession()
async def f(scope: "AbstractContextManager[Session]", other: ContextManager[Session]):
    with session_scope() as session:
        reveal_type(session)
    async with async_scope() as async_session:
        reveal_type(async_session)
    with scope as scoped:
        reveal_type(scoped)
    with other as another:
        reveal_type(another)
    reveal_type(session_scope())
    reveal_type(async_scope())
"#;
    // pyright 1.1.414: typeshed's managers also take what the generator is sent and returns,
    // `None` by default.
    assert_eq!(
        reveal(main, Series::V20),
        "session: Session\nasync_session: AsyncSession\nscoped: Session\nanother: Session\n\
         session_scope(): _GeneratorContextManager[Session, None, None]\n\
         async_scope(): _AsyncGeneratorContextManager[AsyncSession, None]"
    );
}

/// `AsyncConnection.stream` is a startable context: awaited, or entered, for its result.
#[test]
fn startable_contexts_await_to_their_result() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
async def f(conn: AsyncConnection):
    reveal_type(conn.stream(select(User.id)))
    reveal_type(await conn.stream(select(User.id)))
    async with conn.stream_scalars(select(User.id)) as ids:
        reveal_type(ids)
"#;
    assert_eq!(
        reveal(main, Series::V21),
        "conn.stream(select(User.id)): GeneratorStartableContext[AsyncResult[int]]\n\
         await conn.stream(select(User.id)): AsyncResult[int]\n\
         ids: AsyncScalarResult[int]"
    );
}

#[test]
fn chained_assignments_bind_the_value_and_object_session_may_be_none() {
    let main = r#"from sqlalchemy import create_engine
from sqlalchemy.orm import object_session
engines = {}
def f(instance, uri: str):
    engine = engines[uri] = create_engine(uri)
    reveal_type(engine)
    reveal_type(object_session(instance))
"#;
    assert_eq!(reveal(main, Series::V20), "engine: Engine\nobject_session(instance): Session | None");
}

#[test]
fn typing_cast_is_the_type_it_names() {
    let main = r#"import typing
from typing import cast
from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncSession
def f(x):
    reveal_type(cast("Engine", x))
    reveal_type(typing.cast(AsyncSession, x))
"#;
    assert_eq!(reveal(main, Series::V20), "cast(\"Engine\", x): Engine\ntyping.cast(AsyncSession, x): AsyncSession");
}

#[test]
fn attributes_methods_set_on_self() {
    // As pyright declares them: the annotation where one is written, else the union of what the
    // assignments assign (here annotated parameters); anything else leaves the attribute unknown.
    let main = r#"from typing import Optional
from sqlalchemy.orm import Session
from sqlalchemy.ext.asyncio import AsyncSession
class Repository:
    def __init__(self, session: Session, fallback: AsyncSession, other):
        self.session = session
        self.either = session
        self.declared: Optional[AsyncSession] = None
        self.unread = other
    def reset(self, fallback: AsyncSession):
        self.either = fallback
    def use(self):
        reveal_type(self.session)
        reveal_type(self.either)
        reveal_type(self.declared)
        reveal_type(self.unread)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "self.session: Session\nself.either: Session | AsyncSession\nself.declared: AsyncSession | None\nself.unread: Unknown"
    );
}

#[test]
fn a_string_literal_joins_str() {
    let main = r#"def f(port: int, flag: bool):
    if flag:
        text = f":{port}"
    else:
        text = ""
    reveal_type(text)
"#;
    assert_eq!(reveal(main, Series::V20), "text: str");
}

#[test]
fn annotations_read_what_type_checking_imports_and_bare_generics_are_unknown_in_their_parameter() {
    let main = r#"from __future__ import annotations
from contextlib import contextmanager
from typing import TYPE_CHECKING, Generator
if TYPE_CHECKING:
    import sqlalchemy.orm as sa_orm
else:
    sa_orm = LazyImport("sqlalchemy.orm")
@contextmanager
def scope() -> Generator["sa_orm.Session", None, None]:
    yield None
def f(maker: sa_orm.scoped_session, query: sa_orm.Query):
    with scope() as session:
        reveal_type(session)
    reveal_type(maker)
    reveal_type(query)
"#;
    assert_eq!(reveal(main, Series::V20), "session: Session\nmaker: scoped_session[Unknown]\nquery: Query[Unknown]");
}

#[test]
fn workspace_subclasses_of_sqlalchemy_classes_have_its_members() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
class AppSession(Session):
    def names(self) -> list[str]:
        return []
def f(engine):
    with AppSession(engine) as session:
        reveal_type(session)
        reveal_type(session.scalars(select(User)).all())
        reveal_type(session.names())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "session: AppSession\nsession.scalars(select(User)).all(): Sequence[User]\nsession.names(): list[str]"
    );
}

#[test]
fn a_column_property_reading_another_in_the_same_module_keeps_the_module_inferred() {
    // The module's own bindings are being computed: reading them again was a cycle that lost
    // every module-level answer.
    let main = r#"from sqlalchemy import Column, Integer, Float, ForeignKey, select, func
from sqlalchemy.orm import declarative_base, column_property
Base = declarative_base()
reveal_type(Base)
class Grade(Base):
    __tablename__ = "g"
    id = Column(Integer, primary_key=True)
    nb_id = Column(Integer, ForeignKey("nb.id"))
    points = Column(Float)
    score = column_property(func.coalesce(points, 0.0))
class Notebook(Base):
    __tablename__ = "nb"
    id = Column(Integer, primary_key=True)
    total = column_property(select(func.sum(Grade.score)).where(Grade.nb_id == id).scalar_subquery())
reveal_type(Notebook.total)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Base: Any\nNotebook.total: InstrumentedAttribute[float | None] (checker: InstrumentedAttribute[Unknown])"
    );
}

#[test]
fn alembic_migrations_run_on_a_connection() {
    let main = r#"from alembic import op
def upgrade():
    bind = op.get_bind()
    reveal_type(bind)
"#;
    assert_eq!(reveal(main, Series::V20), "bind: Connection");
}

#[test]
fn assert_and_walrus_narrow() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    x = session.scalar(select(User).limit(1))
    assert x is not None
    reveal_type(x)
    if (y := session.scalar(select(User))) is not None:
        reveal_type(y)
    if z := session.get(User, 1):
        reveal_type(z)
"#;
    assert_eq!(reveal(main, Series::V20), "x: User\ny: User\nz: User");
}

#[test]
fn what_a_declarative_base_declares_and_literal_aliases_in_mapped() {
    let main = r#"from typing import Literal
from sqlalchemy import String, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
Status = Literal["a", "b"]
class Base(DeclarativeBase):
    pass
class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(String)
def f():
    reveal_type(Job.status)
    reveal_type(inspect(Job))
    reveal_type(Job.__mapper__)
    reveal_type(Job.__table__)
    reveal_type(Base.metadata)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Job.status: InstrumentedAttribute[str] (checker: InstrumentedAttribute[Literal['a', 'b']])\n\
         inspect(Job): Mapper[Job]\nJob.__mapper__: Mapper[Any]\nJob.__table__: Table (checker: FromClause)\n\
         Base.metadata: MetaData"
    );
}

#[test]
fn a_dynamic_relationship_indexes_to_an_entity_and_slices_to_a_list() {
    // pyright 1.1.414 with SQLAlchemy 2.0.58 (`AppenderMixin.__getitem__` overloads; FlexGet's
    // `task.executions.order_by(...)[:limit]`).
    let main = r#"from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, DynamicMapped, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class Task(Base):
    __tablename__ = "t"
    id: Mapped[int] = mapped_column(primary_key=True)
    runs: DynamicMapped["Run"] = relationship()
class Run(Base):
    __tablename__ = "r"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("t.id"))
def f(task: Task, n: int):
    reveal_type(task.runs.order_by(Run.id)[:n])
    reveal_type(task.runs[n])
"#;
    assert_eq!(reveal(main, Series::V20), "task.runs.order_by(Run.id)[:n]: List[Run]\ntask.runs[n]: Run");
}

#[test]
fn slices_builtins_and_dialect_upserts() {
    // pyright 1.1.414 with SQLAlchemy 2.0.58 (`Query.__getitem__(slice) -> List[_T]`).
    let main = r#"from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    rows = session.execute(select(User.id, User.name)).all()
    reveal_type(rows[1:])
    reveal_type(rows[0][0:1])
    reveal_type(session.query(User)[1:3])
    reveal_type(next(iter(rows)))
    reveal_type(min(rows))
    reveal_type(zip(rows, [1]))
    reveal_type(dict(rows[0]._mapping))
    stmt = insert(User).values(name="x")
    reveal_type(stmt.on_conflict_do_nothing())
    reveal_type(stmt.on_conflict_do_update(index_elements=["id"], set_={"name": "y"}).returning(User.id))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "rows[1:]: Sequence[Row[Tuple[int, str]]]\nrows[0][0:1]: Sequence[Any]\n\
         session.query(User)[1:3]: List[User]\nnext(iter(rows)): Row[Tuple[int, str]]\n\
         min(rows): Row[Tuple[int, str]]\nzip(rows, [1]): zip[tuple[Row[Tuple[int, str]], int]]\n\
         dict(rows[0]._mapping): dict[Any, Any]\nstmt.on_conflict_do_nothing(): Insert\n\
         stmt.on_conflict_do_update(index_elements=[\"id\"], set_={\"name\": \"y\"}).returning(User.id): ReturningInsert[Tuple[int]]"
    );
}

#[test]
fn type_checkers_see_what_type_checking_imports_in_code_too() {
    let main = r#"from typing import TYPE_CHECKING
from sqlalchemy.orm import Session
if TYPE_CHECKING:
    from app import models
else:
    models = LazyImport("app.models")
def f(session: Session):
    reveal_type(session.get(models.User, 1))
"#;
    assert_eq!(reveal(main, Series::V20), "session.get(models.User, 1): Unknown | None (checker: User | None)");
}

#[test]
fn type_checkers_see_both_bindings_of_a_guarded_sqlalchemy_import() {
    // pyright 1.1.414: in its own module, a `def` in the `except` is the name's declared type
    // (Flask-AppBuilder's `mapped_column` fallback); an import there joins the `try`'s.
    let main = r#"from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped
try:
    from sqlalchemy.orm import mapped_column
except ImportError:
    def mapped_column(*args, **kwargs):
        return None
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reveal_type(id)
    other = mapped_column(Integer)
    reveal_type(other)
try:
    from sqlalchemy.orm import mapped_column as _Column
except ImportError:
    from sqlalchemy import Column as _Column
reveal_type(_Column)
"#;
    let revealed = reveal(main, Series::V20);
    let (fields, column) = revealed.rsplit_once('\n').expect("three reveals");
    assert_eq!(fields, "id: MappedColumn[Any] (checker: Mapped[int])\nother: MappedColumn[Any] (checker: None)");
    // `mapped_column` as a value is its signature; to type checkers, joined by `Column`'s class.
    assert!(column.starts_with("_Column: (__name_pos: str | type[TypeEngine[Any]]"), "{column}");
    assert!(column.contains(" -> MappedColumn[Any] (checker: ((__name_pos: "), "{column}");
    assert!(column.ends_with(" -> MappedColumn[Any]) | type[Column])"), "{column}");
}

#[test]
fn class_methods_of_sqlalchemy_classes() {
    let main = r#"from sqlalchemy.orm import Session
def f(instance):
    reveal_type(Session.object_session(instance))
    reveal_type(Session.execute)
"#;
    assert_eq!(reveal(main, Series::V20), "Session.object_session(instance): Session | None\nSession.execute: Unknown");
}

#[test]
fn standard_library_returns_code_around_sqlalchemy_uses() {
    let main = r#"import logging, datetime, uuid
from datetime import datetime as dt
def f(x):
    reveal_type(logging.getLogger(__name__))
    reveal_type(dt.utcnow())
    reveal_type(datetime.date.today())
    reveal_type(getattr(x, "a", None))
    reveal_type(uuid.uuid4())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "logging.getLogger(__name__): Logger\ndt.utcnow(): datetime\ndatetime.date.today(): date\n\
         getattr(x, \"a\", None): Any | None\nuuid.uuid4(): UUID"
    );
}

#[test]
fn string_literals_as_type_checkers_infer_them() {
    let main = r#"NAME = "users"
reveal_type(NAME)
PAIR = ("a", "b")
reveal_type(PAIR)
class Error(Exception):
    status = "Error"
    reveal_type(status)
def f(flag: bool):
    reveal_type(NAME)
    reveal_type(PAIR)
    mode = "r" if flag else "w"
    reveal_type(mode)
    reveal_type([NAME, "x"])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "NAME: Literal['users']\nPAIR: tuple[Literal['a'], Literal['b']]\nstatus: str\nNAME: Literal['users']\n\
         PAIR: tuple[Literal['a'], Literal['b']]\nmode: Literal['r', 'w']\n[NAME, \"x\"]: list[str]"
    );
}

#[test]
fn a_module_variable_read_from_its_module_s_functions_is_what_all_its_assignments_give() {
    // pyright 1.1.414: a function of the module sees a variable's declared type, the union of
    // what each of its top-level statements assigns (a constant's literals kept); an importer and
    // the module's own later statements see the value it ends with. Loop and `with` targets are
    // top-level names too, and a call at module level of the module's own function is inferred.
    let fixture = Fixture::new(
        r#"
#- /app/__init__.py
#- /app/state.py
import sqlalchemy

class Engine: ...

engine = None
engine = Engine()
LIMIT = 3
LIMIT = 4
count = 0
count += 1
for index, label in enumerate(["a"]):
    pass

def make():
    return Engine()

made = make()

def read():
    reveal_type(engine)
    reveal_type(LIMIT)
    reveal_type(count)
    reveal_type(label)

reveal_type(engine)
reveal_type(made)
#- /main.py
from app.state import engine, LIMIT, count, index
reveal_type(engine)
reveal_type(LIMIT)
reveal_type(count)
reveal_type(index)
"#,
        Series::V20,
    );
    assert_eq!(
        fixture.reveals("/app/state.py"),
        "engine: Engine | None\nLIMIT: Literal[3, 4]\ncount: int\nlabel: str\nengine: Engine\nmade: Engine"
    );
    assert_eq!(fixture.reveals("/main.py"), "engine: Engine\nLIMIT: Literal[4]\ncount: Literal[1]\nindex: int");
}

#[test]
fn int_and_bool_literals_as_type_checkers_infer_them() {
    // Each expected type is what pyright 1.1.414 reveals for the same code.
    let main = r#"x = 3
reveal_type(x)
y = True
reveal_type(y)
name = "n"
LIMIT = 10
reveal_type((-1, 0x10, 1_000, 1j))
reveal_type(x + 1)
reveal_type((7 // -2, 7 % -2, 2 ** 3, 2 ** -1, 1 << 3, 5 & 3, ~5, +5, 1 / 2, True + 1))
def f(b: bool, i: int, s: str | None, n: int | None):
    reveal_type(x)
    reveal_type(name)
    reveal_type(LIMIT)
    reveal_type(b or 5)
    reveal_type(b and 5)
    reveal_type(i or 5)
    reveal_type(i and "x")
    reveal_type(s or "d")
    reveal_type(n or 0)
    reveal_type(0 or "a")
    reveal_type(1 if b else 0)
    reveal_type(True if b else False)
    reveal_type(None if b else 3)
    reveal_type(-i)
    reveal_type(not b)
    k: int = 5
    reveal_type(k)
    q = 0
    q += 1
    reveal_type(q)
    reveal_type([1, 2])
    reveal_type({"a": 1})
class C:
    a = 1
    A = 1
    flag = False
    def m(self):
        reveal_type(self.a)
        reveal_type(self.A)
        reveal_type(self.flag)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x: Literal[3]\ny: Literal[True]\n(-1, 0x10, 1_000, 1j): tuple[Literal[-1], Literal[16], Literal[1000], complex]\n\
         x + 1: Literal[4]\n\
         (7 // -2, 7 % -2, 2 ** 3, 2 ** -1, 1 << 3, 5 & 3, ~5, +5, 1 / 2, True + 1): tuple[Literal[-4], Literal[-1], \
         Literal[8], float, Literal[8], Literal[1], Literal[-6], Literal[5], float, int]\n\
         x: int\nname: str\nLIMIT: Literal[10]\nb or 5: Literal[True, 5]\nb and 5: Literal[False, 5]\ni or 5: int\n\
         i and \"x\": Literal[0, 'x']\ns or \"d\": str\nn or 0: int\n\
         0 or \"a\": Literal['a']\n1 if b else 0: Literal[1, 0]\nTrue if b else False: bool\n\
         None if b else 3: Literal[3] | None\n-i: int\nnot b: bool\nk: Literal[5]\nq: Literal[1]\n[1, 2]: list[int]\n\
         {\"a\": 1}: dict[str, int]\nself.a: int\nself.A: Literal[1]\nself.flag: bool"
    );
}

#[test]
fn type_variables_and_callables_as_type_checkers_read_them() {
    // Each expected type is what pyright 1.1.414 reveals with SQLAlchemy 2.0 installed.
    let main = r#"from typing import Callable, Generic, Optional, TypeVar
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")
S = TypeVar("S", bound=Select)

def ident(x: T) -> T:
    return x

def opt(x: T) -> Optional[T]:
    return x

def maker() -> Callable[[], Session]:
    return sessionmaker()

class Filter:
    def apply(self, statement: S, model: int) -> S:
        reveal_type(statement)
        return statement

class Repo(Generic[T]):
    def get(self, item: T) -> T:
        reveal_type(item)
        return item

def use(f: Filter, r: Repo[int], cb: Callable[..., int], cb2: Callable[[int, str], Session], cb3: Optional[Callable[[], Session]]):
    reveal_type(ident(select()))
    reveal_type(f.apply(select(), 1))
    reveal_type(opt(3))
    reveal_type(ident(x=3))
    m = maker()
    reveal_type(m)
    with m() as s:
        reveal_type(s)
    reveal_type(cb)
    reveal_type(cb())
    reveal_type(cb2)
    reveal_type(cb3)
    reveal_type(r.get(1))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "statement: S@apply\nitem: T@Repo\nident(select()): Select[Any]\nf.apply(select(), 1): Select[Any]\n\
         opt(3): int | None\nident(x=3): int\nm: () -> Session\ns: Session\ncb: (...) -> int\ncb(): int\n\
         cb2: (int, str) -> Session\ncb3: (() -> Session) | None\nr.get(1): int"
    );
}

#[test]
fn self_and_cls_are_self_types_to_type_checkers_and_the_class_to_us() {
    // The checker types are what pyright 1.1.414 reveals with SQLAlchemy 2.0 installed.
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

class Base(DeclarativeBase):
    pass

class Study(Base):
    __tablename__ = "studies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]

    @classmethod
    def find(cls, session: Session, name: str):
        study = session.query(cls).filter(cls.name == name).one_or_none()
        reveal_type(study)
        reveal_type(select(cls))
        reveal_type(cls())
        return study

    @staticmethod
    def build(session):
        reveal_type(session)

    def me(self):
        reveal_type(self)
        reveal_type(self.name)
        return self

    def again(self):
        reveal_type(self.me())

def use(session: Session, s: Study):
    reveal_type(Study.find(session, "a"))
    reveal_type(s.me())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "study: Study | None (checker: Self@Study | None)\n\
         select(cls): Select[Tuple[Study]] (checker: Select[Tuple[Self@Study]])\n\
         cls(): Study (checker: Self@Study)\nsession: Session (checker: Unknown)\nself: Study (checker: Self@Study)\nself.name: str\n\
         self.me(): Study (checker: Self@Study)\nStudy.find(session, \"a\"): Study | None\ns.me(): Study"
    );
}

#[test]
fn a_class_type_variable_selected_is_the_variable_to_type_checkers() {
    // pyright 1.1.414 with SQLAlchemy 2.0; the precise view cannot tell which class it is.
    let main = r#"from typing import Generic, Optional, TypeVar
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from app.models import User

UP = TypeVar("UP", bound=User)

class Db(Generic[UP]):
    user_table: type[UP]

    def __init__(self, session: AsyncSession, user_table: type[UP]):
        self.session = session
        self.user_table = user_table

    async def get(self, id: int) -> Optional[UP]:
        statement = select(self.user_table)
        reveal_type(statement)
        reveal_type(self.user_table)
        results = await self.session.execute(statement)
        u = results.unique().scalar_one_or_none()
        reveal_type(u)
        return u
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "statement: Select[Tuple[Unknown]] (checker: Select[Tuple[UP@Db]])\nself.user_table: type[UP@Db]\n\
         u: Unknown | None (checker: UP@Db | None)"
    );
}

#[test]
fn displays_of_mixed_elements_are_unknown_to_type_checkers() {
    // pyright 1.1.414 (strictListInference off): elements of different types give `Unknown`.
    let main = r#"def f(a: int, b: str):
    reveal_type([1, None])
    reveal_type([a, b])
    reveal_type({"a": 1, "b": "x"})
    reveal_type({1, "a"})
    reveal_type([[1], [2]])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "[1, None]: list[int | None] (checker: list[Unknown])\n[a, b]: list[int | str] (checker: list[Unknown])\n\
         {\"a\": 1, \"b\": \"x\"}: dict[str, int | str] (checker: dict[str, Unknown])\n\
         {1, \"a\"}: set[int | str] (checker: set[Unknown])\n[[1], [2]]: list[list[int]]"
    );
}

#[test]
fn builtin_methods_strings_and_star_parameters_as_type_checkers_read_them() {
    // Each expected type is what pyright 1.1.414 reveals.
    let main = r#"import datetime
def f(*args, **options):
    reveal_type(args)
    for key, opt in options.items():
        reveal_type(key)
    name = "db.sqlite"
    url = f"sqlite:///{name}"
    reveal_type(url)
    reveal_type(f"{url}/x")
    reveal_type(f"{len(args)}")
    reveal_type(name.upper())
    reveal_type(url.split("/"))
    d = {"a": 1}
    reveal_type(d.get("a"))
    reveal_type(d.get("a", 0))
    for k in d.keys():
        reveal_type(k)
    reveal_type(datetime.datetime.now().strftime("%Y"))
    reveal_type(b"ab")
class K:
    domain: str = "kombu"
    reveal_type(domain)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "args: tuple[Unknown, ...]\nkey: str\nurl: LiteralString\nf\"{url}/x\": LiteralString\nf\"{len(args)}\": str\n\
         name.upper(): LiteralString\nurl.split(\"/\"): list[LiteralString]\nd.get(\"a\"): int | None\n\
         d.get(\"a\", 0): int\nk: str\ndatetime.datetime.now().strftime(\"%Y\"): str\nb\"ab\": Literal[b\"ab\"]\n\
         domain: Literal['kombu']"
    );
}

#[test]
fn a_script_calling_its_main_keeps_its_module_level_answers() {
    // `main()` reads the module's `engine`: inferring its return from the module's own walk was a
    // cycle that emptied the module's inference (every module-level reveal lost).
    let main = r#"from sqlalchemy import create_engine
engine = create_engine("sqlite://")
reveal_type(engine)

def main():
    reveal_type(engine)
    return engine

if __name__ == "__main__":
    main()
"#;
    assert_eq!(reveal(main, Series::V20), "engine: Engine\nengine: Engine");
}

#[test]
fn displays_take_the_type_expected_of_them() {
    // Each expected type is what pyright 1.1.414 reveals (bidirectional inference of displays).
    let main = r#"from typing import Dict, List, Optional
class Base:
    cols: List[str] = []
    names: Optional[List[str]] = None
class Sub(Base):
    cols = ["a"]
    reveal_type(cols)
    names = ["b"]
    reveal_type(names)
    other = ["c"]
    reveal_type(other)
def f(cols: Optional[List[str]], d: Optional[Dict[str, int]]):
    y: List[str] = []
    reveal_type(y)
    z: list[int] = []
    reveal_type(z)
    cols = cols or []
    reveal_type(cols)
    e = d or {}
    reveal_type(e)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "cols: List[str]\nnames: List[str]\nother: list[str]\ny: List[str]\nz: list[int]\ncols: List[str]\n\
         e: Dict[str, int]"
    );
}

#[test]
fn a_method_called_on_a_union_is_each_part_s_call() {
    let main = r#"from typing import Union
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_scoped_session
from app.models import User

async def f(session: Union[AsyncSession, async_scoped_session[AsyncSession]]):
    result = await session.execute(delete(User))
    reveal_type(result)
"#;
    // pyright 1.1.414: `Result[Any]`.
    assert_eq!(reveal(main, Series::V20), "result: Result[Any]");
}

#[test]
fn a_mapped_declaration_narrows_only_to_what_type_checkers_can_assign() {
    // pyright 1.1.414: `MappedColumn[Any]` (a `Mapped` subclass), `Mapped[int]` for a `Column`.
    let main = r#"from sqlalchemy import Column, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reveal_type(id)
    x: Mapped[int] = Column(Integer)
    reveal_type(x)
"#;
    assert_eq!(reveal(main, Series::V20), "id: MappedColumn[Any]\nx: Column[int] (checker: Mapped[int])");
}

#[test]
fn sqlmodel_model_methods() {
    // pyright 1.1.414 with sqlmodel 0.0.50 installed gives the same four types.
    let main = r#"from sqlmodel import Field, SQLModel, Session

class HeroBase(SQLModel):
    name: str

class Hero(HeroBase, table=True):
    id: int | None = Field(default=None, primary_key=True)

class HeroCreate(HeroBase):
    pass

def create(session: Session, hero: HeroCreate):
    db_hero = Hero.model_validate(hero)
    reveal_type(db_hero)
    data = hero.model_dump(exclude_unset=True)
    reveal_type(data)
    reveal_type(db_hero.sqlmodel_update(data))
    reveal_type(db_hero.model_dump_json())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "db_hero: Hero\ndata: dict[str, Any]\ndb_hero.sqlmodel_update(data): Hero\ndb_hero.model_dump_json(): str"
    );
}

#[test]
fn sqlmodel_statements_run_by_sqlalchemy_s_session() {
    // pyright 1.1.414 with sqlmodel 0.0.50 (fastapi-user-auth's `session.scalar(select(Role))` on
    // SQLAlchemy's own `Session`): a `SelectOfScalar[Hero]` is a `Select[Tuple[Hero]]` there.
    let main = r#"from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel, select

class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str

def load(session: Session):
    reveal_type(session.scalar(select(Hero).where(Hero.name == "x")))
    reveal_type(session.scalars(select(Hero)))
    reveal_type(session.execute(select(Hero)))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "session.scalar(select(Hero).where(Hero.name == \"x\")): Hero | None\n\
         session.scalars(select(Hero)): ScalarResult[Hero]\nsession.execute(select(Hero)): Result[Tuple[Hero]]"
    );
    // 2.1's `Select` is variadic: sqlmodel's `Select[Tuple[Hero]]` is one column of `Tuple[Hero]`
    // to type checkers (pyright 1.1.414, SQLAlchemy 2.1.9, sqlmodel 0.0.21); a `Hero` at run time.
    assert_eq!(
        reveal(main, Series::V21),
        "session.scalar(select(Hero).where(Hero.name == \"x\")): Hero | None (checker: Tuple[Hero] | None)\n\
         session.scalars(select(Hero)): ScalarResult[Hero] (checker: ScalarResult[Tuple[Hero]])\n\
         session.execute(select(Hero)): Result[Hero] (checker: Result[Tuple[Hero]])"
    );
}

#[test]
fn a_class_of_a_library_that_is_not_installed_is_unknown_to_type_checkers() {
    // pyright 1.1.414 (advanced-alchemy's Litestar handlers without Litestar installed): an
    // annotation naming a class no module defines is `Unknown`, in a parameter, a return and a
    // signature; the precise view keeps the class its spelling names.
    let main = r#"from typing import Optional
from litestar.types import Message, Scope
from app.models import User

async def handler(message: Message, scope: Scope) -> None:
    reveal_type(message)

def pick(users: list[User], scope: Optional[Scope]) -> tuple[Message, ...]:
    reveal_type(users)
    reveal_type(scope)
    return ()

reveal_type(handler)
reveal_type(pick([], None))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "message: Message (checker: Unknown)\nusers: list[User]\nscope: Scope | None (checker: Unknown | None)\n\
         handler: (message: Message, scope: Scope) -> CoroutineType[Any, Any, None] \
         (checker: (message: Unknown, scope: Unknown) -> CoroutineType[Any, Any, None])\n\
         pick([], None): tuple[Message, ...] (checker: tuple[Unknown, ...])"
    );
}

#[test]
fn lambdas_are_callables_of_what_their_body_gives() {
    // pyright 1.1.414 (Flask-AppBuilder's `query_func = lambda: datamodel.query(filters)[1]`).
    let main = r#"from typing import Any
import sqlalchemy
def anything() -> Any: ...
def f(xs: list[int]):
    first = lambda: xs[1]
    reveal_type(first)
    reveal_type(first())
    reveal_type(lambda obj: obj.id)
    reveal_type(lambda: anything())
    reveal_type(lambda x=None: x)
    reveal_type(sorted(xs, key=lambda x: -x))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "first: () -> int\nfirst(): int\nlambda obj: obj.id: (obj: Unknown) -> Unknown\n\
         lambda: anything(): () -> Any\nlambda x=None: x: (x: Unknown | None = None) -> (Unknown | None)\n\
         sorted(xs, key=lambda x: -x): list[int]"
    );
}

#[test]
fn more_builtins_as_typeshed_declares_them() {
    // Each expected type is what pyright 1.1.414 reveals.
    let main = r#"def f(xs: list[int], s: str, u):
    for i in range(9):
        reveal_type(i)
    reveal_type(range(3))
    reveal_type(reversed(xs))
    reveal_type(tuple(xs))
    reveal_type(hasattr(s, "a"))
    reveal_type(round(1.5))
    reveal_type(round(u))
    reveal_type(vars(s))
    reveal_type(any(xs))
    reveal_type(chr(65))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "i: int\nrange(3): range\nreversed(xs): Iterator[int]\ntuple(xs): tuple[int, ...]\nhasattr(s, \"a\"): bool\n\
         round(1.5): int\nround(u): Unknown\nvars(s): dict[str, Any]\nany(xs): bool\nchr(65): str"
    );
}

#[test]
fn bare_generics_and_homogeneous_tuples_in_annotations() {
    // Each expected type is what pyright 1.1.414 reveals.
    let main = r#"from typing import Any, Dict, Optional, Sequence, Tuple
def f(a: dict, c: Dict, e: tuple, i: tuple[str, ...], j: Tuple[Any, ...], k: Sequence, l: Optional[dict]):
    reveal_type(a)
    reveal_type(c)
    reveal_type(e)
    reveal_type(i)
    reveal_type(j)
    reveal_type(k)
    reveal_type(l)
    reveal_type(i[0])
    for s in i:
        reveal_type(s)
    x, y = i
    reveal_type(y)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "a: dict[Unknown, Unknown]\nc: Dict[Unknown, Unknown]\ne: tuple[Unknown, ...]\ni: tuple[str, ...]\n\
         j: Tuple[Any, ...]\nk: Sequence[Unknown]\nl: dict[Unknown, Unknown] | None\ni[0]: str\ns: str\ny: str"
    );
}

#[test]
fn a_sessionmaker_makes_the_class_it_is_given() {
    // pyright 1.1.414: `sessionmaker[ContextSession]`, and `ContextSession` entered.
    let main = r#"from sqlalchemy.orm import Session, sessionmaker
class ContextSession(Session):
    pass
Maker = sessionmaker(class_=ContextSession)
reveal_type(Maker)
def f():
    with Maker() as session:
        reveal_type(session)
"#;
    assert_eq!(reveal(main, Series::V20), "Maker: sessionmaker[ContextSession]\nsession: ContextSession");
}

#[test]
fn columns_of_a_table_known_by_its_annotation() {
    // pyright 1.1.414: `ReadOnlyColumnCollection[str, Column[Any]]`, `Column[Any]`, `Select[Tuple[Any]]`.
    let main = r#"from sqlalchemy import Table, select
def g(t: Table):
    reveal_type(t.c)
    reveal_type(t.c.id)
    reveal_type(select(t.c.id))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "t.c: ReadOnlyColumnCollection[str, Column[Any]]\nt.c.id: Column[Unknown] (checker: Column[Any])\n\
         select(t.c.id): Select[Tuple[Unknown]] (checker: Select[Tuple[Any]])"
    );
}

#[test]
fn typing_self_in_annotations() {
    // pyright 1.1.414 gives the checker types; we know the class.
    let main = r#"from typing import Optional
from typing_extensions import Self
from sqlalchemy.orm import Session
from app.models import Base

class Item(Base):
    def copy(self) -> Self:
        return self

    @classmethod
    def find(cls, session: Session) -> Optional[Self]:
        return None

    def again(self, other: Self) -> None:
        reveal_type(other)
        reveal_type(self.copy())

def use(i: Item, s: Session):
    reveal_type(i.copy())
    reveal_type(Item.find(s))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "other: Item (checker: Self@Item)\nself.copy(): Item (checker: Self@Item)\ni.copy(): Item\n\
         Item.find(s): Item | None"
    );
}

#[test]
fn overloads_are_picked_by_their_arguments() {
    // pyright 1.1.414: `int`, `str`, `bytes`, `dict[Unknown, Unknown]`, `Unknown`, `int`. An
    // argument whose type cannot decide between overloads that return different types makes the
    // call Unknown, as pyright does for `Any`; overloads that agree need no decision.
    let main = r#"from typing import overload, Union

@overload
def pick(x: int) -> int: ...
@overload
def pick(x: str) -> str: ...
def pick(x: Union[int, str]) -> Union[int, str]:
    return x

@overload
def encode(x: int) -> bytes: ...
@overload
def encode(x: str) -> bytes: ...
def encode(x: Union[int, str]) -> bytes:
    return b""

class Codec:
    @overload
    def load(self, raw: bytes) -> dict: ...
    @overload
    def load(self, raw: str, strict: bool = True) -> list: ...

@overload
def get(key: str) -> Union[str, None]: ...
@overload
def get(key: str, default: int) -> Union[str, int]: ...

def use(c: Codec, anything, n: int):
    reveal_type(pick(1))
    reveal_type(pick("a"))
    reveal_type(encode(anything))
    reveal_type(c.load(b""))
    reveal_type(pick(anything))
    reveal_type(pick(n))
    reveal_type(get("k", default=3))
    reveal_type(get("k"))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "pick(1): int\npick(\"a\"): str\nencode(anything): bytes\nc.load(b\"\"): dict[Unknown, Unknown]\n\
         pick(anything): Unknown\npick(n): int\nget(\"k\", default=3): str | int\nget(\"k\"): str | None"
    );
}

#[test]
fn only_the_ellipsis_is_an_ellipsis_type() {
    // pyright 1.1.414 with pydantic's `Field` overloads (its first takes `default: EllipsisType`
    // and returns `Any`): `None`, `int`, `Any`, then the declaration narrowed to `None`.
    let main = r#"from typing import Any, Literal, Optional, TypeVar, overload
from types import EllipsisType
_T = TypeVar("_T")

@overload
def Field(default: EllipsisType, *, alias: str | None = None) -> Any: ...
@overload
def Field(default: Any, *, alias: str | None = None, validate_default: Literal[True]) -> Any: ...
@overload
def Field(default: _T, *, alias: str | None = None, validate_default: Literal[False] = ...) -> _T: ...
def Field(default: Any = None, **kw: Any) -> Any: ...

class Model:
    id: Optional[int] = Field(default=None, alias="x")
    reveal_type(id)

reveal_type(Field(None))
reveal_type(Field(3))
reveal_type(Field(...))
reveal_type(...)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "id: None\nField(None): None\nField(3): int\nField(...): Any\n...: EllipsisType"
    );
}

#[test]
fn a_metaclass_called_makes_a_class() {
    // pyright 1.1.414: a call of a class deriving from `type` makes a class named by its literal
    // first argument (`__class_` and the class `__new__` returns otherwise); it has its bases'
    // members (none where its metaclass's own `__new__` makes it) and its metaclass's, and a
    // metaclass's `__call__` makes its instances.
    let main = r#"from typing import Any


class Meta(type):
    def describe(self) -> int:
        return 1


class MadeMeta(type):
    def __new__(cls, name: str, bases: tuple, namespace: dict) -> "MadeMeta":
        return super().__new__(cls, name, bases, namespace)


class CallingMeta(type):
    def __call__(cls, *args: Any) -> Any:
        return None


class Base:
    x: int = 1


M = Meta("M", (Base,), {})
reveal_type(M)
reveal_type(M().x)
reveal_type(M.describe())
reveal_type(Meta(3))
Made = MadeMeta("Made", (Base,), {})
reveal_type(Made)
reveal_type(Made())
T = type("T", (Base,), {})
reveal_type(T().x)
C = CallingMeta("C", (Base,), {})
reveal_type(C)
reveal_type(C())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "M: type[M]\nM().x: int\nM.describe(): int\nMeta(3): type[__class_type]\nMade: type[Made]\nMade(): Made\n\
         T().x: int\nC: type[C]\nC(): Any"
    );
}

#[test]
fn an_overloaded_function_returns_what_its_overloads_declare_inside_return_inference() {
    // pyright 1.1.414: `int`; its unannotated implementation's `None` is never what a call returns.
    let main = r#"from typing import overload


@overload
def pick(x: str) -> int: ...
@overload
def pick(x: bytes) -> str: ...
def pick(x):
    return None


def use():
    return pick("a")


reveal_type(use())
"#;
    assert_eq!(reveal(main, Series::V20), "use(): int");
}

#[test]
fn classes_of_one_name_in_a_type_are_named_in_full() {
    // pyright 1.1.414 names two classes of one name in a type by their full names, a lone one by
    // its own.
    let fixture = Fixture::new(
        r#"
#- /a/__init__.py
#- /a/models.py
class Schema: ...
#- /b/__init__.py
#- /b/models.py
class Schema: ...
#- /main.py
import a.models
import b.models

def f(c: bool):
    x = a.models.Schema() if c else b.models.Schema()
    reveal_type(x)
    reveal_type([x])
    reveal_type(a.models.Schema())
"#,
        Series::V20,
    );
    assert_eq!(
        fixture.reveals("/main.py"),
        "x: a.models.Schema | b.models.Schema\n[x]: list[a.models.Schema | b.models.Schema]\n\
         a.models.Schema(): Schema"
    );
}

#[test]
fn an_attribute_assigned_from_a_declared_getattr_has_its_type() {
    // pyright 1.1.414: `int`. Inferring `Client`'s attributes reads `lazy.client` through `Lazy`'s
    // declared `__getattr__` (as typeshed's `ModuleType`'s gives `Any` for `boto3.client`).
    let main = r#"class Lazy:
    def __getattr__(self, name: str) -> int: ...


lazy = Lazy()


class Client:
    def __init__(self):
        self.client = lazy.client

    def get(self):
        reveal_type(self.client)
"#;
    assert_eq!(reveal(main, Series::V20), "self.client: int");
}

#[test]
fn an_async_def_that_yields_is_called_without_awaiting() {
    // pyright 1.1.414: an `async def` whose body yields is an async generator, whatever iterator
    // type it declares; one that does not returns a coroutine.
    let main = r#"from typing import AsyncIterator


class S:
    async def lines(self) -> AsyncIterator[bytes]:
        yield b""

    async def plain(self) -> AsyncIterator[bytes]: ...


async def gen() -> AsyncIterator[int]:
    yield 1


async def use(s: S):
    reveal_type(s.lines())
    reveal_type(gen())
    reveal_type(s.plain())
    async for line in s.lines():
        reveal_type(line)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "s.lines(): AsyncIterator[bytes]\ngen(): AsyncIterator[int]\n\
         s.plain(): CoroutineType[Any, Any, AsyncIterator[bytes]]\nline: bytes"
    );
}

#[test]
fn a_project_type_decorator_is_the_type_engine_it_declares_to_type_checkers() {
    // pyright 1.1.414 with SQLAlchemy 2.0.58: `TypeDecorator[datetime]` solves the calls' type
    // variable (`Column[datetime]`, `BindParameter[datetime]`); a subclass of `String` is a
    // `str` type; an unparameterised `TypeDecorator` leaves it unsolved. The precise view does
    // not take the declaration for what loads.
    let main = r#"import datetime
import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


class Timestamp(TypeDecorator[datetime.datetime]):
    impl = sa.TIMESTAMP(timezone=True)
    cache_ok = True


class Trimmed(sa.String):
    pass


class Plain(TypeDecorator):
    impl = sa.String


reveal_type(sa.Column(Timestamp()))
reveal_type(sa.bindparam("t", type_=Timestamp()))
reveal_type(sa.cast(1, Trimmed))
reveal_type(sa.bindparam("p", type_=Plain()))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "sa.Column(Timestamp()): Column[Unknown] (checker: Column[datetime])\n\
         sa.bindparam(\"t\", type_=Timestamp()): BindParameter[Unknown] (checker: BindParameter[datetime])\n\
         sa.cast(1, Trimmed): Cast[Unknown] (checker: Cast[str])\n\
         sa.bindparam(\"p\", type_=Plain()): BindParameter[Unknown]"
    );
}

#[test]
fn make_url_makes_a_url() {
    // pyright 1.1.414 with SQLAlchemy 2.0.58: `URL`, through `sqlalchemy` and its `engine.url`.
    let main = r#"from sqlalchemy import make_url
from sqlalchemy.engine.url import make_url as parse_url

reveal_type(make_url("sqlite://"))
reveal_type(parse_url("sqlite://").drivername)
"#;
    assert_eq!(reveal(main, Series::V20), "make_url(\"sqlite://\"): URL\nparse_url(\"sqlite://\").drivername: str");
}

#[test]
fn queries_in_a_cycle_settle_on_what_they_infer() {
    // pyright 1.1.414: `str`. Inferring `Client`'s attributes walks `__init__`, which asks what
    // `helper` returns, which reads a `Client`'s attribute: a cycle. Iterated, rather than given up
    // on, it still knows what the annotated `make_uri` returns.
    let files = r#"
#- /client.py
from helpers import helper


def make_uri() -> str:
    return "sqlite://"


class Client:
    def __init__(self):
        self.uri = make_uri()
        self.copy = helper()

#- /helpers.py
def helper():
    from client import Client
    return Client().uri

#- /main.py
from client import Client

reveal_type(Client().uri)
"#;
    assert_eq!(Fixture::new(files, Series::V20).reveals("/main.py"), "Client().uri: str");
}

#[test]
fn a_cycle_that_never_settles_stops() {
    // Each round nests the tuple once more. The iteration stops after a few rounds and falls back
    // to the attributes without inference (pyright 1.1.414 says `tuple[Unknown]`) rather than
    // running until salsa gives up.
    let files = r#"
#- /client.py
from helpers import helper


class Client:
    def __init__(self):
        self.depth = (helper(),)

#- /helpers.py
def helper():
    from client import Client
    return Client().depth

#- /main.py
from client import Client

reveal_type(Client().depth)
"#;
    assert_eq!(Fixture::new(files, Series::V20).reveals("/main.py"), "Client().depth: Unknown");
}

#[test]
fn a_module_getattr_answers_the_names_the_module_does_not_define() {
    // pyright 1.1.414: a name imported from, or read on, a module that does not define it but has
    // a top-level `__getattr__` (PEP 562) is what that function returns; its own names stay its.
    let files = r#"
#- /pkg/__init__.py
def __getattr__(name):
    if name == "Thing":
        from pkg.thing import Thing

        return Thing
    raise AttributeError(name)

#- /pkg/thing.py
class Thing:
    pass

#- /lazy.py
from typing import Any

LIMIT = 3


def __getattr__(name: str) -> Any:
    return len(name)

#- /main.py
import lazy
import pkg
from pkg import Thing

reveal_type(Thing())
reveal_type(pkg.Thing)
reveal_type(lazy.anything)
reveal_type(lazy.LIMIT)
"#;
    assert_eq!(
        Fixture::new(files, Series::V20).reveals("/main.py"),
        "Thing(): Thing\npkg.Thing: type[Thing]\nlazy.anything: Any\nlazy.LIMIT: Literal[3]"
    );
}

#[test]
fn each_dialect_insert_is_its_own_class() {
    // pyright 1.1.414 with SQLAlchemy 2.0.58: the postgresql, sqlite and mysql `insert`s make
    // their own `Insert`s, with their upserts, which a union names in full; the core `Insert` has
    // no upsert (an attribute error at run time).
    let main = r#"import sqlalchemy as sa
from sqlalchemy import Table, MetaData, Column, Integer
from sqlalchemy.dialects import mysql

t = Table("t", MetaData(), Column("id", Integer))


def f(dialect: str):
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    stmt = insert(t).values(id=1)
    reveal_type(stmt)
    reveal_type(stmt.excluded)
    reveal_type(mysql.insert(t).on_duplicate_key_update(id=2))
    reveal_type(sa.insert(t) if dialect else insert(t))
    reveal_type(sa.insert(t).on_conflict_do_nothing())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "stmt: sqlalchemy.dialects.sqlite.dml.Insert | sqlalchemy.dialects.postgresql.dml.Insert\n\
         stmt.excluded: ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]\n\
         mysql.insert(t).on_duplicate_key_update(id=2): Insert\n\
         sa.insert(t) if dialect else insert(t): sqlalchemy.sql.dml.Insert | sqlalchemy.dialects.sqlite.dml.Insert | \
         sqlalchemy.dialects.postgresql.dml.Insert\n\
         sa.insert(t).on_conflict_do_nothing(): Unknown"
    );
}

#[test]
fn keywords_a_double_star_parameter_takes_pick_the_overload() {
    // pyright 1.1.414: `**kwargs: int` takes `int` keywords only; `str.format`'s `LiteralString`
    // overload takes literal-string keywords only.
    let main = r#"from typing import overload


@overload
def pick(**kwargs: int) -> int: ...
@overload
def pick(**kwargs: str) -> str: ...
def pick(**kwargs):
    return 0


TEMPLATE = "{uri}"


def f(uri: str):
    reveal_type(pick(a=1))
    reveal_type(pick(a="x"))
    reveal_type(TEMPLATE.format(uri=uri))
    reveal_type(TEMPLATE.format(uri="sqlite://"))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "pick(a=1): int\npick(a=\"x\"): str\nTEMPLATE.format(uri=uri): str\n\
         TEMPLATE.format(uri=\"sqlite://\"): LiteralString"
    );
}

#[test]
fn a_list_of_literal_strings_holds_strs() {
    // pyright 1.1.414: a display's items lose their literal types, a `LiteralString` too; a join
    // of literal strings, a comprehension's too, keeps typeshed's `LiteralString` overload.
    let main = r#"import enum

PREFIX = "/api"


class S(enum.Enum):
    A = 1
    B = 2


def f(xs: list[S], n: int):
    reveal_type(f"{PREFIX}/a")
    reveal_type([f"{PREFIX}/a", "b".upper()])
    reveal_type(",".join(x.name for x in xs))
    reveal_type(",".join(["a", f"{PREFIX}"]))
    reveal_type(",".join(str(n) for _ in range(n)))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "f\"{PREFIX}/a\": LiteralString\n[f\"{PREFIX}/a\", \"b\".upper()]: list[str]\n\
         \",\".join(x.name for x in xs): LiteralString\n\",\".join([\"a\", f\"{PREFIX}\"]): LiteralString\n\
         \",\".join(str(n) for _ in range(n)): str"
    );
}

#[test]
fn an_enum_instance_names_and_values_each_of_its_members() {
    // pyright 1.1.414: an enum instance whose member is not known has each member's name and
    // value, joined; `auto()` an `int`; a class with no members a `str` name and an `Any` value,
    // one that makes its values (`__init__`) an `Any` value.
    let main = r#"import enum


class Status(enum.Enum):
    PENDING = 1
    DONE = "d"

    def label(self):
        return self.name


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Kind(str, enum.Enum):
    A = "a"
    B = "b"


class Auto(enum.Enum):
    X = enum.auto()
    Y = enum.auto()


class Base(enum.Enum):
    pass


def f(s: Status, l: Level, k: Kind, a: Auto, b: Base):
    reveal_type(s.name)
    reveal_type(s.value)
    reveal_type(l.name)
    reveal_type(l.value)
    reveal_type(k.name)
    reveal_type(k.value)
    reveal_type(a.name)
    reveal_type(a.value)
    reveal_type(b.name)
    reveal_type(b.value)
    reveal_type(s._name_)
    reveal_type(s._value_)


class WithInit(enum.Enum):
    A = (1, "a")

    def __init__(self, n, label):
        self.n = n


def g(w: WithInit):
    reveal_type(w.value)
    reveal_type(WithInit.A.value)
    reveal_type(Auto.X.value)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "s.name: Literal['PENDING', 'DONE']\ns.value: Literal[1, 'd']\nl.name: Literal['LOW', 'HIGH']\n\
         l.value: Literal[1, 2]\nk.name: Literal['A', 'B']\nk.value: Literal['a', 'b']\n\
         a.name: Literal['X', 'Y']\na.value: int\nb.name: str\nb.value: Any\n\
         s._name_: Literal['PENDING', 'DONE']\ns._value_: Literal[1, 'd']\nw.value: Any\n\
         WithInit.A.value: Any\nAuto.X.value: int"
    );
}

#[test]
fn unpacked_typed_dict_keyword_arguments_take_only_its_keys() {
    // pyright 1.1.414 with pydantic's `Field` overloads, whose last (no default) takes
    // `**extra: Unpack[_EmptyKwargs]`: no keyword outside its parameters, so `default=` picks the
    // `_T` overload (`None`, `None`); a declared key fits, a missing required one does not
    // (`int`, then `str` from the next overload).
    let main = r#"from typing import Any, TypeVar, overload
from typing_extensions import NotRequired, TypedDict, Unpack
_T = TypeVar("_T")

class _EmptyKwargs(TypedDict):
    pass

class Options(TypedDict):
    level: int
    note: NotRequired[str]

@overload
def Field(default: _T, *, examples: list[Any] | None = None) -> _T: ...
@overload
def Field(*, examples: list[Any] | None = None, **extra: Unpack[_EmptyKwargs]) -> Any: ...
def Field(*a: Any, **k: Any) -> Any: ...

@overload
def configure(name: int, **options: Unpack[Options]) -> int: ...
@overload
def configure(name: Any, **options: Any) -> str: ...
def configure(name: Any, **options: Any) -> Any: ...

reveal_type(Field(default=None, examples=["a"]))
reveal_type(Field(default=None))
reveal_type(configure(1, level=2, note="x"))
reveal_type(configure(1, note="x"))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Field(default=None, examples=[\"a\"]): None\nField(default=None): None\n\
         configure(1, level=2, note=\"x\"): int\nconfigure(1, note=\"x\"): str"
    );
}

#[test]
fn type_checkers_infer_returns_only_as_far_as_pyright_s_code_flow_limits() {
    // pyright 1.1.414: a recursive call inside its own function's inference is `Unknown`; a
    // function of several unannotated parameters with 28 `if`s (complexity 32 or more) has no
    // inferred return; 7 `if`s (8 or more) stop the call from being inferred again with its
    // arguments (`Literal[1]` passed, its declared inference `Unknown` returned).
    let ifs = |n: usize| "    if a:\n        x = 1\n".repeat(n);
    let main = format!(
        r#"class A:
    def get(self, url, force):
        if force:
            response = self.get(url, True)
        else:
            response = len(url)
        return response

def busy(a, b):
    x = 0
{}    return x

def echo(a):
    x = 0
{}    return a

def short(a):
    x = 0
{}    return a

def use(a: A, u, v):
    reveal_type(a.get(u, v))
    reveal_type(busy(u, v))
    reveal_type(echo(1))
    reveal_type(short(1))
"#,
        ifs(28),
        ifs(7),
        ifs(6)
    );
    assert_eq!(
        reveal(&main, Series::V20),
        "a.get(u, v): Unknown | int\nbusy(u, v): Literal[1, 0] (checker: Unknown)\n\
         echo(1): Literal[1] (checker: Unknown)\nshort(1): Literal[1]"
    );
}

#[test]
fn mutable_types_are_their_sql_type_s_type_engine() {
    // pyright 1.1.414 with SQLAlchemy 2.0.58 (`Mutable.as_mutable(sqltype:
    // _TypeEngineArgument[_T]) -> TypeEngine[_T]`, a classmethod).
    let main = r#"from sqlalchemy import JSON, String, Column
from sqlalchemy.ext.mutable import MutableDict, MutableList
MutableJSON = MutableDict.as_mutable(JSON)
reveal_type(MutableJSON)
reveal_type(MutableList.as_mutable(String(10)))
reveal_type(Column(MutableJSON, nullable=False))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "MutableJSON: TypeEngine[Any]\nMutableList.as_mutable(String(10)): TypeEngine[str]\n\
         Column(MutableJSON, nullable=False): Column[Any]"
    );
    // 2.1.9: `JSON` is a `TypeEngine[_T_JSON]` whose variable defaults to `_JSON_VALUE`; what it
    // loads is any JSON value.
    let json = "str | int | bool | dict[str, _JSON_VALUE] | list[_JSON_VALUE] | None";
    let first = reveal(main, Series::V21).lines().next().unwrap_or_default().to_owned();
    assert_eq!(first, format!("MutableJSON: TypeEngine[Any] (checker: TypeEngine[{json}])"));
}

#[test]
fn a_generic_class_s_variables_are_its_receiver_s_type_arguments() {
    // pyright 1.1.414 gives each of these. `Generic[K, ModelT]` orders the variables, whatever
    // order the other bases name them in.
    let main = r#"from typing import Generic, TypeVar, Optional, List, Type

ModelT = TypeVar("ModelT")
K = TypeVar("K")

class User: ...

class Repository(Generic[ModelT]):
    model_type: Type[ModelT]
    def get(self, id: int) -> ModelT: ...
    def many(self) -> List[ModelT]: ...
    def first(self) -> Optional[ModelT]:
        item = self.get(1)
        reveal_type(item)
        return item

class Keyed(Repository[ModelT], Generic[K, ModelT]):
    def key(self) -> K: ...

class UserRepo(Repository[User]):
    def names(self):
        reveal_type(self.get(1))

def use(r: Repository[User], u: UserRepo, k: Keyed[str, User]):
    reveal_type(r.get(1))
    reveal_type(r.many())
    reveal_type(u.get(1))
    reveal_type(k.get(1))
    reveal_type(k.key())
    reveal_type(r.model_type)
    reveal_type(u.model_type)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "item: ModelT@Repository\nself.get(1): User\nr.get(1): User\nr.many(): List[User]\nu.get(1): User\n\
         k.get(1): User\nk.key(): str\nr.model_type: type[User]\nu.model_type: type[User]"
    );
}

#[test]
fn casts_to_type_variables_and_declarations_a_value_cannot_fit() {
    // pyright 1.1.414: `T@keep`; `str | None` (it reports the assignment and keeps the
    // declaration); `Color` (a `str` subclass narrows the declaration).
    let main = r#"from typing import TypeVar, Optional, cast
from enum import Enum

T = TypeVar("T")

class Info:
    pass

class Color(str, Enum):
    RED = "red"

def field() -> Info:
    return Info()

def keep(statement: T) -> T:
    narrowed = cast("T", statement)
    reveal_type(narrowed)
    return narrowed

def use(c: Color):
    nickname: Optional[str] = field()
    reveal_type(nickname)
    name: str = c
    reveal_type(name)
"#;
    assert_eq!(reveal(main, Series::V20), "narrowed: T@keep\nnickname: Info (checker: str | None)\nname: Color");
}

#[test]
fn rows_in_annotations_keep_self_type_variables_and_the_user_s_tuple() {
    // pyright 1.1.414 (SQLAlchemy 2.0) gives the checker types: the row's tuple is written as the
    // annotation writes it, `Self` and class variables inside a row are solved like any other.
    let main = r#"from typing import Optional, Generic, TypeVar, cast
from typing_extensions import Self
from sqlalchemy import Select, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ModelT = TypeVar("ModelT")

class Base(DeclarativeBase):
    pass

class Unique(Base):
    __tablename__ = "u"
    id: Mapped[int] = mapped_column(primary_key=True)

    @classmethod
    def check(cls) -> "tuple[Select[tuple[Self]], Optional[Self]]":
        return select(cls), None

    @classmethod
    def use(cls):
        statement, obj = cls.check()
        reveal_type(statement)
        me = cast("Self", obj)
        reveal_type(me)

class Repo(Generic[ModelT]):
    def statement(self) -> Select[tuple[ModelT]]: ...
    def run(self):
        reveal_type(self.statement())

def outside(r: Repo[Unique]):
    reveal_type(r.statement())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "statement: Select[tuple[Unique]] (checker: Select[tuple[Self@Unique]])\nme: Unique (checker: Self@Unique)\n\
         self.statement(): Select[tuple[ModelT@Repo]]\nr.statement(): Select[tuple[Unique]]"
    );
}

#[test]
fn attributes_set_from_parameters_keep_the_class_s_type_variables() {
    // pyright 1.1.414 gives each: inside the class the variable, outside the receiver's argument.
    let main = r#"from typing import Any, Generic, TypeVar

AP = TypeVar("AP")

class Token: ...

class Store(Generic[AP]):
    def __init__(self, table: type[AP]):
        self.table = table

    def create(self, values: dict[str, Any]) -> AP:
        token = self.table(**values)
        reveal_type(token)
        reveal_type(self.table)
        return token

def use(s: Store[Token]):
    reveal_type(s.table)
"#;
    assert_eq!(reveal(main, Series::V20), "token: AP@Store\nself.table: type[AP@Store]\ns.table: type[Token]");
}

#[test]
fn annotated_tables_and_subqueries_as_2_1_parameterises_them() {
    // pyright 1.1.414 with SQLAlchemy 2.1 (FlexGet's `-> Table`, nbgrader's subqueries); 2.0
    // leaves both bare.
    let main = r#"from sqlalchemy import Table, Subquery

def table() -> Table: ...
def sub() -> Subquery: ...

def use():
    reveal_type(table())
    reveal_type(sub())
"#;
    assert_eq!(
        reveal(main, Series::V21),
        "table(): Table[ReadOnlyColumnCollection[str, Column[Any]]]\n\
         sub(): Subquery[ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]]"
    );
    assert_eq!(reveal(main, Series::V20), "table(): Table\nsub(): Subquery");
}

#[test]
fn bare_row_generics_in_annotations() {
    // pyright 1.1.414: `Select[Unknown]` with SQLAlchemy 2.0, `Select[*tuple[Unknown, ...]]` with
    // 2.1 (a TypeVarTuple); `Query` is generic in one variable in both.
    let main = r#"from sqlalchemy import Select, Result, Row
from sqlalchemy.orm import Query

def f(s: Select, r: Result, w: Row, q: Query):
    reveal_type(s)
    reveal_type(r)
    reveal_type(w)
    reveal_type(q)
"#;
    assert_eq!(reveal(main, Series::V20), "s: Select[Unknown]\nr: Result[Unknown]\nw: Row[Unknown]\nq: Query[Unknown]");
    assert_eq!(
        reveal(main, Series::V21),
        "s: Select[*tuple[Unknown, ...]]\nr: Result[*tuple[Unknown, ...]]\nw: Row[*tuple[Unknown, ...]]\n\
         q: Query[Unknown]"
    );
}

#[test]
fn a_stub_s_function_returns_only_what_it_declares() {
    // pyright 1.1.414: a function of a stub (typeshed's Authlib `OAuth.register`) has no body to
    // infer from, so an unannotated one returns `Unknown`; the module's own function is inferred.
    let fixture = Fixture::new(
        r#"
#- /lib/oauth.pyi
class OAuth:
    def register(self, name, overwrite=False, **kwargs): ...
    def count(self) -> int: ...
    async def fetch(self): ...
#- /main.py
import sqlalchemy
from lib.oauth import OAuth

def made():
    return None

client = OAuth()
reveal_type(client.register("x"))
reveal_type(client.count())
reveal_type(client.fetch())
reveal_type(made())
"#,
        Series::V20,
    );
    assert_eq!(
        fixture.reveals("/main.py"),
        "client.register(\"x\"): Unknown\nclient.count(): int\nclient.fetch(): CoroutineType[Any, Any, Unknown]\n\
         made(): None"
    );
}

#[test]
fn unannotated_generators_yield_what_they_yield() {
    // pyright 1.1.414 (SQLAlchemy 2.0): a FastAPI-style session dependency, an async generator, a
    // context manager built on an unannotated generator.
    let main = r#"from contextlib import contextmanager
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

engine = create_engine("sqlite://")

def get_session():
    with Session(engine) as session:
        yield session

async def stream():
    yield 1

@contextmanager
def scope():
    session = Session(engine)
    yield session

def use():
    reveal_type(get_session())
    for session in get_session():
        reveal_type(session)
    reveal_type(stream())
    with scope() as s:
        reveal_type(s)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "get_session(): Generator[Session, Any, None]\nsession: Session\nstream(): AsyncGenerator[Literal[1], Any]\n\
         s: Session"
    );
}

#[test]
fn conditional_expressions_narrow_each_branch() {
    // pyright 1.1.414: `Stmt`, `str`.
    let main = r#"from typing import Optional

class Stmt: ...

def pick(default: Stmt, statement: Optional[Stmt], name: Optional[str]):
    resolved = default if statement is None else statement
    reveal_type(resolved)
    label = name if name else "anonymous"
    reveal_type(label)
"#;
    assert_eq!(reveal(main, Series::V20), "resolved: Stmt\nlabel: str");
}

#[test]
fn attributes_assigned_in_the_body_and_in_methods_are_declared_by_both() {
    // pyright 1.1.414: `Unknown | None`, `int`.
    let main = r#"class Backend:
    servers = None
    port = 9042

    def __init__(self, servers, port: int):
        self.servers = servers
        self.port = port

    def connect(self):
        reveal_type(self.servers)
        reveal_type(self.port)
"#;
    assert_eq!(reveal(main, Series::V20), "self.servers: Unknown | None\nself.port: int");
}

#[test]
fn isinstance_narrows_both_ways_and_helpers_of_helpers_are_inferred() {
    // pyright 1.1.414: `Logger` both (celery's `get_logger` through kombu's and a helper).
    let main = r#"import logging
from logging import Logger
from typing import Union

def get_logger(logger: Union[str, Logger]):
    if isinstance(logger, str):
        logger = logging.getLogger(logger)
    reveal_type(logger)
    return logger

def _using_parent(parent, logger_):
    logger_.parent = parent
    return logger_

def top(name):
    l = get_logger(name)
    l = _using_parent(None, l)
    return l

def use():
    reveal_type(top("x"))
"#;
    assert_eq!(reveal(main, Series::V20), "logger: Logger\ntop(\"x\"): Logger");
}

#[test]
fn an_import_the_module_rebinds_is_the_import_until_then() {
    // pyright 1.1.414: `type[User]`, then `User` (FlexGet's `logger = logger.bind(...)`).
    let main = r#"from app.models import User

reveal_type(User)
User = User()
reveal_type(User)
"#;
    assert_eq!(reveal(main, Series::V20), "User: type[User]\nUser: User");
}

#[test]
fn super_reads_the_bases_and_properties_of_generic_bases_are_solved() {
    // pyright 1.1.414 (advanced-alchemy's `self.alchemy.get_session()` on a generic backend,
    // fastapi-amis-admin's `await super().get_select(request)`).
    let main = r#"from typing import Generic, TypeVar
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

T = TypeVar("T")

class Base1:
    async def get_select(self, request) -> Select:
        return select()
    def sess(self) -> Session: ...

class Mid(Base1):
    async def get_select(self, request):
        return await super().get_select(request)
    def run(self):
        reveal_type(super(Mid, self).sess())
        return super().sess()

class Leaf(Mid):
    async def get_select(self, request) -> Select:
        sel = await super().get_select(request)
        reveal_type(sel)
        return sel

class Holder(Generic[T]):
    def __init__(self, v: T):
        self._v = v
    @property
    def value(self) -> "T":
        return self._v

class SessionHolder(Holder[Session]):
    pass

def use(m: Mid, h: SessionHolder):
    reveal_type(m.run())
    reveal_type(h.value)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "super(Mid, self).sess(): Session\nsel: Select[Unknown]\nm.run(): Session\nh.value: Session"
    );
}

#[test]
fn attributes_assigned_in_methods_are_what_is_assigned() {
    // pyright 1.1.414 (nbgrader's `self.db = scoped_session(...)`, Flask-AppBuilder's cached
    // `self._object_list`, marshmallow-style `self.instance = None`).
    let main = r#"from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

class G:
    def __init__(self, url, n: int = 3):
        self.count = 0
        self.flag = None
        self.items = []
        self.url = url
        self.n = n
        self.engine = create_engine(url)
        self.Session = sessionmaker(bind=self.engine)
        self.t = (1, "a")
        self._objects = None
        self.instance = None

    def later(self, instance=None):
        self.flag = True
        self.instance = instance

    def objects(self):
        if self._objects is None:
            self._objects = list((str(i), i) for i in self.items)
        reveal_type(self._objects)
        return self._objects

    def process(self):
        if self.instance is not None:
            reveal_type(self.instance)

def use(g: G):
    reveal_type(g.count)
    reveal_type(g.flag)
    reveal_type(g.items)
    reveal_type(g.url)
    reveal_type(g.n)
    reveal_type(g.engine)
    reveal_type(g.Session)
    reveal_type(g.t)
    reveal_type(g._objects)
    reveal_type(g.instance)
    for key, value in g.objects():
        reveal_type(key)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "self._objects: list[tuple[str, Unknown]]\nself.instance: Unknown\ng.count: int\ng.flag: bool | None\n\
         g.items: list[Unknown]\ng.url: Unknown\ng.n: int\ng.engine: Engine\ng.Session: sessionmaker[Session]\n\
         g.t: tuple[Literal[1], Literal['a']]\ng._objects: list[tuple[str, Unknown]] | None\n\
         g.instance: Unknown | None\nkey: str"
    );
}

#[test]
fn calls_are_inferred_again_with_their_arguments_and_defaults() {
    // pyright 1.1.414: a method's unpassed `widgets=None` is `None` at the call
    // (Flask-AppBuilder's `self._get_add_widget(form=form)`), a passed one its argument's type.
    let main = r#"class V:
    def add_widget(self, **kw): ...
    def _get_add_widget(self, form, exclude_cols=None, widgets=None):
        widgets = widgets or {}
        reveal_type(widgets)
        widgets["add"] = self.add_widget(form=form)
        return widgets
    def add(self, form):
        reveal_type(self._get_add_widget(form=form))
        reveal_type(self._get_add_widget(form, widgets={"a": 1}))
    async def later(self, x=None):
        return x or {}
    async def use_later(self):
        reveal_type(await self.later())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "widgets: Unknown | dict[Unknown, Unknown]\nself._get_add_widget(form=form): dict[Unknown, Unknown]\n\
         self._get_add_widget(form, widgets={\"a\": 1}): dict[str, int]\nawait self.later(): Unknown | dict[Unknown, Unknown]"
    );
}

#[test]
fn object_session_is_a_class_method_of_every_session_factory() {
    // pyright 1.1.414 (FlexGet's `Session = sessionmaker(...)`; `Session.object_session(series)`).
    let main = r#"from sqlalchemy.orm import sessionmaker, scoped_session
from sqlalchemy.ext.asyncio import AsyncSession, async_scoped_session
S = sessionmaker()
reveal_type(S.object_session(1))
reveal_type(scoped_session(S).object_session(1))
reveal_type(AsyncSession.object_session(1))
def f(b: async_scoped_session[AsyncSession]):
    reveal_type(b.object_session(1))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "S.object_session(1): Session | None\nscoped_session(S).object_session(1): Session | None\n\
         AsyncSession.object_session(1): Session | None\nb.object_session(1): Session | None"
    );
}

#[test]
fn overloads_taking_statements_are_told_apart_by_the_statement_class() {
    // pyright 1.1.414 (advanced-alchemy's `self._apply_filters(*filters, statement=stmt)`).
    let main = r#"from typing import Generic, TypeVar, overload
from sqlalchemy import Select, Delete, select
T = TypeVar("T")
S = TypeVar("S", Select, Delete)
class Filt(Generic[T]):
    @overload
    def apply(self, *filters: int, flag: bool = True, statement: Select[tuple[T]]) -> Select[tuple[T]]: ...
    @overload
    def apply(self, *filters: int, flag: bool = True, statement: Delete) -> Delete: ...
    def apply(self, *filters: int, flag: bool = True, statement: S) -> S:
        return statement
class Repo(Filt[T]):
    def get(self, st: Select[tuple[T]], d: Delete, filters: list[int]):
        reveal_type(self.apply(*filters, statement=st))
        reveal_type(self.apply(statement=d))
def use(f: Filt[int], st: Select[tuple[int]]):
    reveal_type(f.apply(statement=st))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "self.apply(*filters, statement=st): Select[tuple[T@Repo]]\nself.apply(statement=d): Delete\n\
         f.apply(statement=st): Select[tuple[int]]"
    );
}

#[test]
fn unknown_parts_of_a_union_are_read_last_and_tuple_targets_set_attributes() {
    // pyright 1.1.414 (sqlalchemy-celery-beat's `self.engine, self.Session = create_session(...)`
    // and `engine.execution_options(...)` on `Unknown | Engine`; kombu's `with_variant`).
    let main = r#"from sqlalchemy import create_engine, Integer, BigInteger, Column
from sqlalchemy.orm import sessionmaker

DialectSpecificInteger = Integer().with_variant(BigInteger, "mssql")
reveal_type(Column(DialectSpecificInteger))

def create_session(url):
    engine = create_engine(url)
    return engine, sessionmaker(bind=engine)

class Scheduler:
    def __init__(self, Session=None):
        self.Session = Session
    def setup(self):
        self.engine, self.Session = create_session("x")
    def all(self, other):
        reveal_type(self.Session)
        reveal_type(self.Session())
        engine = self.engine if other else other
        reveal_type(engine.execution_options(x=1))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Column(DialectSpecificInteger): Column[int]\nself.Session: Unknown | sessionmaker[Session] | None\n\
         self.Session(): Session | Unknown\nengine.execution_options(x=1): OptionEngine | Unknown"
    );
}

#[test]
fn overriding_methods_take_the_base_parameters_and_bodies_that_end_return_none() {
    // pyright 1.1.414 (a `TypeDecorator`-style override; Flask-AppBuilder's
    // `raise NotImplementedError` base methods).
    let main = r#"from typing import Generic, TypeVar
from sqlalchemy.orm import Session
T = TypeVar("T")
class Base(Generic[T]):
    def handle(self, session: Session, item: T, flag: bool = False) -> None: ...
    def other(self, a: int) -> None: ...
    def get_user_by_id(self, pk):
        """Overridden."""
        raise NotImplementedError
class Child(Base[str]):
    def handle(self, session, item, flag=True):
        reveal_type(session)
        reveal_type(item)
        reveal_type(flag)
    def other(self, a, b=None):
        reveal_type(a)
def f(x):
    if x:
        return 1
def h(x):
    try:
        return int(x)
    except ValueError:
        pass
def k(x):
    while True:
        return 1
def use(b: Base[int]):
    reveal_type(f(1))
    reveal_type(h("1"))
    reveal_type(k(1))
    reveal_type(b.get_user_by_id(1))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "session: Session\nitem: str\nflag: bool\na: Unknown\nf(1): Literal[1] | None\nh(\"1\"): int | None\n\
         k(1): Literal[1]\nb.get_user_by_id(1): Unknown"
    );
}

#[test]
fn attributes_set_from_another_class_method_and_read_beside_properties() {
    // pyright 1.1.414 (sqlalchemy-celery-beat's `DatabaseScheduler`: `self.engine, self.Session =
    // session_manager.create_session(...)`, which returns one tuple or another, in a class whose
    // property reads its attributes).
    let main = r#"from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

class SessionManager:
    def __init__(self):
        self.forked = False
        self._sessions = {}
    def create_session(self, dburi, schema=None, **kwargs):
        engine = create_engine(dburi)
        if self.forked:
            return engine, self._sessions[dburi]
        return engine, sessionmaker(bind=engine)

session_manager = SessionManager()

class Scheduler:
    def __init__(self, *args, **kwargs):
        self.dburi = kwargs.get("dburi")
        self.engine, self.Session = session_manager.create_session(self.dburi, schema=1, **kwargs)
    @property
    def schedule(self):
        return self.all_as_schedule()
    def all_as_schedule(self):
        session = self.Session()
        reveal_type(session)
        return self.engine
"#;
    assert_eq!(reveal(main, Series::V20), "session: Session | Unknown");
}

#[test]
fn the_flask_extension_is_known_where_it_is_made() {
    // pyright 1.1.414 with Flask-SQLAlchemy 3.1 (ihatemoney's `db = SQLAlchemy()` and the model
    // class bodies of the same module).
    let main = r#"from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
reveal_type(db)
class Project(db.Model):
    id = db.Column(db.String(64), primary_key=True)
    reveal_type(id)
"#;
    assert_eq!(reveal(main, Series::V20), "db: SQLAlchemy\nid: Column[str] (checker: Any)");
}

#[test]
fn built_in_exceptions_are_classes_and_except_binds_them() {
    // pyright 1.1.414 (advanced-alchemy's `errors: list[Exception] = []`).
    let main = r#"def f():
    errors: list[Exception] = []
    reveal_type(errors)
    reveal_type(KeyError("a"))
    try:
        pass
    except ValueError as e:
        reveal_type(e)
    except (KeyError, TypeError) as e2:
        reveal_type(e2)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "errors: list[Exception]\nKeyError(\"a\"): KeyError\ne: ValueError\ne2: KeyError | TypeError"
    );
}

#[test]
fn star_arguments_decide_overloads_and_literal_strings_agree_with_str() {
    // pyright 1.1.414 with typeshed's `os.path.join` overloads, written here as a workspace
    // function (FlexGet's `os.path.join(task.manager.config_base, 'temp')`).
    let main = r#"from typing import overload, LiteralString
@overload
def join(a: LiteralString, *paths: LiteralString) -> LiteralString: ...
@overload
def join(a: str, *paths: str) -> str: ...
@overload
def join(a: bytes, *paths: bytes) -> bytes: ...
def join(a, *paths): ...
def f(self, unknown):
    reveal_type(join(unknown, "temp"))
    reveal_type(join(unknown, unknown))
    reveal_type(dir(self))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "join(unknown, \"temp\"): str\njoin(unknown, unknown): Unknown\ndir(self): list[str]"
    );
}

#[test]
fn an_unknown_operand_leaves_a_comparison_unknown() {
    // pyright 1.1.414: `sort_order == 'desc'` with an untyped `sort_order` is `Unknown` (FlexGet,
    // ihatemoney); `x == User.id` runs the column's reflected operator at run time.
    let main = r#"from app.models import User
def f(x, y: int):
    reveal_type(x == "desc")
    reveal_type(y < x)
    reveal_type(y + x)
    reveal_type(x == User.id)
    reveal_type(User.id == x)
    reveal_type(x in [1])
    reveal_type(x is None)
    reveal_type(y == 1)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x == \"desc\": Unknown\ny < x: Unknown\ny + x: Unknown\nx == User.id: Unknown\n\
         User.id == x: ColumnElement[bool] (checker: Unknown)\nx in [1]: bool\nx is None: bool\ny == 1: bool"
    );
}

#[test]
fn star_parameters_keep_their_annotations_and_dunder_attributes_are_known() {
    // pyright 1.1.414 (advanced-alchemy's `**kwargs: Any`, sqlalchemy-mptt's `self.__class__`,
    // optuna's `self.__dict__.copy()`).
    let main = r#"from typing import Any
class C:
    def f(self, *args: int, **kwargs: Any):
        reveal_type(args)
        reveal_type(kwargs)
        reveal_type(self.__class__)
        reveal_type(self.__dict__.copy())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "args: tuple[int, ...]\nkwargs: dict[str, Any]\nself.__class__: type[C] (checker: type[Self@C])\n\
         self.__dict__.copy(): dict[str, Any]"
    );
}

#[test]
fn a_2_0_row_annotation_is_one_tuple_column_to_2_1_type_checkers() {
    // pyright 1.1.414 with SQLAlchemy 2.1.9 (advanced-alchemy's `statement: Select[tuple[ModelT]]`):
    // `Select[*_Ts]` reads `tuple[User]` as one column; at run time the rows are `(User,)`.
    let main = r#"from sqlalchemy import Select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session, stmt: Select[tuple[User]]):
    reveal_type(stmt)
    reveal_type(session.execute(stmt).one())
"#;
    assert_eq!(
        reveal(main, Series::V21),
        "stmt: Select[User] (checker: Select[tuple[User]])\n\
         session.execute(stmt).one(): Row[User] (checker: Row[tuple[User]])"
    );
}

#[test]
fn a_dialect_describes_types() {
    // pyright 1.1.414 (advanced-alchemy's and fastapi-users' `load_dialect_impl`).
    let main = r#"from typing import Any
from sqlalchemy import Boolean, String
from sqlalchemy.engine import Dialect
def f(d: Dialect, x: Any):
    reveal_type(d.type_descriptor(Boolean()))
    reveal_type(d.type_descriptor(String(3)))
    reveal_type(d.type_descriptor(x))
    reveal_type(d.server_version_info)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "d.type_descriptor(Boolean()): TypeEngine[bool]\nd.type_descriptor(String(3)): TypeEngine[str]\n\
         d.type_descriptor(x): TypeEngine[Any]\nd.server_version_info: Tuple[Any, ...] | None"
    );
}

#[test]
fn spread_displays_hold_what_is_spread() {
    // pyright 1.1.414 (advanced-alchemy's `{**values, **additional_params}`).
    let main = r#"from typing import Any
def f(xs: list[str], kw: dict[str, Any], values: dict[str, Any]):
    reveal_type({**kw, "render": None})
    reveal_type({**values, **kw})
    reveal_type([*xs, "a"])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "{**kw, \"render\": None}: dict[str, Any | None] (checker: dict[str, Unknown])\n\
         {**values, **kw}: dict[str, Any]\n[*xs, \"a\"]: list[str]"
    );
}

#[test]
fn defaultdicts_hold_what_their_factory_makes() {
    // pyright 1.1.414 (optuna's `defaultdict(list)` caches).
    let main = r#"from collections import defaultdict
import collections
def f():
    a = defaultdict(list)
    reveal_type(a)
    b = collections.defaultdict(int)
    reveal_type(defaultdict())
    reveal_type(a["x"])
    for k, v in b.items():
        reveal_type(v)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "a: defaultdict[Unknown, list[Unknown]]\ndefaultdict(): defaultdict[Unknown, Unknown]\n\
         a[\"x\"]: list[Unknown]\nv: int"
    );
}

#[test]
fn type_aliases_are_what_type_checking_binds_and_columns_read_by_any_key() {
    // pyright 1.1.414 (advanced-alchemy's `InstrumentedField` and `table.c[column_key]`).
    let main = r#"from typing import TYPE_CHECKING, Any, Union
from typing_extensions import TypeAlias
from sqlalchemy import ColumnElement, Table
if TYPE_CHECKING:
    from sqlalchemy.orm import InstrumentedAttribute
    Field: TypeAlias = Union[ColumnElement[Any], InstrumentedAttribute[Any]]
else:
    Field: TypeAlias = Any
def get() -> Field: ...
def f(table: Table, key: str):
    reveal_type(get())
    reveal_type(table.c[key])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "get(): ColumnElement[Any] | InstrumentedAttribute[Any]\n\
         table.c[key]: Column[Unknown] (checker: Column[Any])"
    );
}

#[test]
fn schema_items_are_instances_of_their_classes() {
    // pyright 1.1.414 (`__table_args__ = (UniqueConstraint(...), CheckConstraint(...))`).
    let main = r#"from sqlalchemy import UniqueConstraint, CheckConstraint, Index, MetaData
reveal_type((UniqueConstraint("a"), CheckConstraint("a > 1"), Index("i", "a")))
reveal_type(MetaData())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "(UniqueConstraint(\"a\"), CheckConstraint(\"a > 1\"), Index(\"i\", \"a\")): \
         tuple[UniqueConstraint, CheckConstraint, Index]\nMetaData(): MetaData"
    );
}

#[test]
fn a_name_a_base_declares_narrows_the_declaration() {
    // pyright 1.1.414 (fastapi-users' `cache_ok = True`, `__tablename__` of a `DeclarativeBase`).
    let main = r#"from typing import Optional
from sqlalchemy.types import TypeDecorator, CHAR
from sqlalchemy.orm import DeclarativeBase
class A:
    status: str
    flag: Optional[bool] = None
class B(A):
    status = "Error"
    reveal_type(status)
class C(B):
    status = "x"
    reveal_type(status)
class G(TypeDecorator):
    impl = CHAR
    cache_ok = True
    reveal_type(cache_ok)
class Base(DeclarativeBase): ...
class U(Base):
    __tablename__ = "u"
    reveal_type(__tablename__)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "status: str (checker: Literal['Error'])\nstatus: str\ncache_ok: bool (checker: Literal[True])\n\
         __tablename__: str (checker: Any)"
    );
}

#[test]
fn typing_forms_used_as_values() {
    // pyright 1.1.414 (Flask-AppBuilder's `DynamicImportType = Union[...]`, kombu's
    // `_SUPPORTED_BOTO_SERVICES = Literal["sqs", "sns"]`).
    let main = r#"from typing import Union, Optional, Literal, List
A = Union[int, str]
reveal_type(A)
B = Optional[int]
reveal_type(B)
C = Literal["a", "b"]
reveal_type(C)
E = int | None
reveal_type(E)
F = List[int]
reveal_type(F)
"#;
    assert_eq!(reveal(main, Series::V20), "A: UnionType\nB: UnionType\nC: UnionType\nE: UnionType\nF: type[List[int]]");
}

#[test]
fn importers_and_functions_read_a_module_variable_s_declared_type() {
    // pyright 1.1.414 (Flask's `request: Request = LocalProxy(...)  # type: ignore`): other scopes
    // see the declaration, not the value it narrowed to; a bare `Final` or a `TypeAlias` declares
    // no type. The precise view keeps the value the module ends with.
    let main = r#"from app.globals import request, number, LIMIT, Alias, maybe
reveal_type(request)
reveal_type(request.json)
reveal_type(number)
reveal_type(LIMIT)
reveal_type(Alias)
reveal_type(maybe)
#- /app/globals.py
from typing import Final, Optional, TypeAlias, Union
class Request:
    json: int
class Proxy: ...
request: Request = Proxy()  # type: ignore
number: float = 1
LIMIT: Final = 3
Alias: TypeAlias = Union[int, str]
maybe: Optional[int] = None
def read():
    reveal_type(maybe)
"#;
    let fixture = super::with_models(main, Series::V20);
    assert_eq!(
        fixture.reveals("/main.py"),
        "request: Proxy (checker: Request)\nrequest.json: Unknown (checker: int)\nnumber: Literal[1] (checker: float)\n\
         LIMIT: Literal[3]\nAlias: UnionType\nmaybe: None (checker: int | None)"
    );
    assert_eq!(fixture.reveals("/app/globals.py"), "maybe: None (checker: int | None)");
}

#[test]
fn a_name_no_class_defines_is_read_through_getattr() {
    // pyright 1.1.414 (flask-restx's `Api.__getattr__` returns `getattr(self.default_namespace,
    // name)`): what `__getattr__` returns, for names the lineage does not define.
    let main = r#"class Api:
    def __init__(self):
        self.ns = object()
    def __getattr__(self, name):
        return getattr(self.ns, name)
class Typed:
    known: str
    def __getattr__(self, name: str) -> int: ...
class Sub(Api):
    pass
api = Sub()
reveal_type(api.schema_model("a", {}))
reveal_type(Typed().other)
reveal_type(Typed().known)
from app.restx import Restx
reveal_type(Restx().parser())
reveal_type(Restx().title)
#- /app/restx.py
class Restx(object):
    def __init__(self, title=None):
        self.title = title
        self.default_namespace = self.namespace("x")
        self.logger = self.undeclared_logger
    def namespace(self, name):
        return name
    def __getattr__(self, name):
        try:
            return getattr(self.default_namespace, name)
        except AttributeError:
            raise AttributeError(name)
"#;
    // Inferring what `__init__` assigns reads `self.undeclared_logger`, which must not ask
    // `__getattr__` (whose inference reads `self.default_namespace`, being inferred).
    assert_eq!(
        reveal(main, Series::V20),
        "api.schema_model(\"a\", {}): Any\nTyped().other: int\nTyped().known: str\nRestx().parser(): Any\nRestx().title: Unknown | None"
    );
}

#[test]
fn empty_containers_join_a_filled_one_and_go_last() {
    // pyright 1.1.414: `[]` and `{}` join a container of their class, the rest of them go after
    // the other types (before literals and `None`).
    let main = r#"def f(c: bool, d: dict[str, int], l: list[int], n: int | None):
    x = d if c else {}
    reveal_type(x)
    z = []
    if c:
        z = l
    reveal_type(z)
    a = [] if c else n
    reveal_type(a)
    j = [] if c else ("x" if c else d)
    reveal_type(j)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x: dict[str, int]\nz: list[int]\na: int | list[Unknown] | None\nj: dict[str, int] | list[Unknown] | Literal['x']"
    );
}

#[test]
fn keyword_only_parameters_take_no_positional_argument() {
    // pyright 1.1.414 (argparse's `parse_args(self, *, namespace: _N) -> _N` overload): a
    // positional argument never fills a parameter after `*`; `X[...] | None` annotations read.
    let main = r#"from typing import Iterable, TypeVar, overload
_N = TypeVar("_N")
class Namespace: ...
class Parser:
    @overload
    def parse_args(self, args: Iterable[str] | None = None, namespace: None = None) -> Namespace: ...
    @overload
    def parse_args(self, *, namespace: _N) -> _N: ...
    def parse_args(self, args=None, namespace=None): ...
def f(p: Parser, argv: list[str], d: dict[str, int] | None):
    reveal_type(p.parse_args(argv))
    reveal_type(d)
"#;
    assert_eq!(reveal(main, Series::V20), "p.parse_args(argv): Namespace\nd: dict[str, int] | None");
}

#[test]
fn an_annotated_self_picks_the_overload() {
    // pyright 1.1.414 (typeshed's `re.Pattern.search(self: Pattern[str], ...)`): the receiver's
    // type arguments decide between overloads an unknown argument leaves open.
    let main = r#"from typing import AnyStr, Generic, overload
class Match(Generic[AnyStr]): ...
class Pattern(Generic[AnyStr]):
    @overload
    def search(self: "Pattern[str]", string: str) -> Match[str] | None: ...
    @overload
    def search(self: "Pattern[bytes]", string: bytes) -> Match[bytes] | None: ...
    def search(self, string): ...
def f(text: Pattern[str], raw: Pattern[bytes], item):
    reveal_type(text.search(item))
    reveal_type(raw.search(item))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "text.search(item): Match[str] | None\nraw.search(item): Match[bytes] | None"
    );
}

#[test]
fn isinstance_keeps_type_arguments_and_leaves_a_generic_s_unknown() {
    // pyright 1.1.414 (kombu's `data if isinstance(data, dict) else {}`).
    let main = r#"def f(data, a: list[int] | None, b: int | str):
    if isinstance(data, dict):
        reveal_type(data)
    if isinstance(a, list):
        reveal_type(a)
    if isinstance(b, int):
        reveal_type(b)
def bytes_to_str(s):
    if isinstance(s, bytes):
        return s.decode(errors="replace")
    return s
def g(raw: bytes):
    reveal_type(bytes_to_str(raw))
"#;
    // Past a failed `isinstance`, nothing of the class is left: `bytes_to_str(raw)` is a `str`.
    assert_eq!(reveal(main, Series::V20), "data: dict[Unknown, Unknown]\na: list[int]\nb: int\nbytes_to_str(raw): str");
}

#[test]
fn a_class_attribute_set_after_the_body_keeps_the_body_s_declaration_to_type_checkers() {
    // pyright 1.1.414 (nbgrader's `max_score = None` in the body, `Assignment.max_score =
    // column_property(...)` after it): type checkers read `None` (and `func.sum(None)` is a
    // `sum[None]`); at run time it is what the mapper made of the property, which the precise
    // view does not claim.
    let main = r#"from sqlalchemy import Column, Float, Integer, func
from sqlalchemy.orm import column_property, declarative_base
Base = declarative_base()
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    score = Column(Float)
    max_score = None
A.max_score = column_property(func.coalesce(A.score, 0.0))
def f():
    reveal_type(A.max_score)
    reveal_type(func.sum(A.max_score))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "A.max_score: Unknown (checker: None)\nfunc.sum(A.max_score): sum[Unknown] (checker: sum[None])"
    );
}

#[test]
fn zip_iterates_to_pairs_and_dict_takes_them() {
    // pyright 1.1.414 (nbgrader's `[dict(zip(keys, x)) for x in students]`).
    let main = r#"from typing import Any
def f(keys: list[str], x: tuple[int, ...], rows: list[Any]):
    for pair in zip(keys, x):
        reveal_type(pair)
    reveal_type(dict(zip(keys, x)))
    reveal_type([dict(zip(keys, r)) for r in rows])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "pair: tuple[str, int]\ndict(zip(keys, x)): dict[str, int]\n[dict(zip(keys, r)) for r in rows]: list[dict[str, Any]]"
    );
}

#[test]
fn mappers_tables_and_their_collections_iterate() {
    // pyright 1.1.414 on SQLAlchemy 2.0.58 (advanced-alchemy's listeners and in-memory repository).
    let main = r#"from typing import Any
from sqlalchemy import Table
from sqlalchemy.orm import Mapper, Session, class_mapper, object_mapper
from app.models import User
def f(s: Session, m: Mapper[Any], t: Table):
    for x in s.new:
        reveal_type(x)
    for c in m.columns:
        reveal_type(c)
    for r in m.relationships:
        reveal_type(r)
        reveal_type(next(iter(r.local_columns)))
    for c2 in t.c:
        reveal_type(c2)
    for k in t.constraints:
        reveal_type(k)
    for pk in t.primary_key.columns:
        reveal_type(pk)
    reveal_type(m.attrs)
    reveal_type(m.class_)
    for mm in m.registry.mappers:
        reveal_type(mm)
    reveal_type(class_mapper(User))
    reveal_type(object_mapper(User()))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x: Any\nc: Column[Any]\nr: RelationshipProperty[Any]\nnext(iter(r.local_columns)): ColumnElement[Any]\nc2: Column[Any]\nk: Constraint\npk: Column[Any]\n\
         m.attrs: ReadOnlyProperties[MapperProperty[Any]]\nm.class_: type[Any]\nmm: Mapper[Any]\n\
         class_mapper(User): Mapper[User]\nobject_mapper(User()): Mapper[User]"
    );
}

#[test]
fn unknown_arguments_take_select_s_typed_overload_and_query_s_untyped_one() {
    // pyright 1.1.414 on SQLAlchemy 2.0.58 and 2.1.9: with an argument of unknown type pyright keeps
    // the first overload where the others' results are assignable to it.
    let main = r#"from typing import Any
from sqlalchemy import select
from sqlalchemy.orm import Session
def f(x, a: Any, s: Session):
    reveal_type(select(a, x))
    reveal_type(s.query(a, x))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "select(a, x): Select[Tuple[Any, Unknown]]\n\
         s.query(a, x): RowReturningQuery[Tuple[Unknown, Unknown]] (checker: Query[Any])"
    );
    assert_eq!(
        reveal(main, Series::V21),
        "select(a, x): Select[Any, Unknown]\ns.query(a, x): RowReturningQuery[Unknown, Unknown] (checker: Query[Any])"
    );
}

#[test]
fn return_inference_follows_methods_in_turn() {
    // pyright 1.1.414 (celery's `self.ResultSession()` → `session_manager.session_factory(...)` →
    // `self.create_session(...)`): what a method returns is inferred where another's return is.
    let main = r#"from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
class SessionManager:
    def create_session(self, url):
        engine = create_engine(url)
        return engine, sessionmaker(bind=engine)
    def session_factory(self, url):
        engine, session = self.create_session(url)
        return session()
class Backend:
    def __init__(self):
        self.manager = SessionManager()
    def result_session(self):
        return self.manager.session_factory("sqlite://")
    def store(self):
        session = self.result_session()
        reveal_type(session)
"#;
    assert_eq!(reveal(main, Series::V20), "session: Session");
}

#[test]
fn an_instance_of_an_unrelated_workspace_class_does_not_fit_an_overload() {
    // pyright 1.1.414 (advanced-alchemy's `_get_session_from_request(request, config)` overloads
    // on `SQLAlchemyAsyncConfig` / `SQLAlchemySyncConfig`).
    let main = r#"from typing import overload, Union
from sqlalchemy.orm import Session
from sqlalchemy.ext.asyncio import AsyncSession
class AsyncConfig: ...
class SyncConfig: ...
class Sub(SyncConfig): ...
class Ext:
    @overload
    @staticmethod
    def pick(request, config: AsyncConfig) -> AsyncSession: ...
    @overload
    @staticmethod
    def pick(request, config: SyncConfig) -> Session: ...
    @staticmethod
    def pick(request, config: Union[AsyncConfig, SyncConfig]) -> Union[Session, AsyncSession]: ...
    def get(self, request, config: Sub):
        reveal_type(self.pick(request, config))
"#;
    assert_eq!(reveal(main, Series::V20), "self.pick(request, config): Session");
}

#[test]
fn a_bare_sqlalchemy_generic_in_an_annotation_has_unknown_parameters() {
    // pyright 1.1.414 (FlexGet's `def entry_synonym(name: str) -> SynonymProperty`).
    let main = r#"from sqlalchemy.orm import SynonymProperty, RelationshipProperty, synonym
def entry_synonym(name: str) -> SynonymProperty:
    return synonym(name)
def f(r: RelationshipProperty):
    reveal_type(entry_synonym("x"))
    reveal_type(r)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "entry_synonym(\"x\"): SynonymProperty[Unknown]\nr: RelationshipProperty[Unknown]"
    );
}

#[test]
fn arithmetic_of_numbers_strings_and_columns_as_typeshed_and_sqlalchemy_declare_it() {
    // pyright 1.1.414: `str.__mul__` keeps a literal string's `LiteralString`; a number does not
    // multiply a string or a column (it was `int`, at run time a `str` / an expression): the
    // other operand's reflected operator runs; a union operand is taken member by member.
    let main = r#"def f(n: int, s: str, t: int | float):
    reveal_type("-" * n)
    reveal_type(3 * "a")
    reveal_type(s * n)
    reveal_type(2 * User.id)
    reveal_type(n * (1 - t))
"#;
    assert_eq!(
        reveal(main.replace("def f", "from app.models import User\ndef f").as_str(), Series::V20),
        "\"-\" * n: LiteralString\n3 * \"a\": LiteralString\ns * n: str\n2 * User.id: ColumnElement[int]\n\
         n * (1 - t): int | float"
    );
}

#[test]
fn sum_follows_typeshed_s_overloads() {
    // pyright 1.1.414 (ihatemoney's `sum(ower.weight for ower in bill.owers)`): integers, and to
    // type checkers items of unknown type, sum to an `int`; floats to `float | Literal[0]`.
    let main = r#"def f(xs: list[float], ns: list[int], u):
    reveal_type(sum(xs))
    reveal_type(sum(n * 2 for n in ns))
    reveal_type(sum(x for x in u))
    reveal_type(sum(xs, 0.0))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "sum(xs): float | Literal[0]\nsum(n * 2 for n in ns): int\nsum(x for x in u): Unknown (checker: int)\n\
         sum(xs, 0.0): float"
    );
}

#[test]
fn named_tuples_unpack_by_field_and_classes_have_names() {
    // pyright 1.1.414 (FlexGet's `title, year = split_title_year(...)`, advanced-alchemy's
    // `self.model_type.__name__`).
    let main = r#"from typing import NamedTuple, Optional
class TitleYear(NamedTuple):
    title: str
    year: Optional[int]
def split(t: str) -> TitleYear:
    return TitleYear(t, None)
class M: ...
def f(cls: type[M], m: M):
    title, year = split("x")
    reveal_type(title)
    reveal_type(year)
    reveal_type(split("x")[1])
    reveal_type(cls.__name__)
    reveal_type(type(m))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "title: str\nyear: int | None\nsplit(\"x\")[1]: int | None\ncls.__name__: str\ntype(m): type[M]"
    );
}

#[test]
fn flask_sqlalchemy_s_typed_members() {
    // pyright 1.1.414 with Flask-SQLAlchemy 3.1 (ihatemoney's `db.relationship("Person", ...)`).
    let main = r#"from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
members = db.relationship("Person", backref="project")
reveal_type(members)
reveal_type(db.metadata)
"#;
    assert_eq!(reveal(main, Series::V20), "members: RelationshipProperty[Any]\ndb.metadata: MetaData");
}

#[test]
fn a_column_argument_that_may_be_none_makes_the_call_unknown() {
    // pyright 1.1.414 (sqlalchemy-mptt's `session.query(table)` where `table` may be `None`): no
    // overload takes `None` for a column (at run time an `ArgumentError`).
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
def f(s: Session, c: bool):
    m = User if c else None
    reveal_type(select(m))
    reveal_type(s.query(m))
"#;
    assert_eq!(
        reveal(
            main.replace("from sqlalchemy import select", "from sqlalchemy import select\nfrom app.models import User")
                .as_str(),
            Series::V20
        ),
        "select(m): Unknown\ns.query(m): Unknown"
    );
}

#[test]
fn a_nested_function_is_its_signature_and_a_call_of_it_returns_what_its_body_does() {
    // pyright 1.1.414: `(x: Unknown, y: int = 2, *, z: Unknown | None = None) -> datetime`.
    let main = r#"import sqlalchemy
from datetime import datetime
class F:
    def run(self):
        def inner(x: int) -> "F":
            return F()
        def untyped(x, y=2, *, z=None):
            return datetime.now()
        async def fetch(q):
            return 1
        def maybe(x):
            if x:
                return F()
        reveal_type(inner(1))
        reveal_type(untyped(1))
        reveal_type(untyped)
        reveal_type(fetch)
        reveal_type(maybe)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "inner(1): F\nuntyped(1): datetime\n\
         untyped: (x: Unknown, y: int = 2, *, z: Unknown | None = None) -> datetime\n\
         fetch: (q: Unknown) -> CoroutineType[Any, Any, Literal[1]]\nmaybe: (x: Unknown) -> (F | None)"
    );
}

#[test]
fn a_module_function_as_a_value_is_shown_by_its_signature() {
    // pyright 1.1.414: unknown `*args` and `**kwargs` together are written `...`.
    let main = r#"import sqlalchemy
from typing import Optional
def pick(a, b: int, c=None, *args, e: str = "x", **kw) -> Optional[int]:
    return None
def keep(*names):
    pass
handler = pick
reveal_type(handler)
reveal_type(keep)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "handler: (a: Unknown, b: int, c: Unknown | None = None, ..., e: str = \"x\") -> (int | None)\n\
         keep: (*names: Unknown) -> None"
    );
}

#[test]
fn a_generic_class_named_bare_has_unknown_type_arguments() {
    // pyright 1.1.414: `x: Box` is `Box[Unknown]`.
    let main = r#"import sqlalchemy
from typing import Generic, TypeVar
T = TypeVar("T")
K = TypeVar("K")
class Box(Generic[T]):
    pass
class Pair(Box[T], Generic[K, T]):
    pass
class Plain:
    pass
def f(a: Box, b: Pair, c: Plain):
    reveal_type(a)
    reveal_type(b)
    reveal_type(c)
"#;
    assert_eq!(reveal(main, Series::V20), "a: Box[Unknown]\nb: Pair[Unknown, Unknown]\nc: Plain");
}

#[test]
fn an_annotated_self_is_solved_by_the_receiver() {
    // typeshed's `def add_subparsers(self: _ArgumentParserT, ...) -> _SubParsersAction[_ArgumentParserT]`.
    let main = r#"import sqlalchemy
from typing import Generic, TypeVar
P = TypeVar("P", bound="Parser")
class Group(Generic[P]):
    def parser(self) -> P: ...
class Parser:
    def group(self: P) -> Group[P]: ...
class Sub(Parser):
    pass
def f(s: Sub):
    reveal_type(s.group())
    reveal_type(s.group().parser())
"#;
    assert_eq!(reveal(main, Series::V20), "s.group(): Group[Sub]\ns.group().parser(): Sub");
}

#[test]
fn a_plain_assignment_narrows_the_type_the_name_was_declared_with() {
    // pyright 1.1.414 (advanced-alchemy's `unique_values: List[Any] = []` then `unique_values = []`).
    let main = r#"import sqlalchemy
from typing import Any, List, Optional, Union
def f(flag: bool, text: str):
    rows: List[Any] = []
    rows = []
    reveal_type(rows)
    name: Optional[Union[str, List[Any]]] = None
    reveal_type(name)
    name = text
    reveal_type(name)
    anything: Any | None = None
    reveal_type(anything)
"#;
    assert_eq!(reveal(main, Series::V20), "rows: List[Any]\nname: None\nname: str\nanything: Any | None");
}

#[test]
fn a_nested_function_shares_the_type_variables_its_enclosing_signature_binds() {
    // pyright 1.1.414 (advanced-alchemy's service providers): `T` bound by `outer`'s signature is
    // `T@outer` in the functions nested in it; one the enclosing signature does not bind is the
    // nested function's own.
    let main = r#"import sqlalchemy
from typing import TypeVar, Callable
T = TypeVar("T")
U = TypeVar("U")
def outer(x: T) -> Callable[[], T]:
    def inner(y: U) -> T:
        reveal_type(y)
        return x
    reveal_type(inner)
    return lambda: x
def plain(a: U) -> U:
    def nested(b: T) -> T:
        return b
    reveal_type(nested)
    return a
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "y: U@inner\ninner: (y: U@inner) -> T@outer\nnested: (b: T@nested) -> T@nested"
    );
}

#[test]
fn type_variables_are_solved_through_generic_aliases_iterables_and_coroutines() {
    // pyright 1.1.414 (advanced-alchemy's `asyncio.create_task(_do_async_commit())`, typeshed's
    // `coro: _CoroutineLike[_T]`): a generic alias's variables take its arguments in order; an
    // `Iterable[T]` is solved by what the argument iterates to; a `Coroutine[Any, Any, T]` by what
    // an `async def` returns.
    let main = r#"import sqlalchemy
from typing import Any, Coroutine, Generator, Iterable, TypeVar, Union
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
CoroutineLike = Union[Generator[Any, None, T_co], Coroutine[Any, Any, T_co]]
def create(coro: CoroutineLike[T]) -> list[T]: ...
def collect(items: Iterable[T]) -> set[T]: ...
async def fetch() -> int:
    return 1
async def main(d: dict[str, int]):
    reveal_type(create(fetch()))
    reveal_type(collect(d.keys()))
    reveal_type(collect(d.values()))
    reveal_type(collect({"a": 1.5}))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "create(fetch()): list[int]\ncollect(d.keys()): set[str]\ncollect(d.values()): set[int]\n\
         collect({\"a\": 1.5}): set[str]"
    );
}

#[test]
fn a_new_type_is_a_class_deriving_from_its_base() {
    // pyright 1.1.414 (loguru's `Contextualizer = NewType(...)`, a `Mapped[UserId]` column): the
    // name is a class of its own, in annotations and as a value; its base's operators and methods
    // apply to it, as to a subclass of `int` or `str` that defines none of its own.
    let main = r#"import sqlalchemy
from typing import NewType
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
UserId = NewType("UserId", int)
Name = NewType("Name", str)
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "users"
    id: Mapped[UserId] = mapped_column(primary_key=True)
class Count(int):
    pass
def f(x: UserId, name: Name, user: User, count: Count):
    reveal_type(x)
    reveal_type(user.id)
    reveal_type(UserId(3))
    reveal_type(UserId)
    reveal_type(x + 1)
    reveal_type(1 + x)
    reveal_type(x * 1.5)
    reveal_type(name.upper())
    reveal_type(count + 1)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x: UserId\nuser.id: UserId\nUserId(3): UserId\nUserId: type[UserId]\nx + 1: int\n1 + x: int\n\
         x * 1.5: float\nname.upper(): str\ncount + 1: int"
    );
}

#[test]
fn async_iteration_reads_what_an_async_generator_yields() {
    // pyright 1.1.414 (FlexGet's `[e async for e in self._get_new_chat_id_entries(...)]`).
    let main = r#"import sqlalchemy
from typing import AsyncGenerator, AsyncIterable
class Feed:
    async def declared(self) -> AsyncGenerator[int, None]:
        yield 1
    async def inferred(self):
        yield "x"
    async def run(self, items: AsyncIterable[bytes]):
        reveal_type([e async for e in self.declared()])
        reveal_type([e async for e in self.inferred()])
        async for item in items:
            reveal_type(item)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "[e async for e in self.declared()]: list[int]\n[e async for e in self.inferred()]: list[str]\nitem: bytes"
    );
}

#[test]
fn a_generic_named_tuple_unpacks_to_its_fields_on_the_instance() {
    // pyright 1.1.414 (optuna's `completed, futures = wait(futures, ...)`, a
    // `DoneAndNotDoneFutures[_T]`): the class's variables are the instance's arguments.
    let main = r#"import sqlalchemy
from typing import Generic, NamedTuple, TypeVar
T = TypeVar("T")
class Pair(NamedTuple, Generic[T]):
    first: T
    rest: list[T]
def f(p: Pair[str], q: Pair):
    a, b = p
    reveal_type(a)
    reveal_type(b)
    c, d = q
    reveal_type(d)
"#;
    assert_eq!(reveal(main, Series::V20), "a: str\nb: list[str]\nd: list[Unknown]");
}

#[test]
fn none_takes_no_arithmetic_or_ordering_so_an_optional_operand_adds_unknown() {
    // pyright 1.1.414 (FlexGet's `self.proper_count > 0` of a `Mapped[int | None]`): the `None`
    // member is an error type checkers report, `Unknown` in the result; `==` takes `None`, a
    // column's operators take it, and the precise view keeps what the operation gives.
    let main = r#"import sqlalchemy
from typing import Optional
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Release(Base):
    __tablename__ = "releases"
    id: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[Optional[int]]
def f(x: Optional[int], y: int, s: Optional[str], r: Release):
    reveal_type(x > 0)
    reveal_type(x + 1)
    reveal_type(y < x)
    reveal_type(s + "a")
    reveal_type(-x)
    reveal_type(x == 0)
    reveal_type(Release.count > x)
    reveal_type(r.count > 0)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x > 0: bool (checker: bool | Unknown)\nx + 1: Unknown (checker: int | Unknown)\n\
         y < x: bool (checker: bool | Unknown)\ns + \"a\": Unknown (checker: str | Unknown)\n\
         -x: Unknown (checker: int)\nx == 0: bool\nRelease.count > x: ColumnElement[bool]\n\
         r.count > 0: bool (checker: bool | Unknown)"
    );
}

#[test]
fn the_right_operand_of_and_or_sees_the_left_narrowed() {
    // pyright 1.1.414 (advanced-alchemy's `self.expires_at is not None and _now() > self.expires_at`);
    // what the right operand binds with `:=` stays bound after it.
    let main = r#"import sqlalchemy
from typing import Optional
class Code:
    def __init__(self, limit: Optional[int]):
        self.limit = limit
    def check(self, m: Optional[int], n: Optional[str]):
        reveal_type(m is not None and m > 3)
        reveal_type(self.limit is not None and self.limit > 3)
        reveal_type(n is None or n.upper())
        if m and (found := self.limit) is not None:
            reveal_type(found)
        reveal_type(m)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "m is not None and m > 3: bool\nself.limit is not None and self.limit > 3: bool\n\
         n is None or n.upper(): str | Literal[True]\nfound: int\nm: int | None"
    );
}

#[test]
fn a_generic_class_subscripted_as_a_value_is_specialised() {
    // pyright 1.1.414 (advanced-alchemy's `MutableList[FileObject]([...])`): `Box[int]` is the
    // class with those arguments, and calling it makes a `Box[int]`; so for builtin containers.
    let main = r#"import sqlalchemy
from typing import Generic, TypeVar
T = TypeVar("T")
class Box(Generic[T]):
    def __init__(self, value=None):
        self.value = value
    def copy(self, value):
        reveal_type(Box[T](value))
class Item: ...
reveal_type(Box[int])
reveal_type(Box[Item](3))
reveal_type(list[int]())
reveal_type(dict[str, int]())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Box[T](value): Box[T@Box]\nBox[int]: type[Box[int]]\nBox[Item](3): Box[Item]\nlist[int](): list[int]\n\
         dict[str, int](): dict[str, int]"
    );
}

#[test]
fn a_type_guard_narrows_its_argument_where_it_held() {
    // pyright 1.1.414 (kombu's `if is_connection(channel):`, a `TypeGuard[Connection]`):
    // `TypeGuard[T]` makes the argument a `T`, `TypeIs[T]` keeps what of it is one; neither
    // narrows where it did not hold.
    let main = r#"import sqlalchemy
from typing import Any
from typing_extensions import TypeGuard, TypeIs
class Conn: ...
def is_conn(obj: Any) -> TypeGuard[Conn]:
    return isinstance(obj, Conn)
def is_str(obj: object) -> TypeIs[str]:
    return isinstance(obj, str)
def f(channel, x: int | str, y):
    if is_conn(channel):
        reveal_type(channel)
    reveal_type(channel)
    if is_str(x):
        reveal_type(x)
    if is_conn(y) and y:
        reveal_type(y)
"#;
    assert_eq!(reveal(main, Series::V20), "channel: Conn\nchannel: Conn | Unknown\nx: str\ny: Conn");
}

#[test]
fn set_and_frozenset_hold_what_their_argument_iterates_to() {
    // pyright 1.1.414 (advanced-alchemy's `set(self._logical_map.keys())`).
    let main = r#"import sqlalchemy
def f(d: dict[str, int], u):
    reveal_type(set(d.keys()))
    reveal_type(frozenset(d))
    reveal_type(frozenset([1, 2]))
    reveal_type(frozenset(u))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "set(d.keys()): set[str]\nfrozenset(d): frozenset[str]\nfrozenset([1, 2]): frozenset[int]\n\
         frozenset(u): frozenset[Unknown]"
    );
}

#[test]
fn a_type_alias_is_the_class_object_it_names() {
    // pyright 1.1.414 (advanced-alchemy's `ExecutableOptions: TypeAlias = Sequence[ExecutableOption]`):
    // a specialised class or a `TypeAlias` (a string spells its expression) is the class object, a
    // union a `UnionType`; a class of a library that is not installed, or a SQLAlchemy alias of a
    // union (`ColumnExpressionArgument`), is no class we can show.
    let main = r#"import sqlalchemy
from typing import Any, Optional, Sequence, Tuple, TypeAlias, Union
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute
from missing_library import Dependency
Options: TypeAlias = Sequence[InstrumentedAttribute[Any]]
reveal_type(Options)
Quoted: TypeAlias = "InstrumentedAttribute[Any]"
reveal_type(Quoted)
Either: TypeAlias = Union[int, str]
reveal_type(Either)
Implicit = Select[Tuple[int]]
reveal_type(Implicit)
Nothing: TypeAlias = None
reveal_type(Nothing)
Unread = Dependency[Optional[int]]
reveal_type(Unread)
Where = sqlalchemy.ColumnExpressionArgument[bool]
reveal_type(Where)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Options: type[Sequence[InstrumentedAttribute[Any]]]\nQuoted: type[InstrumentedAttribute[Any]]\n\
         Either: UnionType\nImplicit: type[Select[Tuple[int]]]\nNothing: type[None]\nUnread: Unknown\nWhere: Unknown"
    );
}

#[test]
fn every_definition_of_a_name_has_its_body_inferred() {
    // pyright 1.1.414 (advanced-alchemy's `singledispatchmethod` registrations, each `def _`): an
    // earlier definition's body is inferred with its own parameters; calling the name calls the
    // last one.
    let main = r#"import sqlalchemy
class Handler:
    def _(self, value: int) -> int:
        first = value
        reveal_type(first)
        return value
    def _(self, value: str) -> str:
        second = value
        reveal_type(second)
        return value
def convert(value: int) -> int:
    reveal_type(value)
    return value
def convert(value: bytes) -> bytes:
    reveal_type(value)
    return value
reveal_type(convert(b""))
reveal_type(Handler()._(""))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "first: int\nsecond: str\nvalue: int\nvalue: bytes\nconvert(b\"\"): bytes\nHandler()._(\"\"): str"
    );
}

#[test]
fn a_class_nested_in_a_class_is_read_in_its_scope_and_through_it() {
    // pyright 1.1.414 (optuna's `value_type: Mapped[TrialValueType]` of an enum defined in the
    // model, ihatemoney's `query_class = ProjectQuery`): the class body and its methods' signatures
    // see the nested class; it is an attribute of the outer class, shown by its own name, and its
    // methods are scopes of their own.
    let main = r#"import enum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Query
class Base(DeclarativeBase):
    pass
class Trial(Base):
    __tablename__ = "trials"
    class Kind(enum.Enum):
        FINITE = 1
    class TrialQuery(Query):
        def finite(self):
            found = self.first()
            reveal_type(found)
            return found
    query_class = TrialQuery
    reveal_type(query_class)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[Kind] = mapped_column()
    @staticmethod
    def convert(kind: Kind) -> "Trial.Kind":
        return kind
def f(trial: Trial):
    reveal_type(trial.kind)
    reveal_type(Trial.Kind.FINITE)
    reveal_type(Trial.convert(trial.kind))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "found: Unknown | None\nquery_class: type[TrialQuery]\ntrial.kind: Kind\n\
         Trial.Kind.FINITE: Literal[Kind.FINITE]\nTrial.convert(trial.kind): Kind"
    );
}

#[test]
fn self_of_a_generic_class_carries_its_type_parameters() {
    // pyright 1.1.414 (advanced-alchemy's `MutableList(list[T])` and `dict[type[Self], ...]` in a
    // repository's body): `Self@C[T@C]`, in methods and in the class body.
    let main = r#"import sqlalchemy
from typing import Generic, Self, TypeVar
T = TypeVar("T")
class Store(Generic[T]):
    registry: dict[type[Self], int] = {}
    reveal_type(registry)
    def keep(self):
        reveal_type(self)
class Plain:
    def keep(self):
        reveal_type(self)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "registry: dict[type[Store[Unknown]], int] (checker: dict[type[Self@Store[T@Store]], int])\n\
         self: Store (checker: Self@Store[T@Store])\nself: Plain (checker: Self@Plain)"
    );
}

#[test]
fn a_sqlalchemy_function_as_a_value_is_its_signature() {
    // pyright 1.1.414 (Flask-AppBuilder's `direction = asc if ... else desc`, advanced-alchemy's
    // `or_` passed as a value): the signature SQLAlchemy's snapshot renders, its private aliases
    // expanded and its type variables scoped to it; in a union, parenthesised.
    let main = r#"from sqlalchemy import asc, desc, create_async_engine
def f(ascending: bool):
    direction = asc if ascending else desc
    reveal_type(direction)
    reveal_type(create_async_engine)
"#;
    let column = |f: &str| {
        format!(
            "(column: str | ColumnElement[_T@{f}] | _HasClauseElement[_T@{f}] | SQLCoreOperations[_T@{f}] | \
             ExpressionElementRole[_T@{f}] | TypedColumnsClauseRole[_T@{f}] | (() -> ColumnElement[_T@{f}]) | \
             LambdaElement) -> UnaryExpression[_T@{f}]"
        )
    };
    assert_eq!(
        reveal(main, Series::V20),
        format!(
            "direction: ({}) | ({})\ncreate_async_engine: (url: str | URL, **kw: Any) -> AsyncEngine",
            column("asc"),
            column("desc")
        )
    );
}

#[test]
fn keyword_arguments_of_sqlalchemy_functions_count_at_their_positions() {
    // pyright 1.1.414 (advanced-alchemy's `bindparam(f"src_{key}", value=value, type_=column.type)`
    // and `mysql_insert(table).inserted[col]`): `type_=` picks the SQL type's overload as a third
    // positional argument would; a column collection's item by key is its column type.
    let main = r#"from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, literal
from sqlalchemy.dialects.mysql import insert
table = Table("t", MetaData(), Column("id", Integer))
def f(key: str, values: dict):
    reveal_type(bindparam("x", type_=Integer))
    reveal_type(bindparam("x", 5))
    reveal_type(literal(5, type_=String()))
    reveal_type(insert(table).values(values).inserted[key])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "bindparam(\"x\", type_=Integer): BindParameter[int]\nbindparam(\"x\", 5): BindParameter[Unknown]\n\
         literal(5, type_=String()): BindParameter[str]\n\
         insert(table).values(values).inserted[key]: KeyedColumnElement[Any]"
    );
}

#[test]
fn a_union_argument_picks_an_overload_per_member_beside_an_unknown_argument() {
    // pyright 1.1.414 (advanced-alchemy's `_get_session_from_request(request, config)` with
    // starlette not installed): the unknown `request` fits either overload, each member of `config`
    // picks one; `None` is no `str`, so `joined(folder)` of an optional folder fits no overload.
    let main = r#"from typing import Optional, Union, overload
from missing_library import Request
class AsyncConfig: ...
class SyncConfig: ...
@overload
def session_for(request: Request, config: AsyncConfig) -> int: ...
@overload
def session_for(request: Request, config: SyncConfig) -> str: ...
def session_for(request, config):
    return 1
@overload
def joined(path: str) -> str: ...
@overload
def joined(path: bytes) -> bytes: ...
def joined(path):
    return path
def f(request: Request, config: Union[AsyncConfig, SyncConfig], folder: Optional[str]):
    reveal_type(session_for(request, config))
    reveal_type(joined(folder))
"#;
    assert_eq!(reveal(main, Series::V20), "session_for(request, config): int | str\njoined(folder): Unknown");
}

#[test]
fn a_property_made_by_calling_property_is_any_on_an_instance() {
    // pyright 1.1.414 (kombu's `channel = property(_get_channel, _set_channel)`): typeshed's
    // `property.__get__` gives `Any` on an instance, the property itself on the class.
    let main = r#"import sqlalchemy
class Producer:
    def _get_channel(self):
        return 1
    channel = property(_get_channel)
def f(producer: Producer):
    reveal_type(producer.channel)
    reveal_type(Producer.channel)
"#;
    assert_eq!(reveal(main, Series::V20), "producer.channel: Any\nProducer.channel: property");
}

#[test]
fn an_attribute_a_sqlalchemy_base_declares_keeps_its_declaration() {
    // pyright 1.1.414 (advanced-alchemy's `column.onupdate if ... else column.default`):
    // `Column.__init__` assigns `self.onupdate = onupdate` (a parameter typed `Optional[Any]`),
    // which declares nothing beside `ColumnClause.onupdate: Optional[DefaultGenerator]`.
    let main = r#"from typing import Any
from sqlalchemy import Column
def f(column: Column[Any]):
    reveal_type(column.onupdate)
"#;
    assert_eq!(reveal(main, Series::V20), "column.onupdate: DefaultGenerator | None");
}

#[test]
fn a_function_assigned_to_a_declared_callable_is_its_signature() {
    // pyright 1.1.414 (advanced-alchemy's `json_serializer: Callable[[Any], str] = encode_json`):
    // the name narrows to the function; read on the class or an instance it is the declaration.
    let main = r#"import sqlalchemy
from typing import Any, Callable
def encode(value: Any) -> str:
    return ""
class Config:
    serializer: "Callable[[Any], str]" = encode
    reveal_type(serializer)
def f():
    serializer: Callable[[Any], str] = encode
    reveal_type(serializer)
    reveal_type(Config.serializer)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "serializer: (value: Any) -> str\nserializer: (value: Any) -> str\nConfig.serializer: (Any) -> str"
    );
}

#[test]
fn a_base_method_called_through_super_is_called_on_self() {
    // pyright 1.1.414 (FlexGet's `self.subparsers = super().add_subparsers(**kwargs)`): `Self@Sub`
    // in the class, the class itself outside it.
    let main = r#"import sqlalchemy
from typing import Generic, TypeVar
P = TypeVar("P", bound="Base")
class Group(Generic[P]):
    def parser(self) -> P: ...
class Base:
    def group(self: P) -> Group[P]: ...
class Sub(Base):
    def __init__(self):
        self.groups = None
    def group(self):
        self.groups = super().group()
        reveal_type(self.groups)
        return self.groups
def f(s: Sub):
    reveal_type(s.groups)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "self.groups: Group[Sub] (checker: Group[Self@Sub])\ns.groups: Group[Sub] | None"
    );
}

#[test]
fn a_tuple_keeps_its_literals_but_not_those_of_a_tuple_within_it() {
    // pyright 1.1.414: also a class variable's, whose plain literal widens.
    let main = r#"import sqlalchemy
class C:
    __slots__ = ("a", "b")
    reveal_type(__slots__)
    table = (("x", 1), "y")
    reveal_type(table)
    n = 3
    reveal_type(n)
def f():
    t = ("a", ("b", 2))
    reveal_type(t)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "__slots__: tuple[Literal['a'], Literal['b']]\ntable: tuple[tuple[str, int], Literal['y']]\nn: int\n\
         t: tuple[Literal['a'], tuple[str, int]]"
    );
}

#[test]
fn a_property_with_a_setter_reads_as_its_getter() {
    // pyright 1.1.414 (optuna's `FrozenTrial.number`, whose `@number.setter` is defined last).
    let main = r#"import sqlalchemy
class C:
    @property
    def number(self) -> int:
        return 1
    @number.setter
    def number(self, value: int) -> None:
        pass
def f(c: C):
    reveal_type(c.number)
    reveal_type([x.number for x in [c]])
"#;
    assert_eq!(reveal(main, Series::V20), "c.number: int\n[x.number for x in [c]]: list[int]");
}

#[test]
fn an_enum_member_is_its_literal_not_the_value_assigned() {
    // pyright 1.1.414 (optuna's `TrialState.RUNNING`, which we had as `Literal[0]`).
    let main = r#"import sqlalchemy
import enum
from enum import Enum
class TrialState(enum.IntEnum):
    RUNNING = 0
    COMPLETE = 1
    _ignore_ = 3
    def is_finished(self) -> bool:
        return self != TrialState.RUNNING
class Color(str, Enum):
    RED = "red"
state = TrialState.RUNNING
reveal_type(state)
reveal_type(Color.RED.value)
reveal_type(TrialState.COMPLETE.value)
reveal_type(Color.RED.name)
reveal_type(TrialState.RUNNING.is_finished())
x = TrialState.RUNNING if state else TrialState.COMPLETE
reveal_type(x)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "state: Literal[TrialState.RUNNING]\nColor.RED.value: Literal['red']\nTrialState.COMPLETE.value: int\n\
         Color.RED.name: Literal['RED']\nTrialState.RUNNING.is_finished(): bool\n\
         x: Literal[TrialState.RUNNING, TrialState.COMPLETE]"
    );
}

#[test]
fn a_generic_class_called_has_its_type_arguments_solved_by_its_init() {
    // pyright 1.1.414; a type variable within a base's argument (`Box[list[T]]`) is a parameter.
    let main = r#"import sqlalchemy
from typing import Generic, TypeVar
T = TypeVar("T")
class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item
class Bag(Generic[T]):
    pass
class Items(Box[list[T]]):
    pass
reveal_type(Box(1))
reveal_type(Bag())
reveal_type(Items([]))
def f(i: Items):
    reveal_type(i)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Box(1): Box[int]\nBag(): Bag[Unknown]\nItems([]): Items[Unknown]\ni: Items[Unknown]"
    );
}

#[test]
fn a_class_whose_overloaded_new_says_what_it_makes() {
    // typeshed's `itertools.count`: `def __new__(cls) -> count[int]`; the arguments solve the
    // class's variables (pyright 1.1.414: kombu's `count(1)` is a `count[int]`).
    let main = r#"import sqlalchemy
from typing import Generic, TypeVar, overload
N = TypeVar("N", int, float)
class count(Generic[N]):
    @overload
    def __new__(cls) -> "count[int]": ...
    @overload
    def __new__(cls, start: N) -> "count[N]": ...
reveal_type(count())
reveal_type(count(1))
reveal_type(count(1.5))
"#;
    assert_eq!(reveal(main, Series::V20), "count(): count[int]\ncount(1): count[int]\ncount(1.5): count[float]");
}

#[test]
fn a_class_defined_in_a_function_has_its_body_inferred() {
    // pyright 1.1.414 (SQLAlchemy-Continuum's `class Transaction(...)` built in a method).
    let main = r#"import sqlalchemy as sa
def make(manager):
    class Transaction(manager.base):
        __tablename__ = "transaction"
        reveal_type(__tablename__)
        id = sa.Column(sa.Integer, primary_key=True)
        reveal_type(id)
    return Transaction
"#;
    assert_eq!(reveal(main, Series::V20), "__tablename__: str\nid: Column[int]");
}

#[test]
fn a_model_s_unannotated_property_returns_what_its_body_does() {
    // pyright 1.1.414 (ihatemoney's `Project.full_balance`).
    let main = r#"from collections import defaultdict
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class P(Base):
    __tablename__ = "p"
    id: Mapped[int] = mapped_column(primary_key=True)
    @property
    def full(self):
        a, b = (defaultdict(float) for _ in range(2))
        return (a, b)
    @property
    def first(self):
        return self.full[0]
def f(p: P):
    reveal_type(p.full)
    reveal_type(p.first)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "p.full: tuple[defaultdict[Unknown, float], defaultdict[Unknown, float]]\np.first: defaultdict[Unknown, float]"
    );
}

#[test]
fn comparing_a_bool_with_true_or_false_narrows_it_to_the_literal() {
    // pyright 1.1.414 (FlexGet's `elif isinstance(config, bool): if config is False: return config`).
    let main = r#"import sqlalchemy
def f(config: bool | None, flag: bool):
    if config is False:
        reveal_type(config)
    else:
        reveal_type(config)
    if flag is not True:
        reveal_type(flag)
    if flag == False:
        reveal_type(flag)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "config: Literal[False]\nconfig: Literal[True] | None\nflag: Literal[False]\nflag: Literal[False]"
    );
}

#[test]
fn set_operators_follow_typeshed() {
    // pyright 1.1.414 (Flask-AppBuilder's `set(value) - {g.id for g in groups}`); and
    // `Dialect.has_table` (ihatemoney's `db.engine.dialect.has_table(con, "project")`).
    let main = r#"import sqlalchemy
from sqlalchemy.engine import Engine
def f(x: set[int], y: set[str], fs: frozenset[int], e: Engine):
    reveal_type(x - y)
    reveal_type(x | y)
    reveal_type(x & y)
    reveal_type(fs | x)
    reveal_type(e.dialect.has_table(e.connect(), "t"))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x - y: set[int]\nx | y: set[int | str]\nx & y: set[int]\nfs | x: frozenset[int]\n\
         e.dialect.has_table(e.connect(), \"t\"): bool"
    );
}

#[test]
fn a_workspace_class_s_dunder_methods_serve_iteration_indexing_and_with() {
    // pyright 1.1.414 (FlexGet's `traceback.extract_stack()` frames unpacked, `next(cursor)`,
    // `grp.getgrgid(gid)[0]`: typeshed classes read like the workspace's).
    let main = r#"import sqlalchemy
from typing import Iterator
class Bag:
    def __iter__(self) -> Iterator[int]: ...
    def __getitem__(self, i: int) -> str: ...
    def __enter__(self) -> "Bag": ...
    def __exit__(self, *a) -> None: ...
    def __next__(self) -> float: ...
class Pair(tuple[str, int]): ...
def f(b: Bag, p: Pair):
    for x in b:
        reveal_type(x)
    reveal_type(b[0])
    with b as c:
        reveal_type(c)
    reveal_type(next(b))
    reveal_type(list(b))
    first, *rest = b
    reveal_type(first)
    reveal_type(p[0])
    name, count = p
    reveal_type(count)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x: int\nb[0]: str\nc: Bag\nnext(b): float\nlist(b): list[int]\nfirst: int\np[0]: str\ncount: int"
    );
}

#[test]
fn list_of_a_class_deriving_from_a_collection_abc_reads_the_nominal_base() {
    // pyright 1.1.414: `list(s)` matches `Iterable[T]` through `MutableSet[int]`, while `for` and
    // `iter()` call `__iter__` (FlexGet's `list(DBEntrySet(config))` is `list[Unknown]`).
    let main = r#"import sqlalchemy
from collections.abc import MutableSet, Mapping
from typing import Iterator
class S(MutableSet[int]):
    def __iter__(self) -> Iterator[str]: ...
class Bare(MutableSet):
    def __iter__(self) -> Iterator[str]: ...
def f(s: S, bare: Bare, m: Mapping[str, int]):
    for x in s:
        reveal_type(x)
    reveal_type(list(s))
    reveal_type(sorted(bare))
    reveal_type(next(iter(s)))
    for k in m:
        reveal_type(k)
    reveal_type(m["k"])
    reveal_type(dict(m))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x: str\nlist(s): list[int]\nsorted(bare): list[Unknown]\nnext(iter(s)): str\nk: str\nm[\"k\"]: int\n\
         dict(m): dict[str, int]"
    );
}

#[test]
fn annotations_in_a_generic_class_scope_its_type_variables() {
    // pyright 1.1.414 (advanced-alchemy's `instances: List[ModelT] = []` in a repository method,
    // fastapi-user-auth's `user_model: Type[UserModelT] = None` in a generic class body).
    let main = r#"import sqlalchemy
from typing import Generic, List, Type, TypeVar
from sqlalchemy import Engine
T = TypeVar("T")
U = TypeVar("U")
class Repo(Generic[T]):
    model: Type[T] = None
    reveal_type(model)
    loose: Type[U] = None
    reveal_type(loose)
    engine: Engine = None
    reveal_type(engine)
    def all(self):
        found: List[T] = []
        reveal_type(found)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        // The precise view holds what the body assigned.
        "model: None (checker: type[T@Repo])\nloose: None\nengine: None (checker: Engine)\nfound: List[T@Repo]"
    );
}

#[test]
fn reflection_results_mapper_properties_and_enum_lookups() {
    // pyright 1.1.414 (optuna's `[c["name"] for c in inspector.get_columns(...)]`,
    // advanced-alchemy's `[r.key for r in mapper.relationships]`, optuna's `StudyDirection[d.upper()]`).
    let main = r#"import enum
import sqlalchemy as sa
from sqlalchemy.orm import Mapper
from sqlalchemy.ext.associationproxy import association_proxy
class Direction(enum.Enum):
    MINIMIZE = 1
def f(mapper: Mapper, bind: sa.Connection, name: str):
    inspector = sa.inspect(bind)
    reveal_type(inspector.get_table_names())
    columns = inspector.get_columns("t")
    reveal_type(columns[0]["name"])
    reveal_type(columns[0]["nullable"])
    reveal_type(inspector.get_foreign_keys("t")[0]["name"])
    reveal_type([r.key for r in mapper.relationships])
    reveal_type(Direction[name.upper()])
    reveal_type(association_proxy("notebook", "assignment"))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "inspector.get_table_names(): List[str]\ncolumns[0][\"name\"]: str\ncolumns[0][\"nullable\"]: bool\n\
         inspector.get_foreign_keys(\"t\")[0][\"name\"]: str | None\n[r.key for r in mapper.relationships]: list[str]\n\
         Direction[name.upper()]: Direction\nassociation_proxy(\"notebook\", \"assignment\"): AssociationProxy[Any]"
    );
}

#[test]
fn union_receivers_and_union_arguments_are_taken_member_by_member() {
    // pyright 1.1.414 (advanced-alchemy's `config.get_engine()` on `AsyncConfig | SyncConfig`,
    // and its overloaded `_get_session_from_request(request, config)`).
    let main = r#"import sqlalchemy
from typing import Generic, TypeVar, Union, overload
E = TypeVar("E")
class A: ...
class B: ...
class Config(Generic[E]):
    def get(self) -> E: ...
class AC(Config[A]): ...
class BC(Config[B]): ...
class Ext:
    @overload
    @staticmethod
    def pick(r: int, c: AC) -> A: ...
    @overload
    @staticmethod
    def pick(r: int, c: BC) -> B: ...
    @staticmethod
    def pick(r: int, c: Union[AC, BC]) -> Union[A, B]: ...
    def run(self, c: Union[AC, BC]):
        reveal_type(c.get())
        reveal_type(self.pick(1, c))
"#;
    assert_eq!(reveal(main, Series::V20), "c.get(): A | B\nself.pick(1, c): A | B");
}

#[test]
fn a_union_parameter_is_solved_by_the_member_the_argument_fits() {
    // pyright 1.1.414 (nbgrader's `os.walk(dest)`: `top: AnyStr | PathLike[AnyStr]`; FlexGet's
    // `divmod(remainder, 60)`; advanced-alchemy's `type(pk_value).__name__`; fastapi-user-auth's
    // `query: Select = select(self._db_class)` with an `Any` class).
    let main = r#"from typing import Any, Generic, TypeVar, Union
from sqlalchemy import Select, select
T = TypeVar("T")
class Box(Generic[T]): ...
def walk(top: Union[T, Box[T]]) -> list[T]: ...
def f(dest: str, boxed: Box[int], rem: int, pk, model: Any):
    reveal_type(walk(dest))
    reveal_type(walk(boxed))
    minutes, _ = divmod(rem, 60)
    reveal_type(minutes)
    reveal_type(type(pk).__name__)
    query: Select = select(model)
    reveal_type(query)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "walk(dest): list[str]\nwalk(boxed): list[int]\nminutes: int\ntype(pk).__name__: str\nquery: Select[Unknown]"
    );
}

#[test]
fn dict_calls_and_the_methods_a_mapping_subclass_inherits() {
    // pyright 1.1.414 (Flask-AppBuilder's `self.store = dict()` then `self.store.get(name)`,
    // FlexGet's `TimedDict(MutableMapping)` cache read with `get(key, None)`).
    let main = r#"import sqlalchemy
from collections.abc import MutableMapping
class Timed(MutableMapping): ...
class Plain(dict): ...
def f(t: Timed, p: Plain, k):
    d = dict()
    reveal_type(d)
    reveal_type(dict(a=1, b="x"))
    reveal_type(d.get(k))
    reveal_type(t.get("x"))
    reveal_type(t.get("x", None))
    reveal_type(p.get("x"))
    reveal_type("prefix" + d.get(k))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "d: dict[Unknown, Unknown]\ndict(a=1, b=\"x\"): dict[str, int | str]\nd.get(k): Unknown | None\n\
         t.get(\"x\"): Unknown | None\nt.get(\"x\", None): Unknown\np.get(\"x\"): Unknown | None\n\
         \"prefix\" + d.get(k): Unknown"
    );
}

#[test]
fn a_declaration_is_kept_against_a_library_class_that_is_no_builtin() {
    // pyright 1.1.414 (fastapi-user-auth's `is_active: bool = Field(default=True)`, where
    // fastapi-amis-admin's `Field` returns SQLModel's `FieldInfo`).
    let main = r#"import sqlalchemy
from typing import Optional
from sqlmodel.main import FieldInfo
def Field(default=None) -> FieldInfo: ...
class User:
    is_active: bool = Field(default=True)
    reveal_type(is_active)
    nickname: Optional[str] = Field("")
    reveal_type(nickname)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "is_active: FieldInfo (checker: bool)\nnickname: FieldInfo (checker: str | None)"
    );
}

#[test]
fn getattr_with_a_default_follows_typeshed_s_overloads() {
    // pyright 1.1.414 (celery's `EX_USAGE = getattr(os, 'EX_USAGE', 64)`, advanced-alchemy's
    // `getattr(session, "info", {})` and `getattr(t, "multiple", False)`).
    let main = r#"import sqlalchemy
import os
def f(session, t):
    reveal_type(getattr(os, "EX_USAGE", 64))
    reveal_type(getattr(session, "info", {}))
    reveal_type(getattr(t, "multiple", False))
    reveal_type(getattr(t, "items", []))
    reveal_type(getattr(t, "name", None))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "getattr(os, \"EX_USAGE\", 64): Any | int\ngetattr(session, \"info\", {}): Any | dict[Any, Any]\n\
         getattr(t, \"multiple\", False): Any | bool\ngetattr(t, \"items\", []): Any | list[Any]\n\
         getattr(t, \"name\", None): Any | None"
    );
}

#[test]
fn a_parameter_s_annotation_declares_it_for_later_assignments() {
    // pyright 1.1.414 (advanced-alchemy's `extra_rollback_statuses = set()` under an
    // `Optional[set[int]]` parameter, `error_messages = self._get_error_messages(...)`,
    // `message = "merge revisions" if no_prompt else Prompt.ask(...)`; kombu's
    // `set(string.punctuation)`).
    let main = r#"import sqlalchemy
from typing import Optional, Union
class Empty: ...
def messages() -> Optional[dict]: ...
def f(prompt, statuses: Optional[set[int]] = None, errors: Optional[Union[dict, type[Empty]]] = None,
      message: Optional[str] = None, quiet: bool = False):
    if statuses is None:
        statuses = set()
        reveal_type(statuses)
    errors = messages()
    reveal_type(errors)
    message = "merge" if quiet else prompt.ask()
    reveal_type(message)
    message = "merge" if quiet else None
    reveal_type(message)
    for c in "abc":
        reveal_type(c)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "statuses: set[int]\nerrors: dict[Unknown, Unknown] | None\nmessage: Unknown | Literal['merge']\n\
         message: Literal['merge'] | None\nc: LiteralString"
    );
}

#[test]
fn table_and_column_attributes_from_the_api_tables() {
    // pyright 1.1.414 (advanced-alchemy's `tuple(column.key for column in table.primary_key.columns)`).
    let main = r#"from sqlalchemy import Table
def f(table: Table):
    reveal_type(tuple(c.key for c in table.primary_key.columns))
    reveal_type(table.name)
    reveal_type(table.schema)
    reveal_type(table.c.id.table)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "tuple(c.key for c in table.primary_key.columns): tuple[str, ...]\ntable.name: str\ntable.schema: str | None\n\
         table.c.id.table: Table"
    );
}

#[test]
fn an_unannotated_override_of_a_sqlalchemy_method_takes_its_parameter_types() {
    // pyright 1.1.414 (fastapi-users-db-sqlalchemy's `GUID(TypeDecorator)`:
    // `dialect.type_descriptor(UUID())` in `load_dialect_impl(self, dialect)`).
    let main = r#"from sqlalchemy import CHAR, TypeDecorator
from sqlalchemy.dialects.postgresql import UUID
class GUID(TypeDecorator):
    impl = CHAR
    def load_dialect_impl(self, dialect):
        reveal_type(dialect.type_descriptor(UUID()))
        return dialect.type_descriptor(UUID())
    def process_bind_param(self, val, dialect):
        reveal_type(val)
        reveal_type(dialect)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "dialect.type_descriptor(UUID()): TypeEngine[UUID]\nval: Unknown | None\ndialect: Dialect"
    );
}

#[test]
fn imports_inside_a_function_bind_their_names_there() {
    // pyright 1.1.414 (advanced-alchemy's CLI commands: `from advanced_alchemy.alembic.commands
    // import AlembicCommands` in the command's body).
    let main = r#"import sqlalchemy
def command():
    from pkg.commands import Commands, helper
    from app.models import User
    import pkg.commands as commands
    reveal_type(Commands(config=1))
    reveal_type(helper())
    reveal_type(commands.helper())
    reveal_type(User)
#- /pkg/__init__.py
#- /pkg/commands.py
class Commands:
    def __init__(self, config=None): ...
def helper() -> str: ...
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Commands(config=1): Commands\nhelper(): str\ncommands.helper(): str\nUser: type[User]"
    );
}

#[test]
fn an_empty_display_joins_a_list_spelled_from_typing() {
    // pyright 1.1.414 (advanced-alchemy: `self.order_by if self.order_by is not None else []`
    // with `order_by: Optional[Union[List[OP], OP]]`): `[]` joins the `List[...]` member.
    let main = r#"import sqlalchemy
from typing import Dict, List, Optional, Union
class K:
    order_by: Optional[Union[List[int], str]] = None
    names: Optional[Dict[str, int]] = None
    def f(self):
        reveal_type(self.order_by if self.order_by is not None else [])
        reveal_type({} if self.names is None else self.names)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "self.order_by if self.order_by is not None else []: List[int] | str\n\
         {} if self.names is None else self.names: Dict[str, int]"
    );
}

#[test]
fn attributes_a_helper_function_declares() {
    // pyright 1.1.414 (FlexGet's `quality_property("_quality")` and `entry_synonym("_json")`,
    // its legacy models assigning `self.x = x` in `__init__`).
    let main = r#"from app.helpers import Base, entry_synonym, quality_property
from sqlalchemy import Column, Integer, String
class E(Base):
    __tablename__ = "e"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    _json = Column(String)
    entry = entry_synonym("_json")
    quality = quality_property("_json")
    reveal_type(quality)
    def __init__(self, entry, name):
        self.entry = entry
        self.name = name
def f(e: E):
    reveal_type(e.entry)
    reveal_type(e.name)
    reveal_type(e.quality)
    reveal_type(E.quality)
#- /app/__init__.py
#- /app/helpers.py
from typing import Any
from sqlalchemy.orm import DeclarativeBase, SynonymProperty, synonym
from sqlalchemy.ext.hybrid import hybrid_property
class Base(DeclarativeBase): pass
def entry_synonym(name: str) -> SynonymProperty:
    def getter(self) -> Any:
        return 1
    return synonym(name, descriptor=property(getter))
def quality_property(text_attr):
    def getter(self):
        return 1
    def setter(self, value):
        pass
    def comparator(self):
        return 1
    prop = hybrid_property(getter, setter)
    return prop.comparator(comparator)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "quality: hybrid_property[int]\n\
         e.entry: Unknown (checker: SynonymProperty[Unknown] | Unknown)\n\
         e.name: str | None (checker: Column[str] | Unknown)\n\
         e.quality: int\n\
         E.quality: _HybridClassLevelAccessor[int]"
    );
}

#[test]
fn an_attribute_assigned_in_one_branch_joins_its_declared_type() {
    // pyright 1.1.414 (FlexGet's `get_actors`: `if not self._actors: self.actors_list = [...]`,
    // then `return self.actors_list`).
    let main = r#"import sqlalchemy
class C: pass
def mk() -> C: ...
class K:
    items = mk()
    def g(self, q):
        if q:
            self.items = [1]
        reveal_type(self.items)
        if q:
            self.items = [1]
        else:
            self.items = C()
        reveal_type(self.items)
    def h(self):
        self.items = ["a"]
"#;
    assert_eq!(reveal(main, Series::V20), "self.items: list[int] | C | list[str]\nself.items: list[int] | C");
}

#[test]
fn inspect_follows_sqlalchemy_s_overloads() {
    // pyright 1.1.414 against SQLAlchemy 2.0.58's `inspect` overloads (inspection.py); a type
    // variable bound to a protocol or to nothing takes the last overload (advanced-alchemy's
    // `inspect(datum)` of a `ModelT`); pyright's `InstanceState[Base*]` for one bound to a model
    // we do not spell.
    let main = r#"from typing import Any, Protocol, TypeVar
from sqlalchemy import inspect, create_engine, Column, Integer, Table, Engine, Connection
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, declarative_base, Session
class Base(DeclarativeBase): pass
class User(Base):
    __tablename__ = "u"
    id: Mapped[int] = mapped_column(primary_key=True)
Legacy = declarative_base()
class Old(Legacy):
    __tablename__ = "o"
    id = Column(Integer, primary_key=True)
def f(u: User, o: Old, a: Any, s: Session, t: Table, model: type[Base], bind: Engine | Connection):
    reveal_type(inspect(User))
    reveal_type(inspect(u))
    reveal_type(inspect(u).mapper)
    reveal_type(inspect(Old))
    reveal_type(inspect(o))
    reveal_type(inspect(a))
    reveal_type(inspect(s))
    reveal_type(inspect(s, raiseerr=True))
    reveal_type(inspect(t))
    reveal_type(inspect(model))
    reveal_type(inspect(create_engine("sqlite://")))
    reveal_type(inspect(bind))

class ModelProtocol(Protocol):
    id: Any

M = TypeVar("M", bound=ModelProtocol)
U = TypeVar("U")
B = TypeVar("B", bound=Base)

def g(m: M, u: U, b: B, p: ModelProtocol, pt: type[ModelProtocol], mt: type[M]):
    reveal_type(inspect(m))
    reveal_type(inspect(u))
    reveal_type(inspect(b))
    reveal_type(inspect(p))
    reveal_type(inspect(pt))
    reveal_type(inspect(mt))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "inspect(User): Mapper[User]\n\
         inspect(u): InstanceState[User]\n\
         inspect(u).mapper: Mapper[User]\n\
         inspect(Old): Mapper[Old] (checker: Unknown)\n\
         inspect(o): InstanceState[Old] (checker: Unknown)\n\
         inspect(a): Any\n\
         inspect(s): Any | None\n\
         inspect(s, raiseerr=True): Any\n\
         inspect(t): Table\n\
         inspect(model): Mapper[Base]\n\
         inspect(create_engine(\"sqlite://\")): Inspector\n\
         inspect(bind): Inspector\n\
         inspect(m): Any | None\n\
         inspect(u): Any | None\n\
         inspect(b): Unknown\n\
         inspect(p): Any | None\n\
         inspect(pt): Any | None\n\
         inspect(mt): Any | None"
    );
    // 2.1's overloads raise by default: `Any`.
    assert!(reveal(main, Series::V21).contains("inspect(s): Any\n"));
}

#[test]
fn loader_options_mapper_properties_and_visitors_as_sqlalchemy_annotates_them() {
    // pyright 1.1.414 against SQLAlchemy 2.0.58 (Flask-AppBuilder's `Load(...)` chains,
    // `class_mapper(obj).iterate_properties` and `visitors.iterate(query.statement)`).
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Load, joinedload, selectinload, class_mapper, registry
from sqlalchemy.sql import visitors
from sqlalchemy.sql.expression import BinaryExpression
from app.models import User, Post
o = joinedload(User.posts)
reveal_type(o)
reveal_type(o.selectinload(User.posts))
reveal_type(Load(User).defaultload(User.posts).load_only(Post.title))
reveal_type(selectinload(User.posts).options(joinedload(Post.author)))
reveal_type(select(User).options(o))
for prop in class_mapper(User).iterate_properties:
    reveal_type(prop)
for element in visitors.iterate(select(User)):
    reveal_type(element)
reveal_type(BinaryExpression(User.id, Post.id, None))
reveal_type(registry())
def f(u: User):
    from sqlalchemy import inspect
    reveal_type(inspect(u).attrs.get("name"))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "o: _AbstractLoad\no.selectinload(User.posts): _AbstractLoad\n\
         Load(User).defaultload(User.posts).load_only(Post.title): Load\n\
         selectinload(User.posts).options(joinedload(Post.author)): _AbstractLoad\n\
         select(User).options(o): Select[Tuple[User]]\nprop: MapperProperty[Any]\nelement: ExternallyTraversible\n\
         BinaryExpression(User.id, Post.id, None): BinaryExpression[Unknown]\nregistry(): registry\n\
         inspect(u).attrs.get(\"name\"): AttributeState | None"
    );
}

#[test]
fn a_union_holding_an_instance_of_a_class_with_an_unseen_base_narrows_a_declaration_member_by_member() {
    // pyright 1.1.414 (FlexGet's `latest: db.Episode = get_latest_release(...)`, models of a
    // factory's `VersionedBaseMeta`): such an instance is assignable to anything, so the
    // assignment stands and `None` stays; a plain class's value is reported and not narrowed.
    let main = r#"from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base, Session
Base = declarative_base()
class Meta(type):
    pass
def factory() -> Meta: ...
Other = factory()
class User(Base):
    __tablename__ = "u"
    id = Column(Integer, primary_key=True)
class Episode(Other):
    pass
class Plain:
    pass
def f(s: Session, e: Episode | None, n: int | None):
    u: User = s.query(User).first()
    reveal_type(u)
    v: User = e
    reveal_type(v)
    w: Plain = e
    reveal_type(w)
    x: Episode = User()
    reveal_type(x)
    y: User = n
    reveal_type(y)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "u: User | None\n\
         v: Episode | None (checker: User | None)\n\
         w: Episode | None\n\
         x: User (checker: Episode)\n\
         y: int | None (checker: User)"
    );
}

#[test]
fn a_function_given_for_a_callable_parameter_solves_its_return_type() {
    // pyright 1.1.414 (fastapi-user-auth's `await self.db.async_run_sync(self._create_sync, key)`
    // with `fn: Callable[[Concatenate[Session | Connection, _P]], _T]`).
    let main = r#"from typing import Callable, TypeVar, Union
from typing_extensions import Concatenate, ParamSpec
P = ParamSpec("P")
T = TypeVar("T")
class S: ...
class U: ...
def run(fn: Callable[Concatenate[S, P], T], *args: P.args, **kwargs: P.kwargs) -> T: ...
def run_any(fn: Callable[..., T]) -> T: ...
class Db:
    async def run_sync(self, fn: Callable[[Concatenate[Union[S, U], P]], T], *args: P.args) -> T: ...
def load(session: S, key: str = "x") -> U: ...
class Repo:
    db: Db
    def load(self, session: S) -> U: ...
    async def go(self):
        reveal_type(await self.db.run_sync(self.load))
reveal_type(run(load, "k"))
reveal_type(run_any(load))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "await self.db.run_sync(self.load): U\nrun(load, \"k\"): U\nrun_any(load): U"
    );
}

#[test]
fn assigning_an_untyped_synonym_narrows_it_to_type_checkers_not_a_mapped_column() {
    // pyright 1.1.414 (FlexGet's `self.actors_list = [...]` of `actors_list = json_synonym(...)`):
    // a `SynonymProperty` is no descriptor to them; `Mapped[str]` is one whose setter takes more
    // than its getter gives, so it keeps its declaration.
    let main = r#"from typing import Any
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base, synonym, Mapped, mapped_column
Base = declarative_base()
class Show(Base):
    __tablename__ = "s"
    id = Column(Integer, primary_key=True)
    _actors = Column(String)
    actors = synonym("_actors")
    name: Mapped[str] = mapped_column()
    def load(self, c: bool, names: list[Any]):
        if c:
            self.actors = names
            self.name = "x"
            self.cache = [1]
        reveal_type(self.actors)
        reveal_type(self.name)
        reveal_type(self.cache)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "self.actors: Unknown (checker: list[Any] | Any)\nself.name: str\nself.cache: list[int]"
    );
}

#[test]
fn querying_one_of_two_model_classes_is_a_query_of_either() {
    // pyright 1.1.414 (celery's `session.query(cls)` where `cls` is one of two task models).
    let main = r#"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
class B(Base):
    __tablename__ = "b"
    id: Mapped[int] = mapped_column(primary_key=True)
def f(s: Session, style: str):
    model = A if style == "a" else B
    reveal_type(s.query(model))
    reveal_type(s.query(model).first())
    reveal_type(s.get(model, 1))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "s.query(model): Query[A | B]\ns.query(model).first(): A | B | None\ns.get(model, 1): A | B | None"
    );
}

#[test]
fn an_untyped_method_returning_a_partly_unknown_self_leaves_self_unsolved_to_type_checkers() {
    // pyright 1.1.414 (sqlalchemy-celery-beat's `model_class.from_schedule(session, schedule)`):
    // a method without annotations whose return is partly unknown is inferred again at the call,
    // where `Self@C` stays; with its parameters annotated, or a return fully known, it is solved.
    let main = r#"from typing import Any
class A:
    @classmethod
    def make(cls, session):
        model = session.query(A).first()
        if not model:
            model = cls()
        return model
    @classmethod
    def make_typed(cls, session: Any):
        x = undefined_name
        if x:
            return cls()
        return x
    @classmethod
    def make_known(cls, session):
        return cls() if session else None
    def me(self, session):
        x = session.foo
        return self if x else x
def g(session, a: A):
    reveal_type(A.make(session))
    reveal_type(A.make_typed(session))
    reveal_type(A.make_known(session))
    reveal_type(a.me(session))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "A.make(session): A | Unknown (checker: Self@A | Unknown)\n\
         A.make_typed(session): A | Unknown\n\
         A.make_known(session): A | None\n\
         a.me(session): A | Unknown (checker: Self@A | Unknown)"
    );
}

#[test]
fn an_sqlalchemy_iterable_given_for_an_iterable_parameter_solves_its_item() {
    // pyright 1.1.414 (FlexGet's `for orig in track(session.query(ArchiveEntry).yield_per(5))`,
    // rich's `track(sequence: Iterable[ProgressType])`).
    let main = r#"from typing import Iterable, TypeVar
from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session
T = TypeVar("T")
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
def track(seq: Iterable[T], total: int = 0) -> Iterable[T]: ...
def first(seq: Iterable[T]) -> T: ...
def f(s: Session):
    for a in track(s.query(A).yield_per(5)):
        reveal_type(a)
    reveal_type(first(s.scalars(select(A))))
    reveal_type(first(s.execute(select(A.id))))
    reveal_type(first(s.query(A.id)))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "a: A\nfirst(s.scalars(select(A))): A\nfirst(s.execute(select(A.id))): Row[Tuple[int]]\n\
         first(s.query(A.id)): Row[Tuple[int]]"
    );
}

#[test]
fn isinstance_narrows_to_sqlalchemy_classes_and_a_declared_union_narrows_member_by_member() {
    // pyright 1.1.414 (advanced-alchemy's DTO: `elem: ElementType` given the narrowed
    // `orm_descriptor.property.expression`): a generic class named bare has unknown arguments;
    // a `Column[Unknown]` fits `Column[Any]` (taken as declared) and `ColumnClause[Any]` (kept).
    let main = r#"from typing import Any, List, Union
from sqlalchemy import Column, Label
from sqlalchemy.orm import ColumnProperty, CompositeProperty, QueryableAttribute, RelationshipProperty
from sqlalchemy.sql.expression import ColumnClause
ElementType = Union["Column[Any]", "RelationshipProperty[Any]", "CompositeProperty[Any]", "ColumnClause[Any]", "Label[Any]"]
class Role:
    pass
def f(descriptor: Any, role: Union[List[Role], Role]):
    if not isinstance(descriptor, QueryableAttribute):
        raise NotImplementedError()
    reveal_type(descriptor)
    elem: ElementType
    if isinstance(descriptor.property, ColumnProperty):
        reveal_type(descriptor.property)
        if not isinstance(descriptor.property.expression, (Column, ColumnClause, Label)):
            raise NotImplementedError()
        elem = descriptor.property.expression
        reveal_type(elem)
    elif isinstance(descriptor.property, (RelationshipProperty, CompositeProperty)):
        elem = descriptor.property
        reveal_type(elem)
    reveal_type(role if isinstance(role, list) else [role])
"#;
    // The precise view keeps the declaration: what is assigned holds a value of unknown type.
    let element = "Column[Any] | RelationshipProperty[Any] | CompositeProperty[Any] | ColumnClause[Any] | Label[Any]";
    assert_eq!(
        reveal(main, Series::V20),
        format!(
            "descriptor: QueryableAttribute[Unknown]\n\
         descriptor.property: ColumnProperty[Unknown]\n\
         elem: {element} (checker: Column[Any] | Column[Unknown] | ColumnClause[Any] | Label[Any])\n\
         elem: {element} (checker: RelationshipProperty[Any] | CompositeProperty[Any])\n\
         role if isinstance(role, list) else [role]: List[Role]"
        )
    );
}

#[test]
fn a_name_read_in_a_try_body_after_its_assignment_there_is_what_was_assigned() {
    // pyright 1.1.414 (optuna's `try: _Column = mapped_column` / `except ImportError: from
    // sqlalchemy import Column as _Column`): the fallback joins only after the statement.
    let main = r#"try:
    from sqlalchemy.orm import mapped_column
    _Column = mapped_column
    reveal_type(_Column)
except ImportError:
    from sqlalchemy import Column as _Column
reveal_type(_Column)
"#;
    let revealed = reveal(main, Series::V20);
    let lines: Vec<&str> = revealed.lines().collect();
    assert_eq!(lines.len(), 2, "{revealed}");
    assert!(lines[0].starts_with("_Column: (__name_pos:") && !lines[0].contains("type[Column]"), "{revealed}");
    assert!(lines[1].contains("(checker: ((__name_pos:") && lines[1].contains("| type[Column"), "{revealed}");
}

#[test]
fn an_empty_display_given_for_a_union_takes_its_first_abstract_container_member() {
    // pyright 1.1.414 (advanced-alchemy's `if filters is None: filters = []` of
    // `filters: Sequence[F | ColumnElement[bool]] | Sequence[F] | None`): a display with items
    // keeps what they give.
    let main = r#"from typing import Mapping, Optional, Sequence, Union
def f(filters: Union[Sequence[int], Sequence[str], None], names: Optional[Sequence[object]], m: Optional[Mapping[str, int]]):
    if filters is None:
        filters = []
        reveal_type(filters)
    if names is None:
        names = ["a"]
        reveal_type(names)
    if m is None:
        m = {}
        reveal_type(m)
"#;
    assert_eq!(reveal(main, Series::V20), "filters: list[int]\nnames: list[str]\nm: dict[str, int]");
}

#[test]
fn a_generic_sql_type_class_leaves_its_type_variable_unsolved_in_2_1() {
    // pyright 1.1.414 (optuna's migrations: `sa.Column(sa.Float)`): 2.0 shows `Unknown`, 2.1
    // the variable scoped to the class written; an instance solves it.
    let main = r#"import sqlalchemy as sa
reveal_type(sa.Column(sa.Float))
reveal_type(sa.Column(sa.DOUBLE_PRECISION))
reveal_type(sa.Column(sa.Uuid))
reveal_type(sa.Column(sa.Float()))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "sa.Column(sa.Float): Column[float] (checker: Column[Unknown])\n\
         sa.Column(sa.DOUBLE_PRECISION): Column[float] (checker: Column[Unknown])\n\
         sa.Column(sa.Uuid): Column[UUID] (checker: Column[Unknown])\nsa.Column(sa.Float()): Column[float]"
    );
    assert_eq!(
        reveal(main, Series::V21),
        "sa.Column(sa.Float): Column[float] (checker: Column[_N@Float])\n\
         sa.Column(sa.DOUBLE_PRECISION): Column[float] (checker: Column[_N@DOUBLE_PRECISION])\n\
         sa.Column(sa.Uuid): Column[UUID] (checker: Column[_UUID_RETURN@Uuid])\nsa.Column(sa.Float()): Column[float]"
    );
}

#[test]
fn isinstance_keeps_an_instance_of_a_class_with_an_unseen_base_to_type_checkers() {
    // pyright 1.1.414 (Flask-AppBuilder's `role if isinstance(role, list) else [role]` with
    // `Model` of `declarative_base()`): such a class may derive from `list` as far as they know.
    let main = r#"from typing import List, Optional, Union
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class Role(Base):
    __tablename__ = "r"
class Plain:
    pass
def f(role: Optional[Union[List[Role], Role]], p: Union[List[Plain], Plain]):
    if isinstance(role, list):
        reveal_type(role)
    reveal_type(p if isinstance(p, list) else [p])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "role: List[Role] (checker: List[Role] | Role)\np if isinstance(p, list) else [p]: List[Plain]"
    );
}

#[test]
fn a_selectable_named_bare_shows_its_column_collection_default_in_2_1() {
    // pyright 1.1.414 with SQLAlchemy 2.1.9 (advanced-alchemy's `for table in mapper.tables`):
    // `TableClause` and `FromClause` take a column collection whose type variable has a default.
    let main = r#"from sqlalchemy import FromClause, TableClause
from sqlalchemy.orm import Mapper
def f(t: TableClause, m: Mapper, fc: FromClause):
    reveal_type(t)
    for table in m.tables:
        reveal_type(table)
    reveal_type(fc)
"#;
    assert_eq!(reveal(main, Series::V20), "t: TableClause\ntable: TableClause\nfc: FromClause");
    assert_eq!(
        reveal(main, Series::V21),
        "t: TableClause[ReadOnlyColumnCollection[str, ColumnClause[Any]]]\n\
         table: TableClause[ReadOnlyColumnCollection[str, ColumnClause[Any]]]\n\
         fc: FromClause[ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]]"
    );
}

#[test]
fn a_row_building_call_with_an_unpacked_argument_has_an_unknown_number_of_columns() {
    // pyright 1.1.414: SQLAlchemy 2.0.58 takes the untyped overload; 2.1.9's `select` the one with
    // ten typed columns and `*entities`, the unpacked element filling every column left; a column
    // element of `Any` makes the call ambiguous (`Any`); `returning` is `Unknown`.
    let main = r#"from typing import Any
from sqlalchemy import select, insert, Column, Label
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
def f(s: Session, cols: list[Column[int]], labels: list[Label[Any]], *rest):
    reveal_type(select(*cols))
    reveal_type(select(A.id, A.name, *cols))
    reveal_type(select(*cols, A.name))
    reveal_type(select(*rest))
    reveal_type(select(*labels))
    reveal_type(s.query(A.name, *cols))
    reveal_type(s.query(*labels))
    reveal_type(insert(A).returning(*cols))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "select(*cols): Select[Any]\nselect(A.id, A.name, *cols): Select[Any]\nselect(*cols, A.name): Select[Any]\n\
         select(*rest): Select[Any]\nselect(*labels): Select[Any]\ns.query(A.name, *cols): Query[Any]\n\
         s.query(*labels): Query[Any]\ninsert(A).returning(*cols): ReturningInsert[Any]"
    );
    let row = |cols: &str| format!("Select[*tuple[Any, ...]] (checker: Select[{cols}, *tuple[Any, ...]])");
    let expected = [
        format!("select(*cols): {}", row(&["int"; 10].join(", "))),
        format!("select(A.id, A.name, *cols): {}", row(&format!("int, str, {}", ["int"; 8].join(", ")))),
        format!("select(*cols, A.name): {}", row(&["int"; 10].join(", "))),
        format!("select(*rest): {}", row(&["Unknown"; 10].join(", "))),
        "select(*labels): Select[*tuple[Any, ...]] (checker: Any)".to_owned(),
        "s.query(A.name, *cols): Query[Any]".to_owned(),
        "s.query(*labels): Query[Any] (checker: Any)".to_owned(),
        "insert(A).returning(*cols): ReturningInsert[*tuple[Any, ...]] (checker: Unknown)".to_owned(),
    ];
    assert_eq!(reveal(main, Series::V21), expected.join("\n"));
}

#[test]
fn a_backref_is_looked_up_by_type_checkers_like_any_undefined_attribute() {
    // pyright 1.1.414 (optuna's `for value_model in trial.values`): the class's base is `Any`, so
    // the attribute a backref adds is `Any` to it; on a typed base it is an error (`Unknown`).
    let main = r#"from typing import Any
from sqlalchemy import ForeignKey
from sqlalchemy.orm import declarative_base, relationship, backref, Mapped, mapped_column, DeclarativeBase
Base: Any = declarative_base()
class Trial(Base):
    __tablename__ = "trial"
    id: Mapped[int] = mapped_column(primary_key=True)
class Value(Base):
    __tablename__ = "value"
    id: Mapped[int] = mapped_column(primary_key=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("trial.id"))
    trial = relationship(Trial, backref=backref("values", cascade="all"))
class Typed(DeclarativeBase):
    pass
class Parent(Typed):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
class Child(Typed):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    parent = relationship(Parent, backref="children")
def f(trial: Trial, parent: Parent):
    for value in trial.values:
        reveal_type(value)
    reveal_type(parent.children)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "value: Value (checker: Any)\nparent.children: List[Child] (checker: Unknown)"
    );
}

#[test]
fn an_operand_that_may_be_unknown_is_taken_member_by_member() {
    // pyright 1.1.414: the right operand's members in turn (`None` in arithmetic is an error,
    // `Unknown`); a comparison drops `None` from an operand that is otherwise unknown.
    let main = r#"from typing import Any
def f(u, a: Any, i: int, s: str):
    y = i if s else u
    n = u if i else None
    an = a if i else None
    reveal_type(i * y)
    reveal_type(1.5 * y)
    reveal_type(i - an)
    reveal_type(i + n)
    reveal_type(i < y)
    reveal_type(i == n)
    reveal_type(n == i)
    reveal_type(i == an)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "i * y: Unknown (checker: int | Unknown)\n1.5 * y: Unknown (checker: float | Unknown)\n\
         i - an: Unknown (checker: Any | Unknown)\ni + n: Unknown\ni < y: Unknown (checker: bool | Unknown)\n\
         i == n: Unknown\nn == i: Unknown\ni == an: bool (checker: Any)"
    );
}

#[test]
fn a_typed_dict_subscript_is_the_declared_type_of_its_key() {
    // pyright 1.1.414 (FlexGet's `record["level"].name` of loguru's `Record`): a key's qualifiers
    // (`Required`, `NotRequired`) wrap its type; a key that is no literal stays unknown.
    let main = r#"from typing import NamedTuple, Optional, TypedDict
from typing_extensions import NotRequired, Required
class Level(NamedTuple):
    name: str
class Base(TypedDict, total=False):
    level: Required[Level]
    note: NotRequired[Optional[str]]
class Record(Base):
    tags: list[int]
def f(records: list[Record], key: str):
    for record in records:
        reveal_type(record["level"].name)
        reveal_type(record["note"])
        reveal_type(record["tags"])
        reveal_type(record[key])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "record[\"level\"].name: str\nrecord[\"note\"]: str | None\nrecord[\"tags\"]: list[int]\nrecord[key]: Unknown"
    );
}

#[test]
fn an_any_argument_solves_the_type_variables_of_its_parameter_as_any() {
    // pyright 1.1.414 (FlexGet's `os.path.expanduser(options.logfile)` of typeshed's
    // `expanduser(path: PathLike[AnyStr]) -> AnyStr` overloads): an `Any` given for `Box[T]` solves
    // `T` as `Any`, so both overloads return `Any`.
    let main = r#"from typing import Any, Generic, TypeVar, overload
T = TypeVar("T")
class Box(Generic[T]):
    pass
@overload
def unwrap(x: Box[T]) -> T: ...
@overload
def unwrap(x: list[T]) -> T: ...
def unwrap(x): ...
def f(a: Any, b: Box[int]):
    reveal_type(unwrap(a))
    reveal_type(unwrap(b))
"#;
    assert_eq!(reveal(main, Series::V20), "unwrap(a): Any\nunwrap(b): int");
}

#[test]
fn an_attribute_read_in_its_own_assignment_is_what_its_other_declarations_say() {
    // pyright 1.1.414 (Flask-AppBuilder's `self.related_views = self.related_views or []`): the
    // circular declaration is skipped where it is read, so the class body's `None` is read there.
    let main = r#"class Conv:
    def convert(self, cols: list) -> int:
        return 1
class View:
    related_views = None
    conv = Conv
    def __init__(self):
        self.related_views = self.related_views or []
        self.conv = self.conv()
    def get(self):
        return self.related_views
def f(v: View, cols: list):
    reveal_type(v.get())
    reveal_type(v.conv)
    reveal_type(v.conv.convert(cols))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "v.get(): list[Unknown] | None\nv.conv: type[Conv] | Conv\nv.conv.convert(cols): int (checker: Unknown | int)"
    );
}

#[test]
fn a_call_its_function_s_parameters_do_not_take_is_unknown_to_type_checkers() {
    // pyright 1.1.414: a missing argument, one too many or an unknown keyword makes the call
    // `Unknown` (`Conv.convert(cols)` of a method: `self` missing).
    let main = r#"class Conv:
    def convert(self, cols: list) -> int:
        return 1
    @staticmethod
    def make(n: int, *rest: int) -> int:
        return n
def f(x: list, args: list):
    reveal_type(Conv.convert(x))
    reveal_type(Conv.convert(Conv(), x))
    reveal_type(Conv().convert())
    reveal_type(Conv().convert(x, x))
    reveal_type(Conv().convert(columns=x))
    reveal_type(Conv().convert(*args))
    reveal_type(Conv.make(1, 2, 3))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Conv.convert(x): int (checker: Unknown)\nConv.convert(Conv(), x): int\nConv().convert(): int (checker: Unknown)\n\
         Conv().convert(x, x): int (checker: Unknown)\nConv().convert(columns=x): int (checker: Unknown)\n\
         Conv().convert(*args): int\nConv.make(1, 2, 3): int"
    );
}

#[test]
fn iterating_a_union_skips_none_and_fails_on_a_number() {
    // pyright 1.1.414: `None` of an optional iterable is reported and the rest iterated; a member
    // that is no iterable (FlexGet's `query: int | Iterable[Series]`) makes the element `Unknown`.
    let main = r#"from typing import Iterable
def f(a: int | Iterable[str], b: list[str] | None, c: bool | list[int]):
    for x in a:
        reveal_type(x)
    for y in b:
        reveal_type(y)
    for w in c:
        reveal_type(w)
    reveal_type([v for v in a])
"#;
    assert_eq!(reveal(main, Series::V20), "x: Unknown\ny: str\nw: Unknown\n[v for v in a]: list[Unknown]");
}

#[test]
fn a_parameter_with_a_default_does_not_make_pyright_infer_a_call_again() {
    // pyright 1.1.414 (Flask-AppBuilder's `self._get_edit_widget(form=form)` of
    // `def _get_edit_widget(self, form=None, exclude_cols=None, widgets=None)`): a parameter with a
    // default is typed by it, so a function whose parameters all have one is not inferred again
    // at the call; one with a bare parameter is. The precise view follows the call.
    let main = r#"class Base:
    def widgets(self, form=None, widgets=None):
        widgets = widgets or {}
        return widgets
    def with_bare(self, x, w=None):
        return w or {}
    def echo(self, x=None):
        return x
def f(b: Base, u):
    reveal_type(b.widgets(form=u))
    reveal_type(b.with_bare(1))
    reveal_type(b.echo(1))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "b.widgets(form=u): dict[Unknown, Unknown] (checker: Unknown | dict[Unknown, Unknown])\n\
         b.with_bare(1): dict[Unknown, Unknown]\nb.echo(1): Literal[1] (checker: Unknown | None)"
    );
}

#[test]
fn an_undeclared_attribute_of_a_function_is_any_to_type_checkers_and_of_a_bound_method_unknown() {
    // pyright 1.1.414 (Flask-AppBuilder's `func._response_key_func_mappings` of a
    // `func: Callable[..., Response]` after `hasattr`): a function's attribute is looked up on
    // `types.FunctionType` and, not declared there, is `Any`; a bound method's on `types.MethodType`,
    // where it is unknown. Whether it was set is unknown to the precise view. A name another
    // decorator rebinds (`@click.command()`, a `Command`) is not the function's.
    let main = r#"from typing import Callable
import click
class C:
    def m(self): ...
    @staticmethod
    def s(): ...
def plain(): ...
@click.command()
def command(): ...
def f(func: Callable[..., int], c: C):
    if not hasattr(func, "_handlers"):
        return
    reveal_type(func._handlers)
    reveal_type(plain.calls)
    reveal_type(c.m.calls)
    reveal_type(c.s.calls)
    reveal_type(C.m.calls)
    reveal_type(command.params)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "func._handlers: Unknown (checker: Any)\nplain.calls: Unknown (checker: Any)\nc.m.calls: Unknown\n\
         c.s.calls: Unknown (checker: Any)\nC.m.calls: Unknown (checker: Any)\ncommand.params: Unknown"
    );
}

#[test]
fn an_operator_takes_each_member_of_a_union_left_operand_in_turn() {
    // pyright 1.1.414 (optuna's `ret += separator + "\n"` with `separator: LiteralString |
    // Literal['+']`): each member of the left operand alone, a literal string as a
    // `LiteralString`; a member the operator does not take is unknown; unions of literals fold pair
    // by pair. The precise view knows no result with an unknown member.
    let main = r#"from typing import Literal
def f(a: int | float, b: int | str, c: Literal[1, 2], d: Literal["a", "b"], e: str | bytes, h: int | Literal["x"]):
    reveal_type(a + 1)
    reveal_type(b + 1)
    reveal_type(c + 1)
    reveal_type(d + "c")
    reveal_type(e * 2)
    reveal_type(h * 2)
    reveal_type(-a)
    s = "+"
    for i in range(3):
        s += "-" * i
    reveal_type(s + "\n")
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "a + 1: int | float\nb + 1: Unknown (checker: int | Unknown)\nc + 1: Literal[2, 3]\n\
         d + \"c\": Literal['ac', 'bc']\ne * 2: str | bytes\nh * 2: int | LiteralString\n-a: int | float\n\
         s + \"\\n\": LiteralString"
    );
}

#[test]
fn a_union_puts_literals_after_other_types_as_pyright_combines_them() {
    // pyright 1.1.414 (Flask-AppBuilder's `[set_value_to_type(...) for v in value]`): a union
    // holds its other types first, then empty containers, then literals, each in its order; a
    // literal widened in a list keeps that place, and `True | False` is a `bool` there.
    let main = r#"def g(v: str, c: int):
    if c == 1:
        return int(v)
    if c == 2:
        return True
    if c == 5:
        return None
    return v
def f(c: int, d: int, s: str):
    reveal_type(g("1", 1))
    reveal_type([g("1", 1)])
    a = True if c else (None if d else (False if c > 1 else s))
    reveal_type(a)
    e = [] if c else ("x" if d else [1])
    reveal_type(e)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "g(\"1\", 1): int | str | Literal[True] | None\n[g(\"1\", 1)]: list[int | str | bool | None]\n\
         a: str | bool | None\ne: list[int] | Literal['x']"
    );
}

#[test]
fn an_unpacked_iterable_in_a_tuple_spreads_a_tuple_s_items_and_otherwise_leaves_the_length_unknown() {
    // pyright 1.1.414: `(*t, x)` of a `tuple[int, str]` holds its items in place; `(*xs,)` of a
    // list is `tuple[int, ...]`; beside other items a list makes `tuple[*tuple[int, ...], ...]`,
    // which we do not hold: unknown, not a tuple of the wrong length.
    let main = r#"def f(args: list[int], t: tuple[int, str], kw: dict[str, int]):
    reveal_type((*t, kw))
    reveal_type((*args,))
    reveal_type((*args, kw))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "(*t, kw): tuple[int, str, dict[str, int]]\n(*args,): tuple[int, ...]\n(*args, kw): Unknown"
    );
}

#[test]
fn truthiness_narrows_to_the_truthy_or_falsy_part_and_an_or_joins_both_ways() {
    // pyright 1.1.414 (fastapi-user-auth's `(roles,) if not roles or isinstance(roles, str) else
    // tuple(roles)`): `if x` drops `None` and falsy literals and makes a `bool` `Literal[True]`;
    // `if not x` keeps the falsy literal of `bool`, `int`, `str` (`Literal['']`) and, to type
    // checkers, drops an instance of a class defining neither `__bool__` nor `__len__` (a subclass
    // may define them: the precise view keeps it). `a or b` holds where `a` does, or where `a`
    // does not and `b` does.
    let main = r#"from typing import Optional, Sequence, Union
class C: ...
class L:
    def __len__(self) -> int: ...
def f(b: bool, i: int, o: Optional[str], c: Optional[C], l: Optional[L], roles: Union[str, Sequence[str]]):
    if b:
        reveal_type(b)
    if not i:
        reveal_type(i)
    if not o:
        reveal_type(o)
    if not c:
        reveal_type(c)
    if not l:
        reveal_type(l)
    if not roles or isinstance(roles, str):
        reveal_type(roles)
    if not roles or roles == "x":
        reveal_type(roles)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "b: Literal[True]\ni: Literal[0]\no: Literal[''] | None\nc: C | None (checker: None)\nl: L | None\n\
         roles: Sequence[str] | str\nroles: Sequence[str] | Literal['', 'x']"
    );
}

#[test]
fn a_literal_string_given_for_an_iterable_is_a_str_and_a_time_has_typeshed_s_methods() {
    // pyright 1.1.414 (kombu's `set(string.punctuation) - {'_'}`): a `LiteralString` matches
    // `Iterable[T]` through `str`'s base `Sequence[str]`; `datetime.time`'s methods as typeshed
    // declares them.
    let main = r#"import datetime
def f(t: datetime.time):
    reveal_type(set("abc"))
    reveal_type(list("a" "b"))
    reveal_type(t.isoformat())
    reveal_type(t.replace(hour=1))
    reveal_type(t.utcoffset())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "set(\"abc\"): set[str]\nlist(\"a\" \"b\"): list[str]\nt.isoformat(): str\nt.replace(hour=1): time\n\
         t.utcoffset(): timedelta | None"
    );
}

#[test]
fn joining_items_that_are_surely_no_strings_is_unknown_to_type_checkers() {
    // pyright 1.1.414 (FlexGet's `", ".join([s.name for s in entry.sources])` with
    // `name: Mapped[str | None]`): no overload of `str.join` takes `None` or numbers, so the call
    // is reported and its result unknown; the precise view keeps the `str` it returns when it runs.
    // Items that are `Any` take the `LiteralString` overload (`",".join(values)` of a
    // `list[Any]`).
    let main = r#"from typing import Any
def f(names: list[str | None], counts: list[int], words: list[str], values: list[Any]):
    reveal_type(", ".join(names))
    reveal_type(", ".join(counts))
    reveal_type(", ".join(words))
    reveal_type(", ".join(values))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "\", \".join(names): str (checker: Unknown)\n\", \".join(counts): str (checker: Unknown)\n\
         \", \".join(words): str\n\", \".join(values): LiteralString"
    );
}

#[test]
fn lists_concatenate_and_dict_fromkeys_as_typeshed_declares_them() {
    // pyright 1.1.414 (optuna's `argv[:i] + argv[j + 1 :]`): `list.__add__` keeps a list of the
    // same (or unknown) items and makes `list[S | T]` of two kinds, the right list's first;
    // `dict.fromkeys` keys its iterable's items to `Any | None`, or to the value given.
    let main = r#"def g(a: list[str], b: list[int], i: int, u: list):
    reveal_type(a[:i] + a[i + 1:])
    reveal_type(["p"] + [f"v{k}" for k in range(6)])
    reveal_type(a + b)
    reveal_type(a + u)
    reveal_type(dict.fromkeys(a, 0))
    reveal_type(dict.fromkeys(a))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "a[:i] + a[i + 1:]: list[str]\n[\"p\"] + [f\"v{k}\" for k in range(6)]: list[str]\na + b: list[int | str]\n\
         a + u: list[str]\ndict.fromkeys(a, 0): dict[str, int]\ndict.fromkeys(a): dict[str, Any | None]"
    );
}

#[test]
fn a_class_s_operator_methods_and_self_returns_follow_the_receiver() {
    // pyright 1.1.414 (FlexGet's `(Path(root_dir) / file).resolve()` of typeshed's
    // `PurePath.__truediv__(self, key) -> Self`): an operator a class defines is its method (the
    // right operand's reflected one otherwise), and `Self` returned by a base's method or property
    // is the receiver's class; an unannotated `return self` is too, to type checkers (the precise
    // view says the base, which the receiver is).
    let main = r#"from typing import Self
class Pure:
    def __truediv__(self, key: str) -> Self: ...
    def __radd__(self, other: int) -> int: ...
    @property
    def parent(self) -> Self: ...
    def copy(self):
        return self
    @classmethod
    def create(cls) -> Self: ...
class Concrete(Pure): ...
def f(p: Concrete, b: bytes):
    reveal_type(Concrete.create())
    reveal_type(p / "x")
    reveal_type(1 + p)
    reveal_type(p.parent)
    reveal_type(p.copy())
    reveal_type(b.strip())
    reveal_type(b"".join([b]))
    reveal_type(bytes.fromhex("ab"))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Concrete.create(): Concrete\np / \"x\": Concrete\n1 + p: int\np.parent: Concrete\np.copy(): Pure (checker: Concrete)\nb.strip(): bytes\n\
         b\"\".join([b]): bytes\nbytes.fromhex(\"ab\"): bytes"
    );
}

#[test]
fn formatting_a_model_of_an_any_base_is_a_literal_string_to_type_checkers() {
    // pyright 1.1.414 (celery's `'<Task {0.task_id}>'.format(self)` in a model of
    // `declarative_base()`): an instance of a class whose base is `Any` to them fits typeshed's
    // `LiteralString` overload of `str.format`; the precise view keeps the `str`.
    let main = r#"from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class Task(Base):
    __tablename__ = "task"
    id = Column(Integer, primary_key=True)
def f(t: Task, n: int):
    reveal_type("<Task {0.id}>".format(t))
    reveal_type("{}".format(n))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "\"<Task {0.id}>\".format(t): str (checker: LiteralString)\n\"{}\".format(n): str"
    );
}

#[test]
fn a_name_the_column_collection_defines_is_its_method_not_a_column() {
    // SQLAlchemy 2.0.58/2.1.9 at runtime: `t.c.keys` is `ColumnCollection.keys` even where a column
    // is called `keys` (its `__getattr__` comes last); pyright 1.1.414 agrees (`List[str]`).
    let main = r#"from sqlalchemy import Column, Integer, MetaData, String, Table
t = Table("t", MetaData(), Column("id", Integer), Column("keys", String))
reveal_type(t.c.keys())
reveal_type(t.c.id)
reveal_type(t.c["keys"])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "t.c.keys(): List[str]\nt.c.id: Column[int] (checker: Column[Any])\nt.c[\"keys\"]: Column[str] (checker: Column[Any])"
    );
}

#[test]
fn a_typed_dict_s_methods_follow_its_keys() {
    // pyright 1.1.414 synthesizes them: a required key's `get` is its value (the default ignored),
    // a key that may be absent adds `None` or the default, any other string is `Any`; the views
    // are `Mapping[str, object]`'s.
    let main = r#"from typing import Any, Literal, TypedDict
from typing_extensions import NotRequired, Required
class Record(TypedDict):
    level: int
    note: NotRequired[str]
class Partial(Record, total=False):
    tags: list[str]
    owner: Required[bytes]
def f(r: Record, p: Partial, key: str, either: Literal["level", "note"], anything: Any):
    reveal_type(r.get("level"))
    reveal_type(r.get("level", None))
    reveal_type(r.get("note"))
    reveal_type(r.get("note", 3))
    reveal_type(r.get(key))
    reveal_type(r.get(key, 1))
    reveal_type(r.get(either))
    reveal_type(r.get("missing"))
    reveal_type(r.get(anything))
    reveal_type(p.get("tags"))
    reveal_type(p.get("owner"))
    reveal_type(p.get("level"))
    reveal_type(r.pop("note"))
    reveal_type(r.pop("note", b""))
    reveal_type(r.setdefault("note", ""))
    reveal_type(p.copy())
    reveal_type(r.keys())
    reveal_type(r.items())
    for k in r:
        reveal_type(k)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "r.get(\"level\"): int\nr.get(\"level\", None): int\nr.get(\"note\"): str | None\nr.get(\"note\", 3): str | int\n\
         r.get(key): Any | None\nr.get(key, 1): Any | int\nr.get(either): Any | None\nr.get(\"missing\"): Any | None\n\
         r.get(anything): Any\np.get(\"tags\"): list[str] | None\np.get(\"owner\"): bytes\np.get(\"level\"): int\n\
         r.pop(\"note\"): str\nr.pop(\"note\", b\"\"): str | bytes\nr.setdefault(\"note\", \"\"): str\np.copy(): Partial\n\
         r.keys(): dict_keys[str, object]\nr.items(): dict_items[str, object]\nk: str"
    );
}

#[test]
fn none_refusing_arithmetic_keeps_the_place_of_none_in_the_union() {
    // pyright 1.1.414 (FlexGet's qBittorrent client): `self.url = None` before `self.url = "..."`
    // declares `None` first; `self.url + "/x"` is the union member by member (`Unknown | str`),
    // although `None` is printed last. An annotated `str | None` keeps `str` first.
    let main = r#"class Client:
    def __init__(self):
        self.url = None
    def connect(self, host: str):
        self.url = host
    def version(self, path: str | None):
        reveal_type(self.url + "/version")
        reveal_type(path + "/version")
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "self.url + \"/version\": Unknown (checker: Unknown | str)\npath + \"/version\": Unknown (checker: str | Unknown)"
    );
}

#[test]
fn type_called_with_three_arguments_makes_a_class() {
    // pyright 1.1.414: a class named by the literal (`_` for any other name); its members are not
    // followed here, so an instance stays unknown.
    let main = r#"class Base:
    pass
def make(name: str):
    Extension = type("Extension", (), {})
    reveal_type(Extension)
    reveal_type(type(name, (Base,), {"x": 1}))
"#;
    assert_eq!(reveal(main, Series::V20), "Extension: type[Extension]\ntype(name, (Base,), {\"x\": 1}): type[_]");
}

#[test]
fn an_unknown_member_of_a_number_argument_fits_and_solves_nothing() {
    // pyright 1.1.414 (FlexGet's `divmod(diff.seconds, 3600)` of `diff: timedelta | Unknown`):
    // only an argument wholly unknown leaves the call unknown. The precise view keeps `Unknown`:
    // what the unknown member gives is not known.
    let main = r#"from math import ceil
def f(n: int, x, flag: bool):
    seconds = n if flag else x
    reveal_type(divmod(seconds, 3600))
    reveal_type(ceil(seconds / 2.0))
    reveal_type(divmod(x, 60))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "divmod(seconds, 3600): Unknown (checker: tuple[int, int])\nceil(seconds / 2.0): Unknown (checker: int)\ndivmod(x, 60): Unknown"
    );
}

#[test]
fn an_f_string_of_a_union_of_literal_strings_is_a_literal_string() {
    // pyright 1.1.414: each interpolated value a literal string, a union of them included; an
    // optional one (`None` formats as "None" but is no literal string) makes it a `str`.
    let main = r#"def f(asynchronous: bool, multidb: bool):
    template = "sync"
    if asynchronous:
        template = "asyncio"
    reveal_type(f"{template}-multidb")
    maybe = "x" if multidb else None
    reveal_type(f"{maybe}-multidb")
"#;
    assert_eq!(reveal(main, Series::V20), "f\"{template}-multidb\": LiteralString\nf\"{maybe}-multidb\": str");
}

#[test]
fn a_stub_s_variables_are_their_declarations_through_import_cycles() {
    // numpy's `__init__.pyi` and the stubs it imports read one another's variables: walking
    // them would meet the cycle and know nothing. Each variable is its annotation, an alias the
    // class it names; `finfo(float32)` solves the class's parameter through `__new__ -> Self`
    // from `type[F]` (pyright 1.1.414 on numpy: `finfo(float32).max` is `floating[_32Bit]`).
    let fixture = crate::fixture::Fixture::new(
        r#"
#- /scalars/__init__.pyi
from typing import Any, Final, Generic, TypeVar, overload
from typing_extensions import Self, TypeAlias
from scalars.bits import _32Bit, width
T = TypeVar("T")
w = width
F = TypeVar("F", bound=floating[Any])
class floating(Generic[T]): ...
float32: TypeAlias = floating[_32Bit]
single = floating[_32Bit]
pi: Final[float] = ...
class finfo(Generic[F]):
    max: F
    @overload
    def __new__(cls, dtype: F | type[F]) -> Self: ...
    @overload
    def __new__(cls, dtype: str) -> finfo[floating[Any]]: ...
#- /scalars/bits.pyi
from scalars import pi
class _32Bit: ...
width = pi
#- /main.py
import scalars as np
reveal_type(np.pi)
reveal_type(np.float32)
reveal_type(np.single)
reveal_type(np.finfo(np.float32))
reveal_type(np.finfo(np.float32).max)
reveal_type(np.finfo(np.single()))
"#,
        Series::V20,
    );
    assert_eq!(
        fixture.reveals("/main.py"),
        "np.pi: float\nnp.float32: type[floating[_32Bit]]\nnp.single: type[floating[_32Bit]]\n\
         np.finfo(np.float32): finfo[floating[_32Bit]]\nnp.finfo(np.float32).max: floating[_32Bit]\n\
         np.finfo(np.single()): finfo[floating[_32Bit]]"
    );
}

#[test]
fn an_init_overload_annotating_self_says_the_class_s_arguments() {
    // traitlets' `Instance(C, allow_none=True)` picks `self: Instance[T | None]`: pyright 1.1.414
    // leaves a variable in a union of `self`'s arguments unsolved (`Instance[T@Instance | None]`);
    // the instance is what the arguments make. A class object given for `type[T]` solves `T`.
    let main = r#"from typing import Any, Generic, Literal, TypeVar, overload
T = TypeVar("T")
class Instance(Generic[T]):
    @overload
    def __init__(self: "Instance[T]", klass: type[T], allow_none: Literal[False] = ...) -> None: ...
    @overload
    def __init__(self: "Instance[T | None]", klass: type[T], allow_none: Literal[True] = ...) -> None: ...
    def __init__(self, klass: Any = None, allow_none: bool = False) -> None: ...
class C: ...
def listed(x: T | type[T]) -> list[T]: ...
reveal_type(Instance(C))
reveal_type(Instance(C, allow_none=True))
reveal_type(listed(C))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Instance(C): Instance[C]\nInstance(C, allow_none=True): Instance[C | None] (checker: Instance[T@Instance | None])\n\
         listed(C): list[C]"
    );
}

#[test]
fn a_generic_instance_made_where_its_type_is_declared_takes_the_declared_arguments() {
    // pyright 1.1.414 infers the call from the declaration (`ContextVar[str | None]`), where the
    // arguments it solves fit it.
    let main = r#"from typing import Generic, TypeVar, overload
from typing_extensions import Self
T = TypeVar("T")
class Var(Generic[T]):
    @overload
    def __new__(cls, name: str) -> Self: ...
    @overload
    def __new__(cls, name: str, *, default: T) -> Self: ...
current: Var[str | None] = Var("current", default=None)
reveal_type(current)
reveal_type(Var("other", default=None))
"#;
    assert_eq!(reveal(main, Series::V20), "current: Var[str | None]\nVar(\"other\", default=None): Var[None]");
}

#[test]
fn callable_narrows_a_union_to_its_callable_members() {
    // pyright 1.1.414 and the runtime (advanced-alchemy's error templates): where `callable(x)`
    // holds, the functions, classes and `Callable`s; where it does not, the rest. An instance whose
    // class may define `__call__` stays on both sides.
    let main = r#"from typing import Callable, Union
class Formatter: ...
def message(template: Union[str, Callable[[Exception], str]], fmt: Union[Formatter, int], exc: Exception):
    if callable(template):
        reveal_type(template)
        template = template(exc)
    reveal_type(template)
    if not callable(fmt):
        reveal_type(fmt)
"#;
    assert_eq!(reveal(main, Series::V20), "template: (Exception) -> str\ntemplate: str\nfmt: Formatter | int");
}

#[test]
fn selecting_a_from_clause_of_unknown_columns_is_untyped_and_tuple_is_a_tuple_column() {
    // pyright 1.1.414 (SQLAlchemy 2.0.58): a `FromClause` argument takes the untyped overload; we
    // cannot count the columns a `Table` known only by its class adds, so no row is claimed.
    // `tuple_()` is a `ColumnElement[Tuple[Any, ...]]`; SQLite refuses a row value in a select.
    let main = r#"from sqlalchemy import select, tuple_
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class Account(Base):
    __tablename__ = "acc"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
reveal_type(select(Account.__table__))
reveal_type(select(Account.id, Account.__table__))
reveal_type(select(tuple_(Account.id, Account.name)))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "select(Account.__table__): Select[Any]\nselect(Account.id, Account.__table__): Select[Any]\n\
         select(tuple_(Account.id, Account.name)): Select[Tuple[Unknown]] (checker: Select[Tuple[Tuple[Any, ...]]])"
    );
}

#[test]
fn a_name_a_column_collection_does_not_define_is_a_column_through_its_getattr() {
    // pyright 1.1.414: `ColumnCollection.__getattr__` returns its column class; at runtime the
    // model's `__table__` is a `Table` whose `.c.id` is a `Column`.
    let main = r#"from sqlalchemy import inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase): pass
class Account(Base):
    __tablename__ = "acc"
    id: Mapped[int] = mapped_column(primary_key=True)
reveal_type(Account.__table__.c.id)
reveal_type(inspect(Account).columns.id)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Account.__table__.c.id: Column[Unknown] (checker: KeyedColumnElement[Any])\n\
         inspect(Account).columns.id: Column[Any]"
    );
}

#[test]
fn run_sync_returns_what_its_function_returns_and_a_lambda_takes_the_sync_session() {
    // pyright 1.1.414: `run_sync(fn: Callable[Concatenate[Session, _P], _T]) -> _T`, the lambda's
    // parameter typed from it; `AsyncConnection.run_sync` passes a `Connection`.
    let main = r#"from sqlalchemy.ext.asyncio import AsyncSession, AsyncConnection
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session
class Base(DeclarativeBase): pass
class Account(Base):
    __tablename__ = "acc"
    id: Mapped[int] = mapped_column(primary_key=True)
def count(session: Session) -> int:
    return 1
async def main(session: AsyncSession, conn: AsyncConnection):
    reveal_type(await session.run_sync(lambda s: s.query(Account).all()))
    reveal_type(await session.run_sync(count))
    reveal_type(await conn.run_sync(lambda c: c))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "await session.run_sync(lambda s: s.query(Account).all()): List[Account]\n\
         await session.run_sync(count): int\n\
         await conn.run_sync(lambda c: c): Connection"
    );
}

#[test]
fn a_sessionmaker_of_a_class_its_type_variable_does_not_bound_is_of_sessions_to_type_checkers() {
    // pyright 1.1.414: `class_: Type[_S]` with `_S` bound to `Session` does not take `AsyncSession`;
    // the overload without it makes a `sessionmaker[Session]`. At runtime it makes `AsyncSession`s.
    let main = r#"from sqlalchemy.orm import sessionmaker, Session
from sqlalchemy.ext.asyncio import AsyncSession
class Mine(Session): ...
reveal_type(sessionmaker(class_=AsyncSession))
reveal_type(sessionmaker(class_=Mine))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "sessionmaker(class_=AsyncSession): sessionmaker[AsyncSession] (checker: sessionmaker[Session])\n\
         sessionmaker(class_=Mine): sessionmaker[Mine]"
    );
}

#[test]
fn sqlalchemy_union_aliases_are_expanded_as_type_checkers_show_them() {
    // pyright 1.1.414 shows `ColumnExpressionArgument[bool]` (a `TypeAlias` of a `Union` in
    // `sql/_typing.py`) as the union it stands for.
    let main = r#"from sqlalchemy import ColumnExpressionArgument
def f(where: ColumnExpressionArgument[bool]):
    reveal_type(where)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "where: ColumnElement[bool] | _HasClauseElement[bool] | SQLCoreOperations[bool] | ExpressionElementRole[bool] | \
         TypedColumnsClauseRole[bool] | (() -> ColumnElement[bool]) | LambdaElement"
    );
}

#[test]
fn a_module_passing_its_own_function_to_a_helper_keeps_its_bindings() {
    // mlflow's auth app: `ROUTES = endpoints(handler)` at the top level, where the helper calls
    // `handler`, which reads a module variable. Inferring that call from the module's first walk
    // would ask for the bindings being computed; the second walk answers it instead, and every
    // top-level name stays known to the module's functions (pyright 1.1.414: `Store`).
    let fixture = crate::fixture::Fixture::new(
        r#"
#- /routes.py
def endpoints(handler):
    return [handler(1)]
#- /main.py
from routes import endpoints
class Store: ...
store = Store()
HANDLERS = {1: "a"}
def handler(key):
    return HANDLERS.get(key)
ROUTES = endpoints(handler)
reveal_type(store)
reveal_type(ROUTES)
def current():
    reveal_type(store)
"#,
        Series::V20,
    );
    assert_eq!(fixture.reveals("/main.py"), "store: Store\nROUTES: list[str | None]\nstore: Store");
}

#[test]
fn match_cases_are_walked_each_from_what_was_bound_before() {
    // pyright 1.1.414: each case's body is checked; what follows joins the cases that fall
    // through, and the subject unmatched unless a case always matches (`case _`, a bare capture).
    // Captures we do not type are `Unknown`.
    let main = r#"def f(kind: str, items: list[int]):
    n = 0
    match kind:
        case "a":
            n = 1
            reveal_type(n)
        case "b" if n:
            return None
    reveal_type(n)
    match items:
        case [first, *rest]:
            reveal_type(first)
            m = "some"
        case _:
            m = 2
    reveal_type(m)
"#;
    assert_eq!(reveal(main, Series::V20), "n: Literal[1]\nn: Literal[1, 0]\nfirst: Unknown\nm: Literal['some', 2]");
}

#[test]
fn an_ellipsis_argument_of_a_generic_class_is_an_open_parameter_specification() {
    // pyright 1.1.414 (prefect's `Flow[..., Any]`).
    let main = r#"from typing import Any, Callable, Generic, ParamSpec, TypeVar
P = ParamSpec("P")
R = TypeVar("R")
class Flow(Generic[P, R]): ...
def load() -> Flow[..., Any]: ...
reveal_type(load())
"#;
    assert_eq!(reveal(main, Series::V20), "load(): Flow[..., Any]");
}

#[test]
fn the_mssql_and_oracle_dialects_are_submodules() {
    // pyright 1.1.414 (mlflow's migrations): `mssql.JSON` is the dialect's class.
    let main = r#"from sqlalchemy.dialects import mssql, oracle
reveal_type(mssql.JSON)
reveal_type(oracle.NUMBER)
"#;
    assert_eq!(reveal(main, Series::V20), "mssql.JSON: type[JSON]\noracle.NUMBER: type[NUMBER]");
}

#[test]
fn isinstance_narrows_an_any_member_of_a_union_to_the_class_with_unknown_arguments() {
    // pyright 1.1.414 (mlflow's `content: str | list[dict[str, Any]] | Any`): the `Any` member
    // may be any list, so it adds a `list[Unknown]`; a class already there is not repeated.
    let main = r#"from typing import Any
def f(content: str | list[dict[str, Any]] | Any, n: int | Any):
    if isinstance(content, list):
        reveal_type(content)
    if isinstance(n, int):
        reveal_type(n)
"#;
    assert_eq!(reveal(main, Series::V20), "content: list[dict[str, Any]] | list[Unknown]\nn: int");
}

#[test]
fn a_class_object_of_a_union_is_a_union_of_class_objects() {
    // pyright 1.1.414 (optuna's `model_cls: type[TrialUserAttributeModel | ...]`).
    let main = r#"from typing import Optional
class A:
    x: int
    @classmethod
    def find(cls) -> Optional["A"]: ...
class B:
    x: str
    @classmethod
    def find(cls) -> Optional["B"]: ...
def f(m: type[A | B]):
    reveal_type(m)
    reveal_type(m.find())
    reveal_type(m.x)
    reveal_type(m())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "m: type[A] | type[B]\n\
         m.find(): A | B | None\n\
         m.x: int | str\n\
         m(): A | B"
    );
}

#[test]
fn an_attribute_missing_on_a_class_with_an_any_base_is_any_to_type_checkers() {
    // pyright 1.1.414 (Flask-AppBuilder's `Model(Base)` with `Base = declarative_base()`:
    // `self.__mapper__.c.keys()`).
    let main = r#"from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class Model(Base):
    __abstract__ = True
    def to_json(self):
        reveal_type(self.__mapper__)
        for key in self.__mapper__.c.keys():
            reveal_type(key)
class U(Model):
    __tablename__ = "u"
    id = Column(Integer, primary_key=True)
class Plain:
    pass
def f(u: U, p: Plain):
    reveal_type(u.nothing)
    reveal_type(U.nothing)
    reveal_type(p.nothing)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "self.__mapper__: Unknown (checker: Any)\n\
         key: Unknown (checker: Any)\n\
         u.nothing: Unknown (checker: Any)\n\
         U.nothing: Unknown (checker: Any)\n\
         p.nothing: Unknown"
    );
}

#[test]
fn names_every_object_has_and_issubclass_narrowing() {
    // pyright 1.1.414 (Flask-AppBuilder's `if isclass(v) and issubclass(v, BaseView): v.__name__`,
    // advanced-alchemy's `type(pk_value).__name__`).
    let main = r#"import sqlalchemy
class C: pass
class D: pass
def f(x, y, c: C, t: type, u: C | D | int):
    reveal_type(f.__name__)
    reveal_type(t.__name__)
    reveal_type(c.__module__)
    reveal_type(c.__doc__)
    if issubclass(y, Exception):
        reveal_type(y)
    if isinstance(u, (C, D)):
        reveal_type(u)
    else:
        reveal_type(u)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "f.__name__: str\nt.__name__: str\nc.__module__: str\nc.__doc__: str | None\n\
         y: type[Exception]\nu: C | D\nu: int"
    );
}

#[test]
fn flask_sqlalchemy_declared_attributes_as_type_checkers_see_them() {
    // pyright 1.1.414 with Flask-SQLAlchemy 3.1.1 (ihatemoney): `db.relationship` returns a
    // `RelationshipProperty[Any]`; `db.Column` comes through its untyped `__getattr__`.
    let main = r#"from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
class Project(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    members = db.relationship("Person", backref="project")
class Person(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id"))
def f(p: Project):
    reveal_type(p.id)
    reveal_type(p.members)
    reveal_type(Project.members)
    for m in p.members:
        reveal_type(m)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "p.id: int (checker: Any)\n\
         p.members: List[Person] (checker: RelationshipProperty[Any])\n\
         Project.members: InstrumentedAttribute[List[Person]] (checker: RelationshipProperty[Any])\n\
         m: Person (checker: Unknown)"
    );
}

#[test]
fn a_comprehension_takes_the_declared_container() {
    // pyright 1.1.414 (optuna's `values: list[float] | None` given `[0 for _ in trial.values]`).
    let main = r#"import sqlalchemy
from typing import Optional
def f(ys: list[str]):
    a: Optional[list[float]] = [0 for _ in ys]
    reveal_type(a)
    c: dict[str, float] = {y: 0 for y in ys}
    reveal_type(c)
    d: set[float] = {0 for y in ys}
    reveal_type(d)
"#;
    assert_eq!(reveal(main, Series::V20), "a: list[float]\nc: dict[str, float]\nd: set[float]");
}

#[test]
fn property_accessors_are_scopes_of_their_own_and_a_hybrid_reads_its_getter() {
    // pyright 1.1.414 (FlexGet's `@hybrid_property def name` with `@name.setter` and
    // `@name.comparator`, sqlalchemy-celery-beat's `@schedule_model.setter`).
    let main = r#"from datetime import datetime
from typing import Optional
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.ext.hybrid import hybrid_property
class Base(DeclarativeBase): pass
class S(Base):
    __tablename__ = "s"
    id: Mapped[int] = mapped_column(primary_key=True)
    _name: Mapped[Optional[str]] = mapped_column()
    @hybrid_property
    def name(self):
        reveal_type(self._name)
        return self._name
    @name.setter
    def name(self, value: str):
        reveal_type(value)
    @name.expression
    @classmethod
    def name(cls):
        reveal_type(cls._name)
        return cls._name
def f(s: S, xs: list[Optional[datetime]]):
    reveal_type(s.name)
    reveal_type(S.name)
    reveal_type(min(x for x in xs))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "self._name: str | None\n\
         value: str\n\
         cls._name: InstrumentedAttribute[str | None]\n\
         s.name: str | None\n\
         S.name: _HybridClassLevelAccessor[str | None]\n\
         min(x for x in xs): datetime | None (checker: Unknown)"
    );
}

#[test]
fn is_none_narrows_unknown_values_and_a_handler_starts_where_the_body_may_raise() {
    // pyright 1.1.414 (Flask-AppBuilder's `add_permission`: `perm = self.find_permission(name)`,
    // `if perm is None: try: perm = ...; self.session.add(perm) ... except: ...`).
    let main = r#"import sqlalchemy
from typing import Any
class P: pass
def find(name) -> Any: ...
def save(p): ...
def f(name, y):
    perm = find(name)
    if perm is None:
        try:
            perm = P()
            save(perm)
            return perm
        except Exception:
            reveal_type(perm)
    reveal_type(perm)
    if y is None:
        reveal_type(y)
def g():
    try:
        x = 1
    except ValueError:
        x = "a"
    else:
        x = 2.0
    reveal_type(x)
"#;
    assert_eq!(reveal(main, Series::V20), "perm: P | None\nperm: P | Any | None\ny: None\nx: float | Literal['a']");
}

#[test]
fn a_union_is_subscripted_member_by_member() {
    // pyright 1.1.414 (advanced-alchemy: `self._get_loader_options(load)[0]` returning
    // `Union[tuple[List[_AbstractLoad], bool], tuple[None, bool]]`).
    let main = r#"import sqlalchemy
from typing import List, Union
def g() -> Union[tuple[List[int], bool], tuple[None, bool]]: ...
def f(t: tuple[int, ...]):
    reveal_type(g()[0])
    reveal_type(g()[1])
    reveal_type(t[1:])
"#;
    assert_eq!(reveal(main, Series::V20), "g()[0]: List[int] | None\ng()[1]: bool\nt[1:]: tuple[int, ...]");
}

#[test]
fn metadata_tables_and_a_class_object_declared_with_its_arguments() {
    // pyright 1.1.414 (FlexGet's `Base.metadata.tables['failed'].c`, advanced-alchemy's
    // `session_maker_class: "type[sessionmaker[Session]]" = sessionmaker`).
    let main = r#"from sqlalchemy import Connection
from sqlalchemy.orm import DeclarativeBase, sessionmaker, Session
class Base(DeclarativeBase): pass
class K:
    maker: "type[sessionmaker[Session]]" = sessionmaker
    reveal_type(maker)
def f(c: Connection):
    reveal_type(Base.metadata.tables['failed'].c)
    for name, t in Base.metadata.tables.items():
        reveal_type(t)
    reveal_type(Base.metadata.sorted_tables)
    reveal_type(Base.metadata.tables.get("x"))
    reveal_type(c.dialect)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "maker: type[sessionmaker[Session]]\n\
         Base.metadata.tables['failed'].c: ReadOnlyColumnCollection[str, Column[Any]]\n\
         t: Table\n\
         Base.metadata.sorted_tables: List[Table]\n\
         Base.metadata.tables.get(\"x\"): Table | None\n\
         c.dialect: Dialect"
    );
}

#[test]
fn self_returning_methods_keep_the_receiver_s_arguments_and_math_rounds_to_int() {
    // pyright 1.1.414 (optuna's `for n_submitted_trials in itertools.count()`, typeshed's
    // `class count(Generic[_N])` with `def __iter__(self) -> Self`; FlexGet's
    // `ceil(total_items / float(per_page))`).
    let main = r#"import sqlalchemy
import math
from math import ceil
from typing import Generic, TypeVar
from typing_extensions import Self
N = TypeVar("N")
class Counter(Generic[N]):
    def __init__(self, start: N) -> None: ...
    def __iter__(self) -> Self: ...
    def __next__(self) -> N: ...
def f(total: int, per_page: int):
    for n in Counter(1.5):
        reveal_type(n)
    reveal_type(Counter("a").__iter__())
    reveal_type(ceil(total / float(per_page)))
    reveal_type(math.floor(2.5))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "n: float\nCounter(\"a\").__iter__(): Counter[str]\nceil(total / float(per_page)): int\nmath.floor(2.5): int"
    );
}

#[test]
fn a_guarded_import_joins_its_fallback_and_an_uninstalled_library_is_unknown_to_type_checkers() {
    // pyright 1.1.414 (kombu's `try: import etcd / except ImportError: etcd = None`, then
    // `if etcd: (..., etcd.EtcdException)` with etcd not installed).
    let main = r#"import sqlalchemy
try:
    import etcdxyz
except ImportError:
    etcdxyz = None
reveal_type(etcdxyz)
class T:
    if etcdxyz:
        errs = (ValueError, etcdxyz.EtcdException)
        reveal_type(errs)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "etcdxyz: Module(\"etcdxyz\") | None\n\
         errs: tuple[type[ValueError], type[EtcdException]] (checker: tuple[type[ValueError], Unknown])"
    );
}

#[test]
fn a_query_get_with_more_than_an_identity_is_unknown() {
    // pyright 1.1.414 (ihatemoney's `Bill.query.get(project, bill_id)`, its `BillQuery.get`
    // overriding the one-identity `Query.get`).
    let main = r#"from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
class Base(DeclarativeBase): pass
class User(Base):
    __tablename__ = "u"
    id: Mapped[int] = mapped_column(primary_key=True)
def f(s: Session):
    reveal_type(s.query(User).get(1))
    reveal_type(s.query(User).get(1, 2))
"#;
    assert_eq!(reveal(main, Series::V20), "s.query(User).get(1): User | None\ns.query(User).get(1, 2): Unknown");
}

#[test]
fn a_descriptor_reads_through_its_get_and_conditional_functions_are_scopes() {
    // pyright 1.1.414 (nbgrader's `self.log.error(msg)` with traitlets' `log = Any()` descriptor,
    // whose `TraitType.error` raises: the flow goes on past it; celery's `def` in `if`/`else`).
    let main = r#"import sqlalchemy
import logging
class Trait:
    def __get__(self, obj, cls) -> logging.Logger: ...
    def error(self, obj, value):
        raise ValueError(value)
class App:
    log = Trait()
    def run(self, msg: str):
        self.log.error(msg)
        reveal_type(self.log)
try:
    import json
    def g(y: bytes):
        reveal_type(y)
except ImportError:
    pass
"#;
    assert_eq!(reveal(main, Series::V20), "self.log: Logger\ny: bytes");
}

#[test]
fn members_the_tables_lack_read_sqlalchemy_s_annotations_and_any_stands_for_the_declaration() {
    // pyright 1.1.414 (advanced-alchemy's `session.bind.dialect`, `column.default`,
    // `session.info.get(...)` assigned to an `Optional[...]` declaration).
    let main = r#"from typing import Optional
from sqlalchemy import Column, Integer
from sqlalchemy.orm import Session
class Tracker: ...
def f(s: Session, c: Column[int]):
    dialect = s.connection().dialect
    reveal_type(dialect)
    reveal_type(dialect.name)
    reveal_type(c.default)
    reveal_type(c.type)
    tracker: Optional[Tracker] = s.info.get("k")
    reveal_type(tracker)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "dialect: Dialect\ndialect.name: str\nc.default: DefaultGenerator | None\nc.type: TypeEngine[int]\ntracker: Tracker | None"
    );
}

#[test]
fn singletons_of_builtins_and_class_attributes_a_sqlalchemy_base_declares() {
    // pyright 1.1.414 (FlexGet's `return NotImplemented`; advanced-alchemy's `cache_ok = True` in a
    // `TypeDecorator[UUID]` and `inherit_cache = True`, declared `Optional[bool]` by `HasCacheKey`
    // unless a nearer class assigns it, as `GenericFunction` does).
    let main = r#"import uuid
from sqlalchemy.types import TypeDecorator, String
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.sql.expression import ClauseElement, Executable
class GUID(TypeDecorator[uuid.UUID]):
    impl = String
    cache_ok = True
    reveal_type(cache_ok)
class Fn(GenericFunction[int]):
    inherit_cache = True
    reveal_type(inherit_cache)
class Merge(Executable, ClauseElement):
    inherit_cache = True
    reveal_type(inherit_cache)
def eq(a):
    x = NotImplemented
    reveal_type(x)
    reveal_type(Ellipsis)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "cache_ok: bool (checker: Literal[True])\ninherit_cache: bool\n\
         inherit_cache: bool (checker: Literal[True])\nx: NotImplementedType\nEllipsis: EllipsisType"
    );
}

#[test]
fn comparing_with_a_literal_narrows_literals_and_any_class_has_any_attribute() {
    // pyright 1.1.414 (FlexGet's schema upgrades `if ver == 0: ... ver = 1`; Flask-AppBuilder's
    // `self.obj.columns` with `obj: Type[Any]`).
    let main = r#"from typing import Any, Literal, Type
import sqlalchemy
def upgrade(ver, x: int, y: Literal[1, 2, 3], s: str, t: Type[Any]):
    if ver is None:
        ver = 0
    if ver == 0:
        ver = 1
    reveal_type(ver)
    if x == 3:
        reveal_type(x)
    if y != 2:
        reveal_type(y)
    if s == "a":
        reveal_type(s)
    reveal_type(t.columns)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "ver: Unknown | Literal[1]\nx: Literal[3]\ny: Literal[1, 3]\ns: Literal['a']\nt.columns: Any"
    );
}

#[test]
fn a_column_s_nullable_is_an_optional_bool() {
    // pyright 1.1.414 (Flask-AppBuilder's `col.nullable`).
    let main = r#"from sqlalchemy import Column
def f(c: Column[int]):
    reveal_type(c.nullable)
"#;
    assert_eq!(reveal(main, Series::V20), "c.nullable: bool | None");
}

#[test]
fn a_wrapper_made_by_functools_is_wrapped_in_both_signatures() {
    // pyright 1.1.414 (ihatemoney's `need_auth` decorator, Flask-AppBuilder's
    // `functools.update_wrapper(wraps, f)`).
    let main = r#"import functools
from functools import wraps
from typing import Any, Callable
import sqlalchemy
def need_auth(f):
    @wraps(f)
    def wrapper(*args, **kwargs):
        if args:
            return f(*args, **kwargs)
    reveal_type(wrapper)
    return wrapper
def protect(f):
    def wraps_(self, *args, **kwargs) -> int:
        return 1
    reveal_type(functools.update_wrapper(wraps_, f))
def etag(method: Callable | None = None):
    @wraps(method)
    async def wrapped(*args: Any, **kwargs: Any) -> int:
        return 1
    reveal_type(wrapped)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "wrapper: _Wrapped[..., Unknown, ..., Unknown | None]\n\
         functools.update_wrapper(wraps_, f): _Wrapped[..., Unknown, (self: Unknown, ...), int]\n\
         wrapped: _Wrapped[..., Unknown, ..., CoroutineType[Any, Any, int]]"
    );
}

#[test]
fn min_and_max_of_several_arguments_solve_typeshed_s_type_variable() {
    // pyright 1.1.414 (FlexGet's `per_page = min(per_page, 100)` of a request argument); the
    // precise view keeps what the call may return.
    let main = r#"from typing import Any
import sqlalchemy
def anything() -> Any: ...
def f(u, a: Any, x: int, y: float, n: int | None):
    ua = u or anything()
    reveal_type(min(u, 100))
    reveal_type(min(x, y))
    reveal_type(max(a, 100))
    reveal_type(max(100, a))
    reveal_type(min(ua, 100))
    reveal_type(min(n, 3))
    reveal_type(min(u, u))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "min(u, 100): Unknown | Literal[100] (checker: int)\nmin(x, y): int | float (checker: float)\n\
         max(a, 100): Any | Literal[100] (checker: Any)\nmax(100, a): Any | Literal[100] (checker: int)\n\
         min(ua, 100): Unknown | Any | Literal[100] (checker: int)\nmin(n, 3): int | None (checker: int)\n\
         min(u, u): Unknown"
    );
}

#[test]
fn a_class_made_by_a_call_is_known_by_its_name() {
    // pyright 1.1.414 (FlexGet's functional `TypedDict`, celery's `namedtuple`).
    let main = r#"from collections import namedtuple
from typing import TypedDict
import sqlalchemy
PaginationHeaders = TypedDict("PaginationHeaders", {"Link": str, "Count": int})
reveal_type(PaginationHeaders)
searchresult = namedtuple("searchresult", ("namespace", "key"))
reveal_type(searchresult)
def headers() -> PaginationHeaders: ...
def f():
    h = headers()
    reveal_type(h)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "PaginationHeaders: type[PaginationHeaders]\nsearchresult: type[searchresult]\nh: PaginationHeaders"
    );
}

#[test]
fn a_generic_class_is_solved_from_the_init_overload_that_binds_its_parameters() {
    // pyright 1.1.414 (typeshed's qrcode stubs: `QRCode(image_factory=SvgPathImage)` is a
    // `QRCode[SvgPathImage]`).
    let main = r#"from typing import Generic, TypeVar, overload
import sqlalchemy
T = TypeVar("T")
class Image: ...
class Box(Generic[T]):
    @overload
    def __init__(self, *, factory: type[T]) -> None: ...
    @overload
    def __init__(self, factory: None = None) -> None: ...
    def __init__(self, factory=None):
        self.factory = factory
reveal_type(Box(factory=Image))
"#;
    assert_eq!(reveal(main, Series::V20), "Box(factory=Image): Box[Image]");
}

#[test]
fn a_declared_container_keeps_its_spelling_when_assigned_one_of_its_type() {
    // pyright 1.1.414 (advanced-alchemy's `match_fields = [match_fields]` under
    // `Optional[Union[List[str], str]]`).
    let main = r#"from typing import Dict, List, Optional, Union
import sqlalchemy
def f(names: list[str], match_fields: Optional[Union[List[str], str]] = None):
    if isinstance(match_fields, str):
        match_fields = [match_fields]
        reveal_type(match_fields)
    reveal_type(match_fields)
    kept: List[str] = names
    reveal_type(kept)
    counts: Dict[str, int] = {"a": 1}
    reveal_type(counts)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "match_fields: List[str]\nmatch_fields: List[str] | None\nkept: List[str]\ncounts: Dict[str, int]"
    );
}

#[test]
fn a_partial_is_of_what_its_function_returns() {
    // pyright 1.1.414 (FlexGet's `_Session = partial(ContextSession, ...)`).
    let main = r#"from functools import partial
import functools
import sqlalchemy
class Session:
    def __init__(self, a: int, b: str) -> None: ...
def numbers(a: int, b: str) -> list[int]: ...
def f(u):
    reveal_type(partial(Session, 1))
    reveal_type(functools.partial(numbers, 1))
    reveal_type(partial(u, 1))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "partial(Session, 1): partial[Session]\nfunctools.partial(numbers, 1): partial[list[int]]\n\
         partial(u, 1): partial[Unknown]"
    );
}

#[test]
fn a_base_s_property_declares_the_descriptor_its_subclasses_assign() {
    // pyright 1.1.414 (fastapi-amis-admin's `@cached_property def unique_id` assigned a string in
    // fastapi-user-auth's admin classes; kombu's `channel = property(_get, _set)`).
    let main = r#"from functools import cached_property
import sqlalchemy
class Base:
    @cached_property
    def unique_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
class Sub(Base):
    unique_id = "x"
    reveal_type(unique_id)
    kind = "y"
    reveal_type(kind)
    def _get(self): ...
    def _set(self, value): ...
    data = property(_get, _set)
    reveal_type(data)
    entries: Base = property(_get)
    reveal_type(entries)
"#;
    // A declared class that is no `property` keeps its declaration (FlexGet's
    // `entries: EntryIterator = property(...)`).
    assert_eq!(
        reveal(main, Series::V20),
        "unique_id: str (checker: cached_property[str])\nkind: str (checker: property)\ndata: property\n\
         entries: property (checker: Base)"
    );
}

#[test]
fn an_assignment_never_narrows_a_gradual_member_of_the_declaration() {
    // pyright 1.1.414 (advanced-alchemy's `app: Optional[Flask] = None` where `Flask` is not
    // installed, and `module: Union[Any, type[Empty], None]`).
    let main = r#"from typing import Any, Optional, Union
import sqlalchemy
class Config:
    other: Union[Any, str, None] = None
    reveal_type(other)
    name: Optional[str] = None
    reveal_type(name)
"#;
    assert_eq!(reveal(main, Series::V20), "other: Any | str | None (checker: Any | None)\nname: None");
}

#[test]
fn literal_strings_joined_stay_a_literal_string() {
    // pyright 1.1.414 through typeshed's `LiteralString` overloads of `str` (celery's
    // `'Jython ' + sys.platform`, where `sys.platform` is a `LiteralString`).
    let main = r#"from typing import LiteralString
import sqlalchemy
def f(x: LiteralString, s: str):
    reveal_type("a" + x)
    reveal_type(x + "a")
    reveal_type(x + x)
    reveal_type(x + s)
    reveal_type(x * 2)
    reveal_type(",".join([x, x]))
    reveal_type(",".join([s]))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "\"a\" + x: LiteralString\nx + \"a\": LiteralString\nx + x: LiteralString\nx + s: str\nx * 2: LiteralString\n\
         \",\".join([x, x]): LiteralString\n\",\".join([s]): str"
    );
}

#[test]
fn a_builtin_container_fits_the_collection_abcs_of_an_overload() {
    // pyright 1.1.414 (typeshed's `subprocess.check_output(["alembic", "heads"])`, a `bytes`:
    // `args: _CMD` holds `Sequence[StrOrBytesPath]`, and the `str` overloads need `text=True`).
    let main = r#"from typing import Any, Literal, Mapping, Sequence, Union, overload
import sqlalchemy
@overload
def run(args: Union[str, Sequence[str]], *, text: Literal[True]) -> str: ...
@overload
def run(args: Union[str, Sequence[str]], *, text: None = None) -> bytes: ...
@overload
def run(args: Union[str, Sequence[str]], *, text: Union[bool, None] = None) -> Any: ...
def run(args, *, text=None): ...
@overload
def keys(m: Mapping[str, int]) -> list[str]: ...
@overload
def keys(m: int) -> int: ...
def keys(m): ...
def f():
    reveal_type(run(["alembic", "heads"]))
    reveal_type(run(["alembic"], text=True))
    reveal_type(keys({"a": 1}))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "run([\"alembic\", \"heads\"]): bytes\nrun([\"alembic\"], text=True): str\nkeys({\"a\": 1}): list[str]"
    );
}

#[test]
fn a_generic_class_named_bare_takes_its_type_variables_defaults() {
    // pyright 1.1.414 (typeshed's `ElementTree.fromstring(...) -> Element`, whose `_Tag` defaults
    // to `str`: an `Element[str]`).
    let main = r#"from typing import Generic
from typing_extensions import TypeVar
import sqlalchemy
T = TypeVar("T", default=str)
U = TypeVar("U")
class Element(Generic[T]): ...
class Pair(Generic[U, T]): ...
def parse() -> Element: ...
def pair() -> Pair: ...
def f():
    reveal_type(parse())
    reveal_type(pair())
"#;
    assert_eq!(reveal(main, Series::V20), "parse(): Element[str]\npair(): Pair[Unknown, str]");
}

#[test]
fn sql_type_constructors_pick_the_overload_their_bool_argument_names() {
    let main = r#"import sqlalchemy as sa
def f(flag: bool):
    reveal_type(sa.Numeric(10, 2))
    reveal_type(sa.Numeric(precision=9, scale=6, asdecimal=False))
    reveal_type(sa.Numeric(9, 6, None, False))
    reveal_type(sa.Float(asdecimal=True))
    reveal_type(sa.Float(53))
    reveal_type(sa.Uuid(as_uuid=False))
    reveal_type(sa.Numeric(asdecimal=flag))
    reveal_type(sa.Column(sa.Numeric(asdecimal=False)))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "sa.Numeric(10, 2): Numeric[Decimal]\nsa.Numeric(precision=9, scale=6, asdecimal=False): Numeric[float]\n\
         sa.Numeric(9, 6, None, False): Numeric[float]\nsa.Float(asdecimal=True): Float[Decimal]\n\
         sa.Float(53): Float[float]\nsa.Uuid(as_uuid=False): Uuid[str]\nsa.Numeric(asdecimal=flag): Numeric[Decimal] | Numeric[float]\n\
         sa.Column(sa.Numeric(asdecimal=False)): Column[float]"
    );
}

#[test]
fn data_attributes_of_a_type_variable_are_its_bounds_and_methods_stay_unknown() {
    let main = r#"from typing import Any, ClassVar, Generic, Protocol, TypeVar
from sqlalchemy.orm import Mapper
class ModelProtocol(Protocol):
    __mapper__: ClassVar[Mapper[Any]]
    name: str
    def copy(self) -> "ModelProtocol": ...
ModelT = TypeVar("ModelT", bound=ModelProtocol)
class Repository(Generic[ModelT]):
    model_type: type[ModelT]
    def keys(self, item: ModelT):
        reveal_type(self.model_type.__mapper__)
        reveal_type(item.name)
        reveal_type(item.copy())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "self.model_type.__mapper__: Mapper[Any]\nitem.name: str\nitem.copy(): Unknown"
    );
}

#[test]
fn calling_an_instance_calls_its_classs_dunder_call() {
    let main = r#"class Highlighter:
    def __call__(self, text: str, *, bold: bool = False) -> bytes: ...
class ReprHighlighter(Highlighter):
    pass
class Plain:
    pass
def f(h: Highlighter):
    reveal_type(h("x"))
    reveal_type(ReprHighlighter()("x", bold=True))
    reveal_type(Plain()())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "h(\"x\"): bytes\nReprHighlighter()(\"x\", bold=True): bytes\nPlain()(): Unknown"
    );
}

#[test]
fn a_display_whose_items_surely_do_not_fit_keeps_its_own_type_and_the_declaration_stays() {
    let main = r#"from typing import Optional
from sqlalchemy import Table
class Node:
    name: str
def f(tables: Optional[list[Table]], nodes: Optional[list[Node]], ids: list[float]):
    tables = [t.name for t in tables or []]
    reveal_type(tables)
    nodes = ["a"]
    reveal_type(nodes)
    ids = [1]
    reveal_type(ids)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "tables: list[str] (checker: list[Table] | None)\nnodes: list[str] (checker: list[Node] | None)\nids: list[float]"
    );
}

#[test]
fn annotations_read_the_names_a_function_imports_itself() {
    let fixture = Fixture::new(
        r#"
#- /app/__init__.py
#- /app/mutables.py
from typing import Generic, TypeVar
T = TypeVar("T")
class MutableList(Generic[T]):
    pass
#- /main.py
from typing import Any, Optional
import sqlalchemy
def f(value: Any):
    from app.mutables import MutableList as Items
    current: Optional[Items[int]] = value
    reveal_type(current)
    plain: Items[str] = value
    reveal_type(plain)
"#,
        Series::V20,
    );
    assert_eq!(fixture.reveals("/main.py"), "current: MutableList[int] | None\nplain: MutableList[str]");
}

#[test]
fn a_generic_subclass_without_its_own_init_is_solved_by_its_base_s() {
    // pyright 1.1.414 (advanced-alchemy's `RandomSelector(engines)`, whose `__init__` is
    // `EngineSelector`'s); a base generic in other variables is not followed.
    let main = r#"from abc import ABC
from typing import Generic, TypeVar
import sqlalchemy
T = TypeVar("T")
U = TypeVar("U")
class Selector(ABC, Generic[T]):
    def __init__(self, engines: list[T]) -> None:
        self.engines = engines
class RandomSelector(Selector[T]):
    pass
class Renamed(Selector[U]):
    pass
def f(engines: list[str]):
    reveal_type(RandomSelector(engines))
    reveal_type(Renamed(engines))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "RandomSelector(engines): RandomSelector[str]\nRenamed(engines): Renamed[Unknown]"
    );
}

#[test]
fn deques_hold_their_iterable_s_items_and_string_literals_show_their_value() {
    // pyright 1.1.414 (celery's `stack = deque([(root, d)])`, FlexGet's `ESCAPE_QUERY = '\\'`).
    let main = r#"from collections import deque
import sqlalchemy
def f(root: str):
    stack = deque([(root, 1)])
    reveal_type(stack)
    reveal_type(deque(maxlen=3))
    reveal_type("a\nb")
    reveal_type('\\')
    reveal_type(r"\d+")
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "stack: deque[tuple[str, int]]\ndeque(maxlen=3): deque[Unknown]\n\
         \"a\\nb\": Literal['a\\nb']\n'\\\\': Literal['\\\\']\nr\"\\d+\": Literal['\\\\d+']"
    );
}

#[test]
fn assigning_a_global_narrows_the_module_s_declaration() {
    // pyright 1.1.414 (FlexGet's `global _startup_buffer` then `_startup_buffer = []`).
    let main = r#"from typing import Optional
import sqlalchemy
_buffer: list[int] = []
_count: Optional[int] = None
plain = []
def f():
    global _buffer, _count, plain
    _buffer = []
    reveal_type(_buffer)
    _count = 3
    reveal_type(_count)
    plain = []
    reveal_type(plain)
def g():
    _buffer = []
    reveal_type(_buffer)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "_buffer: list[int]\n_count: Literal[3]\nplain: list[Unknown]\n_buffer: list[Unknown]"
    );
}

#[test]
fn only_a_declared_no_return_or_a_bound_method_ends_the_flow_for_type_checkers() {
    // pyright 1.1.414 takes a call for `NoReturn` only where the callee declares it, or is a method
    // bound to its class or instance (flask-restful's unannotated `abort` does not end the flow).
    let main = r#"from typing import NoReturn
import sqlalchemy
def fail(code):
    raise ValueError(code)
def declared() -> NoReturn:
    raise ValueError()
class C:
    def fail(self):
        raise ValueError()
    @staticmethod
    def static_fail():
        raise ValueError()
def plain(x):
    if x:
        return 1
    fail(401)
def annotated(x):
    if x:
        return 1
    declared()
def method(c: C, x):
    if x:
        return 1
    c.fail()
def static(x):
    if x:
        return 1
    C.static_fail()
reveal_type(plain(1))
reveal_type(annotated(1))
reveal_type(method(C(), 1))
reveal_type(static(1))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "plain(1): Literal[1] (checker: Literal[1] | None)\nannotated(1): Literal[1]\n\
         method(C(), 1): Literal[1]\nstatic(1): Literal[1] (checker: Literal[1] | None)"
    );
}

#[test]
fn a_callable_class_attribute_binds_and_a_call_it_cannot_take_is_untyped() {
    // pyright 1.1.414 (bs4's `findAll = _deprecated_function_alias(...)`, called `findAll('td')`).
    let main = r#"from typing import Any, Callable
import sqlalchemy
def alias(name: str) -> Callable[[Any, int], Any]: ...
class Tag:
    find_all = alias("x")
    declared: Callable[[Any, int], Any] = alias("y")
def f(t: Tag, c: Callable[[int], str], args: list[int]):
    reveal_type(t.find_all)
    reveal_type(Tag.find_all)
    reveal_type(t.declared)
    reveal_type(t.find_all(1))
    reveal_type(t.find_all("td", 1))
    reveal_type(c(x=1))
    reveal_type(c(*args))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "t.find_all: (int) -> Any\nTag.find_all: (Any, int) -> Any\nt.declared: (Any, int) -> Any\n\
         t.find_all(1): Any\nt.find_all(\"td\", 1): Unknown\nc(x=1): Unknown\nc(*args): str"
    );
}

#[test]
fn a_cached_property_class_of_the_workspace_reads_through_its_own_get() {
    // pyright 1.1.414: kombu's `cached_property` subclasses functools' with an unannotated
    // `__get__` (untyped); fastapi-amis-admin's only stands in where functools' fails to import
    // (the import wins, as it does at run time).
    let text = r#"
#- /objects.py
from functools import cached_property as _cached_property
class cached_property(_cached_property):
    def __get__(self, instance, owner=None):
        return super().__get__(instance, owner)
#- /compat.py
try:
    from functools import cached_property
except ImportError:
    class cached_property:
        def __init__(self, func):
            self.func = func
        def __get__(self, instance, owner=None):
            return self.func(instance)
#- /other.py
import sqlalchemy
from compat import cached_property
class Auth:
    @cached_property
    def limit(self) -> int:
        return 3
reveal_type(Auth().limit)
#- /main.py
import sqlalchemy
from objects import cached_property
class Channel:
    @cached_property
    def wait_time_seconds(self) -> int:
        return 10
def f(channel: Channel):
    reveal_type(channel.wait_time_seconds)
try:
    import fcntl
except ImportError:
    fcntl = None
    reveal_type(fcntl)
"#;
    let fixture = Fixture::new(text, Series::V20);
    assert_eq!(fixture.reveals("/main.py"), "channel.wait_time_seconds: Unknown\nfcntl: None");
    assert_eq!(fixture.reveals("/other.py"), "Auth().limit: int");
}

#[test]
fn an_empty_display_joins_a_filled_container_and_goes_last() {
    // pyright 1.1.414: `[]`/`{}` carry a mark of being empty that a variable, an item of a
    // container and a union keep, and a call's result or a returned value drops.
    let main = r#"import sqlalchemy
def make():
    return []
def f(c: bool, u, d: dict, l: list[int], config):
    reveal_type([] if c else u)
    reveal_type({} if c else d)
    reveal_type([] if c else l)
    k = []
    reveal_type(k if c else l)
    o = [[]]
    reveal_type(o[0] if c else l)
    reveal_type(list(k) if c else u)
    reveal_type(make() if c else l)
    if not isinstance(config, dict):
        config = {"simple": config}
    reveal_type(config)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "[] if c else u: Unknown | list[Unknown]\n{} if c else d: dict[Unknown, Unknown]\n\
         [] if c else l: list[int]\nk if c else l: list[int]\no[0] if c else l: list[int]\n\
         list(k) if c else u: list[Unknown] | Unknown\nmake() if c else l: list[Unknown] | list[int]\n\
         config: dict[str, Unknown] | dict[Unknown, Unknown]"
    );
}

#[test]
fn an_operator_takes_each_member_of_a_partly_unknown_left_operand() {
    // pyright 1.1.414: `x > 0` with `x: int | Unknown` is `bool | Unknown`; an unknown right
    // operand leaves the whole result unknown.
    let main = r#"import sqlalchemy
def f(a: int, u, flag: bool):
    x = a if flag else u
    reveal_type(x > 0)
    reveal_type(x + 1)
    reveal_type(x < u)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x > 0: Unknown (checker: bool | Unknown)\nx + 1: Unknown (checker: int | Unknown)\nx < u: Unknown"
    );
}

#[test]
fn dict_of_an_unknown_value_is_an_unsolved_dict() {
    // pyright 1.1.414: typeshed's `dict` overloads, unsolved for an unknown argument.
    let main = r#"from typing import Any
import sqlalchemy
def f(config, data: Any, message: dict):
    reveal_type(dict(config))
    reveal_type(dict(data))
    reveal_type(dict(message.get("headers") or {}))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "dict(config): dict[Unknown, Unknown]\ndict(data): dict[Any, Any]\n\
         dict(message.get(\"headers\") or {}): dict[Unknown, Unknown]"
    );
}

#[test]
fn more_builtins_resolve_and_return_what_typeshed_says() {
    // pyright 1.1.414; `exit()` ends the flow (`NoReturn`).
    let main = r#"import sqlalchemy
def f(x: int, s: str):
    reveal_type(abs(x))
    reveal_type(__import__(s))
    reveal_type(globals())
    reveal_type(eval(s))
    reveal_type(bytearray(b"x"))
    reveal_type(setattr(f, "a", 1))
def g(x):
    if x:
        return 1
    exit(1)
reveal_type(g(1))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "abs(x): int\n__import__(s): Any\nglobals(): dict[str, Any]\neval(s): Any\n\
         bytearray(b\"x\"): bytearray\nsetattr(f, \"a\", 1): None\ng(1): Literal[1]"
    );
}

#[test]
fn a_declarative_meta_subclass_declares_metadata_and_registry() {
    // pyright 1.1.414 (FlexGet's `versioned_base()` returns a `VersionedBaseMeta`).
    let main = r#"from sqlalchemy.orm import DeclarativeMeta
class VersionedBaseMeta(DeclarativeMeta):
    pass
def f(base: VersionedBaseMeta):
    reveal_type(base.metadata)
    reveal_type(base.registry)
    reveal_type(base.metadata.tables["failed"].c)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "base.metadata: MetaData\nbase.registry: registry\n\
         base.metadata.tables[\"failed\"].c: ReadOnlyColumnCollection[str, Column[Any]]"
    );
}

#[test]
fn joining_the_items_of_an_empty_display_is_a_literal_string() {
    // pyright 1.1.414: typeshed's `join(self: LiteralString, Iterable[LiteralString])` takes the
    // unknown items of `[]`.
    let main = r#"import sqlalchemy
def f(rows: list[str]):
    values = []
    for row in rows:
        values.append(row)
    reveal_type("\n".join(values))
    reveal_type("\n".join(rows))
"#;
    assert_eq!(reveal(main, Series::V20), "\"\\n\".join(values): LiteralString\n\"\\n\".join(rows): str");
}

#[test]
fn a_signature_type_comment_annotates_an_unannotated_function() {
    // pyright 1.1.414 (celery's `# type: (Any, Any) -> Celery`); a method's comment may leave out
    // `self`; a `@contextmanager` declared to return no iterator stays undecorated for type
    // checkers, which report it.
    let main = r#"from contextlib import contextmanager
from typing import Any, Dict
import sqlalchemy
class Celery: ...
def app(celery_config, use_trap):
    # type: (Any, Any) -> Celery
    reveal_type(celery_config)
    return Celery()
class C:
    def m(self, key, default=None):
        # type: (str, Any) -> Dict[str, int]
        reveal_type(key)
        return {}
@contextmanager
def create(enable_logging=False):
    # type: (Any) -> Celery
    yield Celery()
reveal_type(app(1, 2))
reveal_type(C().m("a"))
reveal_type(create())
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "celery_config: Any\nkey: str\napp(1, 2): Celery\nC().m(\"a\"): Dict[str, int]\n\
         create(): _GeneratorContextManager[Unknown, None, None] (checker: Celery)"
    );
}

#[test]
fn a_nested_def_called_is_inferred_again_with_the_arguments_types() {
    // pyright 1.1.414: a nested `def` is inferred again for a call as a module function is, the
    // names it reads from the function around it as they are where it is defined; an unpassed
    // default keeps its literal outside a loop; two nested `def`s of the same parameters are one
    // type, the first (`make()`'s union is `compare`, whose call-site inference gives `Expr`).
    let main = r#"class Expr: ...
class Col:
    def like(self, v: str) -> Expr: ...
def make(op):
    def compare(column, value):
        return column.like(value)
    def other(column, value):
        return column
    return compare if op else other
def outer(c: Col):
    def helper(column):
        return column.like("x")
    return helper(c)
def use(c: Col):
    reveal_type(make("a"))
    reveal_type(make("a")(c, "v"))
    reveal_type(outer(c))
    def local(column, n=1):
        return column, n
    reveal_type(local(c, 2))
    reveal_type(local(c))
    reveal_type(local)
    for _ in [1]:
        reveal_type(local(c))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "make(\"a\"): (column: Unknown, value: Unknown) -> Unknown\nmake(\"a\")(c, \"v\"): Expr\nouter(c): Expr\n\
         local(c, 2): tuple[Col, Literal[2]]\nlocal(c): tuple[Col, Literal[1]]\n\
         local: (column: Unknown, n: int = 1) -> tuple[Unknown, int]\nlocal(c): tuple[Col, int]"
    );
}

#[test]
fn a_call_inside_a_call_site_inference_passes_what_the_scope_s_own_inference_gives() {
    // pyright 1.1.414 evaluates a call's arguments again, for the inference of its callee, where
    // the parameters of the function around it are `Unknown`: `f3(column)` and `f3(column.me)` in
    // a call-site inference are not inferred again (every argument unknown), `f3(ident(column))`
    // and `f3(Col())` are. The precise view passes what the call gives them.
    let main = r#"from typing import Any
class Expr: ...
class Col:
    me: "Col"
    def like(self, v: str) -> Expr: ...
def ident(x: Any) -> Col: ...
def f3(column):
    return column.like("x")
def passes_it(column):
    return f3(column)
def reads_it(column):
    y = column.me
    return f3(y)
def through_a_declared_call(column):
    return f3(ident(column))
def independent(column):
    return column, f3(Col())
def use(c: Col):
    reveal_type(passes_it(c))
    reveal_type(reads_it(c))
    reveal_type(through_a_declared_call(c))
    reveal_type(independent(c))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "passes_it(c): Expr (checker: Unknown)\nreads_it(c): Expr (checker: Unknown)\n\
         through_a_declared_call(c): Expr\nindependent(c): tuple[Col, Expr]"
    );
}

#[test]
fn a_custom_operator_makes_a_binary_expression() {
    // SQLAlchemy 2.0.58's `SQLCoreOperations.op()` overloads; with a `return_type`, of that SQL
    // type's Python type, which is not followed.
    let main = r#"from sqlalchemy import Integer, column
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str]
def f():
    reveal_type(Tag.key.op("~"))
    reveal_type(Tag.key.op("~")("x"))
    reveal_type(Tag.key.bool_op("~")("x"))
    reveal_type(column("a").op("->")("x"))
    reveal_type(Tag.key.op("~", return_type=Integer)("x"))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Tag.key.op(\"~\"): (Any) -> BinaryExpression[Any]\nTag.key.op(\"~\")(\"x\"): BinaryExpression[Any]\n\
         Tag.key.bool_op(\"~\")(\"x\"): BinaryExpression[bool]\ncolumn(\"a\").op(\"->\")(\"x\"): BinaryExpression[Any]\n\
         Tag.key.op(\"~\", return_type=Integer)(\"x\"): Unknown"
    );
}

#[test]
fn a_literal_passed_options_by_keyword_is_of_its_value() {
    // SQLAlchemy 2.0.58's `literal()` overloads: `type_` decides, not `literal_execute`
    // (pyright 1.1.414: `BindParameter[str]`).
    let main = r#"from sqlalchemy import String, literal
def f():
    reveal_type(literal("%Y", literal_execute=True))
    reveal_type(literal(2.5))
    reveal_type(literal(1, type_=String))
    reveal_type(literal(1, String, True))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "literal(\"%Y\", literal_execute=True): BindParameter[str]\nliteral(2.5): BindParameter[float]\n\
         literal(1, type_=String): BindParameter[str]\nliteral(1, String, True): BindParameter[str]"
    );
}

#[test]
fn a_clause_list_iterates_to_column_elements() {
    // SQLAlchemy 2.0.58's `ClauseList.__iter__` (pyright 1.1.414 agrees).
    let main = r#"from sqlalchemy import ClauseList
def f(clauses: ClauseList):
    first, second = clauses
    reveal_type(first)
    for clause in clauses:
        reveal_type(clause)
"#;
    assert_eq!(reveal(main, Series::V20), "first: ColumnElement[Any]\nclause: ColumnElement[Any]");
}

#[test]
fn type_checkers_take_type_checking_as_true() {
    // pyright 1.1.414 rules out what `TYPE_CHECKING` being true rules out; at run time it is
    // false, and the precise view keeps every branch.
    let main = r#"from typing import TYPE_CHECKING, Optional
import typing
def get() -> Optional[int]: ...
def f():
    x = get()
    if TYPE_CHECKING:
        assert x is not None
    reveal_type(x)
    y = get()
    if not TYPE_CHECKING:
        y = "a"
    reveal_type(y)
    z = get()
    if typing.TYPE_CHECKING:
        z = 1
    else:
        z = "b"
    reveal_type(z)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "x: int | None (checker: int)\ny: int | Literal['a'] | None (checker: int | None)\n\
         z: Literal[1, 'b'] (checker: Literal[1])"
    );
}

#[test]
fn a_tuple_is_an_iterable_of_its_items() {
    // pyright 1.1.414: a tuple passed for `Iterable[T]` solves `T` from its items, and fits
    // (or misfits) an overload's `Iterable[None]` by them.
    let main = r#"from typing import Iterable, Optional, TypeVar, overload
T = TypeVar("T")
def first(items: Iterable[T]) -> T: ...
@overload
def join(parts: Iterable[None]) -> bytes: ...
@overload
def join(parts: Iterable[Optional[T]]) -> T: ...
def join(parts): ...
def f(name: str):
    reveal_type(first((name, name)))
    reveal_type(join((name, None)))
    reveal_type(join((None, None)))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "first((name, name)): str\njoin((name, None)): str\njoin((None, None)): bytes"
    );
}

#[test]
fn a_query_expression_is_of_its_default_and_func_cast_makes_a_cast() {
    // SQLAlchemy 2.0.58: `query_expression(default_expr=null())` is a `MappedSQLExpression[None]`
    // to pyright 1.1.414; at run time `with_expression()` decides what loads, so the precise view
    // does not know. `func.cast` is a property returning `Type[Cast[Any]]`.
    let main = r#"from sqlalchemy import BigInteger, Integer, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, query_expression
class Base(DeclarativeBase):
    pass
class M(Base):
    __tablename__ = "m"
    id: Mapped[int] = mapped_column(primary_key=True)
    expr = query_expression()
def f(m: M):
    reveal_type(M.expr)
    reveal_type(m.expr)
    reveal_type(func.cast(M.id * 2, BigInteger))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "M.expr: InstrumentedAttribute[Unknown] (checker: InstrumentedAttribute[None])\n\
         m.expr: Unknown (checker: None)\nfunc.cast(M.id * 2, BigInteger): Cast[Any]"
    );
}

#[test]
fn values_and_textual_selects_have_their_members() {
    // pyright 1.1.414, SQLAlchemy 2.0.58: `values()` makes a `Values` whose generative methods
    // return it again; a `TextualSelect`'s `selected_columns` are keyed columns, a `Select`'s not.
    let main = r#"from sqlalchemy import Integer, String, column, select, text, values
def f():
    v = values(column("a", Integer), column("b", String), name="v").data([(1, "x")])
    reveal_type(v)
    reveal_type(v.scalar_values())
    reveal_type(select(v))
    reveal_type(text("select 1").columns(column("a", Integer)).selected_columns)
    reveal_type(select(column("a", Integer)).selected_columns)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "v: Values\nv.scalar_values(): ScalarValues\nselect(v): Select[Any]\n\
         text(\"select 1\").columns(column(\"a\", Integer)).selected_columns: \
         ColumnCollection[str, KeyedColumnElement[Any]]\n\
         select(column(\"a\", Integer)).selected_columns: ColumnCollection[str, ColumnElement[Any]]"
    );
}

#[test]
fn a_class_method_called_on_a_subclass_has_the_bases_type_arguments() {
    // pyright 1.1.414: `Sub.rules()` of `class Sub(Base[int, str])` solves `Base`'s variables.
    let main = r#"from typing import Generic, TypeVar
T = TypeVar("T")
S = TypeVar("S")
class Box(Generic[T, S]):
    def __init__(self, a: T, b: S) -> None: ...
class Base(Generic[T, S]):
    @classmethod
    def rules(cls) -> list[type[Box[T, S]]]:
        return []
    @classmethod
    def make(cls, x: T) -> Box[T, S]:
        raise ValueError
class Sub(Base[int, str]):
    pass
class Sub2(Sub):
    pass
reveal_type(Sub.rules())
reveal_type(Sub2.make(1))
for k in Sub.rules():
    reveal_type(k(1, "x"))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "Sub.rules(): list[type[Box[int, str]]]\nSub2.make(1): Box[int, str]\nk(1, \"x\"): Box[int, str]"
    );
}

#[test]
fn a_coroutine_is_an_awaitable_of_its_result() {
    // pyright 1.1.414: what an `async def` returns solves `Awaitable[T]` (alone or in a union, as
    // typeshed's `_FutureLike[T]`) and fits an overload taking one; a class's `__await__`
    // generator gives what awaiting it returns (typeshed's `asyncio.Future`).
    let main = r#"from typing import Any, Awaitable, Generator, Generic, TypeVar, Union, overload
T = TypeVar("T")
T1 = TypeVar("T1")
T2 = TypeVar("T2")
class Fut(Generic[T]):
    def __await__(self) -> Generator[Any, None, T]: ...
FutureLike = Union[Fut[T], Awaitable[T]]
@overload
def gather(a: FutureLike[T1], /) -> Fut[tuple[T1]]: ...
@overload
def gather(a: FutureLike[T1], b: FutureLike[T2], /) -> Fut[tuple[T1, T2]]: ...
@overload
def gather(*aws: FutureLike[T]) -> Fut[list[T]]: ...
def gather(*aws): ...
async def wait_for(aw: Awaitable[T], timeout: float) -> T: ...
async def one() -> int:
    return 1
async def two() -> str:
    return "x"
async def main():
    reveal_type(gather(one(), two()))
    a, b = await gather(one(), two())
    reveal_type(a)
    reveal_type(b)
    reveal_type(await wait_for(one(), 1.0))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "gather(one(), two()): Fut[tuple[int, str]]\na: int\nb: str\nawait wait_for(one(), 1.0): int"
    );
}

#[test]
fn a_container_call_takes_the_type_arguments_expected_of_it() {
    // pyright 1.1.414 solves a constructor's type parameters from the declared type first.
    let main = r#"from collections import defaultdict
from typing import Dict, Optional
def f():
    a: dict[str, list[int]] = defaultdict(list)
    reveal_type(a)
    b: Dict[str, float] = defaultdict(int)
    reveal_type(b)
    d: Optional[dict[str, int]] = dict()
    reveal_type(d)
    e: list[float] = list()
    reveal_type(e)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "a: defaultdict[str, list[int]]\nb: defaultdict[str, float]\nd: dict[str, int]\ne: list[float]"
    );
}

#[test]
fn a_literal_inside_an_arguments_type_stays_in_what_it_solves() {
    // pyright 1.1.414: the argument's own literal widens (`g('x')` is a `str`, and so are a tuple
    // expression's items); one inside its type's arguments is part of that type and stays.
    let main = r#"from typing import Awaitable, Literal, TypeVar
T = TypeVar("T")
def f(x: list[T]) -> T: ...
def g(x: T) -> T: ...
def h(x: tuple[T, int]) -> T: ...
def k(x: Awaitable[T]) -> T: ...
a: list[Literal['x']] = ['x']
async def two():
    return "x"
reveal_type(f(a))
reveal_type(g('x'))
reveal_type(h(('x', 1)))
reveal_type(k(two()))
"#;
    assert_eq!(reveal(main, Series::V20), "f(a): Literal['x']\ng('x'): str\nh(('x', 1)): str\nk(two()): Literal['x']");
}

#[test]
fn a_type_variable_nothing_solves_takes_its_default() {
    // pyright 1.1.414: `Box()` is a `Box[int]` where `D` defaults to `int`, `Box(y)` of an
    // unknown `y` a `Box[Unknown]`; typeshed's `ExitStack[_ExitT_co = bool | None]`, a class of a
    // module we hold ourselves, is made and entered as its stub says.
    let text = r#"
#- /work/proj/main.py
import contextlib
from typing import Generic
from typing_extensions import TypeVar
D = TypeVar("D", default=int)
class Box(Generic[D]):
    def __init__(self, x: D | None = None) -> None: ...
async def f(y):
    reveal_type(Box())
    reveal_type(Box(y))
    reveal_type(Box("s"))
    reveal_type(contextlib.ExitStack())
    async with contextlib.AsyncExitStack() as stack:
        reveal_type(stack)
#- /typeshed/stdlib/contextlib.pyi
from typing import Generic
from typing_extensions import Self, TypeVar
_ExitT_co = TypeVar("_ExitT_co", covariant=True, bound=bool | None, default=bool | None)
class ExitStack(Generic[_ExitT_co]):
    def __enter__(self) -> Self: ...
class AsyncExitStack(Generic[_ExitT_co]):
    async def __aenter__(self) -> Self: ...
"#;
    let fixture = crate::fixture::Fixture::with_libraries(text, Series::V20, "/work/proj", &["/typeshed/stdlib"]);
    assert_eq!(
        fixture.reveals("/work/proj/main.py"),
        "Box(): Box[int]\nBox(y): Box[Unknown]\nBox(\"s\"): Box[str]\n\
         contextlib.ExitStack(): ExitStack[bool | None]\nstack: AsyncExitStack[bool | None]"
    );
}

#[test]
fn builtins_that_call_what_they_are_passed() {
    // pyright 1.1.414: `map` gives what its function returns for the iterables' elements (a
    // lambda takes them as its parameters), `filter` keeps the elements (`None` drops `None`), a
    // `partial` called gives what the function returns. A `TypeGuard` predicate narrows the
    // elements to its guard, which we do not follow: unknown; so is a generic class, solved from
    // the elements (`map[Box[int]]`).
    let main = r#"
from functools import partial
from typing import Generic, TypeGuard, TypeVar
def g(x: int, y: str) -> float: ...
def is_str(v: object) -> TypeGuard[str]: ...
def keep(v: object) -> bool: ...
T = TypeVar("T")
class Plain:
    def __init__(self, n: int) -> None: ...
class Box(Generic[T]):
    def __init__(self, item: T) -> None: ...
def f(vals: list[int], objs: list[object], maybe: list[int | None]):
    reveal_type(bytes())
    reveal_type(partial(g, 1)("a"))
    reveal_type(map(str, vals))
    reveal_type(map(lambda v: [v], vals))
    reveal_type(map(g, vals, ["a"]))
    reveal_type(filter(None, maybe))
    reveal_type(filter(keep, objs))
    reveal_type(filter(is_str, objs))
    reveal_type(map(Plain, vals))
    reveal_type(map(Box, vals))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "bytes(): bytes\npartial(g, 1)(\"a\"): float\nmap(str, vals): map[str]\n\
         map(lambda v: [v], vals): map[list[int]]\nmap(g, vals, [\"a\"]): map[float]\n\
         filter(None, maybe): filter[int]\nfilter(keep, objs): filter[object]\n\
         filter(is_str, objs): Unknown\nmap(Plain, vals): map[Plain]\nmap(Box, vals): Unknown"
    );
}

#[test]
fn dict_of_pairs_and_of_rows() {
    // pyright 1.1.414: `dict(pairs)` keys the second items by the first; a class deriving from a
    // mapping is copied. A 2.0 `Row` is no tuple, every overload of `dict` fails and pyright falls
    // back on the last (`dict[bytes, bytes]`); a 2.1 `Row[int, str]` is a `tuple[int, str]`. At run
    // time a row of two columns is a pair (the runtime harness checks it), but a `Result` has
    // `keys()`, which makes `dict()` read it as a mapping and raise. `sum` of strings fails
    // typeshed's overloads (and raises).
    let main = r#"from typing import Mapping
from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
class Headers(Mapping[str, int]): ...
def f(session: Session, headers: Headers, pairs: list[tuple[str, int]], names: list[str]):
    reveal_type(dict(headers))
    reveal_type(dict(pairs))
    reveal_type(dict(session.execute(select(User.id, User.name)).all()))
    reveal_type(dict(session.execute(select(User.id))))
    reveal_type(dict(session.execute(select(User.id, User.name))))
    reveal_type(sum(names))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "dict(headers): dict[str, int]\ndict(pairs): dict[str, int]\n\
         dict(session.execute(select(User.id, User.name)).all()): dict[int, str] (checker: dict[bytes, bytes])\n\
         dict(session.execute(select(User.id))): Unknown (checker: dict[bytes, bytes])\n\
         dict(session.execute(select(User.id, User.name))): Unknown (checker: dict[bytes, bytes])\n\
         sum(names): Unknown"
    );
    assert_eq!(
        reveal(main, Series::V21),
        "dict(headers): dict[str, int]\ndict(pairs): dict[str, int]\n\
         dict(session.execute(select(User.id, User.name)).all()): dict[int, str]\n\
         dict(session.execute(select(User.id))): Unknown (checker: dict[bytes, bytes])\n\
         dict(session.execute(select(User.id, User.name))): Unknown (checker: dict[int, str])\n\
         sum(names): Unknown"
    );
}

#[test]
fn enum_classes_iterate_lists_multiply_and_library_classes_have_their_class_attributes() {
    // pyright 1.1.414: an enum class iterates over its members; `[x] * n` and `n * [x]` are the
    // list; a SQLAlchemy class object has the attributes its class body annotates (`name: str` of
    // `Dialect`), not those `__init__` sets (`Column.type`) nor properties.
    let main = r#"import enum
from sqlalchemy import Column
from sqlalchemy.engine import Dialect


class Color(enum.Enum):
    RED = "r"
    BLUE = "b"


def f(dialect: type[Dialect], column: type[Column], n: int):
    reveal_type([c for c in Color])
    reveal_type([c.value for c in Color])
    reveal_type([Color.RED] * n)
    reveal_type(n * [0])
    reveal_type(dialect.name)
    reveal_type(dialect.supports_statement_cache)
    reveal_type(column.type)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "[c for c in Color]: list[Color]\n[c.value for c in Color]: list[str]\n[Color.RED] * n: list[Color]\n\
         n * [0]: list[int]\ndialect.name: str\ndialect.supports_statement_cache: bool\ncolumn.type: Unknown"
    );
}

#[test]
fn a_union_argument_selects_the_union_of_its_members_columns() {
    // pyright 1.1.414 solves the column's type variable from each member of the union, sorted as it
    // sorts a union it assigns (instances before class objects, non-generic classes first, then by
    // name), widening as it goes: an unrelated type joins (`int | str`), a type the solution takes
    // changes nothing (`bool` after `int`), `Any` once first stays (`text()` sorts before
    // `InstrumentedAttribute`), an unsolved `Unknown` (`literal_column()`) gives way, and an `Any`
    // member adds nothing. A member that is no column leaves the row untyped. The precise view
    // selects each member's value, and does not know what an `Any` member selects.
    let main = r#"from typing import Any
from sqlalchemy import literal_column, select, text
from app.models import User, Post
def f(c: bool, g: Any):
    reveal_type(select(User.name if c else User.id))
    reveal_type(select(Post if c else User, User.id))
    reveal_type(select(User if c else User.name))
    reveal_type(select(User.id if c else User.id > 1))
    reveal_type(select(User.id if c else g))
    reveal_type(select(User.name if c else text("x"), User.id if c else literal_column("x")))
    reveal_type(select(User.id if c else "id"))
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "select(User.name if c else User.id): Select[Tuple[int | str]]\n\
         select(Post if c else User, User.id): Select[Tuple[Post | User, int]]\n\
         select(User if c else User.name): Select[Tuple[str | User]]\n\
         select(User.id if c else User.id > 1): Select[Tuple[bool | int]] (checker: Select[Tuple[int]])\n\
         select(User.id if c else g): Select[Any] (checker: Select[Tuple[int]])\n\
         select(User.name if c else text(\"x\"), User.id if c else literal_column(\"x\")): \
         Select[Tuple[Any | str, Unknown | int]] (checker: Select[Tuple[Any, int]])\n\
         select(User.id if c else \"id\"): Select[Any]"
    );
    assert_eq!(
        reveal(main, Series::V21),
        "select(User.name if c else User.id): Select[int | str]\n\
         select(Post if c else User, User.id): Select[Post | User, int]\n\
         select(User if c else User.name): Select[str | User]\n\
         select(User.id if c else User.id > 1): Select[bool | int] (checker: Select[int])\n\
         select(User.id if c else g): Select[*tuple[Any, ...]] (checker: Select[int])\n\
         select(User.name if c else text(\"x\"), User.id if c else literal_column(\"x\")): \
         Select[Any | str, Unknown | int] (checker: Select[Any, int])\n\
         select(User.id if c else \"id\"): Select[*tuple[Any, ...]]"
    );
}

#[test]
fn a_row_from_a_generic_function_joins_the_same_row_from_select() {
    // pyright 1.1.414: `Select[T]` solved to `Tuple[int]` is the type `select(User.id)` makes, so
    // the branches join into one type and `execute` keeps its row. A column name only one branch
    // knows is not claimed (`Row.__getattr__` is `Any`).
    let main = r#"from typing import Any, TypeVar
from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from app.models import User
T = TypeVar("T", bound=tuple[Any, ...])
def narrowed(query: Select[T]) -> Select[T]:
    return query
def f(session: Session, c: bool):
    query = select(User.id)
    if c:
        query = query.where(User.id == 1)
    else:
        query = narrowed(query)
    reveal_type(session.execute(query))
    reveal_type(session.execute(query).one().id)
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "session.execute(query): Result[Tuple[int]]\nsession.execute(query).one().id: Any"
    );
}

#[test]
fn a_nested_def_or_a_protocol_argument_solves_a_library_function_type_variable() {
    // pyright 1.1.414: typeshed's `Executor.submit(fn: Callable[_P, _T], ...) -> Future[_T]` given
    // a `def` nested in the caller is a `Future` of what it returns, declared or inferred.
    // `as_completed` takes its futures as a protocol (`_AsCompletedFuture[_T]`) whose `result`
    // returns `_T_co`: what each future's `result` returns solves it; so does what a client's
    // `__aenter__` returns for `enter_async_context(cm: AbstractAsyncContextManager[_T])`.
    let text = r#"
#- /work/proj/main.py
from concurrent.futures import Executor, as_completed
from contextlib import AsyncExitStack
from typing_extensions import Self
class Client:
    async def __aenter__(self) -> Self: ...
async def f(executor: Executor, stack: AsyncExitStack):
    def load(x: int) -> list[str]: ...
    def inferred(x: int):
        return [x]
    reveal_type(executor.submit(load, 1))
    futures = {executor.submit(inferred, i): i for i in range(3)}
    reveal_type(futures)
    for future in as_completed(futures):
        reveal_type(future.result())
    reveal_type(await stack.enter_async_context(Client()))
#- /typeshed/stdlib/concurrent/__init__.pyi
#- /typeshed/stdlib/concurrent/futures.pyi
from typing import Callable, Generic, Iterable, Iterator, Protocol, TypeVar
from typing_extensions import ParamSpec
_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)
_P = ParamSpec("_P")
class Future(Generic[_T]):
    def result(self) -> _T: ...
class Executor:
    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]: ...
class _AsCompletedFuture(Protocol[_T_co]):
    def result(self) -> _T_co: ...
def as_completed(fs: Iterable[_AsCompletedFuture[_T]]) -> Iterator[Future[_T]]: ...
#- /typeshed/stdlib/contextlib.pyi
from typing import Protocol, TypeVar
_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)
class AbstractAsyncContextManager(Protocol[_T_co]):
    async def __aenter__(self) -> _T_co: ...
class AsyncExitStack:
    async def enter_async_context(self, cm: AbstractAsyncContextManager[_T]) -> _T: ...
"#;
    let fixture = crate::fixture::Fixture::with_libraries(text, Series::V20, "/work/proj", &["/typeshed/stdlib"]);
    assert_eq!(
        fixture.reveals("/work/proj/main.py"),
        "executor.submit(load, 1): Future[list[str]]\n\
         futures: dict[Future[list[int]], int]\n\
         future.result(): list[int]\n\
         await stack.enter_async_context(Client()): Client"
    );
}
