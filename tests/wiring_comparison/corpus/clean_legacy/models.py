from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()


order_items = Table(
    "order_items",
    Base.metadata,
    Column("order_id", Integer, ForeignKey("orders.id"), primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), primary_key=True),
)


class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    name = Column(String(50))
    orders = relationship("Order", backref="customer", foreign_keys="Order.customer_id", cascade="all, delete-orphan", order_by="Order.id")
    account = relationship("Account", uselist=False, back_populates="customer")


class Account(Base):
    __tablename__ = "accounts"
    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), unique=True)
    customer = relationship("Customer", back_populates="account")


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_customer", "customer_id"),)
    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"))
    shipper_id = Column(Integer, ForeignKey("customers.id"))
    shipper = relationship(Customer, foreign_keys=[shipper_id], backref=backref("shipments", lazy="dynamic"))
    items = relationship("Item", secondary=order_items, backref="orders")


class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    sku = Column("item_sku", String(20))
    parent_id = Column(Integer, ForeignKey("items.id"))
    children = relationship("Item", backref=backref("parent", remote_side=[id]))


class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("nodes.id"))
    parent = relationship("Node", remote_side=[id], back_populates="children")
    children = relationship("Node", back_populates="parent")
