//! The runtime family (SQA4xx): for each rule a positive case, a negative case and its fix.

use crate::Series;
use crate::fixture::Fixture;

use super::{MODELS, with_models};

/// Models with a `lazy="joined"` collection, `AsyncAttrs`, and dataclass mapping.
const MORE_MODELS: &str = r#"
#- /shop/__init__.py
#- /shop/models.py
from typing import List, Optional
from sqlalchemy import ForeignKey
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column, relationship

class Base(AsyncAttrs, DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    lines: Mapped[List["Line"]] = relationship(lazy="joined", back_populates="order")
    notes: Mapped[List["Note"]] = relationship(lazy="selectin")
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    customer: Mapped["Customer"] = relationship()

class Line(Base):
    __tablename__ = "lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    order: Mapped[Order] = relationship(back_populates="lines")

class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))

class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
"#;

fn shop(main: &str, series: Series) -> Fixture {
    Fixture::new(&format!("{MODELS}\n{MORE_MODELS}\n#- /main.py\n{main}"), series)
}

#[test]
fn joinedload_collection_needs_unique() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload
from app.models import User, Post

def f(session: Session):
    a = session.scalars(select(User).options(joinedload(User.posts))).all()
    stmt = select(User).options(joinedload(User.posts))
    b = session.execute(stmt).all()
    c = session.scalars(stmt).unique().all()
    d = session.scalars(select(Post).options(joinedload(Post.author))).all()
    e = session.scalars(select(User).options(selectinload(User.posts))).all()
    chained = select(Post).options(selectinload(Post.author).joinedload(User.posts))
    for post in session.scalars(chained):
        pass
    result = session.execute(stmt)
    users = result.scalars().first()
    return session.scalars(stmt)
"#;
    let fixture = with_models(main, Series::V21);
    assert_eq!(
        fixture.lint_only("/main.py", &["SQA401"]),
        "SQA401 [*] 6:9 `joinedload(User.posts)` eager-loads a collection with a JOIN: SQLAlchemy 2.x raises `InvalidRequestError` unless the result is de-duplicated with `.unique()`\n\
         SQA401 [*] 8:9 `joinedload(User.posts)` eager-loads a collection with a JOIN: SQLAlchemy 2.x raises `InvalidRequestError` unless the result is de-duplicated with `.unique()`\n\
         SQA401 [*] 13:17 `selectinload(Post.author).joinedload(User.posts)` eager-loads a collection with a JOIN: SQLAlchemy 2.x raises `InvalidRequestError` unless the result is de-duplicated with `.unique()`\n\
         SQA401 [*] 15:14 `joinedload(User.posts)` eager-loads a collection with a JOIN: SQLAlchemy 2.x raises `InvalidRequestError` unless the result is de-duplicated with `.unique()`"
    );
    let fixed = fixture.fixed("/main.py", false);
    for line in [
        "    a = session.scalars(select(User).options(joinedload(User.posts))).unique().all()\n",
        "    b = session.execute(stmt).unique().all()\n",
        "    for post in session.scalars(chained).unique():\n",
        "    users = result.scalars().unique().first()\n",
    ] {
        assert!(fixed.contains(line), "{line}\n{fixed}");
    }
}

#[test]
fn joinedload_collection_needs_unique_async_and_lazy_joined() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import selectinload, lazyload
from sqlalchemy.ext.asyncio import AsyncSession
from shop.models import Order

async def f(session: AsyncSession):
    a = (await session.execute(select(Order))).scalars().all()
    b = (await session.scalars(select(Order).options(selectinload(Order.lines)))).all()
    c = (await session.scalars(select(Order).options(lazyload("*")))).all()
    d = (await session.scalars(select(Order))).unique().all()
    for order in await session.scalars(select(Order)):
        pass
"#;
    let fixture = shop(main, Series::V20);
    assert_eq!(
        fixture.lint_only("/main.py", &["SQA401"]),
        "SQA401 [*] 7:16 `Order.lines` (`lazy=\"joined\"`) eager-loads a collection with a JOIN: SQLAlchemy 2.x raises `InvalidRequestError` unless the result is de-duplicated with `.unique()`\n\
         SQA401 11:24 `Order.lines` (`lazy=\"joined\"`) eager-loads a collection with a JOIN: SQLAlchemy 2.x raises `InvalidRequestError` unless the result is de-duplicated with `.unique()`"
    );
    assert!(
        fixture.fixed("/main.py", false).contains("    a = (await session.scalars(select(Order))).unique().all()\n")
    );
}

