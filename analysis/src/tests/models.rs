//! Model discovery in every declaration style.

use crate::Series;
use crate::fixture::Fixture;

fn reveals(files: &str, series: Series) -> String {
    Fixture::new(files, series).reveals("/main.py")
}

#[test]
fn legacy_declarative_base_with_untyped_columns() {
    let files = r#"
#- /legacy.py
import enum
from sqlalchemy import Column, Integer, String, Enum, ForeignKey, Numeric
from sqlalchemy.orm import declarative_base, relationship, backref
Base = declarative_base()
class Status(enum.Enum):
    a = "a"
class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
    note = Column(String)
    status = Column(Enum(Status))
class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))
    total = Column(Numeric(10, 2), nullable=False)
    customer = relationship("Customer", backref=backref("orders", lazy="dynamic"))
#- /main.py
from legacy import Customer, Order
def f(c: Customer, o: Order):
    reveal_type(c.name)
    reveal_type(c.note)
    reveal_type(c.status)
    reveal_type(Order.total)
    reveal_type(o.customer)
    reveal_type(c.orders)
    reveal_type(o.customer_id)
"#;
    assert_eq!(
        reveals(files, Series::V20),
        "c.name: str (checker: Column[str])\n\
         c.note: str | None (checker: Column[str])\n\
         c.status: Status | None (checker: Column[str])\n\
         Order.total: InstrumentedAttribute[Decimal] (checker: Column[Decimal])\n\
         o.customer: Customer | None (checker: Any)\n\
         c.orders: AppenderQuery[Order] (checker: Any)\n\
         o.customer_id: int | None (checker: Column[Unknown])"
    );
    // 2.1: `Column` is `Never` on the class, still `Column[T]` on instances.
    let v21 = reveals(files, Series::V21);
    assert!(v21.contains("c.name: str (checker: Column[str])"), "{v21}");
    assert!(v21.contains("Order.total: InstrumentedAttribute[Decimal] (checker: Never)"), "{v21}");
}

#[test]
fn flask_sqlalchemy_models() {
    let files = r#"
#- /ext.py
from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
#- /models.py
from ext import db
class Task(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(80), nullable=False)
#- /main.py
from models import Task
reveal_type(Task.query)
reveal_type(Task.title)
"#;
    assert_eq!(
        reveals(files, Series::V20),
        "Task.query: Query[Task] (checker: Query)\nTask.title: InstrumentedAttribute[str] (checker: Any)"
    );
}

#[test]
fn mixins_abstract_bases_annotated_aliases_and_imperative_mapping() {
    let files = r#"
#- /base.py
from typing import Annotated, Optional
from datetime import datetime
from sqlalchemy import func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry, declared_attr
intpk = Annotated[int, mapped_column(primary_key=True)]
class Base(DeclarativeBase):
    pass
class Timestamps:
    created: Mapped[datetime] = mapped_column(server_default=func.now())
    @declared_attr
    def deleted(cls) -> Mapped[Optional[datetime]]:
        return mapped_column(nullable=True)
class Entity(Base):
    __abstract__ = True
    id: Mapped[intpk]
class Item(Timestamps, Entity):
    __tablename__ = "items"
    name: Mapped[str]
reg = registry()
@reg.mapped
class Note:
    __tablename__ = "notes"
    id: Mapped[intpk]
    body: Mapped[str]
#- /main.py
from base import Item, Note
reveal_type(Item.id)
reveal_type(Item.created)
reveal_type(Item.deleted)
reveal_type(Note.body)
"#;
    assert_eq!(
        reveals(files, Series::V21),
        "Item.id: InstrumentedAttribute[int]\nItem.created: InstrumentedAttribute[datetime]\n\
         Item.deleted: InstrumentedAttribute[datetime | None]\nNote.body: InstrumentedAttribute[str]"
    );
}

