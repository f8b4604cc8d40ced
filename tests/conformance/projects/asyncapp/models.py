import datetime
import uuid
from typing import List, Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from .db import Base


class Account(Base):
    __tablename__ = "account"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    handle: Mapped[str] = mapped_column(String(40), unique=True)
    display: Mapped[Optional[str]]
    joined: Mapped[datetime.datetime]
    messages: Mapped[List["Message"]] = relationship(back_populates="account")
    events: WriteOnlyMapped["Event"] = relationship()


class Message(Base):
    __tablename__ = "message"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("account.id"))
    body: Mapped[str] = mapped_column(Text)
    sent: Mapped[datetime.datetime]
    edited: Mapped[datetime.datetime | None]
    account: Mapped["Account"] = relationship(back_populates="messages")


class Event(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("account.id"))
    name: Mapped[str]