#[test]
fn entity_rows() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.ext.asyncio import AsyncSession
from app.models import User

def f(session: Session):
    a = session.execute(select(User)).scalars().all()
    b = session.execute(select(User).where(User.id == 1)).one()[0]
    c = session.execute(select(User)).first()[0]
    for (user,) in session.execute(select(User)):
        pass
    for row in session.execute(select(User)):
        print(row[0].name)
    ok1 = session.execute(select(User.id, User.name)).all()[0]
    ok2 = session.scalars(select(User)).all()
    for (uid,) in session.execute(select(User.id)):
        pass

async def g(session: AsyncSession):
    users = (await session.execute(select(User))).scalars().all()
"#;
    let fixture = with_models(main, Series::V21);
    assert_eq!(
        fixture.lint_only("/main.py", &["SQA402"]),
        "SQA402 [*] 7:9 `.execute(...).scalars()` on a select of `User`: use `.scalars(...)`\n\
         SQA402 [*] 8:9 a row of `User` unwrapped with `[0]`: use `.scalars(...).one()` to get the object\n\
         SQA402 [*] 9:9 a row of `User` unwrapped with `[0]`: use `.scalars(...).first()` to get the object\n\
         SQA402 [*] 10:9 rows of `User` unpacked one by one: iterate `.scalars(...)` to get the objects\n\
         SQA402 13:15 `row[0]` unwraps a row of `User`: select with `session.scalars(...)` to get the objects\n\
         SQA402 [*] 20:13 `.execute(...).scalars()` on a select of `User`: use `.scalars(...)`"
    );
    let safe = fixture.fixed("/main.py", false);
    for line in [
        "    a = session.scalars(select(User)).all()\n",
        "    b = session.scalars(select(User).where(User.id == 1)).one()\n",
        "    c = session.execute(select(User)).first()[0]\n",
        "    for user in session.scalars(select(User)):\n",
        "    users = (await session.scalars(select(User))).all()\n",
    ] {
        assert!(safe.contains(line), "{line}\n{safe}");
    }
    assert!(fixture.fixed("/main.py", true).contains("    c = session.scalars(select(User)).first()\n"));
}

#[test]
fn async_implicit_io() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import selectinload, joinedload
from sqlalchemy.ext.asyncio import AsyncSession
from app.models import User
from shop.models import Order

async def f(session: AsyncSession, given: User):
    user = await session.get(User, 1)
    print(user.posts)
    print(user.posts)
    eager = await session.get(User, 1, options=[selectinload(User.posts)])
    print(eager.posts)
    stmt = select(User).options(joinedload(User.posts))
    loaded = (await session.scalars(stmt)).one()
    print(loaded.posts)
    result = await session.execute(select(User))
    first = result.scalar_one()
    print(first.posts, first.name)
    print(given.posts)
    refreshed = await session.get(User, 2)
    await session.refresh(refreshed, ["posts"])
    print(refreshed.posts)
    for order in (await session.scalars(select(Order))).all():
        print(order.customer, order.notes)
    first.posts = []

def sync(session, user: User):
    print(user.posts)
"#;
    let fixture = shop(main, Series::V21);
    assert_eq!(
        fixture.lint_only("/main.py", &["SQA403"]),
        "SQA403 9:11 `user.posts` lazy-loads `User.posts` on an object from an `AsyncSession`: the implicit I/O raises `MissingGreenlet`; load it with `selectinload(User.posts)` or `await user.awaitable_attrs.posts`\n\
         SQA403 18:11 `first.posts` lazy-loads `User.posts` on an object from an `AsyncSession`: the implicit I/O raises `MissingGreenlet`; load it with `selectinload(User.posts)` or `await first.awaitable_attrs.posts`\n\
         SQA403 [*] 24:15 `order.customer` lazy-loads `Order.customer` on an object from an `AsyncSession`: the implicit I/O raises `MissingGreenlet`; load it with `selectinload(Order.customer)` or `await order.awaitable_attrs.customer`"
    );
    // Only models deriving from `AsyncAttrs` get the (unsafe) fix.
    let fixed = fixture.fixed("/main.py", true);
    assert!(fixed.contains("        print((await order.awaitable_attrs.customer), order.notes)\n"), "{fixed}");
    assert!(fixed.contains("    print(user.posts)\n"));
}

