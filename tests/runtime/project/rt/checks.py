"""Every `reveal_type(...)` here is over a value; the harness records what each really is on SQLite
(`run.py`) and checks it is a member of the type `sqla reveal` gives (`compare.py`).

Each `check_*` function runs on a fresh database seeded by `rt.data`.
"""
from sqlalchemy import String, case, cast, func, literal, select, type_coerce
from sqlalchemy.orm import Session, aliased

from rt.models import Address, Item, Order, User, tags


def check_columns(session: Session) -> None:
    reveal_type(session.scalar(select(User.name).where(User.id == 1)))
    reveal_type(session.scalar(select(User.email).where(User.id == 2)))
    reveal_type(session.scalars(select(User.email)).all())
    reveal_type(session.scalars(select(User.score)).all())
    reveal_type(session.scalars(select(User.balance)).all())
    reveal_type(session.scalars(select(User.ratio)).all())
    reveal_type(session.scalars(select(User.rate)).all())
    reveal_type(session.scalars(select(User.precise_ratio)).all())
    reveal_type(session.scalars(select(User.active)).all())
    reveal_type(session.scalars(select(User.level)).all())
    reveal_type(session.scalars(select(User.born)).all())
    reveal_type(session.scalars(select(User.created)).all())
    reveal_type(session.scalars(select(Item.note)).all())
    reveal_type(session.scalars(select(Item.weight)).all())
    reveal_type(session.scalars(select(Item.label)).all())
    reveal_type(session.execute(select(tags.c.name, tags.c.color)).all())


def check_entities(session: Session) -> None:
    user = session.get(User, 2)
    reveal_type(user)
    if user is not None:
        reveal_type(user.email)
        reveal_type(user.addresses)
        reveal_type(user.orders)
    order = session.get(Order, 2)
    if order is not None:
        reveal_type(order.user)
    reveal_type(session.scalars(select(User)).all())
    reveal_type(session.scalars(select(Item)).first())


def check_rows(session: Session) -> None:
    rows = session.execute(select(User.id, User.email)).all()
    reveal_type(rows)
    for row in rows:
        reveal_type(row)
        reveal_type(row.email)
        reveal_type(row[1])
        reveal_type(row.tuple())
        reveal_type(row._mapping["email"])
        reveal_type(row._fields)
        reveal_type(row._asdict())
    reveal_type(session.execute(select(User.id, User.name)).first())
    reveal_type(session.execute(select(User.id, User.name).where(User.id == 1)).one())
    reveal_type(session.execute(select(User.id, User.name).where(User.id == 99)).one_or_none())
    reveal_type(session.execute(select(User.id)).scalars().all())
    reveal_type(session.execute(select(User.name, User.email)).mappings().all())
    # Two-column rows are pairs: `dict(rows)` keys the second column by the first.
    reveal_type(dict(session.execute(select(User.id, User.email)).all()))
    reveal_type(dict(session.execute(select(User.name, User.score)).fetchall()))
    reveal_type(dict(session.query(User.email, User.id)))


def check_row_method_names(session: Session) -> None:
    # Labels that are also names of `Row`'s methods: at runtime the method wins.
    row = session.execute(
        select(
            User.id.label("count"),
            User.name.label("index"),
            User.email.label("tuple"),
            User.score.label("t"),
        )
    ).first()
    if row is not None:
        reveal_type(row.count)
        reveal_type(row.index)
        reveal_type(row.tuple)
        reveal_type(row.t)
        reveal_type(row._mapping["count"])
        reveal_type(row[0])


def check_outer_joins(session: Session) -> None:
    reveal_type(session.execute(select(User.name, Address.street).outerjoin(Address)).all())
    reveal_type(session.execute(select(User.name, Address.street).join(Address, isouter=True)).all())
    reveal_type(session.execute(select(User, Address).outerjoin(Address)).all())
    reveal_type(session.execute(select(Order.id, User.name).outerjoin(User, Order.user)).all())
    reveal_type(session.execute(select(User.name, Address.id).join(Address, User.addresses, isouter=True)).all())
    for row in session.execute(select(User.name, Address.street).outerjoin(Address)):
        reveal_type(row.street)
        reveal_type(row[1])
        reveal_type(row.tuple())
    reveal_type(session.scalars(select(Address.street).select_from(User).outerjoin(Address)).all())
    reveal_type(session.execute(select(User.name, Address.street).join(Address)).all())


def check_aggregates(session: Session) -> None:
    nothing = select(Order.total).where(Order.id == 99).subquery()
    reveal_type(session.scalar(select(func.sum(Order.total)).where(Order.id == 99)))
    reveal_type(session.scalar(select(func.max(Order.quantity)).where(Order.id == 99)))
    reveal_type(session.scalar(select(func.min(User.created)).where(User.id == 99)))
    reveal_type(session.scalar(select(func.avg(Order.quantity))))
    reveal_type(session.scalar(select(func.sum(Order.total))))
    reveal_type(session.scalar(select(func.count(Order.id))))
    reveal_type(session.scalar(select(func.count()).select_from(nothing)))
    reveal_type(session.execute(select(User.name, func.sum(Order.total)).outerjoin(Order).group_by(User.name)).all())
    reveal_type(session.scalar(select(select(Order.total).where(Order.id == 99).scalar_subquery())))
    reveal_type(session.scalar(select(select(func.max(Order.total)).scalar_subquery())))


