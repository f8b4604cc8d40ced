"""Orders, payments (joined inheritance) and staff (single-table inheritance)."""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import Date, ForeignKey, Interval, Numeric, String
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from .base import Base, Currency, bigpk, intpk, money, str50, timestamp
from .catalog import Product


class Customer(Base):
    __tablename__ = "customer"

    id: Mapped[intpk]
    email: Mapped[str]
    name: Mapped[str50]
    vip: Mapped[bool] = mapped_column(default=False)
    orders: WriteOnlyMapped[Order] = relationship(back_populates="customer")


class Order(Base):
    __tablename__ = "order"

    id: Mapped[bigpk]
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    placed_at: Mapped[timestamp]
    ship_by: Mapped[Optional[datetime.date]] = mapped_column(Date)
    handling_time: Mapped[Optional[datetime.timedelta]] = mapped_column(Interval)
    currency: Mapped[Currency]
    total: Mapped[money]
    customer: Mapped[Customer] = relationship(back_populates="orders")
    items: Mapped[List[OrderItem]] = relationship(back_populates="order", cascade="all, delete-orphan")
    payments: Mapped[list[Payment]] = relationship(back_populates="order")


class OrderItem(Base):
    __tablename__ = "order_item"

    id: Mapped[intpk]
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int] = mapped_column(default=1)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    order: Mapped["Order"] = relationship(back_populates="items")
    product: Mapped["Product"] = relationship()


# joined-table inheritance
class Payment(Base):
    __tablename__ = "payment"

    id: Mapped[intpk]
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"))
    amount: Mapped[money]
    kind: Mapped[str] = mapped_column(String(20))
    order: Mapped[Order] = relationship(back_populates="payments")

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "payment"}


class CardPayment(Payment):
    __tablename__ = "card_payment"

    id: Mapped[int] = mapped_column(ForeignKey("payment.id"), primary_key=True)
    last4: Mapped[str] = mapped_column(String(4))
    __mapper_args__ = {"polymorphic_identity": "card"}


class BankTransfer(Payment):
    __tablename__ = "bank_transfer"

    id: Mapped[int] = mapped_column(ForeignKey("payment.id"), primary_key=True)
    iban: Mapped[str] = mapped_column(String(34))
    __mapper_args__ = {"polymorphic_identity": "bank"}


# single-table inheritance
class Employee(Base):
    __tablename__ = "employee"

    id: Mapped[intpk]
    name: Mapped[str50]
    type: Mapped[str]
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Manager(Employee):
    budget: Mapped[Optional[Decimal]]
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    primary_language: Mapped[Optional[str]] = mapped_column(String(30))
    __mapper_args__ = {"polymorphic_identity": "engineer"}
