"""An audit trail on a Core table: engine.execute() with keyword parameters, string row keys."""
from sqlalchemy import Column, Integer, MetaData, String, Table, select

metadata = MetaData()

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("action", String(50), nullable=False),
    Column("detail", String(200)),
)


def create(engine):
    metadata.create_all(engine)


def record(engine, action, detail=None):
    engine.execute(audit_log.insert(), action=action, detail=detail)


def entries(engine):
    stmt = select([audit_log.c.action, audit_log.c.detail]).order_by(audit_log.c.id)
    return [(row["action"], row["detail"]) for row in engine.execute(stmt)]