#[test]
fn default_and_insert_default_only_under_2_1() {
    let files = r#"
#- /m.py
from sqlalchemy.orm import DeclarativeBase, MappedAsDataclass, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class DataBase(MappedAsDataclass, DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(default="new", insert_default="new")
    ok: Mapped[str] = mapped_column(insert_default="x")
class B(DataBase):
    __tablename__ = "b"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    status: Mapped[str] = mapped_column(
        default="new",
        insert_default="old",
    )
"#;
    assert_eq!(Fixture::new(files, Series::V20).lint("/m.py"), "");
    let fixture = Fixture::new(files, Series::V21);
    assert_eq!(
        fixture.lint_only("/m.py", &["SQA404"]),
        "SQA404 [*] 9:56 `default=` and `insert_default=` are mutually exclusive in SQLAlchemy 2.1: mapping the class raises `ArgumentError`\n\
         SQA404 16:9 `default=` and `insert_default=` are mutually exclusive in SQLAlchemy 2.1: mapping the class raises `ArgumentError`"
    );
    let fixed = fixture.fixed("/m.py", false);
    assert!(fixed.contains("    status: Mapped[str] = mapped_column(insert_default=\"new\")\n"), "{fixed}");
    assert!(fixed.contains("        default=\"new\",\n        insert_default=\"old\",\n"));
}

#[test]
fn relationship_default_not_none_only_under_2_1() {
    let files = r#"
#- /m.py
from typing import List, Optional, Set
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, MappedAsDataclass, Mapped, mapped_column, relationship
class Base(MappedAsDataclass, DeclarativeBase):
    pass
class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    children: Mapped[List["Child"]] = relationship(default=[], back_populates="parent")
    tags: Mapped[Set["Child"]] = relationship(default_factory=lambda: set(), viewonly=True)
    others: Mapped[List["Child"]] = relationship(default_factory=lambda: [], viewonly=True)
    ok: Mapped[List["Child"]] = relationship(default_factory=list, viewonly=True)
class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"), default=None)
    parent: Mapped[Optional[Parent]] = relationship(default=None, back_populates="children")
    favorite: Mapped[Optional[Parent]] = relationship(default=DEFAULT_PARENT, viewonly=True)
DEFAULT_PARENT = None
#- /plain.py
from typing import List
from sqlalchemy.orm import DeclarativeBase, Mapped, relationship
class Base(DeclarativeBase):
    pass
class P(Base):
    __tablename__ = "p"
    children: Mapped[List["P"]] = relationship(default=[])
"#;
    assert_eq!(Fixture::new(files, Series::V20).lint("/m.py"), "");
    let fixture = Fixture::new(files, Series::V21);
    assert_eq!(fixture.lint_only("/plain.py", &["SQA405"]), "");
    assert_eq!(
        fixture.lint_only("/m.py", &["SQA405"]),
        "SQA405 [*] 9:52 `Parent.children`: a collection relationship takes only `default_factory=list` in SQLAlchemy 2.1, not `default=[]` (`ArgumentError` when the mappers are configured)\n\
         SQA405 [*] 10:47 `Parent.tags`: a collection relationship takes only `default_factory=set` in SQLAlchemy 2.1, not `default_factory=lambda: set()` (`ArgumentError` when the mappers are configured)\n\
         SQA405 [*] 11:50 `Parent.others`: a collection relationship takes only `default_factory=list` in SQLAlchemy 2.1, not `default_factory=lambda: []` (`ArgumentError` when the mappers are configured)\n\
         SQA405 18:55 `Child.favorite`: a relationship's `default=` only accepts `None` in SQLAlchemy 2.1 (`ArgumentError` when the mappers are configured)"
    );
    let fixed = fixture.fixed("/m.py", false);
    for line in [
        "relationship(default_factory=list, back_populates=\"parent\")",
        "relationship(default_factory=set, viewonly=True)",
        "others: Mapped[List[\"Child\"]] = relationship(default_factory=list, viewonly=True)",
    ] {
        assert!(fixed.contains(line), "{line}\n{fixed}");
    }
}
