//! Join conditions and foreign keys as SQLAlchemy reads them at mapper configuration. Each
//! fixture was configured with SQLAlchemy 2.0 first; the expected shapes are what it reported.

use super::schema::shapes;

#[test]
fn joins_written_as_code_with_operators_values_third_tables_and_table_columns() {
    // `&`, `~`, `not_()`, `remote()` in a self-referential join and its backref's own join, a
    // method comparison (`.like`), an enum value and a third class's columns in the join, a
    // `Table`'s columns read through `.c.x` and `.c["x"]`.
    let files = r#"
#- /m.py
import enum
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, not_
from sqlalchemy.orm import declarative_base, relationship, backref, remote, foreign
import sqlalchemy as sa
Base = declarative_base()
class State(enum.Enum):
    accepted = 1
class Category(Base):
    __tablename__ = "categories"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("categories.id"))
    is_deleted = Column(Boolean, nullable=False)
    path = Column(String, nullable=False)
    children = relationship("Category", primaryjoin=(id == remote(parent_id)) & ~remote(is_deleted),
                            backref=backref("parent", primaryjoin=(remote(id) == parent_id)))
    descendants = relationship("Category", viewonly=True, primaryjoin=remote(foreign(path)).like(path.concat(".%")))
class Menu(Base):
    __tablename__ = "menus"
    id = Column(Integer, primary_key=True)
    owner_id = Column(ForeignKey("owners.id"))
    workflow_id = Column(ForeignKey("workflows.id"))
    state = Column(Integer)
    owner = relationship("Owner", back_populates="menus")
class Workflow(Base):
    __tablename__ = "workflows"
    id = Column(Integer, primary_key=True)
    deleted = Column(Boolean)
class Owner(Base):
    __tablename__ = "owners"
    id = Column(Integer, primary_key=True)
    menus = relationship("Menu", back_populates="owner",
        primaryjoin=lambda: (Menu.owner_id == Owner.id) & (Menu.workflow_id == Workflow.id) & not_(Workflow.deleted))
    accepted_menu = relationship("Menu", viewonly=True, uselist=False,
        primaryjoin=lambda: sa.and_(Menu.owner_id == Owner.id, Menu.state == State.accepted.value))
link_table = Table("links", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("subject_id", ForeignKey("owners.id")),
    Column("object_id", ForeignKey("owners.id")))
class Link:
    pass
Base.registry.map_imperatively(Link, link_table, properties={
    "subject": relationship(Owner, primaryjoin=link_table.c["subject_id"] == Owner.id,
                            backref=backref("links_as_subject")),
    "object": relationship(Owner, primaryjoin=link_table.c.object_id == Owner.id),
})
"#;
    assert_eq!(
        shapes(
            files,
            &[
                "Category.children",
                "Category.parent",
                "Category.descendants",
                "Owner.menus",
                "Owner.accepted_menu",
                "Link.subject",
                "Owner.links_as_subject",
                "Link.object",
            ]
        ),
        "Category.children: Some(OneToMany) Some(List) None\n\
         Category.parent: Some(ManyToOne) Some(Scalar) Some(true)\n\
         Category.descendants: Some(OneToMany) Some(List) None\n\
         Owner.menus: Some(OneToMany) Some(List) None\n\
         Owner.accepted_menu: Some(OneToMany) Some(Scalar) Some(true)\n\
         Link.subject: Some(ManyToOne) Some(Scalar) Some(true)\n\
         Owner.links_as_subject: Some(OneToMany) Some(List) None\n\
         Link.object: Some(ManyToOne) Some(Scalar) Some(true)"
    );
}

