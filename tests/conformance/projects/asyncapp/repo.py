"""Async repository functions."""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import reveal_type

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from asyncapp.db import async_session, engine
from asyncapp.models import Account, Event, Message


async def get_account(session: AsyncSession, account_id: uuid.UUID) -> Account | None:
    return await session.get(Account, account_id)


async def list_handles(session: AsyncSession) -> Sequence[str]:
    result = await session.scalars(select(Account.handle).order_by(Account.handle))
    return result.all()


async def session_calls(session: AsyncSession, account_id: uuid.UUID) -> None:
    reveal_type(session)
    reveal_type(session.execute(select(Account)))
    result = await session.execute(select(Account.id, Account.handle))
    reveal_type(result)
    reveal_type(result.all())
    reveal_type(result.first())
    reveal_type(result.one_or_none())
    reveal_type(result.scalar_one())  # sqla-2.0: UUID
    reveal_type(result.mappings().all())
    reveal_type(await session.scalars(select(Message)))
    reveal_type(await session.scalar(select(func.count(Message.id))))
    reveal_type(await session.get(Account, account_id))
    reveal_type(await session.get_one(Message, 1))
    reveal_type(await get_account(session, account_id))
    reveal_type(await list_handles(session))
    account = await get_account(session, account_id)
    if account is None:
        return
    reveal_type(account)
    reveal_type(account.handle)
    reveal_type(account.display)
    reveal_type(account.events)
    reveal_type(await account.awaitable_attrs.messages)  # sqla: List[Message]
    reveal_type(await session.scalars(account.events.select()))


async def streaming(session: AsyncSession) -> None:
    stream = await session.stream(select(Message.id, Message.body))
    reveal_type(stream)
    async for row in stream:
        reveal_type(row)
        reveal_type(row.body)  # sqla: str
    reveal_type(await stream.all())
    reveal_type(await stream.first())
    reveal_type(await stream.one())
    reveal_type(await stream.fetchmany(5))
    reveal_type(await stream.one_or_none())
    reveal_type(await stream.scalar())  # sqla: int | None
    reveal_type(await stream.scalar_one())  # sqla: int
    reveal_type(await stream.scalar_one_or_none())  # sqla: int | None
    reveal_type(stream.scalars())  # sqla-2.0: AsyncScalarResult[int]
    reveal_type(stream.mappings())
    reveal_type(stream.tuples())
    reveal_type(stream.unique())
    reveal_type(stream.partitions(10))
    messages = await session.stream_scalars(select(Message).where(Message.edited.is_not(None)))
    reveal_type(messages)
    async for message in messages:
        reveal_type(message)
        reveal_type(message.edited)
    reveal_type(await messages.all())
    reveal_type(await messages.first())
    reveal_type(await messages.one_or_none())
    reveal_type(await (await session.stream(select(Account))).scalars().all())


async def with_sessionmaker() -> None:
    async with async_session() as session:
        reveal_type(session)
        rows = (await session.execute(select(Message.id, Message.sent).limit(10))).all()
        reveal_type(rows)
        for mid, sent in rows:
            reveal_type(mid)  # sqla-2.0: int
            reveal_type(sent)  # sqla-2.0: datetime
        async with session.begin():
            new_id = (await session.execute(insert(Event).values(name="x").returning(Event.id))).scalar_one()
            reveal_type(new_id)
            result = await session.execute(update(Message).values(body="").returning(Message.id, Message.edited))
            reveal_type(result)
    async with async_session.begin() as tx:
        reveal_type(tx)
        reveal_type(await tx.scalars(select(Event.name)))
    reveal_type(async_session)
    reveal_type(engine)


async def connection_level() -> None:
    async with engine.connect() as conn:
        reveal_type(conn)
        result = await conn.execute(select(Account.handle, Account.joined))
        reveal_type(result)
        reveal_type(result.all())
        reveal_type(await conn.scalar(select(func.max(Message.sent))))
        stream = await conn.stream(select(Message.body))
        reveal_type(stream)
        reveal_type([m async for m in stream.scalars()])
