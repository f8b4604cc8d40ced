"""Blog queries and operations: the legacy Query API and dynamic relationships."""
import datetime

from sqlalchemy import desc, func
from sqlalchemy.orm import joinedload

from . import database
from .models import Comment, Post, Tag, User


# -- users ----------------------------------------------------------------------------------

def get_user(session, user_id):
    return session.query(User).get(user_id)


def get_user_by_username(session, username):
    """Raises NoResultFound when there is no such user."""
    return session.query(User).filter_by(username=username).one()


def find_user_by_email(session, email):
    return session.query(User).filter(User.email == email).first()


def admins(session):
    return [u.username for u in session.query(User).filter_by(is_admin=True).order_by(User.username).all()]


def user_directory(session):
    """(name, email) pairs, read through the rows' string keys."""
    rows = session.query(User.username.label("name"), User.email).order_by(User.id).all()
    return [(row["name"], row["email"]) for row in rows]


def rename_user(user_id, new_name):
    """Runs in its own autocommit-mode session, as the old admin scripts did."""
    session = database.autocommit_session()
    try:
        with session.begin():
            user = session.query(User).get(user_id)
            user.username = new_name
    finally:
        session.close()


# -- posts ----------------------------------------------------------------------------------

def published_titles(session):
    """Newest first."""
    posts = (
        session.query(Post)
        .filter(Post.published == True)  # noqa: E712
        .order_by(Post.created_at.desc())
        .all()
    )
    return [p.title for p in posts]


def count_published(session):
    return session.query(Post).filter(Post.published == True).count()  # noqa: E712


def posts_with_authors(session):
    rows = session.query(Post, User).join(User, Post.author_id == User.id).order_by(Post.id).all()
    return [(post.title, user.username) for post, user in rows]


def post_counts_by_user(session):
    rows = (
        session.query(User.username, func.count(Post.id))
        .outerjoin(User.posts)
        .group_by(User.id)
        .order_by(User.username)
        .all()
    )
    return [(row.username, row[1]) for row in rows]


def most_viewed(session, limit=2):
    return [
        title
        for (title,) in session.query(Post.title).order_by(desc(Post.views)).limit(limit).all()
    ]


def posts_tagged(session, tag_name):
    posts = session.query(Post).join(Post.tags).filter(Tag.name == tag_name).order_by(Post.title).all()
    return [p.title for p in posts]


def front_page(session):
    """Published posts with their author and comments loaded up front."""
    posts = (
        session.query(Post)
        .options(joinedload(Post.author), joinedload("comments"))
        .filter(Post.published == True)  # noqa: E712
        .order_by(Post.id)
        .all()
    )
    return [
        {"title": p.title, "author": p.author.username, "comments": len(p.comments)} for p in posts
    ]


def publish(session, post_id):
    post = session.query(Post).get(post_id)
    post.published = True
    session.commit()


def record_view(session, post_id):
    session.query(Post).filter(Post.id == post_id).update(
        {Post.views: Post.views + 1}, synchronize_session=False
    )
    session.commit()


def comment_count(session, post_id):
    return session.execute(
        "SELECT count(*) FROM comments WHERE post_id = :pid", {"pid": post_id}
    ).scalar()


def add_comment(session, post, author, body, when=None):
    """Relies on the backref cascade: the comment joins the session through `post`."""
    comment = Comment(post=post, author=author, body=body, created_at=when or datetime.datetime(2022, 1, 1))
    session.commit()
    return comment


# -- a user's posts: the lazy="dynamic" relationship ------------------------------------------

def user_titles(user):
    """Oldest first, as the relationship orders them."""
    return [post.title for post in user.posts]


def user_published_titles(user):
    return [p.title for p in user.posts.filter(Post.published == True).order_by(Post.title).all()]  # noqa: E712


def user_post_count(user):
    return user.posts.count()


def user_post_total(user):
    return len(user.posts.all())


def latest_post(user):
    # order_by(None) drops the relationship's own ordering (Post.id) first.
    return user.posts.order_by(None).order_by(Post.created_at.desc()).first()


def write_post(session, user, title, when):
    user.posts.append(Post(title=title, created_at=when))
    session.commit()


def tag_usage(session):
    return {tag.name: tag.posts.count() for tag in session.query(Tag).order_by(Tag.name)}