#[test]
fn declared_locations_of_models_and_inherited_attributes() {
    let fixture = Fixture::new(
        r#"
#- /m.py
from sqlalchemy import Column, Integer, String, ForeignKey
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class Named:
    name = Column(String(30))
class Zip(Named, Base):
    __tablename__ = "zips"
    id = Column(Integer, primary_key=True)
    code = Column("zip", String(10))
class Ref(Base):
    __tablename__ = "refs"
    id = Column(Integer, primary_key=True)
    zip_code = Column(ForeignKey("zips.zip"))
#- /main.py
from m import Ref
def f(r: Ref):
    reveal_type(r.zip_code)
"#,
        Series::V21,
    );
    let analysis = fixture.host.analysis();
    let file = fixture.host.file("/m.py").unwrap();
    let zip = crate::types::ClassRef { file, name: "Zip".into() };
    let source = analysis.with_db(|db| file.text(db).to_string()).unwrap();
    let at = |range: Option<(crate::FileId, crate::semantics::TextRange)>| source[range.unwrap().1].to_owned();
    assert_eq!(at(analysis.declaration(&zip, None).unwrap()), "Zip");
    assert_eq!(at(analysis.declaration(&zip, Some("code")).unwrap()), "code");
    let (_, name) = analysis.declaration(&zip, Some("name")).unwrap().unwrap();
    let start = u32::from(name.start());
    assert_eq!(&source[start as usize..start as usize + 4], "name");
    assert!(start < source.find("class Zip").unwrap() as u32, "inherited from the mixin above");
    // `ForeignKey("zips.zip")` names the column, not the attribute.
    assert_eq!(fixture.reveals("/main.py"), "r.zip_code: str | None (checker: Column[Unknown])");
}

/// The model registry as lines: `Class kind registry table=… abstract? attrs`, sorted; the
/// registry is the base class, the `file:variable` holding it, `sqlmodel` or `classical`.
fn registry_of(files: &str) -> String {
    let fixture = Fixture::new(files, Series::V21);
    fixture
        .host
        .analysis()
        .with_db(|db| {
            use crate::models::RegistryId;
            let registry = crate::models::model_registry(db);
            let mut lines: Vec<String> = registry
                .models
                .iter()
                .map(|m| {
                    let owner = match &m.registry {
                        RegistryId::Class(class) => class.name.to_string(),
                        RegistryId::Variable { file, name } => format!("{}:{name}", file.path(db)),
                        RegistryId::SqlModel => "sqlmodel".to_owned(),
                        RegistryId::Classical => "classical".to_owned(),
                        RegistryId::Package(package) => package.to_string(),
                    };
                    let attrs: Vec<String> = m
                        .attributes
                        .iter()
                        .map(|a| match &a.target {
                            Some(target) => format!("{}->{}:{}", a.name, target.file.path(db), target.name),
                            None => a.name.to_string(),
                        })
                        .collect();
                    format!(
                        "{}:{} {:?} {owner} table={}{} [{}]",
                        m.class.file.path(db),
                        m.class.name,
                        m.base_kind,
                        m.tablename.as_deref().unwrap_or("?"),
                        if m.is_abstract { " abstract" } else { "" },
                        attrs.join(", ")
                    )
                })
                .collect();
            lines.sort();
            lines.join("\n")
        })
        .unwrap()
}

#[test]
fn a_base_returned_by_a_factory_function_maps_its_subclasses() {
    // The factory's class is decorated with `@as_declarative(...)`; each module calling the
    // factory gets a registry of its own; `Base` reaches the models through a package `__init__`.
    let files = r#"
#- /app/__init__.py
#- /app/base.py
from sqlalchemy import Column, Integer, MetaData
from sqlalchemy.ext.declarative import as_declarative, DeclarativeMeta
metadata = MetaData()
def versioned_base(plugin, version):
    if version < 1:
        raise ValueError(plugin)
    @as_declarative(metaclass=DeclarativeMeta, metadata=metadata)
    class VersionedBase:
        id = Column(Integer, primary_key=True)
    return VersionedBase
#- /plugin/__init__.py
from .db import Base
#- /plugin/db.py
from app.base import versioned_base
Base = versioned_base("plugin", 1)
#- /plugin/models.py
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import relationship
from . import Base
class Plugin(Base):
    __tablename__ = "plugins"
    name = Column(String(50))
    settings = relationship("Setting", lazy="dynamic")
class Setting(Base):
    __tablename__ = "settings"
    plugin_id = Column(Integer, ForeignKey("plugins.id"))
#- /main.py
from plugin.models import Plugin
def f(p: Plugin):
    reveal_type(p.name)
    reveal_type(p.id)
    reveal_type(p.settings)
"#;
    assert_eq!(
        registry_of(files),
        "/plugin/models.py:Plugin Typed /plugin/db.py:Base table=plugins [name, settings->/plugin/models.py:Setting, id]\n\
         /plugin/models.py:Setting Typed /plugin/db.py:Base table=settings [plugin_id, id]"
    );
    assert_eq!(
        reveals(files, Series::V20),
        "p.name: str | None (checker: Column[str])\n\
         p.id: int (checker: Column[int])\n\
         p.settings: AppenderQuery[Setting] (checker: Any)"
    );
    // Declared in the factory's class.
    let fixture = Fixture::new(files, Series::V20);
    let analysis = fixture.host.analysis();
    let plugin =
        crate::types::ClassRef { file: fixture.host.file("/plugin/models.py").unwrap(), name: "Plugin".into() };
    let (file, range) = analysis.declaration(&plugin, Some("id")).unwrap().unwrap();
    let text = analysis.text(file).unwrap();
    assert_eq!(analysis.path(file).unwrap().as_ref(), "/app/base.py");
    assert_eq!(&text[range], "id");
}

