//! The model-migration rules (SQA102, SQA103, SQA111, SQA113, SQA116, SQA117, SQA118): a positive
//! case, a negative case and the fix (before → after) of each, fixed to a fixed point.

use crate::Series;
use crate::fixture::{Files, Fixture};

use super::{MODELS, with_models};

/// Applies the fixes of `codes` (found in any file) until nothing changes; returns the files.
fn fix_all(text: &str, codes: &[&str], unsafe_fixes: bool) -> Files {
    Files::parse(text, Series::V21).fix_all(codes, unsafe_fixes)
}

#[test]
fn legacy_declarative_base() {
    let text = r#"
#- /m.py
from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import declarative_base, registry

convention = {"pk": "pk_%(table_name)s"}
engine = create_engine("sqlite://")

class Mixin:
    pass

Base = declarative_base()
Named = declarative_base(cls=Mixin, metadata=MetaData(naming_convention=convention), name="Named")
reg = registry()
FromRegistry = reg.generate_base()
Inline = registry(metadata=MetaData()).generate_base()
Bound = declarative_base(bind=engine)

class NotARegistry:
    def generate_base(self):
        return object

other = NotARegistry().generate_base()

def factory():
    Local = declarative_base()
    return Local
"#;
    let files = Files::parse(text, Series::V21);
    let fixture = files.fixture();
    assert_eq!(
        fixture.lint_only("/m.py", &["SQA102"]),
        "SQA102 [*] 10:8 `Base` is made by `declarative_base()`; declare `class Base(DeclarativeBase)` instead\n\
         SQA102 [*] 11:9 `Named` is made by `declarative_base()`; declare `class Named(DeclarativeBase)` instead\n\
         SQA102 [*] 13:16 `FromRegistry` is made by `generate_base()`; declare `class FromRegistry(DeclarativeBase)` instead\n\
         SQA102 [*] 14:10 `Inline` is made by `generate_base()`; declare `class Inline(DeclarativeBase)` instead\n\
         SQA102 15:9 `Bound` is made by `declarative_base()`; declare `class Bound(DeclarativeBase)` instead"
    );
    assert_eq!(fixture.fixed("/m.py", false), files.text("/m.py"), "the fix is unsafe");
    let fixed = fix_all(text, &["SQA102"], true);
    assert_eq!(
        fixed.text("/m.py"),
        r#"from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import declarative_base, registry, DeclarativeBase

convention = {"pk": "pk_%(table_name)s"}
engine = create_engine("sqlite://")

class Mixin:
    pass

class Base(DeclarativeBase):
    pass
class Named(Mixin, DeclarativeBase):
    metadata = MetaData(naming_convention=convention)
reg = registry()
class FromRegistry(DeclarativeBase):
    registry = reg
class Inline(DeclarativeBase):
    metadata = MetaData()
Bound = declarative_base(bind=engine)

class NotARegistry:
    def generate_base(self):
        return object

other = NotARegistry().generate_base()

def factory():
    Local = declarative_base()
    return Local
"#
    );
    assert_eq!(
        fixed.fixture().lint_only("/m.py", &["SQA102"]),
        "SQA102 19:9 `Bound` is made by `declarative_base()`; declare `class Bound(DeclarativeBase)` instead"
    );
}

#[test]
fn legacy_declarative_base_import_goes_with_its_last_use() {
    let text = "from sqlalchemy.orm import declarative_base, relationship\n\nBase = declarative_base()\n";
    assert_eq!(
        fix_all(text, &["SQA102"], true).text("/main.py"),
        "from sqlalchemy.orm import DeclarativeBase, relationship\n\nclass Base(DeclarativeBase):\n    pass\n"
    );
    let moved = "from sqlalchemy.ext.declarative import declarative_base\nimport sqlalchemy as sa\n\nBase = declarative_base()\n";
    assert_eq!(
        fix_all(moved, &["SQA102"], true).text("/main.py"),
        "import sqlalchemy as sa\n\nclass Base(sa.orm.DeclarativeBase):\n    pass\n"
    );
}

