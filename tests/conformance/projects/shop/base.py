"""Declarative base with a type_annotation_map and reusable Annotated column types."""
import datetime
import enum
import uuid
from decimal import Decimal
from typing import Annotated, Any

from sqlalchemy import JSON, BigInteger, DateTime, Numeric, String, Uuid, func
from sqlalchemy.orm import DeclarativeBase, mapped_column

intpk = Annotated[int, mapped_column(primary_key=True)]
bigpk = Annotated[int, mapped_column(BigInteger, primary_key=True)]
str50 = Annotated[str, mapped_column(String(50))]
str200 = Annotated[str, 200]
money = Annotated[Decimal, mapped_column(Numeric(12, 2), default=Decimal("0.00"))]
timestamp = Annotated[datetime.datetime, mapped_column(server_default=func.now())]
uuid_key = Annotated[uuid.UUID, mapped_column(Uuid, default=uuid.uuid4, unique=True)]


class Currency(enum.Enum):
    EUR = "EUR"
    USD = "USD"
    NOK = "NOK"


class Base(DeclarativeBase):
    type_annotation_map = {
        str: String(255),
        str200: String(200),
        Decimal: Numeric(12, 2),
        dict[str, Any]: JSON,
        datetime.datetime: DateTime(timezone=True),
    }
