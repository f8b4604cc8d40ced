"""Reporting queries over the shop models."""
from __future__ import annotations

import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectin_polymorphic, with_polymorphic

from shop import (
    AuditLog,
    BankTransfer,
    CardPayment,
    Category,
    Coupon,
    Customer,
    Employee,
    Engineer,
    Manager,
    Order,
    OrderItem,
    Payment,
    Product,
    Redemption,
    Supplier,
    Warehouse,
)
from shop.base import Currency


def annotated_columns() -> None:
    reveal_type(Product.id)
    reveal_type(Product.public_id)
    reveal_type(Product.sku)
    reveal_type(Product.title)
    reveal_type(Product.price)
    reveal_type(Product.currency)
    reveal_type(Product.stock)  # sqla: InstrumentedAttribute[int]
    reveal_type(Product.created_at)
    reveal_type(Product.updated_at)
    reveal_type(Product.deleted_at)
    reveal_type(Product.category_id)
    reveal_type(Product.category)
    reveal_type(Product.attributes)
    reveal_type(Order.id)
    reveal_type(Order.handling_time)
    reveal_type(Order.customer)
    reveal_type(Customer.orders)
    reveal_type(Category.children)
    reveal_type(Category.parent)


def instances(product: Product, order: Order, customer: Customer) -> None:
    reveal_type(product.id)
    reveal_type(product.public_id)
    reveal_type(product.price)
    reveal_type(product.stock)  # sqla: int
    reveal_type(product.weight_grams)
    reveal_type(product.description)
    reveal_type(product.created_at)
    reveal_type(product.updated_at)
    reveal_type(product.deleted)
    reveal_type(product.deleted_at)
    reveal_type(product.category)
    reveal_type(product.category.children)
    reveal_type(product.variants)
    reveal_type(product.variants[0].extra_price)
    reveal_type(order.items)
    reveal_type(order.items[0].product.title)
    reveal_type(order.ship_by)
    reveal_type(order.payments)
    reveal_type(customer.orders)
    reveal_type(customer.orders.select())
    reveal_type(customer.orders.select().where(Order.total > 100).order_by(Order.placed_at))


def inheritance(session: Session) -> None:
    reveal_type(select(Manager))
    reveal_type(session.scalars(select(Engineer).where(Engineer.primary_language == "Rust")).all())
    reveal_type(Manager.budget)
    reveal_type(Manager.name)
    reveal_type(session.get(CardPayment, 3))
    reveal_type(select(BankTransfer.iban, BankTransfer.amount))
    any_payment = with_polymorphic(Payment, [CardPayment, BankTransfer])
    reveal_type(any_payment)
    reveal_type(select(any_payment).where(any_payment.amount > 10))
    reveal_type(select(Employee).options(selectin_polymorphic(Employee, [Manager, Engineer])))
    for employee in session.scalars(select(Employee)):
        reveal_type(employee)
        if isinstance(employee, Manager):
            reveal_type(employee)
            reveal_type(employee.budget)


def dataclasses_and_registries(session: Session) -> None:
    coupon = Coupon(code="SPRING", percent_off=10)
    reveal_type(coupon)
    reveal_type(coupon.id)
    reveal_type(coupon.valid_until)
    reveal_type(coupon.redemptions)
    reveal_type(Redemption(customer_email="a@b.c", coupon=coupon).coupon)
    reveal_type(select(Coupon.code, Coupon.percent_off))
    reveal_type(session.scalars(select(Coupon)).first())
    reveal_type(Warehouse.city)
    reveal_type(Warehouse.capacity)
    reveal_type(session.get(Warehouse, 1))
    reveal_type(select(Warehouse.id, Warehouse.city))
    reveal_type(Supplier.name)  # sqla: InstrumentedAttribute[str]
    reveal_type(Supplier.contact)  # sqla: InstrumentedAttribute[str | None]
    supplier = session.get(Supplier, 1)
    reveal_type(supplier)
    if supplier is not None:
        reveal_type(supplier.name)  # sqla: str
        reveal_type(supplier.contact)  # sqla: str | None
    reveal_type(select(Supplier.id, Supplier.name))  # sqla-2.1: Select[int, str]
    reveal_type(AuditLog.at)
    reveal_type(select(AuditLog).where(AuditLog.actor == "system"))
    reveal_type(session.scalars(select(AuditLog.detail)).all())


def revenue_by_category(session: Session, since: datetime.date):
    stmt = (
        select(Category.name, func.sum(OrderItem.unit_price * OrderItem.quantity).label("revenue"), func.count(OrderItem.id).label("lines"))
        .join(Product, Product.category_id == Category.id)
        .join(OrderItem, OrderItem.product_id == Product.id)
        .join(Order)
        .where(Order.placed_at >= since)
        .group_by(Category.name)
        .order_by(sa.desc("revenue"))
    )
    reveal_type(stmt)
    rows = session.execute(stmt).all()
    reveal_type(rows)
    for row in rows:
        reveal_type(row.name)  # sqla: str
        reveal_type(row.revenue)  # sqla: Decimal
        reveal_type(row.lines)  # sqla: int
    return rows


def top_customers(session: Session, limit: int = 5):
    spent = func.sum(Order.total).label("spent")
    reveal_type(spent)
    stmt = select(Customer.id, Customer.name, spent).join(Order, Order.customer_id == Customer.id).group_by(Customer.id, Customer.name).order_by(spent.desc()).limit(limit)
    reveal_type(stmt)
    result = session.execute(stmt)
    reveal_type(result.mappings().all())
    reveal_type(result.partitions(2))
    return result.all()


def misc(session: Session, currency: Optional[Currency]) -> None:
    reveal_type(top_customers(session))
    stmt = select(Product.sku, Product.price, Product.currency)
    if currency is not None:
        stmt = stmt.where(Product.currency == currency)
    reveal_type(stmt)
    reveal_type(select(Product).where(Product.deleted.is_(False)).where(Product.stock > 0))
    v = aliased(Product)
    reveal_type(select(v.sku, Category.name).join(v.category))
    reveal_type(select(func.count()).select_from(Order).where(Order.currency == Currency.NOK))
    reveal_type(session.execute(select(Order.id, Order.total).where(Order.ship_by.is_(None))).tuples().all())
    price_band = sa.case((Product.price < 10, "cheap"), (Product.price < 100, "regular"), else_="premium")
    reveal_type(price_band)  # sqla: Case[str]
    reveal_type(select(Product.sku, price_band.label("band")))  # sqla-2.0: Select[Tuple[str, str]]  sqla-2.1: Select[str, str]
