"""Models written the 1.x way: declarative_base(), untyped columns, dynamic and backref relationships."""
from sqlalchemy import Column, DateTime, ForeignKey, Integer, Numeric, String
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import relationship

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    email = Column(String(120))
    orders = relationship("Order", back_populates="customer", lazy="dynamic")
    addresses = relationship("Adress", backref="customer")


class Address(Base):
    __tablename__ = "addresses"

    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"), nullable=False)
    city = Column(String(80))


class Order(Base):
    __tablename__ = "orders"

    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False)
    placed_at = Column(DateTime, nullable=False)
    total = Column(Numeric(10, 2), nullable=False)
    customer = relationship("Customer", back_populates="orders")
    lines = relationship("OrderLine", cascade="all, delete-orphan")


class OrderLine(Base):
    __tablename__ = "order_lines"

    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"), nullable=False)
    sku = Column(String(32), nullable=False)
    quantity = Column(Integer, nullable=False, default=1)
