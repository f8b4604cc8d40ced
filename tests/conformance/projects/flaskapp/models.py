from __future__ import annotations

import datetime
from typing import List, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DynamicMapped, Mapped, mapped_column, relationship

from .extensions import db


class User(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    email: Mapped[Optional[str]] = mapped_column(String(120))
    tasks: Mapped[List[Task]] = relationship(back_populates="owner")
    logins: DynamicMapped[Login] = relationship(lazy="dynamic")


class Task(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    title: Mapped[str]
    done: Mapped[bool] = mapped_column(default=False)
    due: Mapped[Optional[datetime.date]]
    owner: Mapped[User] = relationship(back_populates="tasks")


class Login(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime.datetime]
