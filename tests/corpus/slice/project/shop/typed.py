"""2.x-style models: annotations that SQLAlchemy reads, and where the runtime differs."""
from typing import Optional

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, attribute_keyed_dict, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    posts: Mapped[list["Post"]] = relationship(
        lazy="dynamic", back_populates="author", foreign_keys="Post.author_id"
    )
    by_title: Mapped[dict[str, "Post"]] = relationship(
        collection_class=attribute_keyed_dict("title"), foreign_keys="Post.author_id", viewonly=True
    )


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Optional["Author"]] = relationship(back_populates="posts", foreign_keys=[author_id])
    editor_key: Mapped[str | None] = mapped_column(ForeignKey("authors.id"))
    editor: Mapped[list["Author"]] = relationship(foreign_keys=[editor_key])
