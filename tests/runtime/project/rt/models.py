"""Models in every style the runtime harness reads values from."""
import datetime
import decimal
import enum
from typing import List, Optional

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declarative_base, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Level(enum.Enum):
    low = 1
    high = 2


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    email: Mapped[Optional[str]]
    score: Mapped[Optional[int]]
    balance: Mapped[decimal.Decimal] = mapped_column(Numeric(10, 2))
    ratio: Mapped[float] = mapped_column(Float)
    rate: Mapped[float] = mapped_column(Numeric(10, 2, asdecimal=False))
    precise_ratio: Mapped[decimal.Decimal] = mapped_column(Float(asdecimal=True))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    level: Mapped[Level]
    born: Mapped[Optional[datetime.date]] = mapped_column(Date)
    created: Mapped[datetime.datetime] = mapped_column(DateTime)
    addresses: Mapped[List["Address"]] = relationship(back_populates="user")
    orders: Mapped[List["Order"]] = relationship(back_populates="user")


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    street: Mapped[str]
    user: Mapped[User] = relationship(back_populates="addresses")


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    total: Mapped[decimal.Decimal] = mapped_column(Numeric(10, 2))
    quantity: Mapped[int]
    user: Mapped[Optional[User]] = relationship(back_populates="orders")


LegacyBase = declarative_base()


class Item(LegacyBase):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    label = Column(String(50), nullable=False)
    note = Column(String(50))
    weight = Column(Float)


tags = Table(
    "tags",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(30), nullable=False),
    Column("color", String(10)),
)
