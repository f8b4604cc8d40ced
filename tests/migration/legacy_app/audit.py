"""An audit trail on a bound MetaData, written with implicit execution."""
from sqlalchemy import Column, Integer, MetaData, String, Table, select

metadata = MetaData()

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("action", String(50), nullable=False),
    Column("detail", String(200)),
)


def bind(engine):
    """Create the table and bind the metadata, so statements can run without a connection."""
    metadata.create_all(engine)
    metadata.bind = engine


def record(action, detail=None):
    audit_log.insert().execute(action=action, detail=detail)


def entries():
    stmt = select([audit_log.c.action, audit_log.c.detail]).order_by(audit_log.c.id)
    return [(row["action"], row["detail"]) for row in stmt.execute()]
