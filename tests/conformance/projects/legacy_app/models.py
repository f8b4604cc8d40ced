"""Untyped legacy models: Column(...) attributes and string relationships."""
import datetime
import enum

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Text,
    Time,
    Unicode,
    Uuid,
)
from sqlalchemy.orm import backref, relationship

from .database import Base

__all__ = ["Customer", "Address", "Invoice", "InvoiceLine", "Product", "Shipment", "ShipmentStatus"]


class Customer(Base):
    __tablename__ = "customers"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    email = Column(String(120))
    notes = Column(Text)
    active = Column(Boolean, default=True, nullable=False)
    signup_date = Column(Date, default=datetime.date.today)

    addresses = relationship("Address", backref="customer")
    invoices = relationship("Invoice", back_populates="customer", lazy="dynamic")


class Address(Base):
    __tablename__ = "addresses"

    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False)
    street = Column(String(200), nullable=False)
    city = Column(String(80))
    zip_code = Column("zip", String(10))


class Invoice(Base):
    __tablename__ = "invoices"

    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False)
    issued_at = Column(DateTime, default=datetime.datetime.utcnow, nullable=False)
    total = Column(Numeric(12, 2), nullable=False)
    discount = Column(Float)

    customer = relationship("Customer", back_populates="invoices")
    lines = relationship("InvoiceLine", order_by="InvoiceLine.id", cascade="all, delete-orphan")


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"

    id = Column(Integer, primary_key=True)
    invoice_id = Column(Integer, ForeignKey("invoices.id"), nullable=False)
    product_id = Column(Integer, ForeignKey("products.id"), nullable=False)
    quantity = Column(Integer, nullable=False, default=1)
    product = relationship("Product")


class Product(Base):
    __tablename__ = "products"

    id = Column(Integer, primary_key=True)
    sku = Column(String(32), unique=True, nullable=False)
    price = Column(Numeric(10, 2))


class ShipmentStatus(enum.Enum):
    pending = "pending"
    shipped = "shipped"
    delivered = "delivered"


class Shipment(Base):
    __tablename__ = "shipments"

    id = Column(BigInteger, primary_key=True)
    invoice_id = Column(Integer, ForeignKey("invoices.id"), nullable=False)
    tracking_code = Column(Uuid, nullable=False)
    status = Column(Enum(ShipmentStatus), nullable=False, default=ShipmentStatus.pending)
    carrier = Column(Unicode(60))
    pickup_time = Column(Time)
    transit_time = Column(Interval)
    parcels = Column(SmallInteger, nullable=False, default=1)
    label_pdf = Column(LargeBinary)
    invoice = relationship(Invoice, backref=backref("shipments", lazy="dynamic"))
