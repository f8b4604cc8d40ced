from typing import List, Optional

from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employees.id"))
    manager: Mapped[Optional["Employee"]] = relationship()
