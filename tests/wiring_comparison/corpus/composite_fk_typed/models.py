from typing import List, Optional

from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parents"
    a: Mapped[int] = mapped_column(primary_key=True)
    b: Mapped[int] = mapped_column(primary_key=True)


class Child(Base):
    __tablename__ = "children"
    __table_args__ = (ForeignKeyConstraint(["parent_a", "parent_b"], ["parents.a", "parents.b"]),)
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_a: Mapped[int] = mapped_column()
    parent_b: Mapped[int] = mapped_column()
    parent: Mapped["Parent"] = relationship()
