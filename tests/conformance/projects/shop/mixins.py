"""Mixins: plain columns, @declared_attr relationships and table names."""
from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import ForeignKey, func
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from .base import timestamp

if TYPE_CHECKING:
    from .catalog import Category


class TimestampMixin:
    created_at: Mapped[timestamp]
    updated_at: Mapped[Optional[datetime.datetime]] = mapped_column(onupdate=func.now())


class TableNameMixin:
    @declared_attr.directive
    @classmethod
    def __tablename__(cls) -> str:
        return cls.__name__.lower()


class HasCategory:
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))

    @declared_attr
    @classmethod
    def category(cls) -> Mapped[Category]:
        return relationship("Category")


class SoftDeleteMixin:
    deleted: Mapped[bool] = mapped_column(default=False)

    @declared_attr
    def deleted_at(cls) -> Mapped[Optional[datetime.datetime]]:
        return mapped_column(nullable=True)