const LEGACY_MODELS: &str = r#"
#- /app/__init__.py
#- /app/models.py
import datetime
from typing import Optional
from sqlalchemy import Column, Integer, String, Date, Numeric, ForeignKey, Table, MetaData
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()
metadata = MetaData()
association = Table("association", metadata, Column("id", Integer, primary_key=True))

class TimestampMixin:
    created = Column(Date, nullable=False)

class Customer(TimestampMixin, Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    email = Column(String(120))
    birthday = Column(Date)
    addresses = relationship("Address", back_populates="customer")
    logins = relationship("Login", lazy="dynamic")

class Address(TimestampMixin, Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"), nullable=False)
    balance = Column(Numeric(10, 2))
    customer = relationship("Customer", back_populates="addresses")

class Login(Base):
    __tablename__ = "logins"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))

class NotMapped:
    name = Column(String)
"#;

#[test]
fn untyped_column() {
    let files = Files::parse(LEGACY_MODELS, Series::V21);
    let fixture = files.fixture();
    assert_eq!(
        fixture.lint_only("/app/models.py", &["SQA103"]),
        "SQA103 [*] 11:5 `TimestampMixin.created` has no `Mapped[...]` annotation; it holds `date`\n\
         SQA103 [*] 15:5 `Customer.id` has no `Mapped[...]` annotation; it holds `int`\n\
         SQA103 [*] 16:5 `Customer.name` has no `Mapped[...]` annotation; it holds `str`\n\
         SQA103 [*] 17:5 `Customer.email` has no `Mapped[...]` annotation; it holds `str | None`\n\
         SQA103 [*] 18:5 `Customer.birthday` has no `Mapped[...]` annotation; it holds `date | None`\n\
         SQA103 [*] 19:5 `Customer.addresses` has no `Mapped[...]` annotation; it holds `List[Address]`\n\
         SQA103 [*] 24:5 `Address.id` has no `Mapped[...]` annotation; it holds `int`\n\
         SQA103 [*] 25:5 `Address.customer_id` has no `Mapped[...]` annotation; it holds `int`\n\
         SQA103 [*] 26:5 `Address.balance` has no `Mapped[...]` annotation; it holds `Decimal | None`\n\
         SQA103 [*] 27:5 `Address.customer` has no `Mapped[...]` annotation; it holds `Customer`\n\
         SQA103 [*] 31:5 `Login.id` has no `Mapped[...]` annotation; it holds `int`\n\
         SQA103 [*] 32:5 `Login.customer_id` has no `Mapped[...]` annotation; it holds `int | None`"
    );
    let fixed = fix_all(LEGACY_MODELS, &["SQA103"], true);
    assert_eq!(
        fixed.text("/app/models.py"),
        r#"import datetime
from typing import Optional, List
from sqlalchemy import Column, Integer, String, Date, Numeric, ForeignKey, Table, MetaData
from sqlalchemy.orm import declarative_base, relationship, Mapped, mapped_column
from decimal import Decimal

Base = declarative_base()
metadata = MetaData()
association = Table("association", metadata, Column("id", Integer, primary_key=True))

class TimestampMixin:
    created: Mapped[datetime.date] = mapped_column(Date, nullable=False)

class Customer(TimestampMixin, Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    email: Mapped[Optional[str]] = mapped_column(String(120))
    birthday: Mapped[Optional[datetime.date]] = mapped_column(Date)
    addresses: Mapped[List["Address"]] = relationship("Address", back_populates="customer")
    logins = relationship("Login", lazy="dynamic")

class Address(TimestampMixin, Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), nullable=False)
    balance: Mapped[Optional[Decimal]] = mapped_column(Numeric(10, 2))
    customer: Mapped["Customer"] = relationship("Customer", back_populates="addresses")

class Login(Base):
    __tablename__ = "logins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("customers.id"))

class NotMapped:
    name = Column(String)
"#
    );
    assert_eq!(fixed.fixture().lint_only("/app/models.py", &["SQA103"]), "");
}

