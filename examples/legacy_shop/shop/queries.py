"""Queries written the 1.x way."""
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session, joinedload

from shop.models import Customer, Order, OrderLine

engine = create_engine("sqlite://", future=True)


def customer(session: Session, customer_id: int):
    return session.query(Customer).get(customer_id)


def recent_orders(session: Session, customer: Customer):
    return customer.orders.order_by(Order.placed_at.desc()).limit(5).all()


def order_summaries(session: Session):
    stmt = select([Order.id, Order.total])
    return [(row["id"], row["total"]) for row in session.execute(stmt)]


def orders_with_lines(session: Session):
    return session.execute(select(Order).options(joinedload(Order.lines))).scalars().all()


def everything(session: Session):
    stmt = select(
        Customer.id, Customer.name, Customer.email,
        Order.id, Order.placed_at, Order.total,
        OrderLine.id, OrderLine.sku, OrderLine.quantity,
        func.count(OrderLine.id), func.sum(Order.total),
    ).join(Order.customer).join(Order.lines)
    return session.execute(stmt).all()
