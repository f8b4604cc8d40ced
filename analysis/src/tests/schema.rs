//! The relational facts of `schema/` as users see them: relationship shapes and optionality, column
//! options and mixin columns, each checked against what SQLAlchemy returns at runtime (the comments
//! say what SQLAlchemy does; `tests/corpus` measures the same on real projects).

use crate::Series;
use crate::fixture::Fixture;

fn reveals(files: &str) -> String {
    Fixture::new(files, Series::V20).reveals("/main.py")
}

const LEGACY: &str = r#"
#- /legacy.py
from sqlalchemy import Column, Float, ForeignKey, Integer, Numeric, String, Table, Uuid
from sqlalchemy.orm import attribute_keyed_dict, backref, declarative_base, declared_attr, relationship
Base = declarative_base()
links = Table("links", Base.metadata, Column("a_id", ForeignKey("a.id")), Column("b_id", ForeignKey("b.id")))
class OwnedMixin:
    @declared_attr
    def owner_id(cls):
        return Column(Integer, ForeignKey("a.id"))
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    price = Column(Numeric(10, 2, asdecimal=False))
    ratio = Column(Float(asdecimal=True), nullable=False)
    token = Column(Uuid(as_uuid=False))
    bs = relationship("B", secondary=links, collection_class=set)
    by_name = relationship("B", secondary=links, collection_class=attribute_keyed_dict("name"))
    detail = relationship("Detail", backref=backref("owner", uselist=False), uselist=False)
class B(OwnedMixin, Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    a_id = Column(ForeignKey("a.id"), nullable=False)
    a = relationship("A", foreign_keys=[a_id])
class Detail(Base):
    __tablename__ = "detail"
    id = Column(Integer, primary_key=True)
    a_id = Column(ForeignKey("a.id"))
class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("nodes.id"))
    children = relationship("Node")
    parent = relationship("Node", remote_side=[id])
#- /main.py
from legacy import A, B, Detail, Node
def f(a: A, b: B, d: Detail, n: Node):
    reveal_type(a.bs)
    reveal_type(a.by_name)
    reveal_type(a.detail)
    reveal_type(d.owner)
    reveal_type(b.a)
    reveal_type(n.children)
    reveal_type(n.parent)
    reveal_type(a.price)
    reveal_type(a.ratio)
    reveal_type(a.token)
    reveal_type(b.owner_id)
"#;

#[test]
fn relationship_shapes_and_column_options_on_legacy_models() {
    // `collection_class=set` loads a set, a keyed dict a dict; `uselist=False` on the one-to-many
    // side and its many-to-one backref are `None` without a row; a many-to-one over a NOT NULL key
    // (`foreign_keys=` picks it among two) is never `None`; self-referential without `remote_side`
    // is one-to-many; `asdecimal=` / `as_uuid=` change what values load as; a mixin's untyped
    // `@declared_attr` column reads like an assignment.
    assert_eq!(
        reveals(LEGACY),
        "a.bs: Set[B] (checker: Any)\n\
         a.by_name: Dict[Unknown, B] (checker: Any)\n\
         a.detail: Detail | None (checker: Any)\n\
         d.owner: A | None (checker: Any)\n\
         b.a: A (checker: Any)\n\
         n.children: List[Node] (checker: Any)\n\
         n.parent: Node | None (checker: Any)\n\
         a.price: float | None (checker: Column[float])\n\
         a.ratio: Decimal (checker: Column[Decimal])\n\
         a.token: str | None (checker: Column[str])\n\
         b.owner_id: int | None (checker: Column[int])"
    );
}

#[test]
fn typed_dynamic_relationship_and_flask_derived_tables() {
    let files = r#"
#- /app.py
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, relationship
db = SQLAlchemy()
class UserAccount(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    posts: Mapped[list["Post"]] = relationship(lazy="dynamic", back_populates="author")
class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.ForeignKey("user_account.id"))
    author = db.relationship("UserAccount", back_populates="posts")
#- /main.py
from app import Post, UserAccount
def f(u: UserAccount, p: Post):
    reveal_type(u.posts)
    reveal_type(p.author)
"#;
    // `lazy="dynamic"` under `Mapped[list[X]]` still loads an `AppenderQuery` (pyright believes the
    // annotation); Flask names the tables `user_account` and `post`, so `author` is many-to-one.
    let fixture = Fixture::new(files, Series::V20);
    assert_eq!(
        fixture.reveals("/main.py"),
        "u.posts: AppenderQuery[Post] (checker: list[Post])\n\
         p.author: UserAccount | None (checker: RelationshipProperty[Any])"
    );
    let findings = fixture.lint_only("/app.py", &["SQA101"]);
    assert!(findings.starts_with("SQA101"), "{findings}");
}

#[test]
fn dynamic_relationships_are_reported_from_the_call_when_the_class_is_opaque() {
    // `Base` comes from a package we do not see: the classes are not known models, yet the calls
    // are SQLAlchemy's and `lazy="dynamic"` is legacy there too.
    let files = r#"
#- /app.py
from sqlalchemy.orm import backref, relationship
from somewhere_else import Base
class User(Base):
    posts = relationship("Post", lazy="dynamic")
    tags = relationship("Tag", backref=backref("users", lazy="dynamic"))
    plain = relationship("Plain")
"#;
    let fixture = Fixture::new(files, Series::V20);
    assert_eq!(
        fixture.lint_only("/app.py", &["SQA101"]),
        "SQA101 4:13 a dynamic relationship (`lazy=\"dynamic\"`, legacy `AppenderQuery`); use `WriteOnlyMapped[...]` and `.select()`\n\
         SQA101 5:40 a dynamic backref (`lazy=\"dynamic\"`, legacy `AppenderQuery`); use `WriteOnlyMapped[...]` and `.select()`"
    );
}

