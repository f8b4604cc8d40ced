"""Core usage: Connection.execute, CursorResult, DML with RETURNING and text()."""
from sqlalchemy import Connection, and_, bindparam, delete, func, insert, select, text, update
from typing_extensions import reveal_type

from .schema import Level, accounts, engine, logs, users


def columns() -> None:
    reveal_type(users)
    reveal_type(users.c)
    reveal_type(users.c.id)  # sqla: Column[int]
    reveal_type(users.c.name)  # sqla: Column[str]
    reveal_type(users.c.email)  # sqla: Column[str]
    reveal_type(users.c["active"])  # sqla: Column[bool]
    reveal_type(accounts.c.balance)  # sqla: Column[Decimal]
    reveal_type(accounts.c.rate)  # sqla: Column[float]
    reveal_type(accounts.c.external_id)  # sqla: Column[UUID]
    reveal_type(logs.c.level)  # sqla: Column[Level]
    reveal_type(logs.c.payload)
    reveal_type(logs.c.blob)  # sqla: Column[bytes]
    reveal_type(accounts.c.opened)  # sqla: Column[date]
    reveal_type(users.c.name == "x")
    reveal_type(users.c.id + 1)  # sqla: ColumnElement[int]
    reveal_type(and_(users.c.active, users.c.id > 5))


def core_selects() -> None:
    reveal_type(select(users))  # sqla-2.0: Select[Tuple[int, str, str | None, bool, datetime]]  sqla-2.1: Select[int, str, str | None, bool, datetime]
    reveal_type(users.select())  # sqla-2.0: Select[Tuple[int, str, str | None, bool, datetime]]  sqla-2.1: Select[int, str, str | None, bool, datetime]
    reveal_type(select(users.c.id, users.c.name))  # sqla-2.0: Select[Tuple[int, str]]  sqla-2.1: Select[int, str]
    reveal_type(select(users.c.name, accounts.c.balance).join_from(users, accounts))  # sqla-2.0: Select[Tuple[str, Decimal]]  sqla-2.1: Select[str, Decimal]
    reveal_type(select(func.count()).select_from(logs))
    reveal_type(select(logs.c.id).where(logs.c.level == Level.error))  # sqla-2.0: Select[Tuple[int]]  sqla-2.1: Select[int]
    j = users.join(accounts, users.c.id == accounts.c.user_id)
    reveal_type(j)
    reveal_type(select(users.c.name).select_from(j))  # sqla-2.0: Select[Tuple[str]]  sqla-2.1: Select[str]
    reveal_type(users.alias("u"))
    reveal_type(users.alias("u").c.name)  # sqla-2.0: KeyedColumnElement[str]  sqla-2.1: Column[str]


def execute(conn: Connection) -> None:
    reveal_type(conn)
    result = conn.execute(select(users.c.id, users.c.name))
    reveal_type(result)  # sqla-2.0: CursorResult[Tuple[int, str]]  sqla-2.1: CursorResult[int, str]
    reveal_type(result.all())  # sqla-2.0: Sequence[Row[Tuple[int, str]]]  sqla-2.1: Sequence[Row[int, str]]
    reveal_type(result.fetchone())  # sqla-2.0: Row[Tuple[int, str]] | None  sqla-2.1: Row[int, str] | None
    reveal_type(result.rowcount)
    reveal_type(result.keys())
    reveal_type(result.inserted_primary_key)
    for row in result:
        reveal_type(row)  # sqla-2.0: Row[Tuple[int, str]]  sqla-2.1: Row[int, str]
        reveal_type(row.name)  # sqla: str
        reveal_type(row[0])  # sqla: int
    reveal_type(conn.scalar(select(func.count()).select_from(users)))
    reveal_type(conn.scalars(select(users.c.email)).all())  # sqla: Sequence[str | None]
    reveal_type(conn.execute(text("SELECT id, name FROM users WHERE id = :id"), {"id": 5}))
    reveal_type(conn.execute(text("SELECT 1")).scalar())
    reveal_type(conn.execute(text("SELECT name FROM users")).scalars().all())
    stmt = text("SELECT id, name FROM users WHERE name = :name").bindparams(bindparam("name", type_=users.c.name.type))
    reveal_type(stmt)
    reveal_type(text("SELECT id FROM users").columns(users.c.id))
    reveal_type(conn.exec_driver_sql("SELECT 1"))


def dml(conn: Connection) -> None:
    ins = insert(users).values(name="ann", email="ann@example.com")
    reveal_type(ins)
    reveal_type(conn.execute(ins))
    reveal_type(conn.execute(ins).inserted_primary_key)
    reveal_type(ins.returning(users.c.id))  # sqla-2.0: ReturningInsert[Tuple[int]]  sqla-2.1: ReturningInsert[int]
    reveal_type(conn.execute(ins.returning(users.c.id, users.c.created)).one())  # sqla-2.0: Row[Tuple[int, datetime]]  sqla-2.1: Row[int, datetime]
    upd = update(accounts).where(accounts.c.id == 1).values(balance=accounts.c.balance + 10)
    reveal_type(upd)
    reveal_type(upd.returning(accounts.c.balance))  # sqla-2.0: ReturningUpdate[Tuple[Decimal]]  sqla-2.1: ReturningUpdate[Decimal]
    reveal_type(conn.execute(upd).rowcount)
    dele = delete(logs).where(logs.c.level == Level.debug)
    reveal_type(dele)
    reveal_type(conn.execute(dele.returning(logs.c.id, logs.c.message)).all())  # sqla-2.0: Sequence[Row[Tuple[int, str]]]  sqla-2.1: Sequence[Row[int, str]]
    many = conn.execute(insert(logs), [{"level": Level.info, "message": "a"}, {"level": Level.info, "message": "b"}])
    reveal_type(many)
    reveal_type(many.rowcount)


def with_engine() -> None:
    with engine.connect() as conn:
        reveal_type(conn)
        rows = conn.execute(select(accounts.c.id, accounts.c.balance).where(accounts.c.balance > 0)).all()
        reveal_type(rows)  # sqla-2.0: Sequence[Row[Tuple[int, Decimal]]]  sqla-2.1: Sequence[Row[int, Decimal]]
        reveal_type([r.balance for r in rows])  # sqla: list[Decimal]
    with engine.begin() as conn:
        reveal_type(conn.execute(insert(accounts).returning(accounts.c.id)).scalar_one())  # sqla: int
    reveal_type(engine)
    reveal_type(engine.dialect.name)
