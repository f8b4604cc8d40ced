from datetime import datetime
from typing import List, Optional

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, WriteOnlyMapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    email: Mapped[Optional[str]] = mapped_column(String(120))
    created: Mapped[datetime] = mapped_column(server_default=func.now())
    posts: Mapped[List["Post"]] = relationship(back_populates="author")
    followers: WriteOnlyMapped["Follow"] = relationship()


class Post(Base):
    __tablename__ = "post"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    author: Mapped[User] = relationship(back_populates="posts")
    # Legacy, untyped: type checkers cannot see these types; sqla-analyzer can.
    views = Column(Integer, nullable=False, default=0)
    published = Column(DateTime)


class Follow(Base):
    __tablename__ = "follow"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