#[test]
fn factories_returning_declarative_base_generate_base_or_a_declarative_base_subclass() {
    let files = r#"
#- /lib/__init__.py
#- /lib/bases.py
from sqlalchemy.orm import DeclarativeBase, Mapped, declarative_base, mapped_column, registry
def legacy_base():
    return declarative_base()
def registry_base():
    return registry().generate_base()
def typed_base():
    class Base(DeclarativeBase):
        pass
    return Base
def chained_base():
    return legacy_base()
def undecided(flag):
    if flag:
        return declarative_base()
    return object
def not_a_base():
    return dict()
def abstract_model():
    class Entity(ModuleBase):
        __abstract__ = True
        id: Mapped[int] = mapped_column(primary_key=True)
    return Entity
class ModuleBase(DeclarativeBase):
    pass
#- /models.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import Mapped, mapped_column
from lib import bases
import lib.bases
A = bases.legacy_base()
B = lib.bases.registry_base()
C = bases.typed_base()
D = bases.chained_base()
E = bases.undecided(True)
F = bases.not_a_base()
G = bases.abstract_model()
class InA(A):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
class InB(B):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
class InC(C):
    __tablename__ = "c"
    id: Mapped[int] = mapped_column(primary_key=True)
class InD(D):
    __tablename__ = "d"
    id = Column(Integer, primary_key=True)
class InE(E):
    __tablename__ = "e"
    id = Column(Integer, primary_key=True)
class InF(F):
    __tablename__ = "f"
    id = Column(Integer, primary_key=True)
class InG(G):
    __tablename__ = "g"
"#;
    // A factory with two returns, or returning something else, proves nothing: no guessed models.
    assert_eq!(
        registry_of(files),
        "/lib/bases.py:abstract_model.<locals>.Entity Typed ModuleBase table=? abstract [id]\n\
         /models.py:InA Legacy /models.py:A table=a [id]\n\
         /models.py:InB Legacy /models.py:B table=b [id]\n\
         /models.py:InC Typed /models.py:C table=c [id]\n\
         /models.py:InD Legacy /models.py:D table=d [id]\n\
         /models.py:InG Typed ModuleBase table=g [id]"
    );
}

#[test]
fn bases_made_with_type_and_re_exported_through_packages() {
    let files = r#"
#- /app/__init__.py
from .db import *
#- /app/db.py
from sqlalchemy.orm import DeclarativeBase, declarative_base
Base = type("Base", (DeclarativeBase,), {})
Legacy = declarative_base(name="Legacy")
Other = type("Other", (object,), {})
#- /app/models.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import Mapped, mapped_column
from app import Base, Legacy, Other
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
class Entity(Legacy):
    __abstract__ = True
    id = Column(Integer, primary_key=True)
class Item(Entity):
    __tablename__ = "items"
class Plain(Other):
    __tablename__ = "plain"
    id = Column(Integer, primary_key=True)
"#;
    // The abstract class is no model of its own (its attributes are inherited).
    assert_eq!(
        registry_of(files),
        "/app/models.py:Entity Legacy /app/db.py:Legacy table=? abstract [id]\n\
         /app/models.py:Item Legacy /app/db.py:Legacy table=items [id]\n\
         /app/models.py:User Typed /app/db.py:Base table=users [id]"
    );
}

