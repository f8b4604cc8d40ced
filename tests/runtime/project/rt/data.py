"""Rows with and without NULLs: user 1 has everything, user 2 has NULLs, no addresses, no orders."""
import datetime
import decimal

from sqlalchemy import create_engine, insert
from sqlalchemy.orm import Session

from rt.models import Address, Base, Item, LegacyBase, Level, Order, User, tags


def seeded_session() -> Session:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    LegacyBase.metadata.create_all(engine)
    session = Session(engine)
    session.add_all(
        [
            User(
                id=1, name="ann", email="ann@example.com", score=10, balance=decimal.Decimal("12.50"), ratio=0.5,
                rate=1.25, precise_ratio=decimal.Decimal("0.25"), level=Level.high, born=datetime.date(1990, 1, 2),
                created=datetime.datetime(2024, 1, 1, 12, 0),
            ),
            User(
                id=2, name="bob", email=None, score=None, balance=decimal.Decimal("0"), ratio=1.0, rate=0.0,
                precise_ratio=decimal.Decimal("1"), level=Level.low, born=None,
                created=datetime.datetime(2024, 2, 1, 8, 30),
            ),
            Address(id=1, user_id=1, street="Main St"),
            Order(id=1, user_id=1, total=decimal.Decimal("9.99"), quantity=3),
            Order(id=2, user_id=None, total=decimal.Decimal("1.00"), quantity=1),
            Item(id=1, label="box", note=None, weight=None),
            Item(id=2, label="bag", note="red", weight=2.5),
        ]
    )
    session.flush()
    session.execute(insert(tags), [{"id": 1, "name": "a", "color": None}, {"id": 2, "name": "b", "color": "red"}])
    session.commit()
    return session