#[test]
fn classes_mapped_onto_a_table_have_its_columns() {
    let files = r#"
#- /legacy.py
from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
users = Table("users", Base.metadata, Column("id", Integer, primary_key=True), Column("name", String(50), nullable=False))
addresses = Table(
    "addresses", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
)
class User(Base):
    __table__ = users
    addresses = relationship("Address", back_populates="user")
class Address(Base):
    __table__ = addresses
    user = relationship("User", back_populates="addresses")
#- /main.py
from legacy import Address, User
def f(u: User, a: Address):
    reveal_type(u.name)
    reveal_type(u.addresses)
    reveal_type(a.user)
"#;
    // Columns come from the `Table`; `addresses.user_id` is the only key: one-to-many from `User`,
    // and a NOT NULL many-to-one from `Address`. Type checkers see no `name` on the class.
    let fixture = Fixture::new(files, Series::V20);
    assert_eq!(
        fixture.reveals("/main.py"),
        "u.name: str (checker: Unknown)\n\
         u.addresses: List[Address] (checker: Any)\n\
         a.user: User (checker: Any)"
    );
    assert_eq!(fixture.lint_only("/legacy.py", &["typing", "wiring"]), "");
}

#[test]
fn table_args_keys_and_collection_classes() {
    let files = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, PrimaryKeyConstraint, String
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class Run(Base):
    __tablename__ = "runs"
    run_uuid = Column(String(32), primary_key=True)
    params = relationship("Param", collection_class=ordering_list("position"))
class Param(Base):
    __tablename__ = "params"
    __table_args__ = (PrimaryKeyConstraint("key", "run_uuid"),)
    key = Column(String(250))
    position = Column(Integer)
    run_uuid = Column(String(32), ForeignKey("runs.run_uuid"))
    run = relationship("Run")
class Task(Base):
    __tablename__ = "tasks"
    id = Column(Integer, primary_key=True)
    run_id = Column(String(32))
    run = relationship("Run")
    __table_args__ = (ForeignKeyConstraint([run_id], ["runs.run_uuid"]),)
#- /main.py
from m import Param, Run, Task
def f(p: Param, r: Run, t: Task):
    reveal_type(p.run_uuid)
    reveal_type(p.run)
    reveal_type(r.params)
    reveal_type(t.run)
"#;
    // A column of a `PrimaryKeyConstraint` is NOT NULL, so `Param.run` is never `None`; a key given
    // by name in a `ForeignKeyConstraint` (`[run_id]`) is found, and nullable; `ordering_list`
    // builds a collection class we do not type.
    assert_eq!(
        reveals(files),
        "p.run_uuid: str (checker: Column[str])\n\
         p.run: Run (checker: Any)\n\
         r.params: Unknown (checker: Any)\n\
         t.run: Run | None (checker: Any)"
    );
}

#[test]
fn a_collection_annotation_on_a_many_to_one_is_still_a_scalar() {
    // SQLAlchemy takes the collection class from `Mapped[list[X]]` but leaves `uselist` to the
    // direction: a many-to-one loads one object (checked on SQLAlchemy 2.0).
    let files = r#"
#- /m.py
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class FormValues(Base):
    __tablename__ = "form_values"
    id: Mapped[int] = mapped_column(primary_key=True)
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    form_values_id: Mapped[int | None] = mapped_column(ForeignKey("form_values.id"))
    values: Mapped[list["FormValues"]] = relationship()
#- /main.py
from m import User
def f(u: User):
    reveal_type(u.values)
"#;
    assert_eq!(reveals(files), "u.values: FormValues | None (checker: list[FormValues])");
}

#[test]
fn keys_we_see_decide_the_direction_beside_a_mixin_we_cannot_see() {
    // `Dictifiable` comes from a package outside the workspace: its columns, if any, are unknown,
    // but a key it adds between the same tables would make the join ambiguous, so in code that
    // configures the keys we see decide.
    let files = r#"
#- /m.py
from typing import Optional
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from galaxy.util.dictifiable import Dictifiable
class Base(DeclarativeBase):
    pass
class User(Base, Dictifiable):
    __tablename__ = "galaxy_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    api_keys: Mapped[list["APIKeys"]] = relationship(back_populates="user")
class APIKeys(Base, Dictifiable):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("galaxy_user.id"))
    user: Mapped[Optional["User"]] = relationship(back_populates="api_keys")
"#;
    assert_eq!(
        shapes(files, &["User.api_keys", "APIKeys.user"]),
        "User.api_keys: Some(OneToMany) Some(List) None\nAPIKeys.user: Some(ManyToOne) Some(Scalar) Some(true)"
    );
}

