"""Behaviour of tests/migration/legacy_app: rows returned, values written, counts, ordering.

Runs unchanged against the original app under SQLAlchemy 1.4 and against the copy that
`sqla fix --unsafe` migrated, under SQLAlchemy 2.0 and 2.1 (see run.sh). Only the app uses
version-specific APIs: the tests call the app's functions and compare plain values, so a fix
that changes what the app does fails here.

The app imported is the one under $MIGRATION_APP_ROOT (default: this folder).
"""
import os
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

APP_ROOT = Path(os.environ.get("MIGRATION_APP_ROOT", Path(__file__).resolve().parent)).resolve()
sys.path.insert(0, str(APP_ROOT))

from legacy_app import audit, blog, database, reports, seed  # noqa: E402
from legacy_app.shop import services  # noqa: E402

assert Path(database.__file__).resolve().parent.parent == APP_ROOT, (
    f"imported {database.__file__}, expected the app under {APP_ROOT}"
)


@pytest.fixture
def engine():
    eng = database.init_engine("sqlite://")
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    s = database.Session()
    seed.load_demo_data(s)
    yield s
    s.close()


def user(session, name):
    return blog.get_user_by_username(session, name)


# -- users ----------------------------------------------------------------------------------

def test_get_user_by_primary_key(session):
    assert blog.get_user(session, 2).username == "bob"
    assert blog.get_user(session, 99) is None


def test_get_user_by_username_is_exactly_one(session):
    assert blog.get_user_by_username(session, "alice").email == "alice@example.com"
    with pytest.raises(Exception) as raised:
        blog.get_user_by_username(session, "mallory")
    assert type(raised.value).__name__ == "NoResultFound"


def test_find_user_by_email(session):
    assert blog.find_user_by_email(session, "carol@example.com").username == "carol"
    assert blog.find_user_by_email(session, "nobody@example.com") is None


def test_admins(session):
    assert blog.admins(session) == ["alice"]


def test_user_directory_reads_rows_by_name(session):
    assert blog.user_directory(session) == [
        ("alice", "alice@example.com"),
        ("bob", "bob@example.com"),
        ("carol", "carol@example.com"),
    ]


def test_rename_user_commits_in_its_own_session(session):
    blog.rename_user(3, "caroline")
    session.expire_all()
    assert blog.get_user(session, 3).username == "caroline"
    other = database.Session()
    try:
        assert blog.get_user_by_username(other, "caroline").id == 3
    finally:
        other.close()


# -- posts ----------------------------------------------------------------------------------

def test_published_titles_newest_first(session):
    assert blog.published_titles(session) == ["Migrating to 2.0", "Bob's first", "Hello SQLAlchemy"]
    assert blog.count_published(session) == 3


def test_posts_with_authors(session):
    assert blog.posts_with_authors(session) == [
        ("Hello SQLAlchemy", "alice"),
        ("Draft thoughts", "alice"),
        ("Bob's first", "bob"),
        ("Migrating to 2.0", "alice"),
        ("Untitled", "bob"),
    ]


def test_post_counts_by_user_include_users_without_posts(session):
    assert blog.post_counts_by_user(session) == [("alice", 3), ("bob", 2), ("carol", 0)]


def test_most_viewed(session):
    assert blog.most_viewed(session) == ["Hello SQLAlchemy", "Migrating to 2.0"]
    assert blog.most_viewed(session, limit=1) == ["Hello SQLAlchemy"]


def test_posts_tagged(session):
    assert blog.posts_tagged(session, "sql") == ["Bob's first", "Hello SQLAlchemy", "Migrating to 2.0"]
    assert blog.posts_tagged(session, "misc") == ["Untitled"]
    assert blog.posts_tagged(session, "rust") == []


def test_front_page_loads_authors_and_comments(session):
    assert blog.front_page(session) == [
        {"title": "Hello SQLAlchemy", "author": "alice", "comments": 2},
        {"title": "Bob's first", "author": "bob", "comments": 1},
        {"title": "Migrating to 2.0", "author": "alice", "comments": 1},
    ]


def test_publish_is_persisted(session):
    blog.publish(session, 2)
    session.expire_all()
    assert blog.count_published(session) == 4
    assert blog.published_titles(session) == [
        "Migrating to 2.0", "Draft thoughts", "Bob's first", "Hello SQLAlchemy",
    ]


def test_record_view_increments_in_the_database(session):
    blog.record_view(session, 5)
    blog.record_view(session, 5)
    session.expire_all()
    assert blog.latest_post(user(session, "bob")).views == 5


def test_comment_count_with_raw_sql(session):
    assert blog.comment_count(session, 1) == 2
    assert blog.comment_count(session, 2) == 0


def test_new_comment_is_saved_through_its_post(session):
    post = blog.latest_post(user(session, "alice"))
    comment = blog.add_comment(session, post, user(session, "bob"), "Me too")
    assert comment.id is not None
    assert blog.comment_count(session, post.id) == 2
    session.expire_all()
    assert [c.body for c in post.comments] == ["Finally", "Me too"]


# -- a user's posts (lazy="dynamic") -----------------------------------------------------------

def test_iterating_a_users_posts_keeps_relationship_order(session):
    assert blog.user_titles(user(session, "alice")) == ["Hello SQLAlchemy", "Draft thoughts", "Migrating to 2.0"]
    assert blog.user_titles(user(session, "carol")) == []


def test_filtering_a_users_posts(session):
    assert blog.user_published_titles(user(session, "alice")) == ["Hello SQLAlchemy", "Migrating to 2.0"]
    assert blog.user_published_titles(user(session, "bob")) == ["Bob's first"]


