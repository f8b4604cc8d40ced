//! Model discovery in every declaration style.

use crate::Series;
use crate::fixture::Fixture;

fn reveals(files: &str, series: Series) -> String {
    Fixture::new(files, series).reveals("/main.py")
}

#[test]
fn legacy_declarative_base_with_untyped_columns() {
    let files = r#"
#- /legacy.py
import enum
from sqlalchemy import Column, Integer, String, Enum, ForeignKey, Numeric
from sqlalchemy.orm import declarative_base, relationship, backref
Base = declarative_base()
class Status(enum.Enum):
    a = "a"
class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
    note = Column(String)
    status = Column(Enum(Status))
class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))
    total = Column(Numeric(10, 2), nullable=False)
    customer = relationship("Customer", backref=backref("orders", lazy="dynamic"))
#- /main.py
from legacy import Customer, Order
def f(c: Customer, o: Order):
    reveal_type(c.name)
    reveal_type(c.note)
    reveal_type(c.status)
    reveal_type(Order.total)
    reveal_type(o.customer)
    reveal_type(c.orders)
    reveal_type(o.customer_id)
"#;
    assert_eq!(
        reveals(files, Series::V20),
        "c.name: str (checker: Column[str])\n\
         c.note: str | None (checker: Column[str])\n\
         c.status: Status | None (checker: Column[str])\n\
         Order.total: InstrumentedAttribute[Decimal] (checker: Column[Decimal])\n\
         o.customer: Customer | None (checker: Any)\n\
         c.orders: AppenderQuery[Order] (checker: Unknown)\n\
         o.customer_id: int | None (checker: Column[Unknown])"
    );
    // 2.1: `Column` is `Never` on the class, still `Column[T]` on instances.
    let v21 = reveals(files, Series::V21);
    assert!(v21.contains("c.name: str (checker: Column[str])"), "{v21}");
    assert!(v21.contains("Order.total: InstrumentedAttribute[Decimal] (checker: Never)"), "{v21}");
}

#[test]
fn flask_sqlalchemy_models() {
    let files = r#"
#- /ext.py
from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
#- /models.py
from ext import db
class Task(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(80), nullable=False)
#- /main.py
from models import Task
reveal_type(Task.query)
reveal_type(Task.title)
"#;
    assert_eq!(
        reveals(files, Series::V20),
        "Task.query: Query[Task] (checker: Query)\nTask.title: InstrumentedAttribute[str] (checker: Column[str])"
    );
}

#[test]
fn mixins_abstract_bases_annotated_aliases_and_imperative_mapping() {
    let files = r#"
#- /base.py
from typing import Annotated, Optional
from datetime import datetime
from sqlalchemy import func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry, declared_attr
intpk = Annotated[int, mapped_column(primary_key=True)]
class Base(DeclarativeBase):
    pass
class Timestamps:
    created: Mapped[datetime] = mapped_column(server_default=func.now())
    @declared_attr
    def deleted(cls) -> Mapped[Optional[datetime]]:
        return mapped_column(nullable=True)
class Entity(Base):
    __abstract__ = True
    id: Mapped[intpk]
class Item(Timestamps, Entity):
    __tablename__ = "items"
    name: Mapped[str]
reg = registry()
@reg.mapped
class Note:
    __tablename__ = "notes"
    id: Mapped[intpk]
    body: Mapped[str]
#- /main.py
from base import Item, Note
reveal_type(Item.id)
reveal_type(Item.created)
reveal_type(Item.deleted)
reveal_type(Note.body)
"#;
    assert_eq!(
        reveals(files, Series::V21),
        "Item.id: InstrumentedAttribute[int]\nItem.created: InstrumentedAttribute[datetime]\n\
         Item.deleted: InstrumentedAttribute[datetime | None]\nNote.body: InstrumentedAttribute[str]"
    );
}

#[test]
fn declared_locations_of_models_and_inherited_attributes() {
    let fixture = Fixture::new(
        r#"
#- /m.py
from sqlalchemy import Column, Integer, String, ForeignKey
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class Named:
    name = Column(String(30))
class Zip(Named, Base):
    __tablename__ = "zips"
    id = Column(Integer, primary_key=True)
    code = Column("zip", String(10))
class Ref(Base):
    __tablename__ = "refs"
    id = Column(Integer, primary_key=True)
    zip_code = Column(ForeignKey("zips.zip"))
#- /main.py
from m import Ref
def f(r: Ref):
    reveal_type(r.zip_code)
"#,
        Series::V21,
    );
    let analysis = fixture.host.analysis();
    let file = fixture.host.file("/m.py").unwrap();
    let zip = crate::types::ClassRef { file, name: "Zip".into() };
    let source = analysis.with_db(|db| file.text(db).to_string()).unwrap();
    let at = |range: Option<(crate::FileId, u32, u32)>| {
        let (_, start, end) = range.unwrap();
        source[start as usize..end as usize].to_owned()
    };
    assert_eq!(at(analysis.declaration(&zip, None).unwrap()), "Zip");
    assert_eq!(at(analysis.declaration(&zip, Some("code")).unwrap()), "code");
    let (_, start, _) = analysis.declaration(&zip, Some("name")).unwrap().unwrap();
    assert_eq!(&source[start as usize..start as usize + 4], "name");
    assert!(start < source.find("class Zip").unwrap() as u32, "inherited from the mixin above");
    // `ForeignKey("zips.zip")` names the column, not the attribute.
    assert_eq!(fixture.reveals("/main.py"), "r.zip_code: str | None (checker: Column[Unknown])");
}