#[test]
fn foreign_key_columns_load_the_referenced_type_and_sqlmodel_options_count() {
    // `mapped_column(ForeignKey(...))` without a SQL type takes the referenced column's type over
    // the annotation (SQLAlchemy 2.0 loads ints here); SQLModel passes `remote_side` through
    // `sa_relationship_kwargs`, and `link_model=` is its many-to-many.
    let files = r#"
#- /m.py
from typing import Optional
from sqlalchemy import Column, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlmodel import Field, Relationship, SQLModel
class Base(DeclarativeBase):
    pass
class Episode(Base):
    __tablename__ = "episodes"
    id: Mapped[int] = mapped_column(primary_key=True)
class Series(Base):
    __tablename__ = "series"
    id: Mapped[int] = mapped_column(primary_key=True)
    begin_episode_id: Mapped[str | None] = mapped_column(ForeignKey("episodes.id"))
class Run(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    original_run_id: Optional[int] = Field(default=None, foreign_key="run.id")
    original_run: Optional["Run"] = Relationship(sa_relationship_kwargs={"remote_side": "Run.id"})
    values: Optional[bytes] = Field(sa_column=Column(String(100), nullable=True))
#- /main.py
from m import Run, Series
def f(s: Series, r: Run):
    reveal_type(s.begin_episode_id)
    reveal_type(r.values)
    reveal_type(r.original_run)
"#;
    let fixture = Fixture::new(files, Series::V20);
    let revealed = fixture.reveals("/main.py");
    assert!(revealed.starts_with("s.begin_episode_id: int | None (checker: str | None)\n"), "{revealed}");
    // `sa_column=` decides what loads: a `String` column holds `str`, whatever the annotation says.
    assert!(revealed.contains("r.values: str | None (checker: bytes | None)\n"), "{revealed}");
    let direction = fixture
        .host
        .analysis()
        .with_db(|db| {
            let registry = crate::models::model_registry(db);
            let run = registry.by_name("Run").next().expect("Run");
            run.attribute("original_run").and_then(|a| a.shape.as_ref()).and_then(|s| s.direction)
        })
        .unwrap();
    assert_eq!(direction, Some(crate::schema::Direction::ManyToOne));
}

#[test]
fn a_dialect_uuid_without_as_uuid_is_unknown_in_a_project_pinned_to_1x() {
    // `postgresql.UUID()` loads strings on 1.4 and `uuid.UUID` on 2.0: a 1.x project runs 1.4.
    let files = r#"
#- /requirements.txt
SQLAlchemy==1.4.48
#- /m.py
from sqlalchemy import Column, Integer
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class Key(Base):
    __tablename__ = "keys"
    id = Column(Integer, primary_key=True)
    token = Column(UUID, nullable=False)
    explicit = Column(UUID(as_uuid=True), nullable=False)
#- /main.py
from m import Key
def f(k: Key):
    reveal_type(k.token)
    reveal_type(k.explicit)
"#;
    let revealed = reveals(files);
    assert!(revealed.starts_with("k.token: Unknown"), "{revealed}");
    assert!(revealed.contains("k.explicit: UUID"), "{revealed}");
}

#[test]
fn core_tables_through_a_wrapper_and_only_those_the_module_defines() {
    let files = r#"
#- /util.py
import sqlalchemy as sa
def Table(*args, **kwargs):
    kwargs["mysql_character_set"] = "utf8"
    return sa.Table(*args, **kwargs)
#- /model.py
import sqlalchemy as sa
from util import Table
metadata = sa.MetaData()
builds = Table("builds", metadata, sa.Column("id", sa.Integer, primary_key=True))
def reflect(engine):
    return sa.Table("alembic_version", metadata, autoload_with=engine)
if __name__ == "__main__":
    scratch = sa.Table("scratch", metadata, sa.Column("id", sa.Integer, primary_key=True))
"#;
    // buildbot's `sautils.Table` passes its arguments to `sa.Table`; a table built in a function or
    // under `__main__` is not what importing the module defines.
    let fixture = Fixture::new(files, Series::V20);
    let view = fixture.host.analysis().schema().expect("not cancelled");
    let tables: Vec<&str> = view.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tables, ["builds"]);
    assert_eq!(view.tables[0].columns.len(), 1);
}

#[test]
fn join_conditions_written_as_code_decide_the_direction() {
    // galaxy's pattern: `primaryjoin=lambda: and_(...)` compares the key column and filters others.
    let files = r#"
#- /m.py
from sqlalchemy import Boolean, Column, ForeignKey, Integer, and_, false
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class Dataset(Base):
    __tablename__ = "datasets"
    id = Column(Integer, primary_key=True)
    active = relationship(
        "Association",
        primaryjoin=lambda: and_(Dataset.id == Association.dataset_id, Association.deleted == false()),
        viewonly=True,
    )
class Association(Base):
    __tablename__ = "associations"
    id = Column(Integer, primary_key=True)
    dataset_id = Column(ForeignKey("datasets.id"), nullable=False)
    backup_id = Column(ForeignKey("datasets.id"))
    deleted = Column(Boolean)
    dataset = relationship("Dataset", primaryjoin="Association.dataset_id == Dataset.id")
#- /main.py
from m import Association, Dataset
def f(d: Dataset, a: Association):
    reveal_type(d.active)
    reveal_type(a.dataset)
"#;
    // The join compares the NOT NULL `dataset_id`, not the nullable `backup_id`: never `None`.
    assert_eq!(reveals(files), "d.active: List[Association] (checker: Any)\na.dataset: Dataset (checker: Any)");
}

/// One line per item, read from the model registry of a fixture.
fn registry_lines(files: &str, items: &[&str], line: impl Fn(&crate::models::ModelRegistry, &str) -> String) -> String {
    let fixture = Fixture::new(files, Series::V20);
    fixture
        .host
        .analysis()
        .with_db(|db| {
            let registry = crate::models::model_registry(db);
            items.iter().map(|item| line(registry, item)).collect::<Vec<_>>().join("\n")
        })
        .unwrap()
}

/// `Class.attr: direction collection optional` for each path (a column's keys, nullability and
/// primary key instead).
pub(super) fn shapes(files: &str, paths: &[&str]) -> String {
    registry_lines(files, paths, |registry, path| {
        let (class, attr) = path.split_once('.').unwrap();
        let model = registry.by_name(class).next().expect(class);
        let attr = model.attribute(attr).expect(attr);
        match &attr.shape {
            Some(s) => format!("{path}: {:?} {:?} {:?}", s.direction, s.collection, s.optional),
            None => format!("{path}: {:?} {:?} {:?}", attr.foreign_keys, attr.nullable, attr.primary_key),
        }
    })
}

