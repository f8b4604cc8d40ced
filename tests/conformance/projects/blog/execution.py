"""Executing statements with Session and reading the results."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import ScalarResult
from sqlalchemy.orm import Session

from blog import Post, SessionLocal, User, scoped
from blog.models import Comment, PostStatus, Tag


def session_methods(session: Session) -> None:
    reveal_type(session)
    reveal_type(session.execute(select(User)))
    reveal_type(session.execute(select(User.id, User.username)))
    reveal_type(session.scalars(select(User)))
    reveal_type(session.scalars(select(Post.title)))
    reveal_type(session.scalar(select(func.count(User.id))))
    reveal_type(session.scalar(select(User).where(User.id == 1)))
    reveal_type(session.get(User, 1))
    reveal_type(session.get_one(Post, 5))
    reveal_type(session.get(Tag, {"id": 3}))
    reveal_type(session.execute(update(User).values(karma=User.karma + 1)))
    reveal_type(session.execute(delete(Comment).where(Comment.score < 0)))
    reveal_type(session.execute(insert(Tag).returning(Tag.id)))


def with_sessionmaker() -> None:
    with SessionLocal() as session:
        reveal_type(session)
        result = session.execute(select(Post.id, Post.title).where(Post.status == PostStatus.published))
        reveal_type(result)
        for post_id, title in result:
            reveal_type(post_id)  # sqla-2.0: int
            reveal_type(title)  # sqla-2.0: str
    with SessionLocal.begin() as tx_session:
        reveal_type(tx_session)
        reveal_type(tx_session.scalars(select(Comment)).all())


def with_scoped_session() -> None:
    reveal_type(scoped)
    reveal_type(scoped())
    reveal_type(scoped.execute(select(User.email)))
    reveal_type(scoped.scalars(select(Tag.name)).all())
    reveal_type(scoped.get(User, 10))
    reveal_type(scoped.scalar(select(func.max(Post.views))))


def result_methods(session: Session) -> None:
    result = session.execute(select(User.id, User.username, User.fullname))
    reveal_type(result.all())
    reveal_type(result.first())
    reveal_type(result.one())
    reveal_type(result.one_or_none())
    reveal_type(result.scalar())  # sqla-2.0: int | None
    reveal_type(result.scalar_one())  # sqla-2.0: int
    reveal_type(result.scalar_one_or_none())  # sqla-2.0: int | None
    reveal_type(result.scalars())  # sqla-2.0: ScalarResult[int]
    reveal_type(result.scalars().all())  # sqla-2.0: Sequence[int]
    reveal_type(result.mappings())
    reveal_type(result.mappings().all())
    reveal_type(result.mappings().first())
    reveal_type(result.mappings().one())
    reveal_type(result.tuples())
    reveal_type(result.tuples().all())
    reveal_type(result.unique())
    reveal_type(result.partitions(100))
    reveal_type(result.fetchall())
    reveal_type(result.fetchone())
    reveal_type(result.fetchmany(10))
    reveal_type(result.columns("id", "username"))
    reveal_type(result.yield_per(50))
    reveal_type(result.unique().scalars())  # sqla-2.0: ScalarResult[int]
    for row in result:
        reveal_type(row)
    for chunk in result.partitions():
        reveal_type(chunk)
    reveal_type(list(result))


def scalar_results(session: Session) -> None:
    users = session.scalars(select(User).where(User.is_active))
    reveal_type(users)
    reveal_type(users.all())
    reveal_type(users.first())
    reveal_type(users.one())
    reveal_type(users.one_or_none())
    reveal_type(users.unique())
    reveal_type(users.unique().all())
    reveal_type(users.partitions(10))
    reveal_type(users.fetchall())
    reveal_type(users.fetchmany(3))
    reveal_type(users.yield_per(10))
    for user in users:
        reveal_type(user)
        reveal_type(user.posts)
    titles = session.execute(select(Post.title)).scalars()
    reveal_type(titles)
    reveal_type(titles.all())
    reveal_type(session.execute(select(Post)).scalar_one())
    reveal_type(session.execute(select(Post.id).where(Post.id == 3)).scalar_one_or_none())


def typed_helpers(session: Session) -> Sequence[User]:
    stmt = select(User).order_by(User.username)
    return session.scalars(stmt).all()


def annotated_results(session: Session) -> None:
    users: ScalarResult[User] = session.scalars(select(User))
    reveal_type(users)
    first: User | None = users.first()
    reveal_type(first)
    names: Sequence[str] = session.scalars(select(User.username)).all()
    reveal_type(names)
    reveal_type(typed_helpers(session))
    reveal_type(typed_helpers(session)[0])
