"""insert / update / delete with RETURNING."""
import datetime

import sqlalchemy as sa
from sqlalchemy import delete, insert, update
from sqlalchemy.orm import Session

from blog.models import Comment, Post, PostStatus, Tag, User


def inserts(session: Session) -> None:
    reveal_type(insert(User))
    reveal_type(insert(User).values(username="x", email="x@example.com"))
    reveal_type(insert(User).returning(User.id))
    reveal_type(insert(User).returning(User))
    reveal_type(insert(User).returning(User.id, User.username))
    reveal_type(insert(Post).returning(Post.id, Post.title, Post.status))
    reveal_type(insert(Post).returning(Post.id, Post.title, Post.status, Post.price))
    reveal_type(insert(Post).returning(Post.id, Post.title, Post.status, Post.price, Post.views))
    reveal_type(insert(User).returning(User.id, User.username, User.email, User.fullname, User.bio, User.is_active))
    reveal_type(insert(User).returning(User.id, User.username, User.email, User.fullname, User.bio, User.is_active, User.karma))
    reveal_type(insert(User).returning(User.id, User.username, User.email, User.fullname, User.bio, User.is_active, User.karma, User.created_at))  # sqla-2.1: ReturningInsert[int, str, str, str | None, str | None, bool, int, datetime]
    reveal_type(insert(User).returning(User.id, User.username, User.email, User.fullname, User.bio, User.is_active, User.karma, User.created_at, User.birthday))  # sqla-2.0: ReturningInsert[Tuple[int, str, str, str | None, str | None, bool, int, datetime, date | None]]  sqla-2.1: ReturningInsert[int, str, str, str | None, str | None, bool, int, datetime, date | None]
    reveal_type(insert(Post).returning(Post.id, Post.author_id, Post.title, Post.body, Post.status, Post.published_at, Post.reading_time, Post.price, Post.views, Post.title_length))  # sqla-2.0: ReturningInsert[Tuple[int, int, str, str, PostStatus, datetime | None, timedelta | None, Decimal, int, int]]  sqla-2.1: ReturningInsert[int, int, str, str, PostStatus, datetime | None, timedelta | None, Decimal, int, int]
    new_id = session.execute(insert(Tag).values(name="python").returning(Tag.id)).scalar_one()
    reveal_type(new_id)
    rows = session.execute(insert(Tag).returning(Tag.id, Tag.name), [{"name": "a"}, {"name": "b"}]).all()
    reveal_type(rows)
    created = session.scalars(insert(Comment).returning(Comment), [{"post_id": 1, "text": "hi"}])
    reveal_type(created)


def updates(session: Session) -> None:
    stmt = update(Post).where(Post.id == 3).values(status=PostStatus.archived)
    reveal_type(stmt)
    reveal_type(stmt.returning(Post.id))
    reveal_type(stmt.returning(Post.id, Post.status, Post.published_at))
    reveal_type(update(User).values(karma=0).returning(User.id, User.username, User.email, User.fullname, User.bio, User.is_active, User.karma, User.created_at))  # sqla-2.1: ReturningUpdate[int, str, str, str | None, str | None, bool, int, datetime]
    reveal_type(update(User).values(karma=0).returning(User.id, User.username, User.email, User.fullname, User.bio, User.is_active, User.karma, User.created_at, User.birthday))  # sqla-2.0: ReturningUpdate[Tuple[int, str, str, str | None, str | None, bool, int, datetime, date | None]]  sqla-2.1: ReturningUpdate[int, str, str, str | None, str | None, bool, int, datetime, date | None]
    changed = session.execute(stmt.returning(Post.id, Post.title)).all()
    reveal_type(changed)
    reveal_type(sa.update(Comment).where(Comment.score < 0).values(score=0).returning(Comment.id))
    when = datetime.datetime.now()
    reveal_type(session.execute(update(Post).values(published_at=when).returning(Post.published_at)).scalars().all())


def deletes(session: Session) -> None:
    stmt = delete(Comment).where(Comment.post_id == 7)
    reveal_type(stmt)
    reveal_type(stmt.returning(Comment.id))
    reveal_type(stmt.returning(Comment.id, Comment.text))
    reveal_type(delete(Tag).returning(Tag.id, Tag.name, Tag.post_count))
    deleted = session.execute(stmt.returning(Comment.id)).scalars().all()
    reveal_type(deleted)
    reveal_type(session.execute(sa.delete(User).where(User.karma < -10).returning(User.username)).first())