#[test]
fn column_factories_constant_table_names_and_dict_options() {
    // zenml's pattern, checked with SQLModel on SQLAlchemy 2.0: a project function returning
    // `Field(sa_column=Column(ForeignKey(f"{target}.{column}"), nullable=..., **kwargs))` makes the
    // key, nullability and primary key its call passes; `__tablename__` may be a module constant
    // (or another class's `__tablename__`); `sa_relationship_kwargs=dict(...)` passes options like
    // a dict literal.
    let files = r#"
#- /consts.py
USER_TABLE = "user"
#- /utils.py
from typing import Any
from sqlalchemy import Column, ForeignKey
from sqlmodel import Field
def fk_field(target: str, target_column: str, nullable: bool, ondelete: str = "CASCADE", **sa_column_kwargs: Any) -> Any:
    return Field(sa_column=Column(ForeignKey(f"{target}.{target_column}", ondelete=ondelete), nullable=nullable, **sa_column_kwargs))
#- /m.py
from typing import List, Optional
from sqlmodel import Field, Relationship, SQLModel
from consts import USER_TABLE
from utils import fk_field
class Team(SQLModel, table=True):
    __tablename__ = "team"
    id: Optional[int] = Field(default=None, primary_key=True)
class User(SQLModel, table=True):
    __tablename__ = USER_TABLE
    id: Optional[int] = Field(default=None, primary_key=True)
    stacks: List["Stack"] = Relationship(back_populates="user")
    tags: List["Stack"] = Relationship(sa_relationship_kwargs=dict(secondary="link", viewonly=True))
class Link(SQLModel, table=True):
    __tablename__ = "link"
    user_id: int = fk_field(USER_TABLE, "id", nullable=False, primary_key=True)
    stack_id: int = fk_field(target="stack", target_column="id", nullable=False, primary_key=True)
class Stack(SQLModel, table=True):
    __tablename__ = "stack"
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: Optional[int] = fk_field(target=User.__tablename__, target_column="id", nullable=True)
    user: Optional[User] = Relationship(back_populates="stacks")
    team_id: int = fk_field(target=Team.__tablename__, target_column="id", nullable=False)
    team: Team = Relationship(sa_relationship_kwargs=dict(lazy="joined"))
"#;
    assert_eq!(
        shapes(
            files,
            &[
                "Link.user_id",
                "Link.stack_id",
                "Stack.user_id",
                "Stack.team_id",
                "User.stacks",
                "User.tags",
                "Stack.user",
                "Stack.team"
            ]
        ),
        "Link.user_id: [\"user.id\"] Some(false) true\n\
         Link.stack_id: [\"stack.id\"] Some(false) true\n\
         Stack.user_id: [\"user.id\"] Some(true) false\n\
         Stack.team_id: [\"team.id\"] Some(false) false\n\
         User.stacks: Some(OneToMany) Some(List) None\n\
         User.tags: Some(ManyToMany) Some(List) None\n\
         Stack.user: Some(ManyToOne) Some(Scalar) Some(true)\n\
         Stack.team: Some(ManyToOne) Some(Scalar) Some(false)"
    );
}

#[test]
fn relationship_options_we_cannot_read_leave_the_shape_unknown() {
    // `**options` or a `sa_relationship_kwargs` variable may hold `secondary=` or `uselist=`.
    let files = r#"
#- /m.py
from typing import List, Optional
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, relationship
from sqlmodel import Field, Relationship, SQLModel
Base = declarative_base()
OPTIONS = {"secondary": "links"}
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    bs = relationship("B", **OPTIONS)
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a_id = Column(ForeignKey("a.id"))
class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    heroes: List["Hero"] = Relationship(sa_relationship_kwargs=OPTIONS)
class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
"#;
    assert_eq!(shapes(files, &["A.bs", "Team.heroes"]), "A.bs: None None None\nTeam.heroes: None None None");
}

#[test]
fn self_referential_joins_without_remote_are_one_to_many() {
    // As SQLAlchemy 2.0 configures them: a self-referential `primaryjoin` marks its foreign
    // columns remote unless `remote(...)` says otherwise; an f-string join whose interpolation is
    // a quoted SQL literal still names its columns.
    let files = r#"
#- /m.py
import enum
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class Kind(enum.Enum):
    RUN = "run"
class Run(Base):
    __tablename__ = "runs"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("runs.id"))
    source_id = Column(Integer)
    children = relationship("Run", primaryjoin="foreign(Run.parent_id) == Run.id", viewonly=True)
    source = relationship("Run", primaryjoin="Run.source_id == foreign(Run.id)", viewonly=True, uselist=False)
    parent = relationship("Run", primaryjoin="foreign(Run.parent_id) == remote(Run.id)", viewonly=True)
    notes = relationship("Note", primaryjoin=f"and_(Note.kind == '{Kind.RUN.value}', foreign(Note.resource_id) == Run.id)", viewonly=True)
class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    kind = Column(String)
    resource_id = Column(Integer)
"#;
    assert_eq!(
        shapes(files, &["Run.children", "Run.source", "Run.parent", "Run.notes"]),
        "Run.children: Some(OneToMany) Some(List) None\n\
         Run.source: Some(OneToMany) Some(Scalar) Some(true)\n\
         Run.parent: Some(ManyToOne) Some(Scalar) Some(true)\n\
         Run.notes: Some(OneToMany) Some(List) None"
    );
}

/// Each model's mapped attribute names, sorted, one model per line.
fn attribute_names(files: &str, classes: &[&str]) -> String {
    registry_lines(files, classes, |registry, class| {
        let model = registry.by_name(class).next().expect(class);
        let mut names: Vec<&str> = model.attributes.iter().map(|a| a.name.as_str()).collect();
        names.sort_unstable();
        format!("{class}: {}", names.join(" "))
    })
}

#[test]
fn declared_attrs_run_for_the_class_being_mapped() {
    // indico's pattern, as SQLAlchemy 2.0 maps it: `cls.x` inside a mixin's `@declared_attr`
    // reads the mapped class's `x` (the backref name), `if not cls.allow_roles: return` declares
    // nothing, and the backref lands on the target once per class mapped with the mixin.
    let files = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, declared_attr, relationship, backref
Base = declarative_base()
class PrincipalMixin:
    principal_backref_name = None
    allow_roles = False
    @declared_attr
    def user_id(cls):
        return Column(Integer, ForeignKey("users.id"))
    @declared_attr
    def user(cls):
        assert cls.principal_backref_name
        return relationship("User", lazy=False, backref=backref(cls.principal_backref_name, lazy="dynamic"))
    @declared_attr
    def role_id(cls):
        if not cls.allow_roles:
            return
        return Column(Integer, ForeignKey("roles.id"))
    @declared_attr
    def flag(cls):
        if cls.unknown_setting():
            return
        return Column(Integer)
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
class Role(Base):
    __tablename__ = "roles"
    id = Column(Integer, primary_key=True)
class EventPrincipal(PrincipalMixin, Base):
    __tablename__ = "event_principals"
    principal_backref_name = "in_event_acls"
    id = Column(Integer, primary_key=True)
class CategoryPrincipal(PrincipalMixin, Base):
    __tablename__ = "category_principals"
    principal_backref_name = "in_category_acls"
    allow_roles = True
    id = Column(Integer, primary_key=True)
"#;
    // `flag`'s guard is no class attribute we can read: whether it exists is unknown, so it is
    // not claimed.
    assert_eq!(
        attribute_names(files, &["EventPrincipal", "CategoryPrincipal", "User"]),
        "EventPrincipal: id user user_id\n\
         CategoryPrincipal: id role_id user user_id\n\
         User: id in_category_acls in_event_acls"
    );
    assert_eq!(
        shapes(files, &["User.in_event_acls", "EventPrincipal.user"]),
        "User.in_event_acls: Some(OneToMany) Some(Dynamic) None\n\
         EventPrincipal.user: Some(ManyToOne) Some(Scalar) Some(true)"
    );
}

