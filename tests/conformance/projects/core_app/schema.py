"""Core-only schema: Table objects on a MetaData."""
import enum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Uuid,
    create_engine,
    func,
)

metadata = MetaData()
engine = create_engine("sqlite:///core.db")


class Level(enum.Enum):
    debug = 1
    info = 2
    error = 3


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50), nullable=False),
    Column("email", String(120)),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created", DateTime, nullable=False, server_default=func.now()),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("balance", Numeric(14, 2), nullable=False),
    Column("rate", Float),
    Column("opened", Date),
    Column("external_id", Uuid),
)

logs = Table(
    "logs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("level", Enum(Level), nullable=False),
    Column("message", Text, nullable=False),
    Column("payload", JSON),
    Column("blob", LargeBinary),
)
