from typing import List, Optional

from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class A(Base):
    __tablename__ = "a_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    b_id: Mapped[int] = mapped_column(ForeignKey("b_table.id"))
    b: Mapped["B"] = relationship()


class B(Base):
    __tablename__ = "b_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    c_id: Mapped[int] = mapped_column(ForeignKey("c_table.id"))
    c: Mapped["C"] = relationship()


class C(Base):
    __tablename__ = "c_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("a_table.id"))
    a: Mapped["A"] = relationship()