#[test]
fn untyped_column_in_the_files_style() {
    // No `typing` imports: `X | None` and `list[...]`; `import sqlalchemy as sa`: `sa.orm.Mapped`.
    let text = r#"
#- /m.py
import sqlalchemy as sa
from datetime import date
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

class Parent(Base):
    __tablename__ = "parent"
    id = sa.Column(sa.Integer, primary_key=True)
    born = sa.Column(sa.Date)
    children = relationship("Child")

class Child(Base):
    __tablename__ = "child"
    id = sa.Column(sa.Integer, primary_key=True)
    parent_id = sa.Column(sa.ForeignKey("parent.id"))
    parent = relationship("Parent", uselist=True)
    legacy = sa.orm.deferred(sa.Column(sa.Integer))
"#;
    let fixed = fix_all(text, &["SQA103"], true);
    assert_eq!(
        fixed.text("/m.py"),
        r#"import sqlalchemy as sa
from datetime import date
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

class Parent(Base):
    __tablename__ = "parent"
    id: sa.orm.Mapped[int] = sa.orm.mapped_column(sa.Integer, primary_key=True)
    born: sa.orm.Mapped[date | None] = sa.orm.mapped_column(sa.Date)
    children: sa.orm.Mapped[list["Child"]] = relationship("Child")

class Child(Base):
    __tablename__ = "child"
    id: sa.orm.Mapped[int] = sa.orm.mapped_column(sa.Integer, primary_key=True)
    parent_id: sa.orm.Mapped[int | None] = sa.orm.mapped_column(sa.ForeignKey("parent.id"))
    parent: sa.orm.Mapped[list["Parent"]] = relationship("Parent", uselist=True)
    legacy: sa.orm.Mapped[int | None] = sa.orm.deferred(sa.Column(sa.Integer))
"#
    );
}

#[test]
fn untyped_column_collections_as_sqlalchemy_decides_them() {
    // Self-referential: one-to-many unless `remote_side=`; `secondary=`: a collection;
    // `collection_class=set`: a set; another collection class: no fix.
    let text = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer, Table
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()
tags = Table("node_tags", Base.metadata, Column("node_id", ForeignKey("nodes.id")), Column("tag_id", ForeignKey("tags.id")))

class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("nodes.id"))
    children = relationship("Node")
    parent = relationship("Node", remote_side=[id])
    tags = relationship("Tag", secondary=tags, collection_class=set)
    keyed = relationship("Tag", secondary=tags, collection_class=attribute_keyed_dict("id"))

class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    nodes = relationship("Node", secondary=tags)
"#;
    let fixed = fix_all(text, &["SQA103"], true);
    let fixed = fixed.text("/m.py");
    for line in [
        "    children: Mapped[list[\"Node\"]] = relationship(\"Node\")\n",
        "    parent: Mapped[\"Node | None\"] = relationship(\"Node\", remote_side=[id])\n",
        "    tags: Mapped[set[\"Tag\"]] = relationship(\"Tag\", secondary=tags, collection_class=set)\n",
        "    keyed = relationship(\"Tag\", secondary=tags, collection_class=attribute_keyed_dict(\"id\"))\n",
        "    nodes: Mapped[list[\"Node\"]] = relationship(\"Node\", secondary=tags)\n",
    ] {
        assert!(fixed.contains(line), "{line} in\n{fixed}");
    }
}

#[test]
fn untyped_column_leaves_typed_models_alone() {
    // MODELS is typed throughout; Flask-style `db.Column` in a non-model class is not reported.
    let main = "from sqlalchemy import Column, Integer\nclass Plain:\n    x = Column(Integer)\n";
    let fixture = with_models(main, Series::V21);
    assert_eq!(fixture.lint_only("/app/models.py", &["SQA103", "SQA118"]), "");
    assert_eq!(fixture.lint_only("/main.py", &["SQA103", "SQA118"]), "");
}