#[test]
fn an_imperative_class_annotation_maps_nothing_by_itself() {
    // ckan's pattern: `tag: Mapped[Optional[Tag]]` on an imperatively mapped class types the
    // attribute a backref makes; `pkg` is mapped by nothing (SQLAlchemy 2.0: id, tag_id, tag).
    let files = r#"
#- /pkg/__init__.py
#- /pkg/tag.py
from typing import Optional
from sqlalchemy import Column, ForeignKey, Integer, Table
from sqlalchemy.orm import Mapped, registry, relationship
reg = registry()
tag_table = Table("tag", reg.metadata, Column("id", Integer, primary_key=True))
package_tag_table = Table("package_tag", reg.metadata, Column("id", Integer, primary_key=True), Column("tag_id", ForeignKey("tag.id")))
class Tag:
    id: Mapped[int]
class PackageTag:
    id: Mapped[int]
    tag_id: Mapped[int]
    tag: Mapped[Optional[Tag]]
    pkg: Mapped[Optional[Tag]]
reg.map_imperatively(Tag, tag_table, properties={"package_tags": relationship(PackageTag, backref="tag")})
#- /pkg/package.py
from pkg import tag
from pkg.tag import reg
reg.map_imperatively(tag.PackageTag, tag.package_tag_table)
"#;
    assert_eq!(attribute_names(files, &["PackageTag"]), "PackageTag: id tag tag_id");
}

#[test]
fn foreign_keys_written_as_columns_name_their_table() {
    // FlexGet's `ForeignKey(Lists.id)` and Core's `ForeignKey(tags.c.id)` name `lists.id` and
    // `meta.tags.id`, as SQLAlchemy 2.0 resolves them; the direction follows, and the key column
    // without a SQL type loads the referenced column's `int`.
    let files = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer, Table
from sqlalchemy.orm import DeclarativeBase, DynamicMapped, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
tags = Table("tags", Base.metadata, Column("id", Integer, primary_key=True), schema="meta")
class Lists(Base):
    __tablename__ = "lists"
    id: Mapped[int] = mapped_column(primary_key=True)
    entries: DynamicMapped["Entry"] = relationship(back_populates="list_")
class Entry(Base):
    __tablename__ = "entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    list_id = mapped_column(ForeignKey(Lists.id), nullable=False)
    tag_id = mapped_column(Integer, ForeignKey(tags.c.id))
    list_: Mapped[Lists] = relationship(back_populates="entries")
#- /main.py
from m import Entry
def f(e: Entry):
    reveal_type(e.list_id)
"#;
    assert_eq!(
        shapes(files, &["Entry.list_id", "Entry.tag_id", "Lists.entries", "Entry.list_"]),
        "Entry.list_id: [\"lists.id\"] Some(false) false\n\
         Entry.tag_id: [\"meta.tags.id\"] None false\n\
         Lists.entries: Some(OneToMany) Some(Dynamic) None\n\
         Entry.list_: Some(ManyToOne) Some(Scalar) Some(false)"
    );
    assert!(reveals(files).starts_with("e.list_id: int (checker:"), "{}", reveals(files));
}

#[test]
fn a_table_assigned_to_the_class_maps_it_imperatively() {
    // galaxy's pattern, as SQLAlchemy 2.0 maps it: `Association.table = Table(...)` beside the
    // class, mapped imperatively onto it; joins name its columns as `Association.table.c.x`; the
    // class's bare annotations map nothing by themselves (`tags`).
    let files = r#"
#- /m.py
from typing import Optional
from sqlalchemy import Boolean, Column, ForeignKey, Integer, Table, and_, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry, relationship
mapper_registry = registry()
class Base(DeclarativeBase):
    registry = mapper_registry
class Dataset(Base):
    __tablename__ = "dataset"
    id: Mapped[int] = mapped_column(primary_key=True)
    active_associations: Mapped[list["Association"]] = relationship(
        primaryjoin=lambda: and_(Dataset.id == Association.table.c.dataset_id, Association.table.c.deleted == false()),
        viewonly=True,
    )
class Association:
    dataset: Mapped[Optional[Dataset]]
    tags: Mapped[list[Dataset]]
Association.table = Table(
    "association",
    mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("dataset_id", ForeignKey("dataset.id"), nullable=False),
    Column("deleted", Boolean),
)
mapper_registry.map_imperatively(
    Association,
    Association.table,
    properties=dict(dataset=relationship(Dataset, primaryjoin=lambda: Dataset.id == Association.table.c.dataset_id)),
)
"#;
    assert_eq!(attribute_names(files, &["Association"]), "Association: dataset dataset_id deleted id");
    assert_eq!(
        shapes(files, &["Dataset.active_associations", "Association.dataset"]),
        "Dataset.active_associations: Some(OneToMany) Some(List) None\n\
         Association.dataset: Some(ManyToOne) Some(Scalar) Some(false)"
    );
}

#[test]
fn remote_side_holding_the_key_is_one_to_many() {
    // As SQLAlchemy 2.0 configures a self-referential relationship: `remote_side=[id]` is the
    // parent (many-to-one); a remote side holding the key back to the table is the children.
    let files = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("nodes.id"))
    parent = relationship("Node", remote_side=[id])
    children = relationship("Node", remote_side=lambda: [Node.parent_id], viewonly=True)
    kids = relationship("Node", remote_side="Node.parent_id", viewonly=True)
"#;
    assert_eq!(
        shapes(files, &["Node.parent", "Node.children", "Node.kids"]),
        "Node.parent: Some(ManyToOne) Some(Scalar) Some(true)\n\
         Node.children: Some(OneToMany) Some(List) None\n\
         Node.kids: Some(OneToMany) Some(List) None"
    );
}

