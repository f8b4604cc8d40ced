"""Demo data."""
from datetime import datetime
from decimal import Decimal

from .models import Comment, Post, Tag, User
from .shop.models import Customer, Order, OrderLine, Product


def load_demo_data(session):
    alice = User(id=1, username="alice", email="alice@example.com", is_admin=True)
    bob = User(id=2, username="bob", email="bob@example.com")
    carol = User(id=3, username="carol", email="carol@example.com")
    python, sql, misc = Tag(id=1, name="python"), Tag(id=2, name="sql"), Tag(id=3, name="misc")

    hello = Post(id=1, author=alice, title="Hello SQLAlchemy", published=True, views=150,
                 created_at=datetime(2021, 1, 1), tags=[python, sql])
    draft = Post(id=2, author=alice, title="Draft thoughts", published=False, views=0,
                 created_at=datetime(2021, 2, 1))
    first = Post(id=3, author=bob, title="Bob's first", published=True, views=12,
                 created_at=datetime(2021, 1, 15), tags=[sql])
    migrating = Post(id=4, author=alice, title="Migrating to 2.0", published=True, views=40,
                     created_at=datetime(2021, 3, 1), tags=[python, sql])
    untitled = Post(id=5, author=bob, title="Untitled", published=False, views=3,
                    created_at=datetime(2021, 3, 10), tags=[misc])
    comments = [
        Comment(id=1, post=hello, author=bob, body="Great intro", created_at=datetime(2021, 1, 2)),
        Comment(id=2, post=hello, author=carol, body="Thanks!", created_at=datetime(2021, 1, 3)),
        Comment(id=3, post=first, author=alice, body="Welcome", created_at=datetime(2021, 1, 16)),
        Comment(id=4, post=migrating, author=carol, body="Finally", created_at=datetime(2021, 3, 2)),
    ]
    session.add_all([alice, bob, carol, python, sql, misc, hello, draft, first, migrating, untitled])
    session.add_all(comments)

    widget = Product(id=1, sku="A-100", name="Widget", price=Decimal("2.50"), stock=100)
    gadget = Product(id=2, sku="B-200", name="Gadget", price=Decimal("10.00"), stock=5)
    doohickey = Product(id=3, sku="C-300", name="Doohickey", price=Decimal("99.99"), stock=0)
    dana = Customer(id=1, name="Dana", email="dana@example.com")
    eli = Customer(id=2, name="Eli", email="eli@example.com")
    fay = Customer(id=3, name="Fay", email="fay@example.com")
    orders = [
        Order(id=1, customer=dana, status="shipped", lines=[
            OrderLine(product=widget, quantity=4, unit_price=Decimal("2.50")),
            OrderLine(product=gadget, quantity=1, unit_price=Decimal("10.00")),
        ]),
        Order(id=2, customer=dana, status="new", lines=[
            OrderLine(product=widget, quantity=2, unit_price=Decimal("2.50")),
        ]),
        Order(id=3, customer=eli, status="delivered", lines=[
            OrderLine(product=doohickey, quantity=1, unit_price=Decimal("99.99")),
        ]),
    ]
    session.add_all([widget, gadget, doohickey, dana, eli, fay])
    session.add_all(orders)
    session.commit()
