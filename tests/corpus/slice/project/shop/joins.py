"""Joins written as code: `&`, `~`, `not_()`, `remote()`, `.like`, enum values, a third table, `Table` columns through `.c` (galaxy, indico, ckan)."""
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