const WITH_LIBRARY: &str = r#"
#- /site/fablib/__init__.py
from .models import Model  # noqa: F401
#- /site/fablib/models.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, declared_attr, relationship
Base = declarative_base()
class Model(Base):
    __abstract__ = True
class AuditMixin:
    @declared_attr
    def created_by_fk(cls):
        return Column(Integer, ForeignKey("ab_user.id"), nullable=False)
    @declared_attr
    def created_by(cls):
        from fablib.security import User
        return relationship(User, primaryjoin="%s.created_by_fk == User.id" % cls.__name__)
    @declared_attr
    def changed_by_fk(cls):
        return Column(Integer, ForeignKey("ab_user.id"))
    @declared_attr
    def changed_by(cls):
        return relationship("User", foreign_keys=[cls.changed_by_fk])
#- /site/fablib/security.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import relationship
from fablib.models import Model
class User(Model):
    __tablename__ = "ab_user"
    id = Column(Integer, primary_key=True)
    # Legacy on purpose: nothing is reported in an installed package.
    friends = relationship("User", lazy="dynamic")
#- /proj/app/__init__.py
#- /proj/app/models.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import relationship
from fablib import Model
from fablib.models import AuditMixin
class Dashboard(AuditMixin, Model):
    __tablename__ = "dashboards"
    id = Column(Integer, primary_key=True)
    owner_id = Column(Integer, ForeignKey("ab_user.id"))
    owner = relationship("User", foreign_keys=[owner_id], backref="dashboards")
"#;

#[test]
fn models_build_on_installed_packages_that_are_never_reported_on() {
    // Flask-AppBuilder's pattern: the base and an audit mixin come from an installed package whose
    // sources are read. The project's model is found with the mixin's columns and relationships;
    // the package's own models are not part of the project's schema, its code is not linted, and
    // no fix edits it (the backref's `back_populates` would land on the package's `User`).
    let fixture = Fixture::with_libraries(WITH_LIBRARY, Series::V20, "/proj", &["/site/fablib"]);
    let view = fixture.host.analysis().schema().expect("not cancelled");
    let models: Vec<&str> = view.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(models, ["Dashboard"]);
    let columns: Vec<&str> = view.models[0].columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["created_by_fk", "changed_by_fk", "id", "owner_id"]);
    let mut relationships: Vec<String> = view.models[0]
        .relationships
        .iter()
        .map(|r| format!("{} -> {} {:?} {:?}", r.name, r.target.as_deref().unwrap_or("?"), r.direction, r.optional))
        .collect();
    relationships.sort();
    // As SQLAlchemy 2.0 maps Flask-AppBuilder's `AuditMixin`: the body imports `User` itself,
    // `cls.__name__` names the class in the join, `cls.changed_by_fk` its column.
    assert_eq!(
        relationships,
        [
            "changed_by -> User Some(ManyToOne) Some(true)",
            "created_by -> User Some(ManyToOne) Some(false)",
            "owner -> User Some(ManyToOne) Some(true)"
        ]
    );
    assert_eq!(fixture.lint("/site/fablib/security.py"), "");
    let files = fixture.host.analysis().files().unwrap();
    assert!(files.iter().all(|f| !fixture.host.analysis().path(*f).unwrap().starts_with("/site/")));
    // SQA111's fix would write `back_populates` into the package's `User`: not offered.
    let findings = fixture.lint_only("/proj/app/models.py", &["SQA111"]);
    assert!(findings.starts_with("SQA111 "), "{findings}");
    assert!(!findings.contains("[*]"), "{findings}");
}

#[test]
fn values_load_as_the_sql_type_says() {
    // Run on SQLite with SQLAlchemy 2.0: a `String` column annotated with an enum loads `str`, a
    // `Numeric` one annotated `float` loads `Decimal`; a function building the SQL type
    // (airflow's `StringID()`) types its column; `ARRAY(String)` loads lists; a key to a
    // schema-qualified table takes that table's column type.
    let files = r#"
#- /m.py
import enum
from sqlalchemy import Column, ForeignKey, Integer, Numeric, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Policy(enum.Enum):
    KEEP = "keep"
def StringID(*, length=250, **kwargs) -> String:
    return String(length=length, **kwargs)
class Event(Base):
    __tablename__ = "events"
    __table_args__ = {"schema": "events"}
    id: Mapped[int] = mapped_column(primary_key=True)
class M(Base):
    __tablename__ = "m"
    id: Mapped[int] = mapped_column(primary_key=True)
    policy: Mapped[Policy] = mapped_column(String(100))
    price: Mapped[float] = mapped_column(Numeric(10, 2))
    dag_id = mapped_column(StringID(), nullable=False)
    tags = Column(ARRAY(String), nullable=False)
    event_id = Column(ForeignKey("events.events.id"), nullable=False)
#- /main.py
from m import M
def f(m: M):
    reveal_type(m.policy)
    reveal_type(m.price)
    reveal_type(m.dag_id)
    reveal_type(m.tags)
    reveal_type(m.event_id)
"#;
    // The precise view only: what type checkers make of these is not what this is about.
    let precise: Vec<String> =
        reveals(files).lines().map(|l| l.split(" (checker:").next().unwrap_or(l).to_owned()).collect();
    assert_eq!(precise, ["m.policy: str", "m.price: Decimal", "m.dag_id: str", "m.tags: List[str]", "m.event_id: int"]);
}

#[test]
fn type_decorators_load_what_they_declare() {
    // Run on SQLite with SQLAlchemy 2.0: `python_type = uuid.UUID` is what the decorator loads; one
    // converting no results loads its `impl`'s values; one converting results without saying what
    // (`Lowered`, a `str` here, but nothing proves it) is unknown; `with_variant` keeps the base.
    let files = r#"
#- /m.py
import uuid
from sqlalchemy import BINARY, Column, Integer, String, Text
from sqlalchemy.dialects.mysql import MEDIUMTEXT
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator
Base = declarative_base()
class UUIDType(TypeDecorator):
    impl = BINARY(16)
    python_type = uuid.UUID
    def process_result_value(self, value, dialect):
        return uuid.UUID(bytes=value) if value is not None else None
class Trimmed(TypeDecorator):
    impl = String
    def process_bind_param(self, value, dialect):
        return value.strip()
class Lowered(TypeDecorator):
    impl = String
    def process_result_value(self, value, dialect):
        return value.lower()
class M(Base):
    __tablename__ = "m"
    id = Column(Integer, primary_key=True)
    uid = Column(UUIDType(), nullable=False)
    name = Column(Trimmed(50), nullable=False)
    low = Column(Lowered(50), nullable=False)
    body = Column(Text().with_variant(MEDIUMTEXT, "mysql"), nullable=False)
#- /main.py
from m import M
def f(m: M):
    reveal_type(m.uid)
    reveal_type(m.name)
    reveal_type(m.low)
    reveal_type(m.body)
"#;
    let precise: Vec<String> =
        reveals(files).lines().map(|l| l.split(" (checker:").next().unwrap_or(l).to_owned()).collect();
    assert_eq!(precise, ["m.uid: UUID", "m.name: str", "m.low: Unknown", "m.body: str"]);
}

