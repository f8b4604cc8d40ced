"""A Table assigned to its class and mapped imperatively (galaxy's pattern)."""
from typing import Optional

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, and_, false
from sqlalchemy.orm import DeclarativeBase, Mapped, backref, foreign, mapped_column, registry, relationship

mapper_registry = registry()


class ImperativeBase(DeclarativeBase):
    registry = mapper_registry


class Label(ImperativeBase):
    __tablename__ = "label"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(40))


class Dataset(ImperativeBase):
    __tablename__ = "dataset"
    id: Mapped[int] = mapped_column(primary_key=True)
    name = Column(String(40))
    active_copies: Mapped[list["DatasetCopy"]] = relationship(
        primaryjoin=lambda: and_(Dataset.id == DatasetCopy.table.c.dataset_id, DatasetCopy.table.c.deleted == false()),
        viewonly=True,
    )
    named = relationship(Label, primaryjoin=name == foreign(Label.text), viewonly=True)


class DatasetCopy:
    dataset: Mapped[Optional[Dataset]]
    unmapped_hint: Mapped[list[Dataset]]


DatasetCopy.table = Table(
    "dataset_copy",
    mapper_registry.metadata,
    Column("id", Integer, primary_key=True),
    Column("dataset_id", ForeignKey("dataset.id"), nullable=False),
    Column("deleted", Boolean),
)

mapper_registry.map_imperatively(
    DatasetCopy,
    DatasetCopy.table,
    properties=dict(
        dataset=relationship(
            Dataset, primaryjoin=lambda: Dataset.id == DatasetCopy.table.c.dataset_id, backref=backref("copies")
        )
    ),
)
