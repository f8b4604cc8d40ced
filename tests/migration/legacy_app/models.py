"""Blog models: untyped Column(...) attributes, string relationships and backrefs."""
import datetime

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import backref, relationship

from .database import Base

post_tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", Integer, ForeignKey("posts.id"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    username = Column(String(50), unique=True, nullable=False)
    email = Column(String(120), nullable=False)
    is_admin = Column(Boolean, default=False, nullable=False)
    joined_at = Column(DateTime, default=datetime.datetime(2020, 1, 1))

    posts = relationship("Post", backref="author", lazy="dynamic", order_by="Post.id")
    comments = relationship("Comment", backref="author")

    def __repr__(self):
        return "<User %r>" % self.username


class Post(Base):
    __tablename__ = "posts"

    id = Column(Integer, primary_key=True)
    author_id = Column(Integer, ForeignKey("users.id"), nullable=False)
    title = Column(String(200), nullable=False)
    body = Column(Text, default="")
    published = Column(Boolean, default=False, nullable=False)
    views = Column(Integer, default=0, nullable=False)
    created_at = Column(DateTime, nullable=False)

    comments = relationship(
        "Comment", backref="post", order_by="Comment.id", cascade="all, delete-orphan"
    )
    tags = relationship("Tag", secondary=post_tags, backref=backref("posts", lazy="dynamic"))

    def __repr__(self):
        return "<Post %r>" % self.title


class Comment(Base):
    __tablename__ = "comments"

    id = Column(Integer, primary_key=True)
    post_id = Column(Integer, ForeignKey("posts.id"), nullable=False)
    author_id = Column(Integer, ForeignKey("users.id"), nullable=False)
    body = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False)


class Tag(Base):
    __tablename__ = "tags"

    id = Column(Integer, primary_key=True)
    name = Column(String(30), unique=True, nullable=False)
