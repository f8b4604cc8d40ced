"""Row access: positional, named, tuple conversions and unpacking."""
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from blog.models import Comment, Post, User


def row_access(session: Session) -> None:
    row = session.execute(select(User.id, User.username, User.fullname)).one()
    reveal_type(row)
    reveal_type(row.t)
    reveal_type(row.tuple())
    reveal_type(row._t)
    reveal_type(row._tuple())
    reveal_type(row[0])  # sqla-2.0: int
    reveal_type(row[1])  # sqla-2.0: str
    reveal_type(row[2])  # sqla-2.0: str | None
    reveal_type(row.id)  # sqla: int
    reveal_type(row.username)  # sqla: str
    reveal_type(row.fullname)  # sqla: str | None
    reveal_type(row._mapping)
    reveal_type(row._fields)
    reveal_type(row._asdict())
    user_id, username, fullname = row
    reveal_type(user_id)  # sqla-2.0: int
    reveal_type(username)  # sqla-2.0: str
    reveal_type(fullname)  # sqla-2.0: str | None
    a, b, c = row.t
    reveal_type(a)
    reveal_type(c)


def labeled_rows(session: Session) -> None:
    stmt = (
        select(User.username, func.count(Post.id).label("total"), func.max(Post.views).label("top"))
        .join(User.posts)
        .group_by(User.username)
    )
    for row in session.execute(stmt):
        reveal_type(row)
        reveal_type(row.username)  # sqla: str
        reveal_type(row.total)  # sqla: int
        reveal_type(row.top)  # sqla: int
        reveal_type(row[1])  # sqla-2.0: int
    first = session.execute(stmt).first()
    if first is not None:
        reveal_type(first)
        reveal_type(first.total)  # sqla: int
    reveal_type(first)


def entity_rows(session: Session) -> None:
    row = session.execute(select(User, Post).join(User.posts)).first()
    if row:
        reveal_type(row)
        reveal_type(row.User)  # sqla: User
        reveal_type(row.Post)  # sqla: Post
        reveal_type(row[0])  # sqla-2.0: User
        user, post = row
        reveal_type(user)  # sqla-2.0: User
        reveal_type(post)  # sqla-2.0: Post
    for comment, author_name in session.execute(select(Comment, User.username).join(Comment.author)):
        reveal_type(comment)  # sqla-2.0: Comment
        reveal_type(author_name)  # sqla-2.0: str


def tuple_methods(session: Session) -> None:
    result = session.execute(select(Post.id, Post.title))
    reveal_type(result.tuples().one())
    reveal_type(result.tuples().first())
    for pid, title in result.tuples():
        reveal_type(pid)
        reveal_type(title)
    rows = result.all()
    reveal_type(rows[0])
    reveal_type([r.title for r in rows])  # sqla: list[str]
    reveal_type({r.id: r.title for r in rows})  # sqla: dict[int, str]
    reveal_type({r.t[1] for r in rows})
    reveal_type([r[0] for r in rows])  # sqla-2.0: list[int]