#[test]
fn subclasses_inherit_the_attributes_a_backref_makes() {
    // As SQLAlchemy 2.0 maps it: `Section` (single-table) has `parent`, which `Item.children`'s
    // backref makes on `Item`.
    let files = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship, backref
Base = declarative_base()
class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    type = Column(String)
    parent_id = Column(ForeignKey("items.id"))
    children = relationship("Item", backref=backref("parent", remote_side=[id]))
    __mapper_args__ = {"polymorphic_on": type}
class Section(Item):
    __mapper_args__ = {"polymorphic_identity": "section"}
"#;
    assert_eq!(attribute_names(files, &["Section"]), "Section: children id parent parent_id type");
    assert_eq!(shapes(files, &["Section.parent"]), "Section.parent: Some(ManyToOne) Some(Scalar) Some(true)");
}

#[test]
fn a_join_written_in_the_class_body_names_its_columns_bare() {
    // airflow's pattern, as SQLAlchemy 2.0 configures it: in the class body `dag_id` is this
    // class's column; inside a `lambda` a bare name is a module global, so that join is unknown.
    let files = r#"
#- /m.py
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base, relationship, backref, foreign
Base = declarative_base()
dag_id = None
class DagRun(Base):
    __tablename__ = "dag_run"
    id = Column(Integer, primary_key=True)
    dag_id = Column(String(250))
class SerializedDag(Base):
    __tablename__ = "serialized_dag"
    dag_id = Column(String(250), primary_key=True)
    dag_runs = relationship(DagRun, primaryjoin=dag_id == foreign(DagRun.dag_id), backref=backref("serialized_dag", uselist=False))
    later_runs = relationship(DagRun, primaryjoin=lambda: dag_id == foreign(DagRun.dag_id), viewonly=True)
"#;
    assert_eq!(
        shapes(files, &["SerializedDag.dag_runs", "DagRun.serialized_dag", "SerializedDag.later_runs"]),
        "SerializedDag.dag_runs: Some(OneToMany) Some(List) None\n\
         DagRun.serialized_dag: Some(ManyToOne) Some(Scalar) Some(true)\n\
         SerializedDag.later_runs: None None None"
    );
}

#[test]
fn a_uselist_we_cannot_evaluate_leaves_the_collection_unknown() {
    // `uselist=(cls.unique != True)` is `False` for some classes: neither a list nor a scalar is proven.
    let files = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, relationship, backref
Base = declarative_base()
UNIQUE = object()
class Category(Base):
    __tablename__ = "categories"
    id = Column(Integer, primary_key=True)
class Folder(Base):
    __tablename__ = "folders"
    id = Column(Integer, primary_key=True)
    category_id = Column(ForeignKey("categories.id"))
    category = relationship("Category", backref=backref("folders", uselist=(UNIQUE != True)))
    siblings = relationship("Category", uselist=bool(UNIQUE), viewonly=True)
"#;
    assert_eq!(
        shapes(files, &["Category.folders", "Folder.siblings"]),
        "Category.folders: Some(OneToMany) None None\nFolder.siblings: Some(ManyToOne) None None"
    );
}

#[test]
fn a_compat_fallback_stands_only_where_the_import_may_fail() {
    // Flask-AppBuilder's `try: from sqlalchemy.orm import mapped_column` wins over its fallback
    // (SQLAlchemy is there), so the column keeps its key; `try: from sqlmodelx import SQLModel`
    // may fail (it is not installed), so its fallback, SQLModel's own, maps `Hero`.
    let files = r#"
#- /compat.py
try:
    from sqlalchemy.orm import mapped_column
except ImportError:
    def mapped_column(*args, **kwargs):
        from sqlalchemy import Column
        return Column(*args, **kwargs)
try:
    from sqlmodelx import SQLModel
except ImportError:
    from sqlmodel import SQLModel
#- /m.py
from typing import Optional
from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, relationship
from sqlmodel import Field
from compat import SQLModel, mapped_column
class Base(DeclarativeBase):
    pass
class Permission(Base):
    __tablename__ = "ab_permission"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
class PermissionView(Base):
    __tablename__ = "ab_permission_view"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    permission_id: Mapped[int] = mapped_column(Integer, ForeignKey("ab_permission.id"))
    permission: Mapped[Permission] = relationship("Permission")
class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
"#;
    assert_eq!(
        shapes(files, &["PermissionView.permission_id", "PermissionView.permission", "Hero.id"]),
        "PermissionView.permission_id: [\"ab_permission.id\"] Some(false) false\n\
         PermissionView.permission: Some(ManyToOne) Some(Scalar) Some(false)\n\
         Hero.id: [] Some(false) true"
    );
}