#[test]
fn backref_argument() {
    let text = r#"
#- /app/__init__.py
#- /app/users.py
from typing import List
from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, backref

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    group = relationship("Group", backref=backref("members", lazy="selectin"))
    addresses = relationship("Address", backref="user")
    custom = relationship("Address", primaryjoin="User.id == Address.user_id", backref="custom_user")
#- /app/addresses.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship
from app.users import Base

class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))

class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)

class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("nodes.id"))
    parent = relationship("Node", remote_side=[id], backref="children")
    other = relationship("Node", back_populates="parent")
"#;
    let files = Files::parse(text, Series::V21);
    let fixture = files.fixture();
    assert_eq!(
        fixture.lint_only("/app/users.py", &["SQA111"]),
        "SQA111 [*] 12:35 `User.group` declares `Group.members` with `backref=` (legacy); declare both sides with `back_populates=`\n\
         SQA111 [*] 13:41 `User.addresses` declares `Address.user` with `backref=` (legacy); declare both sides with `back_populates=`\n\
         SQA111 14:80 `User.custom` declares `Address.custom_user` with `backref=` (legacy); declare both sides with `back_populates=`"
    );
    assert_eq!(
        fixture.lint_only("/app/addresses.py", &["SQA111"]),
        "SQA111 [*] 18:53 `Node.parent` declares `Node.children` with `backref=` (legacy); declare both sides with `back_populates=`"
    );
    let fixed = fix_all(text, &["SQA111"], true);
    assert_eq!(
        fixed.text("/app/users.py"),
        r#"from typing import List
from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, backref

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    group = relationship("Group", back_populates="members")
    addresses = relationship("Address", back_populates="user")
    custom = relationship("Address", primaryjoin="User.id == Address.user_id", backref="custom_user")
"#
    );
    // `Group` is typed (its `Mapped` annotations): the new side is too; `Address` and `Node` are not.
    assert_eq!(
        fixed.text("/app/addresses.py"),
        r#"from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship
from app.users import Base

class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    user = relationship("User", back_populates="addresses")

class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    members: Mapped[list["User"]] = relationship(back_populates="group", lazy="selectin")

class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("nodes.id"))
    parent = relationship("Node", remote_side=[id], back_populates="children")
    other = relationship("Node", back_populates="parent")
    children = relationship("Node", back_populates="parent")
"#
    );
    assert_eq!(
        fixed.fixture().lint_only("/app/users.py", &["SQA111"]),
        "SQA111 14:80 `User.custom` declares `Address.custom_user` with `backref=` (legacy); declare both sides with `back_populates=`"
    );
}

#[test]
fn string_relationship_path() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload, lazyload, with_parent, load_only
from app.models import User, Post

def f(session: Session, user: User, post: Post):
    a = session.query(User).options(joinedload("posts"))
    b = select(User).options(selectinload("posts").joinedload("author"), load_only("name", "email"))
    c = session.query(User).join("posts", "author")
    d = select(Post).where(with_parent(user, "posts"))
    e = session.query(Post).with_parent(user, "posts")
    f = session.query(User).options(joinedload(User.posts).selectinload("author"))
    g = session.query(User).options(joinedload("posts.author"), joinedload("nothing"))
    h = session.query(User, Post).join("posts")
    i = joinedload("posts")
    ok1 = session.query(User).options(lazyload("*"), joinedload(User.posts))
    ok2 = ", ".join(["a", "b"])
    ok3 = session.query(User).join(Post, User.posts)