#[test]
fn relationship_strings_resolve_within_their_own_registry() {
    // An Alembic revision declares its own base and a `User` like the app's: the app's
    // `relationship("User")` is the app's class, and the revision's classes are no models.
    let files = r#"
#- /app/__init__.py
#- /app/models.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("users.id"))
    author = relationship("User", backref="posts")
#- /app/audit.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import DeclarativeBase, relationship
class AuditBase(DeclarativeBase):
    pass
class User(AuditBase):
    __tablename__ = "audit_users"
    id = Column(Integer, primary_key=True)
class Entry(AuditBase):
    __tablename__ = "entries"
    id = Column(Integer, primary_key=True)
    user = relationship("User")
#- /migrations/env.py
#- /migrations/versions/0001_users.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
#- /scripts/fix_users.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base
revision = "ab12"
down_revision = None
Base = declarative_base()
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
"#;
    assert_eq!(
        registry_of(files),
        "/app/audit.py:Entry Typed AuditBase table=entries [id, user->/app/audit.py:User]\n\
         /app/audit.py:User Typed AuditBase table=audit_users [id]\n\
         /app/models.py:Post Legacy /app/models.py:Base table=posts [id, author_id, author->/app/models.py:User]\n\
         /app/models.py:User Legacy /app/models.py:Base table=users [id, posts->/app/models.py:Post]"
    );
}

#[test]
fn a_class_name_declared_twice_in_one_registry_is_ambiguous() {
    let files = r#"
#- /a.py
from sqlalchemy import Column, Integer
from base import Base
class Tag(Base):
    __tablename__ = "a_tags"
    id = Column(Integer, primary_key=True)
#- /b.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import relationship
from base import Base
class Tag(Base):
    __tablename__ = "b_tags"
    id = Column(Integer, primary_key=True)
class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    tags = relationship("Tag")
#- /base.py
from sqlalchemy.orm import declarative_base
Base = declarative_base()
"#;
    // SQLAlchemy raises "Multiple classes found for path"; we do not pick one.
    let registry = registry_of(files);
    assert!(registry.contains("/b.py:Note Legacy /base.py:Base table=notes [id, tags]"), "{registry}");
}

#[test]
fn registry_decorators_and_imperative_mappings_name_their_registry() {
    // A decorated class's subclass is mapped only when decorated itself (no metaclass maps it).
    let files = r#"
#- /domain.py
from typing import List
from sqlalchemy.orm import Mapped
class Line:
    pass
class Batch:
    lines: Mapped[List[Line]]
    def __init__(self, ref):
        self.ref = ref
class Unmapped:
    pass
#- /orm.py
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry, relationship
import domain
mapper_registry = registry()
batches = Table("batches", mapper_registry.metadata, Column("id", Integer, primary_key=True))
class Base(DeclarativeBase):
    pass
@mapper_registry.mapped
class Note:
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
@mapper_registry.mapped_as_dataclass(kw_only=True)
class Card:
    __tablename__ = "cards"
    id: Mapped[int] = mapped_column(primary_key=True)
@Base.registry.mapped
class Tag:
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
class NoteChild(Note):
    extra: Mapped[int]
@mapper_registry.mapped
class Reply(Note):
    __tablename__ = "replies"
    id: Mapped[int] = mapped_column(ForeignKey("notes.id"), primary_key=True)
@something_else.mapped
class Guess:
    __tablename__ = "guesses"
    id: Mapped[int] = mapped_column(primary_key=True)
lines = Table("lines", mapper_registry.metadata, Column("id", Integer, primary_key=True))
def start_mappers():
    mapper_registry.map_imperatively(domain.Line, lines)
    mapper_registry.map_imperatively(domain.Batch, batches, properties={"lines": relationship(domain.Line)})
#- /main.py
from domain import Batch
def f(b: Batch):
    reveal_type(b.lines)
"#;
    // The class body's annotation types the relationship its mapping declares.
    assert_eq!(reveals(files, Series::V21), "b.lines: List[Line]");
    assert_eq!(
        registry_of(files),
        "/domain.py:Batch Imperative /orm.py:mapper_registry table=batches [lines->/domain.py:Line, id]\n\
         /domain.py:Line Imperative /orm.py:mapper_registry table=lines [id]\n\
         /orm.py:Card Typed /orm.py:mapper_registry table=cards [id]\n\
         /orm.py:Note Typed /orm.py:mapper_registry table=notes [id]\n\
         /orm.py:Reply Typed /orm.py:mapper_registry table=replies [id]\n\
         /orm.py:Tag Typed Base table=tags [id]"
    );
    let fixture = Fixture::new(files, Series::V21);
    let table = fixture
        .host
        .analysis()
        .with_db(|db| {
            let registry = crate::models::model_registry(db);
            let batch = registry.models.iter().find(|m| m.class.name == "Batch").unwrap();
            match &batch.imperative_table {
                Some(crate::hir::Definition::Variable { name, .. }) => name.to_string(),
                other => format!("{other:?}"),
            }
        })
        .unwrap();
    assert_eq!(table, "batches");
}

