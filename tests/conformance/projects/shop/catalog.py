"""Catalog models built from the shared base, Annotated aliases and mixins."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, List, Optional

from sqlalchemy import ForeignKey, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Currency, intpk, money, str50, str200, uuid_key
from .mixins import HasCategory, SoftDeleteMixin, TableNameMixin, TimestampMixin


class CatalogEntity(Base):
    """Abstract: no table of its own, shared columns for its subclasses."""

    __abstract__ = True

    id: Mapped[intpk]
    public_id: Mapped[uuid_key]


class Category(TableNameMixin, CatalogEntity):
    name: Mapped[str50] = mapped_column(unique=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("category.id"))
    children: Mapped[List[Category]] = relationship(back_populates="parent")
    parent: Mapped[Optional[Category]] = relationship(back_populates="children", remote_side="Category.id")


class Product(TableNameMixin, HasCategory, TimestampMixin, SoftDeleteMixin, CatalogEntity):
    sku: Mapped[str50] = mapped_column(unique=True)
    title: Mapped[str200]
    description: Mapped[Optional[str]] = mapped_column(Text)
    price: Mapped[money]
    currency: Mapped[Currency] = mapped_column(default=Currency.EUR)
    stock = mapped_column(Integer, nullable=False, default=0)
    weight_grams: Mapped[int | None] = mapped_column(SmallInteger)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    variants: Mapped[list[Variant]] = relationship(back_populates="product")


class Variant(TableNameMixin, CatalogEntity):
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    label: Mapped[str] = mapped_column(String(40))
    extra_price: Mapped[Decimal]
    product: Mapped[Product] = relationship(back_populates="variants")
