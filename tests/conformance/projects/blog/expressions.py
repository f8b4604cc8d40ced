"""Column expressions, as they appear inside where() / select() calls."""
import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    column,
    func,
    literal,
    not_,
    or_,
    type_coerce,
)
from sqlalchemy.orm import aliased

from blog.models import Comment, Post, PostStatus, Tag, User

# class-level attributes
reveal_type(User.id)
reveal_type(User.username)
reveal_type(User.fullname)
reveal_type(User.bio)
reveal_type(User.settings)
reveal_type(User.created_at)
reveal_type(User.birthday)
reveal_type(User.avatar)
reveal_type(User.nickname)  # sqla: InstrumentedAttribute[str]
reveal_type(User.login_count)  # sqla: InstrumentedAttribute[int]
reveal_type(User.display_name)
reveal_type(User.label)
reveal_type(User.posts)
reveal_type(User.profile)
reveal_type(User.notifications)
reveal_type(User.followers)
reveal_type(Post.id)
reveal_type(Post.status)
reveal_type(Post.price)
reveal_type(Post.reading_time)
reveal_type(Post.title_length)
reveal_type(Post.body_length)  # sqla: InstrumentedAttribute[int]
reveal_type(Post.tags)
reveal_type(Post.tag_names)
reveal_type(Tag.post_count)
reveal_type(Comment.author_id)


def comparisons() -> None:
    reveal_type(User.id == 5)
    reveal_type(User.username != "admin")
    reveal_type(User.karma > 10)
    reveal_type(User.id.in_([1, 2, 3]))
    reveal_type(User.username.like("a%"))
    reveal_type(User.fullname.is_(None))
    reveal_type(User.bio.is_not(None))
    reveal_type(Post.status == PostStatus.published)
    reveal_type(Post.published_at.between(sa.func.now(), sa.func.now()))
    reveal_type(and_(User.is_active, User.karma > 0))
    reveal_type(or_(User.username == "a", User.email == "b"))
    reveal_type(not_(User.is_active))
    reveal_type(~User.is_active)


def arithmetic() -> None:
    reveal_type(Post.views + 1)
    reveal_type(Post.price * 2)
    reveal_type(User.username + "!")
    reveal_type(Post.views - Post.id)
    reveal_type(-Post.views)
    reveal_type(Comment.score / 2)


def functions_and_labels() -> None:
    reveal_type(func.count())
    reveal_type(func.count(User.id))
    reveal_type(func.max(Post.views))
    reveal_type(func.min(Post.published_at))
    reveal_type(func.sum(Post.price))
    reveal_type(func.now())
    reveal_type(func.coalesce(User.fullname, User.username))
    reveal_type(func.lower(User.username))
    reveal_type(sa.func.avg(Comment.score))
    reveal_type(func.count(User.id).label("total"))
    reveal_type(User.username.label("name"))
    reveal_type(func.max(Post.views).label("max_views"))
    reveal_type(User.id.desc())
    reveal_type(User.username.asc())
    reveal_type(func.count().desc())


def casts_and_literals() -> None:
    reveal_type(cast(User.id, String))
    reveal_type(cast(Post.price, Integer))
    reveal_type(sa.cast("12", sa.Numeric(10, 2)))
    reveal_type(literal(5))
    reveal_type(literal("x", String))
    reveal_type(type_coerce(User.username, sa.Unicode))
    reveal_type(type_coerce(User.settings, sa.JSON))  # sqla-2.1: TypeCoerce[Any]
    reveal_type(column("a", String))
    reveal_type(column("b", Integer))
    reveal_type(sa.column("c"))
    reveal_type(sa.literal_column("1"))
    reveal_type(sa.null())
    reveal_type(sa.true())
    reveal_type(case((User.karma > 100, "gold"), (User.karma > 10, "silver"), else_="bronze"))  # sqla: Case[str]
    reveal_type(case({"a": 1, "b": 2}, value=User.username, else_=0))  # sqla: Case[int]
    reveal_type(sa.case((Post.views > 1000, Post.views), else_=0))  # sqla: Case[int]


def aliases() -> None:
    author = aliased(User)
    reveal_type(author)
    reveal_type(author.username)
    other_post = aliased(Post, name="other_post")
    reveal_type(other_post.id)
    reveal_type(so.aliased(Comment))
