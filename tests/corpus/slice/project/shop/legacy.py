"""1.x-style models on a factory base: every shape SQLAlchemy decides from the keys."""
from sqlalchemy import (
    Column, Float, ForeignKey, Integer, Numeric, PrimaryKeyConstraint, String, Table, Uuid,
)
from sqlalchemy.orm import attribute_keyed_dict, backref, relationship

from shop.factory import metadata, versioned_base
from shop.mixins import NamedTableMixin, OwnedMixin

Base = versioned_base("shop", 1)

order_tags = Table(
    "order_tags",
    metadata,
    Column("order_id", ForeignKey("orders.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
    detail = relationship("Detail", backref=backref("customer", uselist=False), uselist=False)


class Detail(Base):
    __tablename__ = "details"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))


class Order(OwnedMixin, Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"), nullable=False)
    price = Column(Numeric(10, 2, asdecimal=False))
    ratio = Column(Float(asdecimal=True), nullable=False)
    token = Column(Uuid(as_uuid=False))
    customer = relationship("Customer", foreign_keys=[customer_id], backref="orders")
    tags = relationship("Tag", secondary=order_tags, collection_class=set)
    tags_by_name = relationship(
        "Tag", secondary=order_tags, collection_class=attribute_keyed_dict("name"), viewonly=True
    )


class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))


class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("nodes.id"))
    children = relationship("Node", overlaps="parent")
    parent = relationship("Node", remote_side=[id], overlaps="children")


class Param(Base):
    __tablename__ = "params"
    __table_args__ = (PrimaryKeyConstraint("key", "order_id"),)
    key = Column(String(20))
    order_id = Column(ForeignKey("orders.id"))
    order = relationship("Order")


class Audit(NamedTableMixin, Base):
    id = Column(Integer, primary_key=True)
    note = Column(String)