def check_expressions(session: Session) -> None:
    reveal_type(session.scalars(select(User.email.label("mail"))).all())
    reveal_type(session.scalars(select(User.score + 1)).all())
    reveal_type(session.scalars(select(User.score * 1.5)).all())
    reveal_type(session.scalars(select(Order.quantity * 1.5)).all())
    reveal_type(session.scalars(select(Order.quantity / 2)).all())
    reveal_type(session.scalars(select(cast(User.score, String))).all())
    reveal_type(session.scalars(select(func.upper(User.email))).all())
    reveal_type(session.scalars(select(func.length(User.name))).all())
    reveal_type(session.scalars(select(func.coalesce(User.email, "none"))).all())
    reveal_type(session.scalars(select(func.coalesce(User.score, User.id))).all())
    reveal_type(session.scalars(select(func.coalesce(User.score, 0))).all())
    reveal_type(session.scalars(select(case((User.score > 5, "big"), else_=None))).all())
    reveal_type(session.scalars(select(case((User.score > 5, "big"), else_="small"))).all())
    reveal_type(session.scalars(select(type_coerce(User.score, String))).all())
    reveal_type(session.scalars(select(User.name + "!")).all())
    reveal_type(session.scalars(select(literal(3))).all())
    reveal_type(session.scalars(select(User.id == 1)).all())


def check_aliases(session: Session) -> None:
    other = aliased(User)
    reveal_type(session.execute(select(User.name, other.name).outerjoin(other, other.id == User.score)).all())
    reveal_type(session.scalars(select(other.email)).all())


def check_aggregates_in_rows(session: Session) -> None:
    # An aggregate over no rows is NULL: in a row as well as through `scalar()`.
    reveal_type(session.execute(select(func.sum(Order.total), func.max(Order.quantity)).where(Order.id == 99)).one())
    reveal_type(session.execute(select(func.min(User.name), func.avg(User.score)).where(User.id == 99)).one())
    reveal_type(session.execute(select(func.count(Order.id)).where(Order.id == 99)).one())
    nothing = select(Order.total).where(Order.id == 99).scalar_subquery()
    reveal_type(session.execute(select(User.name, nothing)).all())
    biggest = select(func.max(Order.total)).where(Order.user_id == User.id).scalar_subquery()
    reveal_type(session.execute(select(User.name, biggest)).all())


def check_arithmetic(session: Session) -> None:
    reveal_type(session.scalars(select(1.5 * Order.quantity)).all())
    reveal_type(session.scalars(select(Order.quantity % 2)).all())
    reveal_type(session.scalars(select(Order.quantity // 2)).all())
    reveal_type(session.scalars(select(Order.quantity - 0.5)).all())
    reveal_type(session.scalars(select(Order.quantity * User.ratio).join(User, Order.user)).all())
    reveal_type(session.scalars(select(Order.total * 2)).all())
    reveal_type(session.scalars(select(User.ratio * 2)).all())


def check_joins_after_the_fact(session: Session) -> None:
    stmt = select(User.name).outerjoin(Address)
    reveal_type(session.execute(stmt.add_columns(Address.street)).all())
    reveal_type(session.execute(stmt.with_only_columns(Address.street)).all())
    reveal_type(session.execute(stmt.where(User.id > 0).order_by(User.id)).all())
    reveal_type(session.execute(select(User.name, Order.id).join(Order, User.orders, full=True)).all())
    reveal_type(session.query(User.name, Address.street).outerjoin(Address).all())
    reveal_type(session.query(User, Address).outerjoin(User.addresses).all())
    reveal_type(session.execute(select(User.name, Address.street).outerjoin_from(User, Address)).all())


def check_more_row_method_names(session: Session) -> None:
    row = session.execute(
        select(User.id.label("keys"), User.name.label("_fields"), User.email.label("_t"), User.score.label("_asdict"))
    ).first()
    if row is not None:
        reveal_type(row.keys)
        reveal_type(row._fields)
        reveal_type(row._t)
        reveal_type(row._asdict)
        reveal_type(row[3])


class AuditedSession(Session):
    """A project's own session: what it does not define is SQLAlchemy's."""


def check_sessions_slices_and_mapping(session: Session) -> None:
    reveal_type(session.query(User)[0:2])
    reveal_type(session.query(User.name)[1:])
    rows = session.execute(select(User.id, User.name)).all()
    reveal_type(rows[1:])
    reveal_type(rows[0][0:1])
    reveal_type(dict(rows[0]._mapping))
    reveal_type(next(iter(rows)))
    reveal_type(User.__table__)
    with AuditedSession(session.get_bind()) as own:
        reveal_type(own)
        reveal_type(own.scalars(select(User.email)).all())