#[test]
fn a_core_key_takes_its_type_only_from_a_table_it_names_unambiguously() {
    // `links.event_id` references `events.events.id`; `links.role_id` a `roles` table two schemas
    // hold with different key types: unknown.
    let files = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Event(Base):
    __tablename__ = "events"
    __table_args__ = {"schema": "events"}
    id: Mapped[int] = mapped_column(primary_key=True)
class EventRole(Base):
    __tablename__ = "roles"
    __table_args__ = {"schema": "events"}
    id: Mapped[int] = mapped_column(primary_key=True)
class CategoryRole(Base):
    __tablename__ = "roles"
    __table_args__ = {"schema": "categories"}
    id: Mapped[str] = mapped_column(String(20), primary_key=True)
links = Table(
    "links",
    Base.metadata,
    Column("event_id", ForeignKey("events.events.id")),
    Column("role_id", ForeignKey("events.roles.id")),
)
"#;
    let fixture = Fixture::new(files, Series::V20);
    let view = fixture.host.analysis().schema().expect("not cancelled");
    let links = view.tables.iter().find(|t| t.name == "links").expect("links");
    let types: Vec<(&str, Option<&str>)> =
        links.columns.iter().map(|c| (c.name.as_str(), c.python_type.as_deref())).collect();
    assert_eq!(types, [("event_id", Some("int")), ("role_id", None)]);
}

#[test]
fn declared_attrs_guarded_by_membership_in_a_set_of_members() {
    // indico's `LinkMixin`, as SQLAlchemy 2.0 maps it: `if LinkType.x in cls.allowed_link_types:
    // return ...` declares the attribute only on classes whose set holds the member; the sets are
    // built with `frozenset(LinkType)`, `-` and `{...}`.
    let files = r#"
#- /m.py
import enum
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, declared_attr, relationship, backref
Base = declarative_base()
class LinkType(enum.Enum):
    category = 1
    event = 2
    session = 3
class Category(Base):
    __tablename__ = "categories"
    id = Column(Integer, primary_key=True)
class Event(Base):
    __tablename__ = "events"
    id = Column(Integer, primary_key=True)
class LinkMixin:
    allowed_link_types = frozenset(LinkType)
    link_backref_name = None
    disable_protection = False
    @declared_attr
    def category_id(cls):
        if LinkType.category in cls.allowed_link_types:
            return Column(Integer, ForeignKey("categories.id"))
    @declared_attr
    def category(cls):
        if LinkType.category in cls.allowed_link_types:
            return relationship("Category", backref=backref(cls.link_backref_name, lazy="dynamic"))
    @declared_attr
    def event_id(cls):
        if LinkType.event in cls.allowed_link_types:
            return Column(Integer, ForeignKey("events.id"))
    @declared_attr
    def event(cls):
        if LinkType.event in cls.allowed_link_types:
            return relationship("Event", backref=backref(cls.link_backref_name, lazy="dynamic"))
    @declared_attr
    def protection_mode(cls):
        if not cls.disable_protection:
            return Column(Integer, nullable=False)
class Note(LinkMixin, Base):
    __tablename__ = "notes"
    allowed_link_types = LinkMixin.allowed_link_types - {LinkType.category, LinkType.session}
    link_backref_name = "notes"
    id = Column(Integer, primary_key=True)
class Folder(LinkMixin, Base):
    __tablename__ = "folders"
    allowed_link_types = {LinkType.category}
    link_backref_name = "folders"
    disable_protection = True
    id = Column(Integer, primary_key=True)
"#;
    assert_eq!(
        attribute_names(files, &["Note", "Folder", "Category", "Event"]),
        "Note: event event_id id protection_mode\n\
         Folder: category category_id id\n\
         Category: folders id\n\
         Event: id notes"
    );
}

#[test]
fn a_class_held_by_a_class_attribute_is_read_through_cls() {
    // indico's `ReviewRatingMixin`, as SQLAlchemy 2.0 maps it: `cls.question_class` is the class
    // the mapped class names, and its `__table__.fullname` its schema-qualified table.
    let files = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, declared_attr, relationship, backref
Base = declarative_base()
class Question(Base):
    __tablename__ = "questions"
    __table_args__ = {"schema": "reviews"}
    id = Column(Integer, primary_key=True)
class RatingMixin:
    question_class = None
    @declared_attr
    def question_id(cls):
        return Column(Integer, ForeignKey(f"{cls.question_class.__table__.fullname}.id"), nullable=False)
    @declared_attr
    def question(cls):
        return relationship(cls.question_class, backref=backref("ratings", lazy="dynamic"))
class Rating(RatingMixin, Base):
    __tablename__ = "ratings"
    question_class = Question
    id = Column(Integer, primary_key=True)
"#;
    assert_eq!(
        shapes(files, &["Rating.question_id", "Rating.question", "Question.ratings"]),
        "Rating.question_id: [\"reviews.questions.id\"] Some(false) false\n\
         Rating.question: Some(ManyToOne) Some(Scalar) Some(false)\n\
         Question.ratings: Some(OneToMany) Some(Dynamic) None"
    );
}

#[test]
fn an_association_proxy_annotation_is_no_column() {
    // galaxy's `preferences: AssociationProxy[Any]`, its proxy assigned after the class: SQLAlchemy
    // maps no column for it.
    let files = r#"
#- /m.py
from typing import Any
from sqlalchemy import Column, Integer
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    preferences: AssociationProxy[Any]
"#;
    let fixture = Fixture::new(files, Series::V20);
    let view = fixture.host.analysis().schema().expect("not cancelled");
    let columns: Vec<&str> = view.models[0].columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["id"]);
}

#[test]
fn only_a_table_call_names_the_table_a_class_maps() {
    // `__table__ = make_table("audit")` builds something we cannot see: its table is unknown, not
    // `audit`; `Table(...)` and a function passing its arguments on to it name theirs.
    let files = r#"
#- /m.py
from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.orm import declarative_base
Base = declarative_base()
def make_table(name):
    return Table(name + "_log", Base.metadata, Column("id", Integer, primary_key=True))
def TableOf(*args, **kwargs):
    return Table(*args, **kwargs)
class Audit(Base):
    __table__ = make_table("audit")
class Event(Base):
    __table__ = Table("events", Base.metadata, Column("id", Integer, primary_key=True))
class Note(Base):
    __table__ = TableOf("notes", Base.metadata, Column("id", Integer, primary_key=True))
"#;
    let fixture = Fixture::new(files, Series::V20);
    let view = fixture.host.analysis().schema().expect("not cancelled");
    let tables: Vec<(&str, Option<&str>)> = view.models.iter().map(|m| (m.name.as_str(), m.table.as_deref())).collect();
    assert_eq!(tables, [("Audit", None), ("Event", Some("events")), ("Note", Some("notes"))]);
}