def test_counting_a_users_posts(session):
    assert blog.user_post_count(user(session, "alice")) == 3
    assert blog.user_post_total(user(session, "bob")) == 2
    assert blog.user_post_count(user(session, "carol")) == 0


def test_latest_post(session):
    assert blog.latest_post(user(session, "alice")).title == "Migrating to 2.0"
    assert blog.latest_post(user(session, "carol")) is None


def test_write_post_through_the_collection(session):
    carol = user(session, "carol")
    blog.write_post(session, carol, "Carol writes", datetime(2022, 1, 1))
    session.expire_all()
    assert blog.user_titles(user(session, "carol")) == ["Carol writes"]
    assert blog.post_counts_by_user(session) == [("alice", 3), ("bob", 2), ("carol", 1)]
    assert blog.count_published(session) == 3


def test_tag_usage_counts_dynamic_backref(session):
    assert blog.tag_usage(session) == {"misc": 1, "python": 2, "sql": 3}


# -- shop -------------------------------------------------------------------------------------

def test_get_product(session):
    gadget = services.get_product(session, "B-200")
    assert (gadget.name, gadget.price, gadget.stock) == ("Gadget", Decimal("10.00"), 5)


def test_place_order_writes_lines_and_stock(session):
    order_id = services.place_order(session, 3, {"B-200": 2, "A-100": 3})
    session.expire_all()
    assert order_id == 4
    assert services.order_total(session, order_id) == Decimal("27.50")
    assert services.order_summary(session, order_id) == [("Widget", 3), ("Gadget", 2)]
    assert services.get_product(session, "A-100").stock == 97
    assert services.get_product(session, "B-200").stock == 3
    fay = services.get_customer(session, 3)
    assert services.customer_order_count(fay) == 1
    assert services.first_order(fay).id == order_id


def test_out_of_stock_order_changes_nothing(session):
    with pytest.raises(services.OutOfStock):
        services.place_order(session, 1, {"A-100": 1, "C-300": 1})
    session.rollback()
    assert services.get_product(session, "A-100").stock == 100
    assert services.customer_order_count(services.get_customer(session, 1)) == 2


def test_order_totals_and_lines(session):
    assert services.order_total(session, 1) == Decimal("20.00")
    assert services.order_total(session, 3) == Decimal("99.99")
    assert services.order_total(session, 42) is None
    assert services.order_summary(session, 1) == [("Widget", 4), ("Gadget", 1)]


def test_customer_orders_dynamic(session):
    dana = services.get_customer(session, 1)
    assert services.customer_order_count(dana) == 2
    assert services.open_order_ids(dana) == [2]
    assert services.first_order(dana).id == 1
    assert services.first_order(services.get_customer(session, 3)) is None


def test_ship_moves_order_out_of_open_orders(session):
    services.ship(session, 2)
    session.expire_all()
    assert services.open_order_ids(services.get_customer(session, 1)) == []
    assert services.status_labels(session) == [(1, "on its way"), (2, "on its way"), (3, "done")]


def test_best_customers(session):
    assert services.best_customers(session) == [("Dana", 2), ("Eli", 1)]


def test_status_labels_case(session):
    assert services.status_labels(session) == [(1, "on its way"), (2, "pending"), (3, "done")]


def test_low_stock(session):
    assert services.low_stock(session) == ["B-200", "C-300"]
    assert services.low_stock(session, below=1000) == ["A-100", "B-200", "C-300"]
    assert services.low_stock(session, below=0) == []


# -- Core reports -----------------------------------------------------------------------------

def test_user_emails(engine, session):
    assert reports.user_emails(engine) == [
        ("alice", "alice@example.com"),
        ("bob", "bob@example.com"),
        ("carol", "carol@example.com"),
    ]


def test_rows_as_dicts_and_column_names(engine, session):
    assert reports.users_as_dicts(engine) == [{"id": 2, "username": "bob"}, {"id": 3, "username": "carol"}]
    assert reports.user_columns(engine) == ["id", "username", "email", "is_admin", "joined_at"]


def test_scalar_counts(engine, session):
    assert reports.user_count(engine) == 3
    assert reports.published_count_raw(engine) == 3


def test_post_heat_case(engine, session):
    assert reports.post_heat(engine) == [
        ("Hello SQLAlchemy", "hot"),
        ("Draft thoughts", "cold"),
        ("Bob's first", "warm"),
        ("Migrating to 2.0", "warm"),
        ("Untitled", "cold"),
    ]


def test_in_stock_and_units_sold(engine, session):
    assert reports.in_stock(engine) == [("A-100", 100), ("B-200", 5)]
    assert reports.units_sold(engine) == {"A-100": 6, "B-200": 1, "C-300": 1}


def test_purge_comments_is_committed(engine, session):
    assert reports.purge_comments_before(engine, datetime(2021, 1, 10)) == 2
    session.expire_all()
    assert blog.comment_count(session, 1) == 0
    assert blog.comment_count(session, 3) == 1
    other = database.Session()
    try:
        assert blog.comment_count(other, 1) == 0
    finally:
        other.close()


def test_rename_tag_is_committed(engine, session):
    reports.rename_tag(engine, "misc", "other")
    session.expire_all()
    assert blog.tag_usage(session) == {"other": 1, "python": 2, "sql": 3}


def test_audit_trail(engine, session):
    assert audit.entries(engine) == []
    audit.record(engine, "login", "alice")
    audit.record(engine, "logout")
    assert audit.entries(engine) == [("login", "alice"), ("logout", None)]
