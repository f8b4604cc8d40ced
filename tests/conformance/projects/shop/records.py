"""Dataclass-style mappings, registry-based mappings and DeclarativeBaseNoMeta."""
from __future__ import annotations

import datetime
from typing import List, Optional

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import (
    DeclarativeBase,
    DeclarativeBaseNoMeta,
    Mapped,
    MappedAsDataclass,
    mapped_column,
    registry,
    relationship,
)


class DataBase(MappedAsDataclass, DeclarativeBase):
    pass


class Coupon(DataBase):
    __tablename__ = "coupon"

    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    percent_off: Mapped[int]
    valid_until: Mapped[Optional[datetime.date]] = mapped_column(default=None)
    redemptions: Mapped[List[Redemption]] = relationship(default_factory=list, back_populates="coupon")


class Redemption(DataBase):
    __tablename__ = "redemption"

    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    coupon_id: Mapped[int] = mapped_column(ForeignKey("coupon.id"), init=False)
    customer_email: Mapped[str] = mapped_column(default="")
    coupon: Mapped[Optional[Coupon]] = relationship(default=None, back_populates="redemptions")


mapper_registry = registry()
GeneratedBase = mapper_registry.generate_base()


class Supplier(GeneratedBase):
    __tablename__ = "supplier"

    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False)
    contact = Column(String(120))


@mapper_registry.mapped
class Warehouse:
    __tablename__ = "warehouse"

    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(60))
    capacity: Mapped[Optional[int]]
    supplier_id: Mapped[Optional[int]] = mapped_column(ForeignKey("supplier.id"))


class NoMetaBase(DeclarativeBaseNoMeta):
    pass


class AuditLog(NoMetaBase):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    actor: Mapped[str] = mapped_column(String(50))
    detail: Mapped[Optional[str]] = mapped_column(Text)
    at: Mapped[datetime.datetime]