#[test]
fn keys_named_by_mixins_constraints_and_classes_elsewhere() {
    // A mixin's `@declared_attr` joins read for the class mapped (`lambda: cls.file_id`,
    // `getattr(cls.stored_file_class, cls.stored_file_fkey)`, `uselist=(cls.unique != True)`),
    // `@declared_attr.cascading` columns, `ForeignKeyConstraint(columns=..., refcolumns=...)`, a key
    // declared twice (column and constraint), `ForeignKey(key)` naming a class-body column,
    // concrete inheritance (only the class's own table), a class named through its module.
    let files = r#"
#- /pkg/__init__.py
#- /pkg/base.py
from sqlalchemy.orm import declarative_base
Base = declarative_base()
#- /pkg/files.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declared_attr, relationship, backref
class VersionedMixin:
    stored_file_class = None
    stored_file_fkey = None
    unique = False
    @declared_attr
    def file_id(cls):
        return Column(Integer, ForeignKey(cls.stored_file_class.__table__.fullname + ".id", use_alter=True), nullable=True)
    @declared_attr
    def file(cls):
        return relationship(cls.stored_file_class, primaryjoin=lambda: cls.file_id == cls.stored_file_class.id,
                            foreign_keys=lambda: cls.file_id, post_update=True)
    @declared_attr
    def all_files(cls):
        return relationship(cls.stored_file_class,
            primaryjoin=lambda: cls.id == getattr(cls.stored_file_class, cls.stored_file_fkey),
            foreign_keys=lambda: getattr(cls.stored_file_class, cls.stored_file_fkey),
            backref=backref(cls.stored_file_class.version_of, uselist=(cls.unique != True)))
    @declared_attr.cascading
    def note_id(cls):
        return Column(Integer, ForeignKey("notes.id"), nullable=False)
    @declared_attr
    def note(cls):
        return relationship("Note", backref=backref("holder", uselist=(cls.unique != True)))
#- /pkg/models.py
from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, Text
from sqlalchemy.orm import foreign, relationship
from pkg.base import Base
from pkg.files import VersionedMixin
class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
class AttachmentFile(Base):
    __tablename__ = "files"
    version_of = "owner"
    id = Column(Integer, primary_key=True)
    attachment_id = Column(Integer, ForeignKey("attachments.id"), nullable=False)
class Attachment(VersionedMixin, Base):
    __tablename__ = "attachments"
    stored_file_class = AttachmentFile
    stored_file_fkey = "attachment_id"
    unique = True
    id = Column(Integer, primary_key=True)
class Dag(Base):
    __tablename__ = "dag"
    dag_id = Column(Text, primary_key=True)
    references = relationship("DagReference", back_populates="dag")
class DagReference(Base):
    __tablename__ = "dag_reference"
    id = Column(Integer, primary_key=True)
    dag_id = Column(Text, nullable=False)
    dag = relationship("Dag", back_populates="references")
    __table_args__ = (ForeignKeyConstraint(columns=(dag_id,), refcolumns=["dag.dag_id"]),)
class Record(Base):
    __tablename__ = "records"
    id = Column(Integer, primary_key=True)
    dag_id = Column(Text, ForeignKey("dag.dag_id"), nullable=False)
    dag = relationship("Dag")
    __table_args__ = (ForeignKeyConstraint(["dag_id"], ["dag.dag_id"]),)
class Vault(Base):
    __tablename__ = "vault"
    key = Column(Text, primary_key=True)
    parent_key = Column(Text, ForeignKey(key))
    parent = relationship("Vault", remote_side=[key])
class Company(Base):
    __tablename__ = "company"
    id = Column(Integer, primary_key=True)
class Person(Base):
    __tablename__ = "person"
    id = Column(Integer, primary_key=True)
    company_id = Column(ForeignKey("company.id"))
    company = relationship(Company)
class Engineer(Person):
    __tablename__ = "engineer"
    __mapper_args__ = {"concrete": True}
    id = Column(Integer, primary_key=True)
    company_id = Column(ForeignKey("company.id"), nullable=False)
    company = relationship(Company)
class Pin(Base):
    __tablename__ = "pins"
    id = Column(Integer, primary_key=True)
    dag_id = Column(Text)
    dag = relationship("Dag", primaryjoin=lambda: foreign(Pin.dag_id) == _models.Dag.dag_id)
import pkg.models as _models
"#;
    assert_eq!(
        shapes(
            files,
            &[
                "Attachment.file",
                "Attachment.all_files",
                "AttachmentFile.owner",
                "Attachment.note",
                "Note.holder",
                "Dag.references",
                "DagReference.dag",
                "Record.dag",
                "Vault.parent",
                "Engineer.company",
                "Person.company",
                "Pin.dag",
            ]
        ),
        "Attachment.file: Some(ManyToOne) Some(Scalar) Some(true)\n\
         Attachment.all_files: Some(OneToMany) Some(List) None\n\
         AttachmentFile.owner: Some(ManyToOne) Some(Scalar) Some(false)\n\
         Attachment.note: Some(ManyToOne) Some(Scalar) Some(false)\n\
         Note.holder: Some(OneToMany) Some(Scalar) Some(true)\n\
         Dag.references: Some(OneToMany) Some(List) None\n\
         DagReference.dag: Some(ManyToOne) Some(Scalar) Some(false)\n\
         Record.dag: Some(ManyToOne) Some(Scalar) Some(false)\n\
         Vault.parent: Some(ManyToOne) Some(Scalar) Some(true)\n\
         Engineer.company: Some(ManyToOne) Some(Scalar) Some(false)\n\
         Person.company: Some(ManyToOne) Some(Scalar) Some(true)\n\
         Pin.dag: Some(ManyToOne) Some(Scalar) Some(true)"
    );
}

