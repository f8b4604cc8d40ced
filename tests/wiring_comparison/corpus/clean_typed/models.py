from typing import List, Optional

from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class TimestampMixin:
    created_at: Mapped[str] = mapped_column(default="now")


class Named(Base):
    __abstract__ = True
    name: Mapped[str] = mapped_column(String(50))


post_tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", ForeignKey("posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class User(TimestampMixin, Named):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    posts: Mapped[List["Post"]] = relationship(
        back_populates="author", foreign_keys="Post.author_id", cascade="all, delete-orphan", order_by="Post.created_at"
    )
    edited: Mapped[List["Post"]] = relationship(back_populates="editor", foreign_keys="Post.editor_id")
    profile: Mapped[Optional["Profile"]] = relationship(back_populates="user")


class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    user: Mapped["User"] = relationship(back_populates="profile")


class Post(TimestampMixin, Base):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("author_id", "title", name="uq_posts_author_title"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    editor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship(back_populates="posts", foreign_keys=[author_id])
    editor: Mapped[Optional["User"]] = relationship(back_populates="edited", foreign_keys=[editor_id])
    tags: Mapped[List["Tag"]] = relationship(secondary=post_tags, back_populates="posts")
    comments: Mapped[List["Comment"]] = relationship(back_populates="post", order_by="Comment.id")


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    posts: Mapped[List["Post"]] = relationship(secondary="post_tags", back_populates="tags")


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("comments.id"))
    post: Mapped["Post"] = relationship(back_populates="comments")
    parent: Mapped[Optional["Comment"]] = relationship(back_populates="replies", remote_side=[id])
    replies: Mapped[List["Comment"]] = relationship(back_populates="parent")


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "employee"}


class Manager(Employee):
    __tablename__ = "managers"
    id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    __mapper_args__ = {"polymorphic_identity": "engineer"}
