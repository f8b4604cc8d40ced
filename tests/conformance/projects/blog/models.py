"""Typed declarative models for a small blogging application."""
from __future__ import annotations

import datetime
import enum
import uuid
from decimal import Decimal
from typing import Any, List, Optional, Set

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    Unicode,
    Uuid,
    func,
    select,
)
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import (
    DeclarativeBase,
    DynamicMapped,
    Mapped,
    WriteOnlyMapped,
    column_property,
    mapped_column,
    relationship,
    synonym,
)
from sqlalchemy.sql.elements import ColumnElement


class Base(DeclarativeBase):
    pass


class PostStatus(enum.Enum):
    draft = "draft"
    published = "published"
    archived = "archived"


post_tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", ForeignKey("posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str] = mapped_column(String(120))
    fullname: Mapped[Optional[str]] = mapped_column(Unicode(200))
    bio: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    karma: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, server_default=func.now())
    birthday: Mapped[Optional[datetime.date]] = mapped_column(Date)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    avatar: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    # untyped mapped_column: the type comes from the SQL type only
    nickname = mapped_column(String(30), nullable=False)
    login_count = mapped_column(Integer, nullable=False, default=0)
    display_name: Mapped[str] = synonym("username")

    posts: Mapped[List["Post"]] = relationship(back_populates="author")
    comments: Mapped[list[Comment]] = relationship(back_populates="author")
    profile: Mapped[Optional["Profile"]] = relationship(back_populates="user")
    # write-only and dynamic collections
    notifications: WriteOnlyMapped["Notification"] = relationship()
    followers: DynamicMapped["Follow"] = relationship(foreign_keys="Follow.followed_id")

    @hybrid_property
    def label(self) -> str:
        return self.username + " <" + self.email + ">"

    @label.inplace.expression
    @classmethod
    def _label_expression(cls) -> ColumnElement[str]:
        return cls.username + " <" + cls.email + ">"


class Profile(Base):
    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    public_key: Mapped[uuid.UUID] = mapped_column(Uuid, default=uuid.uuid4)
    wake_up: Mapped[Optional[datetime.time]] = mapped_column(Time)
    rating: Mapped[float] = mapped_column(Float, default=0.0)
    user: Mapped["User"] = relationship(back_populates="profile")


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[PostStatus] = mapped_column(Enum(PostStatus), default=PostStatus.draft)
    published_at: Mapped[Optional[datetime.datetime]]
    reading_time: Mapped[Optional[datetime.timedelta]] = mapped_column(Interval)
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    views: Mapped[int] = mapped_column(default=0)
    # column_property with an explicit annotation and one without
    title_length: Mapped[int] = column_property(func.length(title))
    body_length = column_property(func.char_length(body))

    author: Mapped["User"] = relationship(back_populates="posts")
    comments: Mapped[List["Comment"]] = relationship(
        back_populates="post", cascade="all, delete-orphan", order_by="Comment.id"
    )
    tags: Mapped[Set["Tag"]] = relationship(secondary=post_tags, back_populates="posts")
    tag_names: AssociationProxy[List[str]] = association_proxy("tags", "name")


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime.datetime] = mapped_column(server_default=func.now())

    post: Mapped["Post"] = relationship(back_populates="comments")
    author: Mapped[Optional[User]] = relationship(back_populates="comments")


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    posts: Mapped[set[Post]] = relationship(secondary=post_tags, back_populates="tags")
    # correlated scalar subquery as a column_property
    post_count: Mapped[int] = column_property(
        select(func.count(post_tags.c.post_id)).where(post_tags.c.tag_id == id).scalar_subquery()
    )


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    message: Mapped[str]
    read: Mapped[bool] = mapped_column(default=False)


class Follow(Base):
    __tablename__ = "follows"

    follower_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    followed_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    since: Mapped[datetime.datetime] = mapped_column(server_default=func.now())

