"""Reports written against the Core: select([...]), engine.execute() and string row keys."""
from sqlalchemy import case, func, select

from .models import Comment, Post, Tag, User
from .shop.models import OrderLine, Product

users = User.__table__
posts = Post.__table__
comments = Comment.__table__
tags = Tag.__table__
products = Product.__table__
order_lines = OrderLine.__table__


def user_emails(engine):
    result = engine.execute(select([users.c.username, users.c.email]).order_by(users.c.username))
    return [(row["username"], row["email"]) for row in result]


def users_as_dicts(engine):
    stmt = select([users.c.id, users.c.username]).where(users.c.is_admin == False)  # noqa: E712
    return [dict(row) for row in engine.execute(stmt.order_by(users.c.id))]


def user_columns(engine):
    row = engine.execute(select([users]).order_by(users.c.id)).first()
    return list(row.keys())


def user_count(engine):
    return engine.scalar(select([func.count()]).select_from(users))


def published_count_raw(engine):
    with engine.connect() as conn:
        return conn.execute("SELECT count(*) FROM posts WHERE published = 1").scalar()


def post_heat(engine):
    heat = case([(posts.c.views >= 100, "hot"), (posts.c.views >= 10, "warm")], else_="cold")
    stmt = select([posts.c.title, heat.label("heat")]).order_by(posts.c.id)
    return [(row["title"], row["heat"]) for row in engine.execute(stmt)]


def in_stock(engine):
    stmt = select([products.c.sku, products.c.stock], products.c.stock > 0).order_by(products.c.sku)
    return [tuple(row) for row in engine.execute(stmt).fetchall()]


def units_sold(engine):
    units = func.coalesce(func.sum(order_lines.c.quantity), 0).label("units")
    stmt = (
        select([products.c.sku, units])
        .select_from(products.outerjoin(order_lines, order_lines.c.product_id == products.c.id))
        .group_by(products.c.sku)
        .order_by(products.c.sku)
    )
    return {row["sku"]: row["units"] for row in engine.execute(stmt)}


def purge_comments_before(engine, when):
    """Deletes old comments (autocommitted); returns how many were deleted."""
    result = engine.execute(comments.delete().where(comments.c.created_at < when))
    return result.rowcount


def rename_tag(engine, old, new):
    engine.execute(tags.update().where(tags.c.name == old).values(name=new))
