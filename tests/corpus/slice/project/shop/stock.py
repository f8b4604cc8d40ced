"""SQLModel tables built with project column factories, a constant table name and dict(...) options."""
import uuid
from typing import List, Optional

from sqlalchemy import Column, Integer
from sqlmodel import Field, Relationship, SQLModel

from shop.columns import WAREHOUSE_TABLE, LongText, Trimmed, UUIDType, fk_field


class Warehouse(SQLModel, table=True):
    __tablename__ = WAREHOUSE_TABLE
    id: Optional[int] = Field(default=None, primary_key=True)
    notes: Optional[str] = Field(default=None, sa_column=Column(LongText(), nullable=True))
    bins: List["Bin"] = Relationship(back_populates="warehouse")
    children: List["Warehouse"] = Relationship(
        sa_relationship_kwargs=dict(primaryjoin="foreign(Warehouse.parent_id) == Warehouse.id", viewonly=True)
    )
    parent_id: Optional[int] = Field(default=None, sa_column=Column(Integer, nullable=True))


class Bin(SQLModel, table=True):
    __tablename__ = "bin"
    id: Optional[int] = Field(default=None, primary_key=True)
    warehouse_id: int = fk_field(target=Warehouse.__tablename__, target_column="id", nullable=False)
    warehouse: Warehouse = Relationship(back_populates="bins")
    token: uuid.UUID = Field(sa_column=Column(UUIDType(), nullable=False))
    label: str = Field(sa_column=Column(Trimmed(40), nullable=False))
