"""A mixin whose declared attributes exist only for some link types (indico's LinkMixin)."""
import enum
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, declared_attr, relationship, backref
Base = declarative_base()
class LinkType(enum.Enum):
    category = 1
    event = 2
    session = 3
class Category(Base):
    __tablename__ = "link_categories"
    id = Column(Integer, primary_key=True)
class Event(Base):
    __tablename__ = "link_events"
    id = Column(Integer, primary_key=True)
class LinkMixin:
    allowed_link_types = frozenset(LinkType)
    link_backref_name = None
    @declared_attr
    def category_id(cls):
        if LinkType.category in cls.allowed_link_types:
            return Column(Integer, ForeignKey("link_categories.id"))
    @declared_attr
    def category(cls):
        if LinkType.category in cls.allowed_link_types:
            return relationship("Category", backref=backref(cls.link_backref_name, lazy="dynamic"))
    @declared_attr
    def event_id(cls):
        if LinkType.event in cls.allowed_link_types:
            return Column(Integer, ForeignKey("link_events.id"))
    @declared_attr
    def event(cls):
        if LinkType.event in cls.allowed_link_types:
            return relationship("Event", backref=backref(cls.link_backref_name, lazy="dynamic"))
class Note(LinkMixin, Base):
    __tablename__ = "link_notes"
    allowed_link_types = LinkMixin.allowed_link_types - {LinkType.category, LinkType.session}
    link_backref_name = "notes"
    id = Column(Integer, primary_key=True)
class Folder(LinkMixin, Base):
    __tablename__ = "link_folders"
    allowed_link_types = {LinkType.category}
    link_backref_name = "folders"
    id = Column(Integer, primary_key=True)