"#;
    let text = format!("{MODELS}\n#- /main.py\n{main}");
    let fixture = Fixture::new(&text, Series::V21);
    assert_eq!(
        fixture.lint_only("/main.py", &["SQA113"]),
        "SQA113 [*] 6:48 string attribute name \"posts\" in `joinedload()` is removed in SQLAlchemy 2.0; use `User.posts`\n\
         SQA113 [*] 7:43 string attribute name \"posts\" in `selectinload()` is removed in SQLAlchemy 2.0; use `User.posts`\n\
         SQA113 [*] 7:63 string attribute name \"author\" in `joinedload()` is removed in SQLAlchemy 2.0; use `Post.author`\n\
         SQA113 [*] 7:84 string attribute name \"name\" in `load_only()` is removed in SQLAlchemy 2.0; use `User.name`\n\
         SQA113 [*] 7:92 string attribute name \"email\" in `load_only()` is removed in SQLAlchemy 2.0; use `User.email`\n\
         SQA113 [*] 8:34 string relationship path \"posts\", \"author\" in `join()` is removed in SQLAlchemy 2.0; use `User.posts`, `Post.author`\n\
         SQA113 [*] 9:46 string attribute name \"posts\" in `with_parent()` is removed in SQLAlchemy 2.0; use `User.posts`\n\
         SQA113 [*] 10:47 string attribute name \"posts\" in `with_parent()` is removed in SQLAlchemy 2.0; use `User.posts`\n\
         SQA113 [*] 11:73 string attribute name \"author\" in `selectinload()` is removed in SQLAlchemy 2.0; use `Post.author`\n\
         SQA113 12:48 string attribute name \"posts.author\" in `joinedload()` is removed in SQLAlchemy 2.0; use the class-bound attribute\n\
         SQA113 12:76 string attribute name \"nothing\" in `joinedload()` is removed in SQLAlchemy 2.0; use the class-bound attribute\n\
         SQA113 13:40 string relationship path \"posts\" in `join()` is removed in SQLAlchemy 2.0; use class-bound attributes\n\
         SQA113 14:20 string attribute name \"posts\" in `joinedload()` is removed in SQLAlchemy 2.0; use the class-bound attribute"
    );
    let fixed = fix_all(&text, &["SQA113"], false);
    let fixed = fixed.text("/main.py");
    for line in [
        "    a = session.query(User).options(joinedload(User.posts))\n",
        "    b = select(User).options(selectinload(User.posts).joinedload(Post.author), load_only(User.name, User.email))\n",
        "    c = session.query(User).join(User.posts).join(Post.author)\n",
        "    d = select(Post).where(with_parent(user, User.posts))\n",
        "    e = session.query(Post).with_parent(user, User.posts)\n",
        "    f = session.query(User).options(joinedload(User.posts).selectinload(Post.author))\n",
    ] {
        assert!(fixed.contains(line), "{line} in\n{fixed}");
    }
    let refixed = with_models(fixed, Series::V21);
    assert_eq!(refixed.lint_only("/main.py", &["SQA113"]).lines().filter(|l| l.contains("[*]")).count(), 0);
}

#[test]
fn relation_alias() {
    let text = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy import orm
from sqlalchemy.orm import declarative_base, relation, eagerload, joinedload

Base = declarative_base()

class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    bs = relation("B")
    cs = orm.relation("B")

class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a_id = Column(ForeignKey("a.id"))
    a = relation(A)

def f(query):
    return query.options(eagerload(A.bs), joinedload(A.cs))
"#;
    let files = Files::parse(text, Series::V21);
    let fixture = files.fixture();
    assert_eq!(
        fixture.lint_only("/m.py", &["SQA116"]),
        "SQA116 [*] 10:10 `relation()` is the removed alias of `relationship()`\n\
         SQA116 [*] 11:10 `relation()` is the removed alias of `relationship()`\n\
         SQA116 [*] 17:9 `relation()` is the removed alias of `relationship()`\n\
         SQA116 [*] 20:26 `eagerload()` is the removed alias of `joinedload()`"
    );
    let fixed = fix_all(text, &["SQA116"], false);
    assert_eq!(
        fixed.text("/m.py"),
        r#"from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy import orm
from sqlalchemy.orm import declarative_base, relationship, joinedload

Base = declarative_base()

class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    bs = relationship("B")
    cs = orm.relationship("B")

class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a_id = Column(ForeignKey("a.id"))
    a = relationship(A)

def f(query):
    return query.options(joinedload(A.bs), joinedload(A.cs))
"#
    );
    assert_eq!(fixed.fixture().lint_only("/m.py", &["SQA116"]), "");
}

