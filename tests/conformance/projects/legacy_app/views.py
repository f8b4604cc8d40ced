"""Legacy Query API usage, written against the star-imported models."""
from sqlalchemy import func

from legacy_app.database import Session, db_session
from legacy_app.models import *  # noqa: F403


def list_customers():
    session = Session()
    reveal_type(session)
    q = session.query(Customer)
    reveal_type(q)
    reveal_type(q.all())
    reveal_type(q.first())
    reveal_type(q.filter(Customer.active.is_(True)))
    reveal_type(q.filter_by(name="ACME").one())
    reveal_type(q.filter_by(name="ACME").one_or_none())
    reveal_type(q.order_by(Customer.name).limit(10).offset(5).all())
    reveal_type(q.get(5))
    reveal_type(q.count())
    reveal_type(session.get(Customer, 5))
    return q.all()


def class_attributes():
    reveal_type(Customer.id)  # sqla: InstrumentedAttribute[int]
    reveal_type(Customer.name)  # sqla: InstrumentedAttribute[str]
    reveal_type(Customer.email)  # sqla: InstrumentedAttribute[str | None]
    reveal_type(Customer.active)  # sqla: InstrumentedAttribute[bool]
    reveal_type(Customer.signup_date)  # sqla: InstrumentedAttribute[date | None]
    reveal_type(Customer.addresses)  # sqla: InstrumentedAttribute[List[Address]]
    reveal_type(Invoice.total)  # sqla: InstrumentedAttribute[Decimal]
    reveal_type(Invoice.discount)  # sqla: InstrumentedAttribute[float | None]
    reveal_type(Invoice.customer)  # sqla: InstrumentedAttribute[Customer]
    reveal_type(Address.zip_code)  # sqla: InstrumentedAttribute[str | None]
    reveal_type(Customer.name == "x")  # sqla-2.1: ColumnElement[bool]
    reveal_type(Invoice.total * 2)  # sqla-2.1: ColumnElement[Decimal]


def instance_attributes(customer: Customer, invoice: Invoice):
    reveal_type(customer)
    reveal_type(customer.id)  # sqla: int
    reveal_type(customer.name)  # sqla: str
    reveal_type(customer.email)  # sqla: str | None
    reveal_type(customer.notes)  # sqla: str | None
    reveal_type(customer.signup_date)  # sqla: date | None
    reveal_type(customer.addresses)  # sqla: List[Address]
    reveal_type(customer.invoices)  # sqla: AppenderQuery[Invoice]
    reveal_type(customer.invoices.all())  # sqla: List[Invoice]
    reveal_type(customer.invoices.filter(Invoice.total > 100))  # sqla: AppenderQuery[Invoice]
    reveal_type(customer.invoices.order_by(Invoice.issued_at.desc()).first())  # sqla: Invoice | None
    reveal_type(customer.invoices.count())  # sqla: int
    reveal_type(invoice.total)  # sqla: Decimal
    reveal_type(invoice.issued_at)  # sqla: datetime
    reveal_type(invoice.customer)  # sqla: Customer
    reveal_type(invoice.lines)  # sqla: List[InvoiceLine]
    reveal_type(invoice.lines[0].product)  # sqla: Product
    reveal_type(invoice.lines[0].quantity)  # sqla: int


def column_queries():
    session = Session()
    names = session.query(Customer.id, Customer.name)
    reveal_type(names)  # sqla-2.1: RowReturningQuery[int, str]
    reveal_type(names.all())  # sqla-2.1: List[Row[int, str]]
    reveal_type(names.first())  # sqla-2.1: Row[int, str] | None
    for cid, name in names:
        reveal_type(cid)  # sqla: int
        reveal_type(name)  # sqla: str
    totals = (
        session.query(Invoice.customer_id, func.sum(Invoice.total).label("spent"))
        .group_by(Invoice.customer_id)
        .having(func.sum(Invoice.total) > 1000)
    )
    reveal_type(totals)  # sqla-2.1: RowReturningQuery[int, Decimal]
    for row in totals:
        reveal_type(row.spent)  # sqla: Decimal
        reveal_type(row.customer_id)  # sqla: int
    reveal_type(session.query(func.count(Customer.id)).scalar())  # sqla: int | None
    reveal_type(session.query(Customer).join(Customer.addresses).filter(Address.city == "Oslo").distinct().count())
    reveal_type(names.tuples().all())  # sqla-2.1: List[Tuple[int, str]]
    reveal_type(session.query(Customer).tuples().first())
    reveal_type(session.query(Customer, Address).join(Address).all())


def scoped_queries():
    reveal_type(db_session)
    reveal_type(db_session.query(Product))
    reveal_type(db_session.query(Product).filter(Product.price > 10).all())
    reveal_type(db_session.query(Product.sku).all())  # sqla-2.1: List[Row[str]]
    reveal_type(Customer.query)  # sqla: Query[Customer]
    customers = list_customers()
    reveal_type(customers)