#[test]
fn flask_sqlalchemy_db_from_another_module_and_its_names() {
    // Flask-SQLAlchemy 3.1 given a `DeclarativeBase` maps `db.Model` classes in that base's registry.
    let files = r#"
#- /app/__init__.py
from .extensions import db
#- /app/extensions.py
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
db = SQLAlchemy(model_class=Base)
#- /app/models.py
from app import db
Model = db.Model
class UserAccount(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    posts = db.relationship("Post", backref=db.backref("author", uselist=False), lazy="dynamic")
class Post(Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey("user_account.id"))
#- /main.py
from app.models import UserAccount, Post
def f(u: UserAccount, p: Post):
    reveal_type(u.posts)
    reveal_type(p.author_id)
"#;
    assert_eq!(
        registry_of(files),
        "/app/models.py:Post Flask Base table=post [id, author_id, author->/app/models.py:UserAccount]\n\
         /app/models.py:UserAccount Flask Base table=user_account [id, posts->/app/models.py:Post]"
    );
    assert_eq!(
        reveals(files, Series::V20),
        "u.posts: AppenderQuery[Post] (checker: RelationshipProperty[Any])\np.author_id: int | None (checker: Any)"
    );
}

#[test]
fn sqlmodel_table_classes_are_mapped_and_data_models_are_not() {
    let files = r#"
#- /models.py
from typing import ClassVar, List, Optional
from sqlmodel import Column, Field, Relationship, SQLModel, String, Text
class TeamBase(SQLModel):
    name: str = Field(index=True)
class Team(TeamBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    heroes: List["Hero"] = Relationship(back_populates="team")
class Hero(SQLModel, table=True):
    registry_label: ClassVar[str] = "hero"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    age: Optional[int] = None
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team: Optional[Team] = Relationship(back_populates="heroes")
class HeroRead(SQLModel):
    id: int
class Power(SQLModel, table=True):
    id: int = Field(primary_key=True)
    label: str = Field(sa_column=Column(String(30), nullable=False))
    notes: str | None = Field(default=None, sa_type=Text)
#- /main.py
from models import Hero, Team
def f(h: Hero, t: Team):
    reveal_type(h.name)
    reveal_type(h.age)
    reveal_type(h.team)
    reveal_type(t.heroes)
    reveal_type(t.name)
    reveal_type(Hero.team_id)
"#;
    assert_eq!(
        registry_of(files),
        "/models.py:Hero SqlModel sqlmodel table=hero [id, name, age, team_id, team->/models.py:Team]\n\
         /models.py:Power SqlModel sqlmodel table=power [id, label, notes]\n\
         /models.py:Team SqlModel sqlmodel table=team [id, heroes->/models.py:Hero, name]"
    );
    assert_eq!(
        reveals(files, Series::V21),
        "h.name: str\nh.age: int | None\nh.team: Team | None\nt.heroes: List[Hero]\nt.name: str\n\
         Hero.team_id: InstrumentedAttribute[int | None] (checker: int | None)"
    );
    let fixture = Fixture::new(files, Series::V21);
    let facts = fixture
        .host
        .analysis()
        .with_db(|db| {
            let registry = crate::models::model_registry(db);
            let hero = registry.models.iter().find(|m| m.class.name == "Hero").unwrap();
            let id = hero.attribute("id").unwrap();
            let team_id = hero.attribute("team_id").unwrap();
            let team = hero.attribute("team").unwrap();
            let power = registry.models.iter().find(|m| m.class.name == "Power").unwrap();
            let (label, notes) = (power.attribute("label").unwrap(), power.attribute("notes").unwrap());
            format!(
                "{} {:?} {:?} {:?} {:?} | {:?} {:?} {:?}",
                id.primary_key,
                id.nullable,
                team_id.foreign_keys,
                team_id.nullable,
                team.back_populates,
                label.sql_type,
                label.nullable,
                notes.sql_type
            )
        })
        .unwrap();
    assert_eq!(
        facts,
        "true Some(false) [\"team.id\"] Some(true) Some(\"heroes\") | Some(\"String(30)\") Some(false) Some(\"Text\")"
    );
}

#[test]
fn joined_single_and_concrete_inheritance() {
    let files = r#"
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, declared_attr
Base = declarative_base()
class Employee(Base):
    __tablename__ = "employee"
    id = Column(Integer, primary_key=True)
    type = Column(String(20))
    __mapper_args__ = {"polymorphic_on": type}
class Engineer(Employee):
    __tablename__ = "engineer"
    id = Column(ForeignKey("employee.id"), primary_key=True)
class Manager(Employee):
    __mapper_args__ = {"polymorphic_identity": "manager"}
class Intern(Employee):
    __tablename__ = None
class Contractor(Employee):
    __tablename__ = "contractor"
    id = Column(Integer, primary_key=True)
    __mapper_args__ = {"concrete": True}
class Named:
    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()
class Lead(Named, Manager):
    pass
"#;
    let styles = inheritance_styles(files);
    assert_eq!(
        styles,
        "Contractor Concrete\nEmployee Root\nEngineer Joined\nIntern Single\nLead Unknown\nManager Single"
    );
}

#[test]
fn a_base_made_from_a_class_lends_its_attributes() {
    let files = r#"
#- /db.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base
class ModelBase:
    id = Column(Integer, primary_key=True)
Base = declarative_base(cls=ModelBase)
#- /models.py
from sqlalchemy import Column, String
from db import Base
class User(Base):
    __tablename__ = "users"
    name = Column(String)
"#;
    assert_eq!(registry_of(files), "/models.py:User Legacy /db.py:Base table=users [name, id]");
}

#[test]
fn aliased_imperative_mappers_subclassed_flask_extensions_and_automap() {
    let files = r#"
#- /meta.py
from sqlalchemy import MetaData, orm
metadata = MetaData()
registry = orm.registry(metadata=metadata)
mapper = registry.map_imperatively
#- /package.py
from sqlalchemy import Column, Integer, Table
import meta
package_table = Table("package", meta.metadata, Column("id", Integer, primary_key=True))
class Package:
    pass
meta.mapper(Package, package_table)
class Dashboard:
    pass
meta.registry.map_imperatively(Dashboard, package_table)
#- /ext.py
from flask_sqlalchemy import SQLAlchemy
class AppSQLAlchemy(SQLAlchemy):
    pass
db = AppSQLAlchemy()
#- /models.py
from sqlalchemy.ext.automap import automap_base
from sqlalchemy.orm import relationship
from ext import db
class Event(db.Model):
    __tablename__ = "events"
    id = db.Column(db.Integer, primary_key=True)
Reflected = automap_base()
class Account(Reflected):
    __tablename__ = "accounts"
    owner = relationship("Account")
"#;
    assert_eq!(
        registry_of(files),
        "/models.py:Account Legacy /models.py:Reflected table=accounts [owner->/models.py:Account]\n\
         /models.py:Event Flask /ext.py:db table=events [id]\n\
         /package.py:Dashboard Imperative /meta.py:registry table=package [id]\n\
         /package.py:Package Imperative /meta.py:registry table=package [id]"
    );
}

#[test]
fn rules_see_the_models_of_a_factory_base() {
    // The issue's app: before, none of these relationships were analysed.
    let files = r#"
#- /app/__init__.py
#- /app/base.py
from sqlalchemy import Column, Integer
from sqlalchemy.ext.declarative import as_declarative
def versioned_base(plugin, version):
    @as_declarative()
    class VersionedBase:
        id = Column(Integer, primary_key=True)
    return VersionedBase
#- /app/models.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import relationship
from app.base import versioned_base
Base = versioned_base("app", 1)
class Folder(Base):
    __tablename__ = "folders"
    files = relationship("File", lazy="dynamic")
class File(Base):
    __tablename__ = "files"
    folder_id = Column(Integer, ForeignKey("folders.id"))
"#;
    let fixture = Fixture::new(files, Series::V20);
    let findings = fixture.lint_only("/app/models.py", &["SQA101"]);
    assert!(findings.starts_with("SQA101"), "{findings}");
}

#[test]
fn module_summaries_keep_only_the_returns_that_may_be_bases() {
    let summary = |text: &str| {
        let fixture = Fixture::new(&format!("#- /m.py\n{text}"), Series::V21);
        let file = fixture.host.file("/m.py").unwrap();
        fixture.host.analysis().with_db(|db| (**crate::hir::module_index(db, file)).clone()).unwrap()
    };
    let text = "\
from sqlalchemy.orm import declarative_base
from app import select
def make():
    return declarative_base()
def chained():
    return make()
def query(x):
    return select(x)
def helper(x):
    return query(x)
";
    let index = summary(text);
    let returns: Vec<(&str, bool)> =
        index.functions.iter().map(|f| (f.name.as_str(), f.returns_base.is_some())).collect();
    assert_eq!(returns, [("make", true), ("chained", true), ("query", false), ("helper", false)]);
    // Edits to returns that cannot make a base leave the summary equal.
    let edited =
        text.replace("return select(x)", "return select(x, 1)").replace("return query(x)", "return query(x + 1)");
    assert_eq!(summary(&edited), index);
}

#[test]
fn a_base_written_out_with_the_declarative_metaclass() {
    let files = r#"
#- /m.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import registry
from sqlalchemy.orm.decl_api import DeclarativeMeta
mapper_registry = registry()
class Base(metaclass=DeclarativeMeta):
    __abstract__ = True
    registry = mapper_registry
    metadata = mapper_registry.metadata
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
"#;
    assert_eq!(registry_of(files), "/m.py:User Legacy /m.py:mapper_registry table=users [id]");
}

#[test]
fn imperative_models_raise_no_wiring_findings() {
    let files = r#"
#- /domain.py
from typing import Optional
class Package:
    pass
class Resource:
    package: Optional[Package]
#- /orm.py
from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import registry, relationship
import domain
reg = registry()
package_table = Table("package", reg.metadata, Column("id", Integer, primary_key=True), Column("name", String))
resource_table = Table(
    "resource", reg.metadata,
    Column("id", Integer, primary_key=True),
    Column("package_id", ForeignKey("package.id")),
)
reg.map_imperatively(domain.Package, package_table, properties={"resources": relationship(domain.Resource)})
reg.map_imperatively(domain.Resource, resource_table, properties={"package": relationship(domain.Package)})
"#;
    let fixture = Fixture::new(
        &format!("{files}#- /main.py\nfrom domain import Package\ndef f(p: Package):\n    reveal_type(p.resources)\n"),
        Series::V21,
    );
    // The tables hold the keys: `resource.package_id` makes `resources` one-to-many.
    assert_eq!(fixture.reveals("/main.py"), "p.resources: List[Resource] (checker: Unknown)");
    assert_eq!(fixture.lint("/domain.py"), "");
    let orm = fixture.lint("/orm.py");
    assert!(!orm.contains("SQA3"), "{orm}");
    assert_eq!(
        registry_of(files),
        "/domain.py:Package Imperative /orm.py:reg table=package [resources->/domain.py:Resource, id, name]\n\
         /domain.py:Resource Imperative /orm.py:reg table=resource [package->/domain.py:Package, id, package_id]"
    );
}

#[test]
fn bases_sharing_a_registry_made_by_a_factory() {
    // advanced-alchemy's layout: two declarative bases given one registry object.
    let files = r#"
#- /base.py
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
def create_registry():
    return registry(metadata=MetaData())
orm_registry = create_registry()
class CommonBase(DeclarativeBase):
    registry = orm_registry
class UUIDPrimaryKey:
    id: Mapped[int] = mapped_column(primary_key=True)
class UUIDBase(UUIDPrimaryKey, CommonBase):
    __abstract__ = True
class OtherBase(DeclarativeBase):
    registry = orm_registry
#- /models.py
from sqlalchemy.orm import Mapped, relationship
from base import OtherBase, UUIDBase
class Author(UUIDBase):
    __tablename__ = "authors"
class Book(OtherBase):
    __tablename__ = "books"
    id: Mapped[int]
    author = relationship("Author")
"#;
    assert_eq!(
        registry_of(files),
        "/base.py:UUIDBase Typed /base.py:orm_registry table=? abstract [id]\n\
         /models.py:Author Typed /base.py:orm_registry table=authors [id]\n\
         /models.py:Book Typed /base.py:orm_registry table=books [id, author->/models.py:Author]"
    );
}

#[test]
fn a_subclass_with_nothing_sqlalchemy_in_its_file_is_mapped() {
    let files = r#"
#- /app/__init__.py
#- /app/models.py
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    kind = Column(String)
#- /app/admins.py
from app.models import User
class Admin(User):
    def promote(self):
        return self
"#;
    assert_eq!(
        registry_of(files),
        "/app/admins.py:Admin Legacy /app/models.py:Base table=users [id, kind]\n\
         /app/models.py:User Legacy /app/models.py:Base table=users [id, kind]"
    );
}

#[test]
fn flask_subclasses_declaring_a_primary_key_get_a_table_of_their_own() {
    let files = r#"
#- /m.py
from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
class Employee(db.Model):
    id = db.Column(db.Integer, primary_key=True)
class Engineer(Employee):
    id = db.Column(db.ForeignKey("employee.id"), primary_key=True)
class Manager(Employee):
    level = db.Column(db.Integer)
"#;
    let styles = inheritance_styles(files);
    assert_eq!(styles, "Employee Root\nEngineer Joined\nManager Single");
}

#[test]
fn flask_sqlalchemys_plain_model_mixin_is_not_a_base() {
    // `flask_sqlalchemy.model.Model` is the mixin `db.Model` is built from, not a declarative base:
    // a class deriving it directly (to pass as `model_class=`) maps nothing.
    let files = r#"
#- /app/models.py
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.model import Model
from sqlalchemy import Column, Integer
class AppModel(Model):
    pass
db = SQLAlchemy(model_class=AppModel)
class User(db.Model):
    id = Column(Integer, primary_key=True)
"#;
    let registry = registry_of(files);
    assert!(registry.contains("User") && !registry.contains("AppModel"), "{registry}");
}

#[test]
fn flask_appbuilders_model_is_a_known_base() {
    // superset's models derive `flask_appbuilder.Model`, installed, not in the workspace.
    let files = r#"
#- /app/models.py
from flask_appbuilder import Model
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import relationship
class Dashboard(Model):
    __tablename__ = "dashboards"
    id = Column(Integer, primary_key=True)
class Slice(Model):
    __tablename__ = "slices"
    id = Column(Integer, primary_key=True)
    dashboard_id = Column(Integer, ForeignKey("dashboards.id"))
    dashboard = relationship("Dashboard")
"#;
    let registry = registry_of(files);
    assert!(
        registry.contains("Dashboard Legacy") && registry.contains("dashboard->/app/models.py:Dashboard"),
        "{registry}"
    );
}

/// `Class Style` for every model, sorted.
fn inheritance_styles(files: &str) -> String {
    let fixture = Fixture::new(files, Series::V21);
    fixture
        .host
        .analysis()
        .with_db(|db| {
            let registry = crate::models::model_registry(db);
            let mut lines: Vec<String> =
                registry.models.iter().map(|m| format!("{} {:?}", m.class.name, m.inheritance)).collect();
            lines.sort();
            lines.join("\n")
        })
        .unwrap()
}
