"""More legacy code: untyped columns of many SQL types, backref-created collections."""
import sqlalchemy as sa

from legacy_app import database
from legacy_app.models import Invoice, Shipment, ShipmentStatus


def shipment_columns(shipment: Shipment) -> None:
    reveal_type(Shipment.id)  # sqla: InstrumentedAttribute[int]
    reveal_type(Shipment.tracking_code)  # sqla: InstrumentedAttribute[UUID]
    reveal_type(Shipment.status)  # sqla: InstrumentedAttribute[ShipmentStatus]
    reveal_type(Shipment.carrier)  # sqla: InstrumentedAttribute[str | None]
    reveal_type(Shipment.pickup_time)  # sqla: InstrumentedAttribute[time | None]
    reveal_type(Shipment.transit_time)  # sqla: InstrumentedAttribute[timedelta | None]
    reveal_type(Shipment.parcels)  # sqla: InstrumentedAttribute[int]
    reveal_type(Shipment.label_pdf)  # sqla: InstrumentedAttribute[bytes | None]
    reveal_type(Shipment.invoice)  # sqla: InstrumentedAttribute[Invoice]
    reveal_type(shipment.id)  # sqla: int
    reveal_type(shipment.tracking_code)  # sqla: UUID
    reveal_type(shipment.status)  # sqla: ShipmentStatus
    reveal_type(shipment.carrier)  # sqla: str | None
    reveal_type(shipment.pickup_time)  # sqla: time | None
    reveal_type(shipment.transit_time)  # sqla: timedelta | None
    reveal_type(shipment.parcels)  # sqla: int
    reveal_type(shipment.label_pdf)  # sqla: bytes | None
    reveal_type(shipment.invoice)  # sqla: Invoice
    reveal_type(shipment.invoice.total)  # sqla: Decimal


def shipment_queries() -> None:
    session = database.Session()
    pending = session.query(Shipment).filter(Shipment.status == ShipmentStatus.pending)
    reveal_type(pending)
    reveal_type(pending.order_by(Shipment.id).all())
    reveal_type(session.query(Shipment.id, Shipment.status, Shipment.transit_time).all())  # sqla-2.0: List[Row[Tuple[int, ShipmentStatus, timedelta | None]]]  sqla-2.1: List[Row[int, ShipmentStatus, timedelta | None]]
    stmt = sa.select(Shipment.tracking_code, Invoice.total).join(Shipment.invoice)
    reveal_type(stmt)  # sqla-2.0: Select[Tuple[UUID, Decimal]]  sqla-2.1: Select[UUID, Decimal]
    for code, total in session.execute(stmt):
        reveal_type(code)  # sqla: UUID
        reveal_type(total)  # sqla: Decimal
    reveal_type(session.scalars(sa.select(Shipment.parcels)).all())  # sqla-2.1: Sequence[int]
    reveal_type(session.scalar(sa.select(sa.func.sum(Shipment.parcels))))  # sqla-2.1: int | None
    reveal_type(database.Base)
