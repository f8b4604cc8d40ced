"""Statement construction: select() in all its shapes and chain methods."""
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy import Select, desc, exists, func, select, union, union_all
from sqlalchemy.orm import aliased, joinedload, selectinload

from blog.models import Comment, Post, Profile, Tag
from blog.models import User as Account

from . import models
from .models import PostStatus


def entity_selects() -> None:
    reveal_type(select(Account))
    reveal_type(select(Account, Post))
    reveal_type(select(models.Tag))
    reveal_type(sa.select(Comment))


def column_selects() -> None:
    reveal_type(select(Account.id))
    reveal_type(select(Account.id, Account.username))
    reveal_type(select(Account.id, Account.username, Account.fullname))
    reveal_type(select(Post.id, Post.title, Post.status, Post.price))
    reveal_type(select(Account.id, Account.username, Account.email, Account.fullname, Account.bio))
    reveal_type(select(Account, Post.title, func.count(Comment.id)))
    reveal_type(select(func.count()).select_from(Account))
    reveal_type(select(func.count(Account.id).label("n"), Account.is_active))
    reveal_type(select(Account.nickname))  # sqla-2.0: Select[Tuple[str]]  sqla-2.1: Select[str]
    reveal_type(select(Post.body_length, Post.title))  # sqla-2.0: Select[Tuple[int, str]]  sqla-2.1: Select[int, str]


def wide_selects() -> None:
    six = select(Account.id, Account.username, Account.email, Account.fullname, Account.bio, Account.is_active)
    reveal_type(six)
    seven = select(Post.id, Post.title, Post.body, Post.status, Post.published_at, Post.price, Post.views)
    reveal_type(seven)
    eight = select(Post.id, Post.title, Post.body, Post.status, Post.published_at, Post.price, Post.views, Post.reading_time)
    reveal_type(eight)
    nine = select(Account.id, Account.username, Account.email, Account.fullname, Account.bio, Account.is_active, Account.karma, Account.created_at, Account.birthday)
    reveal_type(nine)
    ten = select(Account.id, Account.username, Account.email, Account.fullname, Account.bio, Account.is_active, Account.karma, Account.created_at, Account.birthday, Account.settings)
    reveal_type(ten)  # sqla-2.1: Select[int, str, str, str | None, str | None, bool, int, datetime, date | None, dict[str, Any]]
    eleven = select(Account.id, Account.username, Account.email, Account.fullname, Account.bio, Account.is_active, Account.karma, Account.created_at, Account.birthday, Account.settings, Account.avatar)
    reveal_type(eleven)  # sqla-2.0: Select[Tuple[int, str, str, str | None, str | None, bool, int, datetime, date | None, dict[str, Any], bytes | None]]  sqla-2.1: Select[int, str, str, str | None, str | None, bool, int, datetime, date | None, dict[str, Any], bytes | None]
    twelve = select(Post.id, Post.author_id, Post.title, Post.body, Post.status, Post.published_at, Post.reading_time, Post.price, Post.views, Post.title_length, Account.username, Account.email)
    reveal_type(twelve)  # sqla-2.0: Select[Tuple[int, int, str, str, PostStatus, datetime | None, timedelta | None, Decimal, int, int, str, str]]  sqla-2.1: Select[int, int, str, str, PostStatus, datetime | None, timedelta | None, Decimal, int, int, str, str]
    reveal_type(eleven.where(Account.is_active))  # sqla-2.0: Select[Tuple[int, str, str, str | None, str | None, bool, int, datetime, date | None, dict[str, Any], bytes | None]]  sqla-2.1: Select[int, str, str, str | None, str | None, bool, int, datetime, date | None, dict[str, Any], bytes | None]


def chains_keep_row_type(min_karma: int) -> None:
    stmt = select(Account.id, Account.username)
    reveal_type(stmt.where(Account.karma >= min_karma))
    reveal_type(stmt.filter(Account.is_active))
    reveal_type(stmt.filter_by(username="bob"))
    reveal_type(stmt.order_by(Account.username))
    reveal_type(stmt.order_by(desc(Account.created_at)))
    reveal_type(stmt.join(Account.posts))
    reveal_type(stmt.join(Post, Post.author_id == Account.id))
    reveal_type(stmt.join_from(Account, Post))
    reveal_type(stmt.outerjoin(Profile))
    reveal_type(stmt.limit(10))
    reveal_type(stmt.offset(20))
    reveal_type(select(Account).options(selectinload(Account.posts), joinedload(Account.profile)))
    reveal_type(stmt.group_by(Account.id))
    reveal_type(stmt.group_by(Account.id).having(func.count(Post.id) > 2))
    reveal_type(stmt.distinct())
    reveal_type(stmt.execution_options(yield_per=100))
    reveal_type(select(Post).where(Post.status == PostStatus.published).order_by(Post.published_at.desc()).limit(5))


def chains_change_row_type() -> None:
    base = select(Account.id)
    reveal_type(base.add_columns(Account.username))  # sqla-2.0: Select[Tuple[int, str]]  sqla-2.1: Select[int, str]
    reveal_type(base.add_columns(Account.username, Account.email))  # sqla-2.0: Select[Tuple[int, str, str]]  sqla-2.1: Select[int, str, str]
    reveal_type(base.with_only_columns(Account.email))
    reveal_type(base.with_only_columns(Account.email, Account.karma))
    sub = select(Post.author_id, func.count(Post.id).label("n")).group_by(Post.author_id).subquery()
    reveal_type(sub)
    reveal_type(sub.c.n)  # sqla: KeyedColumnElement[int]
    reveal_type(sub.c.author_id)  # sqla: KeyedColumnElement[int]
    reveal_type(select(Account.username, sub.c.n).join(sub, sub.c.author_id == Account.id))  # sqla-2.0: Select[Tuple[str, int]]  sqla-2.1: Select[str, int]
    scalar = select(func.count(Comment.id)).where(Comment.post_id == Post.id).scalar_subquery()
    reveal_type(scalar)
    reveal_type(select(Post.title, scalar.label("comment_count")))
    reveal_type(select(Account.id).where(Account.is_active).exists())
    reveal_type(exists().where(Post.author_id == Account.id))
    reveal_type(select(Account).where(exists().where(Post.author_id == Account.id)))
    cte = select(Post.id, Post.views).where(Post.views > 100).cte("popular")
    reveal_type(cte)
    reveal_type(cte.c.views)  # sqla: KeyedColumnElement[int]
    reveal_type(select(cte.c.id))  # sqla-2.0: Select[Tuple[int]]  sqla-2.1: Select[int]
    u = union(select(Account.id), select(Post.author_id))
    reveal_type(u)
    reveal_type(union_all(select(Account.username), select(Tag.name)))
    reveal_type(select(Account.id).union(select(Comment.author_id)))
    reveal_type(u.subquery())


def aliased_selects() -> None:
    writer = aliased(Account, name="writer")
    reveal_type(select(writer))
    reveal_type(select(writer.id, writer.username))
    stmt = select(Post.title, writer.username).join(writer, Post.author)
    reveal_type(stmt)
    sub = select(Post).where(Post.views > 10).subquery()
    popular = aliased(Post, sub)
    reveal_type(popular)
    reveal_type(select(popular.title))


def typed_variables() -> None:
    stmt: Select[Any] = select(Account)
    reveal_type(stmt)
    q = so.aliased(Tag)
    reveal_type(select(q.name).where(q.id > 1))
    reveal_type(sa.text("SELECT 1"))
    reveal_type(sa.text("SELECT id, username FROM users").columns(sa.column("id", sa.Integer), sa.column("username", sa.String)))