#[test]
fn classical_mapper() {
    let text = r#"
#- /m.py
from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.orm import mapper, relationship

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True))
addresses = Table("addresses", metadata, Column("id", Integer, primary_key=True))

class User:
    pass

class Address:
    pass

def start_mappers():
    mapper(User, users, properties={"addresses": relationship(Address)})
    mapper(Address, addresses)
    mapper(Address, addresses, non_primary=True)

def mapper_like(mapper):
    return mapper(User)
"#;
    let files = Files::parse(text, Series::V21);
    let fixture = files.fixture();
    assert_eq!(
        fixture.lint_only("/m.py", &["SQA117"]),
        "SQA117 [*] 15:5 `mapper()` is removed in SQLAlchemy 2.0; use `registry.map_imperatively()`\n\
         SQA117 [*] 16:5 `mapper()` is removed in SQLAlchemy 2.0; use `registry.map_imperatively()`\n\
         SQA117 17:5 `mapper()` is removed in SQLAlchemy 2.0; use `registry.map_imperatively()`"
    );
    let fixed = fix_all(text, &["SQA117"], true);
    assert_eq!(
        fixed.text("/m.py"),
        r#"from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.orm import mapper, relationship, registry

metadata = MetaData()
users = Table("users", metadata, Column("id", Integer, primary_key=True))
addresses = Table("addresses", metadata, Column("id", Integer, primary_key=True))

class User:
    pass

class Address:
    pass

mapper_registry = registry()


def start_mappers():
    mapper_registry.map_imperatively(User, users, properties={"addresses": relationship(Address)})
    mapper_registry.map_imperatively(Address, addresses)
    mapper(Address, addresses, non_primary=True)

def mapper_like(mapper):
    return mapper(User)
"#
    );
    // The last use takes the import with it.
    let single = "from sqlalchemy.orm import mapper\nfrom app import User, users\n\nmapper(User, users)\n";
    assert_eq!(
        fix_all(single, &["SQA117"], true).text("/main.py"),
        "from sqlalchemy.orm import registry\nfrom app import User, users\n\nmapper_registry = registry()\nmapper_registry.map_imperatively(User, users)\n"
    );
}

#[test]
fn non_mapped_annotation() {
    let text = r#"
#- /m.py
from typing import ClassVar, List, Optional
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class Parent(Base):
    __tablename__ = "parent"
    id: int = Column(Integer, primary_key=True)
    children: List["Child"] = relationship("Child", back_populates="parent")
    name: str = mapped_column(String)
    nickname: Optional[str] = mapped_column(String)
    counter: ClassVar[int] = 0
    typed: Mapped[int] = mapped_column()

class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    parent: "Parent" = relationship("Parent", back_populates="children")

class Legacy(Base):
    __tablename__ = "legacy"
    __allow_unmapped__ = True
    id: int = Column(Integer, primary_key=True)
"#;
    let files = Files::parse(text, Series::V21);
    let fixture = files.fixture();
    assert_eq!(
        fixture.lint_only("/m.py", &["SQA118"]),
        "SQA118 [*] 10:5 `Parent.id` is annotated `int` without `Mapped[...]`; SQLAlchemy 2.0 rejects it\n\
         SQA118 [*] 11:5 `Parent.children` is annotated `List[\"Child\"]` without `Mapped[...]`; SQLAlchemy 2.0 rejects it\n\
         SQA118 [*] 12:5 `Parent.name` is annotated `str` without `Mapped[...]`; SQLAlchemy 2.0 rejects it\n\
         SQA118 [*] 13:5 `Parent.nickname` is annotated `Optional[str]` without `Mapped[...]`; SQLAlchemy 2.0 rejects it\n\
         SQA118 [*] 21:5 `Child.parent` is annotated `\"Parent\"` without `Mapped[...]`; SQLAlchemy 2.0 rejects it"
    );
    // `name: str = mapped_column(String)` would become NOT NULL: that fix is unsafe.
    let safe = fix_all(text, &["SQA118"], false);
    assert!(safe.text("/m.py").contains("    name: str = mapped_column(String)\n"));
    let fixed = fix_all(text, &["SQA118"], true);
    assert_eq!(
        fixed.text("/m.py"),
        r#"from typing import ClassVar, List, Optional
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = Column(Integer, primary_key=True)
    children: Mapped[List["Child"]] = relationship("Child", back_populates="parent")
    name: Mapped[str] = mapped_column(String)
    nickname: Mapped[Optional[str]] = mapped_column(String)
    counter: ClassVar[int] = 0
    typed: Mapped[int] = mapped_column()

class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped["Parent"] = relationship("Parent", back_populates="children")

class Legacy(Base):
    __tablename__ = "legacy"
    __allow_unmapped__ = True
    id: int = Column(Integer, primary_key=True)
"#
    );
    assert_eq!(fixed.fixture().lint_only("/m.py", &["SQA118"]), "");
}