#[test]
fn shapes_proven_without_table_names_or_target() {
    // Table names computed by a `@declared_attr` (unknown): a class whose tables hold no key is
    // the one side; keys that may join agree on NULL or the answer stays unknown (`FlowRun.flow`:
    // SQLAlchemy says NOT NULL, but FlowRun holds a nullable key too). A string join's keys are
    // the compared columns that may reference the other, even through a `__table_args__` method.
    // A target read at runtime (`security.user_model`) with `foreign_keys=` to a table outside the
    // class's hierarchy is many-to-one. A `Table`'s column decides NULL over an annotation beside
    // it; a backref's NULL follows the `foreign()` keys of the join it reverses.
    let files = r#"
#- /pkg/__init__.py
#- /pkg/models.py
import re
import uuid
from typing import Optional
import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, foreign, mapped_column, relationship, backref

CAMEL = re.compile(r"(?<!^)(?=[A-Z])")

class Base(DeclarativeBase):
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return CAMEL.sub("_", cls.__name__).lower()
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)

class Flow(Base):
    name: Mapped[str]
    flow_runs: Mapped[list["FlowRun"]] = relationship(back_populates="flow")

class FlowRun(Base):
    flow_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("flow.id"))
    parent_task_run_id: Mapped[Optional[uuid.UUID]] = mapped_column(sa.ForeignKey("task_run.id", use_alter=True))
    flow: Mapped["Flow"] = relationship(back_populates="flow_runs")
    task_runs: Mapped[list["TaskRun"]] = relationship(primaryjoin="TaskRun.flow_run_id==FlowRun.id")

class TaskRun(Base):
    flow_run_id: Mapped[Optional[uuid.UUID]] = mapped_column(sa.ForeignKey("flow_run.id"))
    subflow_run: Mapped["FlowRun"] = relationship(primaryjoin="FlowRun.parent_task_run_id==TaskRun.id", uselist=False)

    @declared_attr.directive
    @classmethod
    def __table_args__(cls):
        return (sa.Index("ix_task_run_flow_run_id", cls.flow_run_id),)

class BlockType(Base):
    slug: Mapped[str]

class BlockSchema(Base):
    block_type_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("block_type.id"))
    block_type: Mapped["BlockType"] = relationship()

class _Security:
    @property
    def user_model(self):
        from pkg.users import User
        return User

security = _Security()

class Log(Base):
    __tablename__ = "logs"
    user_id = Column(Integer, ForeignKey("ab_user.id"))
    owner_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False)
    user = relationship(security.user_model, foreign_keys=[user_id])
    owner = relationship(security.user_model, foreign_keys=[owner_id])
#- /pkg/users.py
from typing import Optional
from sqlalchemy import Column, ForeignKey, Integer, Table, Text
from sqlalchemy.orm import Mapped, relationship, backref, foreign
from pkg.models import Base

class User(Base):
    __tablename__ = "ab_user"
    id = Column(Integer, primary_key=True)

token_table = Table("api_token", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("ab_user.id")))

class ApiToken:
    id: Mapped[int]
    user_id: Mapped[Optional[int]]

Base.registry.map_imperatively(ApiToken, token_table, properties={"owner": relationship(User, backref="tokens")})

class Run(Base):
    __tablename__ = "run"
    id = Column(Integer, primary_key=True)
    dag_id = Column(Text, nullable=False)

class Serialized(Base):
    __tablename__ = "serialized"
    dag_id = Column(Text, primary_key=True)
    runs = relationship(Run, primaryjoin=dag_id == foreign(Run.dag_id), backref=backref("serialized", uselist=False))
"#;
    assert_eq!(
        shapes(
            files,
            &[
                "Flow.flow_runs",
                "FlowRun.flow",
                "FlowRun.task_runs",
                "TaskRun.subflow_run",
                "BlockSchema.block_type",
                "Log.user",
                "Log.owner",
                "ApiToken.owner",
                "Serialized.runs",
                "Run.serialized",
            ]
        ),
        "Flow.flow_runs: Some(OneToMany) Some(List) None\n\
         FlowRun.flow: Some(ManyToOne) Some(Scalar) None\n\
         FlowRun.task_runs: Some(OneToMany) Some(List) None\n\
         TaskRun.subflow_run: Some(OneToMany) Some(Scalar) Some(true)\n\
         BlockSchema.block_type: Some(ManyToOne) Some(Scalar) Some(false)\n\
         Log.user: Some(ManyToOne) Some(Scalar) Some(true)\n\
         Log.owner: Some(ManyToOne) Some(Scalar) Some(false)\n\
         ApiToken.owner: Some(ManyToOne) Some(Scalar) Some(true)\n\
         Serialized.runs: Some(OneToMany) Some(List) None\n\
         Run.serialized: Some(ManyToOne) Some(Scalar) Some(false)"
    );
}
