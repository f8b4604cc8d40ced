from sqlalchemy import func, select
from sqlalchemy.orm import Session

from blog.models import Post, User


def recent_posts(session: Session):
    stmt = select(User.username, Post.title, Post.views).join(Post.author).order_by(Post.id.desc())
    reveal_type(stmt)
    for username, title, views in session.execute(stmt):
        reveal_type(views)

    totals = select(User.id, func.count(Post.id).label("total")).join(User.posts).group_by(User.id)
    for row in session.execute(totals):
        reveal_type(row.total)


def find_user(session: Session, name: str):
    user = session.scalars(select(User).where(User.username == name)).one_or_none()
    reveal_type(user)
    if user is None:
        return None
    reveal_type(user.posts)
    reveal_type(user.followers.select())
    return user


def wide(session: Session):
    stmt = select(
        User.id, User.username, User.email, User.created,
        Post.id, Post.title, Post.author_id, Post.views, Post.published,
        func.count(Post.id), func.max(Post.views),
    )
    reveal_type(stmt)
