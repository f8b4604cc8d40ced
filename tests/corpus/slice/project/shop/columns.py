"""Column and type factories and custom types (zenml's, airflow's and sqlalchemy-utils' patterns)."""
import uuid
from typing import Any, Optional

from sqlalchemy import BINARY, Column, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.mysql import MEDIUMTEXT
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field

WAREHOUSE_TABLE = "warehouse"


def fk_field(target: str, target_column: str, nullable: bool, ondelete: str = "CASCADE", **kwargs: Any) -> Any:
    return Field(sa_column=Column(ForeignKey(f"{target}.{target_column}", ondelete=ondelete), nullable=nullable, **kwargs))


def StringID(*, length=250, **kwargs) -> String:
    return String(length=length, **kwargs)


def LongText():
    return Text().with_variant(MEDIUMTEXT, "mysql")


class UUIDType(TypeDecorator):
    impl = BINARY(16)
    python_type = uuid.UUID
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.bytes if value is not None else None

    def process_result_value(self, value, dialect):
        return uuid.UUID(bytes=value) if value is not None else None


class Trimmed(TypeDecorator):
    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.strip() if value is not None else None


def optional_int(value: Optional[int]) -> Optional[int]:
    return value