#[test]
fn backref_argument_one_to_one_and_many_to_many() {
    let text = r#"
#- /m.py
from typing import List
from sqlalchemy import Column, ForeignKey, Integer, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

links = Table("links", Base.metadata, Column("a_id", ForeignKey("a.id")), Column("b_id", ForeignKey("b.id")))

class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile = relationship("B", uselist=False, backref="owner")
    bs = relationship("B", secondary=links, backref="as_")

class B(Base):
    __tablename__ = "b"
    id: Mapped[int] = mapped_column(primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("a.id"))
"#;
    let fixed = fix_all(text, &["SQA111"], true);
    assert!(
        fixed.text("/m.py").ends_with(
            "    a_id: Mapped[int] = mapped_column(ForeignKey(\"a.id\"))\n    \
         owner: Mapped[\"A\"] = relationship(back_populates=\"profile\")\n    \
         as_: Mapped[List[\"A\"]] = relationship(back_populates=\"bs\", secondary=links)\n"
        ),
        "{}",
        fixed.text("/m.py")
    );
}

#[test]
fn flask_models_without_table_names() {
    // Flask-SQLAlchemy names the tables itself (`User` → `user`), so which side holds the foreign key
    // is known and relationships get typed fixes; a quoted `"Mapped[int]"` is a `Mapped` annotation.
    let text = r#"
#- /app.py
from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()

class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    quoted: "Mapped[int]" = db.Column(db.Integer)
    posts = db.relationship("Post", backref="author")

class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
"#;
    let fixture = Files::parse(text, Series::V21).fixture();
    assert_eq!(
        fixture.lint_only("/app.py", &["SQA103", "SQA111", "SQA118"]),
        "SQA103 [*] 5:5 `User.id` has no `Mapped[...]` annotation; it holds `int`\n\
         SQA103 [*] 7:5 `User.posts` has no `Mapped[...]` annotation; it holds `List[Post]`\n\
         SQA111 [*] 7:37 `User.posts` declares `Post.author` with `backref=` (legacy); declare both sides with `back_populates=`\n\
         SQA103 [*] 10:5 `Post.id` has no `Mapped[...]` annotation; it holds `int`\n\
         SQA103 [*] 11:5 `Post.user_id` has no `Mapped[...]` annotation; it holds `int | None`"
    );
    let fixed = fix_all(text, &["SQA103", "SQA111"], true);
    assert_eq!(
        fixed.text("/app.py"),
        r#"from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, mapped_column, relationship
db = SQLAlchemy()

class User(db.Model):
    id: Mapped[int] = mapped_column(db.Integer, primary_key=True)
    quoted: "Mapped[int]" = db.Column(db.Integer)
    posts: Mapped[list["Post"]] = db.relationship("Post", back_populates="author")

class Post(db.Model):
    id: Mapped[int] = mapped_column(db.Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(db.Integer, db.ForeignKey("user.id"))
    author: Mapped["User | None"] = relationship(back_populates="posts")
"#
    );
}
