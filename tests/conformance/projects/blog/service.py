"""Application services: the inference plumbing a real codebase relies on."""
from __future__ import annotations

import datetime
from typing import List, Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from blog.execution import typed_helpers
from blog.models import Comment, Follow, Notification, Post, PostStatus, Tag, User

ACTIVE_USERS = select(User).where(User.is_active)
PAGE_SIZE = 20


def get_user(session: Session, user_id: int) -> Optional[User]:
    return session.get(User, user_id)


def find_by_name(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def recent_posts(session: Session, limit: int = 10) -> Sequence[Post]:
    stmt = select(Post).order_by(Post.published_at.desc()).limit(limit)
    return session.scalars(stmt).all()


def post_titles(session: Session) -> List[str]:
    return list(session.scalars(select(Post.title)))


def build_search(term: str):
    return select(User.id, User.username).where(User.username.ilike(f"%{term}%"))


def count_comments(session, post_id):
    return session.scalar(select(func.count(Comment.id)).where(Comment.post_id == post_id))


def make_stmt():
    return select(Tag.id, Tag.name)


def plumbing(session: Session, user_id: int) -> None:
    user = get_user(session, user_id)
    reveal_type(user)
    if user is not None:
        reveal_type(user)
        reveal_type(user.id)
        reveal_type(user.username)
        reveal_type(user.fullname)
        reveal_type(user.bio)
        reveal_type(user.settings)
        reveal_type(user.created_at)
        reveal_type(user.birthday)
        reveal_type(user.avatar)
        reveal_type(user.nickname)  # sqla: str
        reveal_type(user.login_count)  # sqla: int
        reveal_type(user.display_name)
        reveal_type(user.label)
        reveal_type(user.posts)
        reveal_type(user.comments)
        reveal_type(user.profile)
        reveal_type(user.notifications)
        reveal_type(user.followers)
        reveal_type(user.followers.all())
        reveal_type(user.followers.filter(Follow.since > datetime.datetime(2020, 1, 1)))
        reveal_type(user.followers.first())
        reveal_type(user.followers.count())
        reveal_type(user.notifications.select())
        reveal_type(session.scalars(user.notifications.select().where(Notification.read.is_(False))).all())
        reveal_type(user.posts[0])
        reveal_type(user.posts[0].tags)
        for tag in user.posts[0].tags:
            reveal_type(tag.posts)
            reveal_type(tag.post_count)
        reveal_type(user.posts[0].tag_names)
        reveal_type(user.posts[0].body_length)  # sqla: int
        reveal_type(user.posts[0].title_length)
        reveal_type(user.posts[0].status)
        reveal_type(user.posts[0].price)
        reveal_type(user.posts[0].reading_time)
        if user.profile:
            reveal_type(user.profile)
            reveal_type(user.profile.public_key)
            reveal_type(user.profile.wake_up)
            reveal_type(user.profile.rating)


def early_return(session: Session, name: str) -> str:
    user = find_by_name(session, name)
    reveal_type(user)
    if user is None:
        return ""
    reveal_type(user)
    reveal_type(user.email)
    return user.email


def reassignment(session: Session, term: str | None, only_published: bool) -> None:
    stmt = select(Post.id, Post.title)
    reveal_type(stmt)
    if term:
        stmt = stmt.where(Post.title.contains(term))
    if only_published:
        stmt = stmt.where(Post.status == PostStatus.published)
    stmt = stmt.order_by(Post.id).limit(PAGE_SIZE)
    reveal_type(stmt)
    total = 0
    total += session.scalar(select(func.count(Post.id))) or 0
    reveal_type(total)
    views = session.scalar(select(func.sum(Post.views)))
    reveal_type(views)


def collections(session: Session) -> None:
    posts = recent_posts(session)
    reveal_type(posts)
    reveal_type([p.title for p in posts])
    reveal_type({p.id for p in posts})
    reveal_type({p.id: p.author for p in posts})
    reveal_type([c for p in posts for c in p.comments])
    reveal_type(post_titles(session))
    reveal_type(typed_helpers(session))
    first, *rest = posts
    reveal_type(first)
    reveal_type(rest)
    for i, post in enumerate(posts):
        reveal_type(post)
        reveal_type(post.comments)
    by_author = {p.author_id: p for p in posts}
    reveal_type(by_author)


def module_level_and_calls(session: Session) -> None:
    reveal_type(ACTIVE_USERS)
    reveal_type(session.scalars(ACTIVE_USERS))
    reveal_type(build_search("bob"))
    reveal_type(session.execute(build_search("bob")).all())
    reveal_type(count_comments(session, 1))
    reveal_type(make_stmt())
    reveal_type(session.execute(make_stmt()).all())
