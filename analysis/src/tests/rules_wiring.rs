//! The model-wiring rules (SQA301–SQA319): for each, what it finds, what it must not find (the
//! valid code around it: inheritance, mixins, backrefs, `Table` objects, module paths, association
//! tables), and its fix before → after.

use crate::Series;
use crate::fixture::Fixture;

/// This family's new rules.
const WIRING: &[&str] = &[
    "SQA301", "SQA303", "SQA304", "SQA305", "SQA306", "SQA307", "SQA308", "SQA309", "SQA310", "SQA311", "SQA312",
    "SQA313", "SQA314", "SQA315", "SQA316", "SQA317", "SQA318", "SQA319",
];

/// Findings of the given rules only, in `/m.py`.
fn lint(fixture: &Fixture, codes: &[&str]) -> String {
    fixture.lint_only("/m.py", codes)
}

/// `/m.py` after this family's fixes (safe ones, or all).
fn fixed(fixture: &Fixture, unsafe_fixes: bool) -> String {
    fixture.fixed_only("/m.py", WIRING, unsafe_fixes)
}

fn fixture(files: &str) -> Fixture {
    Fixture::new(files, Series::V21)
}

const TYPED_HEADER: &str = "from typing import List, Optional\nfrom sqlalchemy import Column, ForeignKey, Integer, String, Table\nfrom sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, backref\nclass Base(DeclarativeBase):\n    pass\n";

const LEGACY_HEADER: &str = "from sqlalchemy import Column, ForeignKey, Integer, String, Table\nfrom sqlalchemy.orm import declarative_base, relationship, backref\nBase = declarative_base()\n";

fn typed(body: &str) -> Fixture {
    fixture(&format!("#- /m.py\n{TYPED_HEADER}{body}"))
}

fn legacy(body: &str) -> Fixture {
    fixture(&format!("#- /m.py\n{LEGACY_HEADER}{body}"))
}

// ---- SQA303 back-populates-mismatch ------------------------------------------------------------

#[test]
fn back_populates_typo_is_renamed() {
    let f = typed(
        r#"class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    addresses: Mapped[List["Address"]] = relationship(back_populates="usr")
class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped["User"] = relationship(back_populates="addresses")
"#,
    );
    // `Address.user` names `addresses` back correctly: the error is on one side only.
    assert_eq!(
        lint(&f, &["SQA303"]),
        "SQA303 [*] 9:70 `User.addresses`: `back_populates=\"usr\"` but `Address` has no attribute `usr`; did you mean `user`?"
    );
    assert!(fixed(&f, false).contains("relationship(back_populates=\"user\")\nclass Address"));
}

#[test]
fn back_populates_wrong_kind_target_and_pairing() {
    let f = legacy(
        r#"class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    invoices = relationship("Invoice", back_populates="customer_id")
    notes = relationship("Note", back_populates="owner")
    orders = relationship("Order", back_populates="customer")
class Invoice(Base):
    __tablename__ = "invoices"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))
    customer = relationship("Customer", back_populates="invoices")
class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))
    invoice_id = Column(ForeignKey("invoices.id"))
    owner = relationship("Invoice")
class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))
    customer = relationship("Customer", back_populates="invoices")
"#,
    );
    assert_eq!(
        lint(&f, &["SQA303"]),
        "SQA303 [*] 7:55 `Customer.invoices`: `back_populates=\"customer_id\"` but `Invoice.customer_id` is not a relationship; did you mean `customer`?\n\
         SQA303 8:49 `Customer.notes`: `back_populates=\"owner\"` but `Note.owner` is a relationship to `Invoice`, not to `Customer`\n\
         SQA303 9:51 `Customer.orders`: `back_populates=\"customer\"` but `Order.customer` names `invoices` back, not `orders`\n\
         SQA303 [*] 25:56 `Order.customer`: `back_populates=\"invoices\"` but `Customer.invoices` is a relationship to `Invoice`, not to `Order`; did you mean `orders`?"
    );
    assert!(fixed(&f, false).contains("    customer = relationship(\"Customer\", back_populates=\"orders\")\n"));
}

#[test]
fn back_populates_one_sided_gets_an_unsafe_fix_on_the_other_side() {
    let f = typed(
        r#"class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    posts: Mapped[List["Post"]] = relationship(back_populates="author")
class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship()
"#,
    );
    assert_eq!(
        lint(&f, &["SQA303"]),
        "SQA303 [*] 9:63 `User.posts`: `back_populates=\"author\"` but `Post.author` does not name `posts` back (no `back_populates` there)"
    );
    assert!(!fixed(&f, false).contains("relationship(back_populates=\"posts\")"));
    assert!(fixed(&f, true).contains("    author: Mapped[\"User\"] = relationship(back_populates=\"posts\")\n"));
}

#[test]
fn backref_names_that_are_taken() {
    let f = legacy(
        r#"class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    addresses = relationship("Address", backref="customer_id")
    invoices = relationship("Invoice", backref="customer")
    paid = relationship("Invoice", backref=backref("customer", lazy="dynamic"), viewonly=True)
    notes = relationship("Note", backref="owner", back_populates="owner")
    labels = relationship("Address", backref="label")
class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))
    @property
    def label(self):
        return str(self.id)
class Invoice(Base):
    __tablename__ = "invoices"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))
class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))
    owner = relationship("Customer")
"#,
    );
    assert_eq!(
        lint(&f, &["SQA303"]),
        "SQA303 7:49 `Customer.addresses`: `backref=\"customer_id\"` but `Address` already has `customer_id` (an attribute)\n\
         SQA303 9:52 `Customer.paid`: `backref=\"customer\"` but `Invoice` already has `customer` (the backref of `Customer.invoices`)\n\
         SQA303 10:42 `Customer.notes` has both `backref=` and `back_populates=` (SQLAlchemy accepts only one)"
    );
}

#[test]
fn back_populates_valid_pairs_are_not_reported() {
    let files = r#"
#- /app/__init__.py
#- /app/models.py
from typing import List, Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, declared_attr
class Base(DeclarativeBase):
    pass
class Company(Base):
    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(primary_key=True)
    employees: Mapped[List["Employee"]] = relationship(back_populates="company")
    managers: Mapped[List["Manager"]] = relationship("app.models.Manager", back_populates="boss_of", viewonly=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("companies.id"))
    parent: Mapped[Optional["Company"]] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[List["Company"]] = relationship(back_populates="parent")
class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    company: Mapped["Company"] = relationship(back_populates="employees")
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}
class Manager(Employee):
    boss_of: Mapped[Optional["Company"]] = relationship(back_populates="managers", viewonly=True)
    __mapper_args__ = {"polymorphic_identity": "manager"}
class HasOwner:
    owner_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    @declared_attr
    def owner(cls) -> Mapped["Employee"]:
        return relationship("Employee")
class Asset(HasOwner, Base):
    __tablename__ = "assets"
    id: Mapped[int] = mapped_column(primary_key=True)
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import relationship, backref
from app.models import Base
class Shelf(Base):
    __tablename__ = "shelves"
    id = Column(Integer, primary_key=True)
    books = relationship("Book", backref="shelf")
class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    shelf_id = Column(ForeignKey("shelves.id"))
class Reader(Base):
    __tablename__ = "readers"
    id = Column(Integer, primary_key=True)
    book_id = Column(ForeignKey("books.id"))
    book = relationship("Book", backref=backref("readers", lazy="dynamic"))
    shelf = relationship("Company", back_populates="employees_of_shelf")
"#;
    let f = fixture(files);
    assert_eq!(f.lint_only("/app/models.py", WIRING), "");
    assert_eq!(
        lint(&f, &["SQA303"]),
        "SQA303 17:52 `Reader.shelf`: `back_populates=\"employees_of_shelf\"` but `Company` has no attribute `employees_of_shelf`"
    );
}

// ---- SQA304 unknown-foreign-key ----------------------------------------------------------------

#[test]
fn unknown_foreign_key_tables_and_columns() {
    let f = legacy(
        r#"class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("custmers.id"))
    other_id = Column(Integer, ForeignKey("customers.idd"))
    zip_code = Column("zip", String(10))
    orders_id = Column(Integer, ForeignKey("orders.id"))
links = Table(
    "links",
    Base.metadata,
    Column("address_zip", ForeignKey("addresses.zip_code")),
    Column("customer_id", ForeignKey("customers.id")),
)
"#,
    );
    assert_eq!(
        lint(&f, &["SQA304"]),
        "SQA304 [*] 10:46 foreign key `custmers.id`: no table `custmers` is mapped or declared; did you mean `customers`?\n\
         SQA304 [*] 11:43 foreign key `customers.idd`: table `customers` has no column `idd`; did you mean `id`?\n\
         SQA304 13:44 foreign key `orders.id`: no table `orders` is mapped or declared\n\
         SQA304 [*] 17:38 foreign key `addresses.zip_code`: table `addresses` has no column `zip_code`; did you mean `zip`?"
    );
    let after = fixed(&f, false);
    assert!(
        after.contains("ForeignKey(\"customers.id\"))\n    other_id = Column(Integer, ForeignKey(\"customers.id\"))")
    );
    assert!(after.contains("ForeignKey(\"addresses.zip\")"));
}

#[test]
fn known_foreign_keys_are_not_reported() {
    let files = r#"
#- /app/__init__.py
#- /app/ext.py
from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
#- /app/flask_models.py
from sqlalchemy.orm import Mapped, mapped_column
from .ext import db
class UserAccount(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
class Admin(UserAccount):
    level: Mapped[int] = mapped_column(nullable=True)
#- /app/core.py
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table
metadata = MetaData()
audit = Table("audit", metadata, Column("id", Integer, primary_key=True))
def make_tables(md):
    return Table("scratch", md, Column("id", Integer, primary_key=True))
#- /app/mixins.py
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
class TableNameMixin:
    @declared_attr.directive
    @classmethod
    def __tablename__(cls) -> str:
        return cls.__name__.lower()
class Audited:
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id"))
#- /m.py
from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from app.mixins import Audited, TableNameMixin
class Base(DeclarativeBase):
    pass
class Category(Base):
    __tablename__ = "category"
    id: Mapped[int] = mapped_column(primary_key=True)
class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str]
    __mapper_args__ = {"polymorphic_on": "type"}
class Engineer(Employee):
    language: Mapped[str] = mapped_column(String(20), nullable=True)
class Thing(Audited, Base):
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    engineer_language: Mapped[str] = mapped_column(ForeignKey("employees.language"))
    scratch_id: Mapped[int] = mapped_column(ForeignKey("scratch.id"))
    remote_id: Mapped[int] = mapped_column(ForeignKey("other_schema.remote.id"))
    same_name: Mapped[int] = mapped_column(ForeignKey("things"))
    __table_args__ = (ForeignKeyConstraint(["category_id"], ["category.id"]),)
class Legacy(Base):
    __table__ = Table("legacy", Base.metadata, Column("id", Integer, primary_key=True))
class Reflected(Base):
    __tablename__ = "reflected"
    __table_args__ = {"autoload_with": None}
    id: Mapped[int] = mapped_column(primary_key=True)
class Child(Base):
    __tablename__ = "children"
    id: Mapped[int] = mapped_column(primary_key=True)
    legacy_id: Mapped[int] = mapped_column(ForeignKey("legacy.id"))
    reflected_name: Mapped[str] = mapped_column(ForeignKey("reflected.name"))
    wrong_id: Mapped[int] = mapped_column(ForeignKey("category.idd"))
    nowhere_id: Mapped[int] = mapped_column(ForeignKey("nowhere.id"))
"#;
    let f = fixture(files);
    // Everything above is valid but the last two lines.
    assert_eq!(
        lint(&f, &["SQA304"]),
        "SQA304 [*] 37:54 foreign key `category.idd`: table `category` has no column `idd`; did you mean `id`?\n\
         SQA304 38:56 foreign key `nowhere.id`: no table `nowhere` is mapped or declared"
    );
}

/// A `__tablename__` computed by `@declared_attr` (or any non-literal) is unknown, never guessed: a
/// foreign key into it, or into a table that may be it, is not reported and no fix rewrites it.
#[test]
fn computed_table_names_are_unknown() {
    let files = r#"
#- /app/mixins.py
from sqlalchemy.orm import declared_attr
class TableNameMixin:
    @declared_attr.directive
    @classmethod
    def __tablename__(cls) -> str:
        return "case_" + cls.__name__.lower()
def table_name(name):
    return "t_" + name
#- /m.py
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from app.mixins import TableNameMixin, table_name
class Base(DeclarativeBase):
    pass
class CaseType(TableNameMixin, Base):
    id: Mapped[int] = mapped_column(primary_key=True)
class Named(Base):
    __tablename__ = table_name("named")
    id: Mapped[int] = mapped_column(primary_key=True)
class Child(Base):
    __tablename__ = "children"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_type_id: Mapped[int] = mapped_column(ForeignKey("case_casetype.id"))
    guessed_id: Mapped[int] = mapped_column(ForeignKey("casetype.idd"))
    named_id: Mapped[int] = mapped_column(ForeignKey("t_named.id"))
"#;
    let f = fixture(files);
    assert_eq!(lint(&f, &["SQA304", "SQA302"]), "");
    f.host
        .analysis()
        .with_db(|db| {
            let registry = crate::models::model_registry(db);
            for name in ["CaseType", "Named"] {
                let model = registry.by_name(name).next().expect(name);
                assert_eq!(model.tablename, None, "{name}");
                assert!(model.tablename_computed, "{name}");
            }
        })
        .unwrap();
}

/// A `@declared_attr` `__tablename__` we can compute for each class (`cls.__name__.lower()`, in an
/// f-string too) names its table, as SQLAlchemy 2.0 names it (`casetype`, `celery_schedule`).
#[test]
fn computed_table_names_we_can_evaluate_are_known() {
    let files = r#"
#- /m.py
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, declared_attr
class TableNameMixin:
    @declared_attr.directive
    @classmethod
    def __tablename__(cls) -> str:
        return cls.__name__.lower()
class Prefixed:
    @declared_attr
    def __tablename__(cls):
        return f"celery_{cls.__name__.lower()}"
class Base(DeclarativeBase):
    pass
class CaseType(TableNameMixin, Base):
    id: Mapped[int] = mapped_column(primary_key=True)
class Schedule(Prefixed, Base):
    id: Mapped[int] = mapped_column(primary_key=True)
class Child(Base):
    __tablename__ = "children"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_type_id: Mapped[int] = mapped_column(ForeignKey("casetype.id"))
    schedule_id: Mapped[int] = mapped_column(ForeignKey("celery_schedule.idd"))
"#;
    let f = fixture(files);
    assert_eq!(
        lint(&f, &["SQA304"]),
        "SQA304 [*] 22:57 foreign key `celery_schedule.idd`: table `celery_schedule` has no column `idd`; did you mean `id`?"
    );
    f.host
        .analysis()
        .with_db(|db| {
            let registry = crate::models::model_registry(db);
            for (name, table) in [("CaseType", "casetype"), ("Schedule", "celery_schedule")] {
                let model = registry.by_name(name).next().expect(name);
                assert_eq!(model.tablename.as_deref(), Some(table), "{name}");
            }
        })
        .unwrap();
}

#[test]
fn classes_declared_in_functions_and_reflection_hide_tables() {
    let nested = r#"
#- /tests/test_models.py
from sqlalchemy import Column, ForeignKey, Integer
from m import Base
def test_relationships():
    class Local(Base):
        __tablename__ = "local"
        id = Column(Integer, primary_key=True)
    class Other(Base):
        __tablename__ = "other"
        id = Column(Integer, primary_key=True)
        local_id = Column(ForeignKey("local.idx"))
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    other_id = Column(ForeignKey("other.id"))
    missing_id = Column(ForeignKey("missing.id"))
    things = relationship("User", order_by="Local.id", primaryjoin="User.id == User.other_id", viewonly=True)
"#;
    let f = fixture(nested);
    assert_eq!(f.lint_only("/tests/test_models.py", WIRING), "");
    assert_eq!(lint(&f, WIRING), "SQA304 8:36 foreign key `missing.id`: no table `missing` is mapped or declared");
    // A base class from outside the workspace: its subclasses are not seen as models, but their
    // tables exist.
    let external = "#- /m.py\nfrom sqlalchemy import Column, ForeignKey, Integer\nfrom sqlalchemy.orm import relationship\nfrom vendor.db import Base\nclass Account(Base):\n    __tablename__ = \"accounts\"\n    id = Column(Integer, primary_key=True)\nclass Entry(Base):\n    __tablename__ = \"entries\"\n    account_id = Column(ForeignKey(\"accounts.id\"))\n    other_id = Column(ForeignKey(\"accounts.idd\"))\n    account = relationship(\"Account\", order_by=\"Account.created\")\n";
    assert_eq!(lint(&fixture(external), WIRING), "");
    let reflected =
        format!("{nested}\n#- /app.py\nfrom m import Base\ndef setup(engine):\n    Base.metadata.reflect(engine)\n");
    assert_eq!(lint(&fixture(&reflected), WIRING), "");
}

#[test]
fn unknown_tables_are_not_reported_when_some_table_has_no_name_we_know() {
    let f = legacy(
        r#"NAME = "dynamic"
dynamic = Table(NAME, Base.metadata, Column("id", Integer, primary_key=True))
class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    dynamic_id = Column(Integer, ForeignKey("dynamic.id"))
    customer_id = Column(Integer, ForeignKey("addresses.idd"))
"#,
    );
    assert_eq!(
        lint(&f, &["SQA304"]),
        "SQA304 [*] 10:46 foreign key `addresses.idd`: table `addresses` has no column `idd`; did you mean `id`?"
    );
}

#[test]
fn migrations_are_not_checked_for_foreign_keys() {
    let f = fixture(
        "#- /m.py\nimport sqlalchemy as sa\nfrom alembic import op\ndef upgrade():\n    op.create_table(\"t\", sa.Column(\"x\", sa.ForeignKey(\"gone.id\")))\n",
    );
    assert_eq!(lint(&f, &["SQA304"]), "");
}

// ---- SQA305 foreign-key-type-mismatch ----------------------------------------------------------

#[test]
fn foreign_key_type_mismatch_typed_and_legacy() {
    let files = r#"
#- /m.py
import uuid
from typing import Annotated, NewType, Optional
from sqlalchemy import BigInteger, Column, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, declarative_base
intpk = Annotated[int, mapped_column(primary_key=True)]
UserId = NewType("UserId", int)
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "users"
    id: Mapped[intpk]
    key: Mapped[uuid.UUID] = mapped_column(unique=True)
class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    editor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    owner_key: Mapped[int] = mapped_column(ForeignKey("users.key"))
    reviewer_id: Mapped[UserId] = mapped_column(ForeignKey("users.id"))
    big_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
Legacy = declarative_base()
class Customer(Legacy):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
class Invoice(Legacy):
    __tablename__ = "invoices"
    id = Column(Integer, primary_key=True)
    customer_id = Column(String(20), ForeignKey("customers.id"))
    payer_id = Column(ForeignKey("customers.id"))
    other_id = Column(BigInteger, ForeignKey("customers.id"))
"#;
    let f = fixture(files);
    assert_eq!(
        lint(&f, &["SQA305"]),
        "SQA305 16:5 `Post.author_id` is `str` but references `users.id` (`User.id`), which is `int`\n\
         SQA305 18:5 `Post.owner_key` is `int` but references `users.key` (`User.key`), which is `UUID`\n\
         SQA305 28:5 `Invoice.customer_id` is `str` but references `customers.id` (`Customer.id`), which is `int`"
    );
}

// ---- SQA306 unknown-order-by -------------------------------------------------------------------

#[test]
fn unknown_order_by_attributes_columns_and_bare_names() {
    let f = legacy(
        r#"class Invoice(Base):
    __tablename__ = "invoices"
    id = Column(Integer, primary_key=True)
    lines = relationship("InvoiceLine", order_by="InvoiceLine.positon")
    items = relationship("InvoiceLine", order_by="position", viewonly=True)
    rows = relationship("InvoiceLine", order_by="[InvoiceLine.id, invoice_lines.c.postion.desc()]", viewonly=True)
    other = relationship("InvoiceLine", order_by="Lines.id", viewonly=True)
class InvoiceLine(Base):
    __tablename__ = "invoice_lines"
    id = Column(Integer, primary_key=True)
    invoice_id = Column(ForeignKey("invoices.id"))
    position = Column(Integer)
"#,
    );
    assert_eq!(
        lint(&f, &["SQA306"]),
        "SQA306 [*] 7:50 `order_by=\"InvoiceLine.positon\"`: `InvoiceLine` has no attribute `positon`; did you mean `position`?\n\
         SQA306 [*] 8:50 `order_by=\"position\"`: `position` is neither a mapped class nor a table (names in the string are not looked up on the target); did you mean `InvoiceLine.position`?\n\
         SQA306 [*] 9:49 `order_by=\"[InvoiceLine.id, invoice_lines.c.postion.desc()]\"`: table `invoice_lines` has no column `postion`; did you mean `position`?\n\
         SQA306 10:50 `order_by=\"Lines.id\"`: no mapped class or table `Lines`"
    );
    let after = fixed(&f, false);
    assert!(after.contains("order_by=\"InvoiceLine.position\")\n"));
    assert!(after.contains("order_by=\"InvoiceLine.position\", viewonly=True)\n"));
    assert!(after.contains("order_by=\"[InvoiceLine.id, invoice_lines.c.position.desc()]\""));
}

#[test]
fn valid_order_by_strings_are_not_reported() {
    let files = r#"
#- /app/__init__.py
#- /app/models.py
from typing import List
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, backref
class Base(DeclarativeBase):
    pass
class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    comments: Mapped[List["Comment"]] = relationship(order_by="Comment.id")
    recent: Mapped[List["Comment"]] = relationship(order_by="Comment.created.desc()", viewonly=True)
    oldest: Mapped[List["Comment"]] = relationship(order_by="desc(Comment.created)", viewonly=True)
    both: Mapped[List["Comment"]] = relationship(order_by="[Comment.created, Comment.id]", viewonly=True)
    qualified: Mapped[List["Comment"]] = relationship(order_by="app.models.Comment.id", viewonly=True)
    table: Mapped[List["Comment"]] = relationship(order_by="comments.c.created", viewonly=True)
    expression: Mapped[List["Comment"]] = relationship(order_by="func.lower(Comment.body)", viewonly=True)
    attribute: Mapped[List["Comment"]] = relationship(order_by=lambda: Comment.id, viewonly=True)
class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    created: Mapped[int]
    body: Mapped[str]
    post = relationship("Post", backref=backref("all_comments", order_by="Comment.created"), viewonly=True)
"#;
    assert_eq!(fixture(files).lint_only("/app/models.py", WIRING), "");
}

// ---- SQA307 duplicate-tablename ----------------------------------------------------------------

#[test]
fn duplicate_tablename_in_one_metadata() {
    let files = r#"
#- /app/__init__.py
#- /app/base.py
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
class Other(DeclarativeBase):
    pass
#- /app/users.py
from sqlalchemy.orm import Mapped, mapped_column
from .base import Base, Other
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
class ArchivedUser(Other):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
#- /m.py
from sqlalchemy.orm import Mapped, mapped_column
from app.base import Base
class Account(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str]
    __mapper_args__ = {"polymorphic_on": "type"}
class Manager(Employee):
    __mapper_args__ = {"polymorphic_identity": "manager"}
class Engineer(Employee):
    __tablename__ = "employees"
class Extended(Base):
    __tablename__ = "employees"
    __table_args__ = {"extend_existing": True}
    id: Mapped[int] = mapped_column(primary_key=True)
class Abstract(Base):
    __abstract__ = True
    __tablename__ = "users"
"#;
    let f = fixture(files);
    assert_eq!(
        lint(&f, &["SQA307"]),
        "SQA307 4:21 table `users` is also mapped by `User` (in `app.users`)\n\
         SQA307 7:21 table `employees` is also mapped by `Engineer`\n\
         SQA307 14:21 table `employees` is also mapped by `Employee`"
    );
    assert_eq!(
        f.lint_only("/app/users.py", &["SQA307"]),
        "SQA307 4:21 table `users` is also mapped by `Account` (in `m`)"
    );
}

// ---- SQA308 duplicate-column -------------------------------------------------------------------

#[test]
fn duplicate_columns() {
    let f = legacy(
        r#"class Named:
    name = Column(String)
class User(Named, Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    display = Column("name", String)
    email = Column(String)
    email_copy = Column("email", String)
class Employee(Base):
    __tablename__ = "employees"
    id = Column(Integer, primary_key=True)
    type = Column(String)
    __mapper_args__ = {"polymorphic_on": type}
class Engineer(Employee):
    kind = Column("type", String)
class Manager(Employee):
    __tablename__ = "managers"
    manager_id = Column("id", ForeignKey("employees.id"), primary_key=True)
"#,
    );
    assert_eq!(
        lint(&f, &["SQA308"]),
        "SQA308 9:5 `User.display` maps column `name`, which `Named.name` already maps\n\
         SQA308 11:5 `User.email_copy` maps column `email`, which `User.email` already maps\n\
         SQA308 18:5 `Engineer.kind` maps column `type`, which `Employee.type` already maps"
    );
}

// ---- SQA309 table-args-unknown-column ----------------------------------------------------------

#[test]
fn table_args_unknown_columns() {
    let f = typed(
        r#"from sqlalchemy import Index, UniqueConstraint, PrimaryKeyConstraint, ForeignKeyConstraint, CheckConstraint, text
class Stamped:
    created: Mapped[int]
class Item(Stamped, Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    zip_code: Mapped[str] = mapped_column("zip")
    __table_args__ = (
        UniqueConstraint("name", "created", "nme"),
        Index("ix_items", "zip_code", text("lower(name)")),
        ForeignKeyConstraint(["owner_id"], ["items.id"]),
        CheckConstraint("id > 0"),
        {"schema": "shop"},
    )
"#,
    );
    assert_eq!(
        lint(&f, &["SQA309"]),
        "SQA309 [*] 15:45 `UniqueConstraint` in `Item.__table_args__`: table `items` has no column `nme`; did you mean `name`?\n\
         SQA309 [*] 16:27 `Index` in `Item.__table_args__`: table `items` has no column `zip_code`; did you mean `zip`?\n\
         SQA309 17:31 `ForeignKeyConstraint` in `Item.__table_args__`: table `items` has no column `owner_id`"
    );
    let after = fixed(&f, false);
    assert!(after.contains("UniqueConstraint(\"name\", \"created\", \"name\"),\n        Index(\"ix_items\", \"zip\","));
}

#[test]
fn table_args_of_opaque_tables_are_not_checked() {
    let files = r#"
#- /m.py
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from somelib import LibraryMixin
class Base(DeclarativeBase):
    pass
class Item(LibraryMixin, Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    __table_args__ = (UniqueConstraint("library_column"),)
"#;
    assert_eq!(lint(&fixture(files), &["SQA309"]), "");
}

// ---- SQA310 uselist-mismatch -------------------------------------------------------------------

#[test]
fn uselist_contradicting_the_annotation() {
    let f = typed(
        r#"class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    addresses: Mapped[List["Address"]] = relationship(uselist=False)
    address: Mapped["Address"] = relationship(viewonly=True, uselist=True)
    maybe: Mapped[Optional["Address"]] = relationship(uselist=False, viewonly=True)
    many: Mapped[List["Address"]] = relationship(uselist=True, viewonly=True)
    legacy = relationship("Address", uselist=False, viewonly=True)
class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
"#,
    );
    assert_eq!(
        lint(&f, &["SQA310"]),
        "SQA310 [*] 9:55 `User.addresses` is annotated as a collection (`List[Address]`) but has `uselist=False`\n\
         SQA310 [*] 10:62 `User.address` is annotated as a single object (`Address`) but has `uselist=True`"
    );
    let after = fixed(&f, true);
    assert!(after.contains("    addresses: Mapped[List[\"Address\"]] = relationship()\n"));
    assert!(after.contains("    address: Mapped[\"Address\"] = relationship(viewonly=True)\n"));
    assert_eq!(fixed(&f, false), f.host.analysis().text(f.host.file("/m.py").unwrap()).unwrap().to_string());
}

// ---- SQA311 unknown-cascade-option / SQA312 delete-orphan-without-delete ------------------------

#[test]
fn cascade_options() {
    let f = legacy(
        r#"class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    items = relationship("Item", cascade="all, delete-orphn")
    notes = relationship("Note", cascade="save-update,delete_orphan", backref=backref("order", cascade="merge, expunge, bogus"))
    tags = relationship("Tag", cascade="save-update, merge, delete-orphan")
    ok = relationship("Item", cascade="all, delete-orphan", viewonly=True)
    fine = relationship("Item", cascade="save-update, merge, delete, delete-orphan, refresh-expire, expunge", viewonly=True)
    nothing = relationship("Item", cascade="none", viewonly=True)
class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"))
class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"))
class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"))
def unrelated(cascade):
    return dict(cascade="whatever")
"#,
    );
    assert_eq!(
        lint(&f, &["SQA311", "SQA312"]),
        "SQA311 [*] 7:42 unknown cascade option `delete-orphn`; did you mean `delete-orphan`?\n\
         SQA311 [*] 8:42 unknown cascade option `delete_orphan`; did you mean `delete-orphan`?\n\
         SQA311 8:104 unknown cascade option `bogus`\n\
         SQA312 [*] 9:40 `delete-orphan` cascade without `delete`"
    );
    let safe = fixed(&f, false);
    assert!(safe.contains("cascade=\"all, delete-orphan\")\n"));
    assert!(safe.contains("cascade=\"save-update,delete-orphan\""));
    assert!(safe.contains("cascade=\"save-update, merge, delete-orphan\")\n"));
    assert!(fixed(&f, true).contains("cascade=\"save-update, merge, delete, delete-orphan\")\n"));
}

// ---- SQA313 relationship-missing-foreign-key ---------------------------------------------------

#[test]
fn relationship_without_foreign_key_typed_gets_an_unsafe_column() {
    let f = typed(
        r#"class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    orders: Mapped[List["Order"]] = relationship(back_populates="customer")
class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped[Optional["Customer"]] = relationship(back_populates="orders")
"#,
    );
    assert_eq!(
        lint(&f, &["SQA313"]),
        "SQA313 9:5 `Customer.orders`: no foreign key links `customers` and `orders` (SQLAlchemy raises `NoForeignKeysError`)\n\
         SQA313 [*] 13:5 `Order.customer`: no foreign key links `orders` and `customers` (SQLAlchemy raises `NoForeignKeysError`)"
    );
    assert!(fixed(&f, true).contains(
        "    id: Mapped[int] = mapped_column(primary_key=True)\n    customer_id: Mapped[Optional[int]] = mapped_column(ForeignKey(\"customers.id\"))\n    customer: Mapped[Optional[\"Customer\"]]"
    ));
}

#[test]
fn relationship_without_foreign_key_legacy() {
    let f = fixture(
        r#"#- /m.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    addresses = relationship("Address", backref="customer")
class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    profile = relationship("Customer", uselist=False)
"#,
    );
    assert_eq!(
        lint(&f, &["SQA313"]),
        "SQA313 7:5 `Customer.addresses`: no foreign key links `customers` and `addresses` (SQLAlchemy raises `NoForeignKeysError`)\n\
         SQA313 [*] 11:5 `Address.profile`: no foreign key links `addresses` and `customers` (SQLAlchemy raises `NoForeignKeysError`)"
    );
    assert_eq!(
        f.fixed_only("/m.py", &["SQA313"], true),
        "from sqlalchemy import Column, Integer, ForeignKey\nfrom sqlalchemy.orm import declarative_base, relationship\nBase = declarative_base()\nclass Customer(Base):\n    __tablename__ = \"customers\"\n    id = Column(Integer, primary_key=True)\n    addresses = relationship(\"Address\", backref=\"customer\")\nclass Address(Base):\n    __tablename__ = \"addresses\"\n    id = Column(Integer, primary_key=True)\n    customer_id = Column(ForeignKey(\"customers.id\"))\n    profile = relationship(\"Customer\", uselist=False)\n"
    );
}

#[test]
fn relationships_with_a_join_are_not_reported() {
    let files = r#"
#- /app/__init__.py
#- /app/mixins.py
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, declared_attr
class HasAuthor:
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
class HasEditor:
    @declared_attr
    def editor_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("users.id"))
#- /m.py
from typing import List, Optional
from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from app.mixins import HasAuthor, HasEditor
class Base(DeclarativeBase):
    pass
tags = Table("post_tags", Base.metadata, Column("post_id", ForeignKey("posts.id")), Column("tag_id", ForeignKey("tags.id")))
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    posts: Mapped[List["Post"]] = relationship(back_populates="author")
    edits: Mapped[List["Edit"]] = relationship()
    likes: Mapped[List["Post"]] = relationship(primaryjoin="User.id == Post.id", viewonly=True)
    reviews: Mapped[List["Review"]] = relationship()
    managed: Mapped[List["Manager"]] = relationship()
class Post(HasAuthor, Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author: Mapped["User"] = relationship(back_populates="posts")
    tags: Mapped[List["Tag"]] = relationship(secondary=tags)
    also_tags: Mapped[List["Tag"]] = relationship("Tag", tags, viewonly=True)
    liked_by: Mapped[List["User"]] = relationship(secondary="post_tags", viewonly=True)
    by_key: Mapped[Optional["User"]] = relationship(foreign_keys="Post.author_id", viewonly=True)
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
class Edit(HasEditor, Base):
    __tablename__ = "edits"
    id: Mapped[int] = mapped_column(primary_key=True)
class Review(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_key: Mapped[int]
    __table_args__ = (ForeignKeyConstraint(["user_key"], ["users.id"]),)
class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    type: Mapped[str]
    __mapper_args__ = {"polymorphic_on": "type"}
class Manager(Employee):
    __tablename__ = "managers"
    id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    boss: Mapped["User"] = relationship()
class Temp(Employee):
    agency: Mapped["User"] = relationship(viewonly=True)
class Badge(Base):
    __tablename__ = "badges"
    id: Mapped[int] = mapped_column(primary_key=True)
    holder: Mapped["Tag"] = relationship()
"#;
    // All of them have a join but the last one.
    assert_eq!(
        lint(&fixture(files), &["SQA313"]),
        "SQA313 [*] 50:5 `Badge.holder`: no foreign key links `badges` and `tags` (SQLAlchemy raises `NoForeignKeysError`)"
    );
}

#[test]
fn module_qualified_relationship_targets_resolve() {
    let files = r#"
#- /app/__init__.py
#- /app/models.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class Parent(Base):
    __tablename__ = "parents"
    id = Column(Integer, primary_key=True)
    children = relationship("app.models.Child", back_populates="parent")
    strays = relationship("other.models.Child", viewonly=True)
class Child(Base):
    __tablename__ = "children"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("parents.id"))
    parent = relationship("Parent", back_populates="children")
"#;
    let fixture = Fixture::new(files, crate::Series::V20);
    let findings = fixture.lint("/app/models.py");
    assert!(!findings.contains("SQA3"), "{findings}");
    assert!(
        findings.contains("`Parent.children` has no `Mapped[...]` annotation; it holds `List[Child]`"),
        "{findings}"
    );
    assert!(findings.contains("`Parent.strays` has no `Mapped[...]` annotation\n"), "not a module of the workspace");
}

// ---- Found by comparison with sqlalchemy-lsp (tests/wiring_comparison) --------------------------

#[test]
fn relationship_targets_named_by_the_annotation_or_overriding_it() {
    let f = fixture(
        r#"#- /m.py
from typing import TYPE_CHECKING, List, Optional
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
if TYPE_CHECKING:
    from other import Elsewhere
class Base(DeclarativeBase):
    pass
class Helper:
    pass
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    addresses: Mapped[List["Adress"]] = relationship()
    orders: Mapped[Optional["Ordr"]] = relationship()
    fine: Mapped[List["Address"]] = relationship(back_populates="owner")
    imported: Mapped[List["Elsewhere"]] = relationship()
    local: Mapped["Helper"] = relationship()
class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    owner: Mapped["User"] = relationship("Usr", back_populates="fine")
    by_class: Mapped["User"] = relationship(User, viewonly=True)
"#,
    );
    assert_eq!(
        lint(&f, &["SQA301"]),
        "SQA301 [*] 13:16 `User.addresses`: the annotation names `Adress`, which is not a mapped class; did you mean `Address`?\n\
         SQA301 14:13 `User.orders`: the annotation names `Ordr`, which is not a mapped class"
            .to_owned()
            + "\nSQA301 [*] 22:42 `Address.owner`: no mapped class `Usr`; did you mean `User`?"
    );
    let safe = fixed(&f, false);
    assert!(safe.contains("    addresses: Mapped[List[\"Address\"]] = relationship()\n"));
    assert!(safe.contains("    owner: Mapped[\"User\"] = relationship(\"User\", back_populates=\"fine\")\n"));
}

#[test]
fn attributes_declared_twice_in_a_class_body() {
    let f = typed(
        r#"class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    if True:
        body: Mapped[str] = mapped_column()
    else:
        body: Mapped[str] = mapped_column(String(10))
    @property
    def slug(self) -> str:
        return self.title
    @slug.setter
    def slug(self, value: str) -> None:
        pass
class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    name = Column(String(50))
    label = "x"
    label = "y"
"#,
    );
    assert_eq!(
        lint(&f, &["SQA308"]),
        "SQA308 10:5 `Post.title` is declared again: the declaration on line 9 is dropped\n\
         SQA308 25:5 `Tag.name` is declared again: the declaration on line 24 is dropped"
    );
}

#[test]
fn missing_primary_key_typed_and_legacy() {
    let f = fixture(
        r#"#- /m.py
from typing import Annotated
from sqlalchemy import Column, ForeignKey, Integer, PrimaryKeyConstraint, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, declarative_base
from other import pk_type
class Base(DeclarativeBase):
    pass
intpk = Annotated[int, mapped_column(primary_key=True)]
class HasId:
    id: Mapped[int] = mapped_column(primary_key=True)
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column()
    name: Mapped[str]
class Label(Base):
    __tablename__ = "labels"
    name: Mapped[str]
class Mixed(HasId, Base):
    __tablename__ = "mixed"
class Aliased(Base):
    __tablename__ = "aliased"
    id: Mapped[intpk]
class Unknown(Base):
    __tablename__ = "unknown"
    id: Mapped[pk_type]
class Composite(Base):
    __tablename__ = "composite"
    a: Mapped[int]
    b: Mapped[int]
    __table_args__ = (PrimaryKeyConstraint("a", "b"),)
class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
class Engineer(Employee):
    pass
class Manager(Employee):
    __tablename__ = "managers"
    boss: Mapped[int] = mapped_column(ForeignKey("employees.id"))
class Mapped_(Base):
    __table__ = Table("things", Base.metadata, Column("x", Integer))
class ByMapper(Base):
    __tablename__ = "by_mapper"
    x: Mapped[int]
    __mapper_args__ = {"primary_key": [x]}
Legacy = declarative_base()
class Old(Legacy):
    __tablename__ = "old"
    id = Column(Integer)
    name = Column(String(50))
"#,
    );
    assert_eq!(
        lint(&f, &["SQA314"]),
        "SQA314 [*] 10:7 `Tag` has no primary key column (SQLAlchemy raises `ArgumentError`: could not assemble any primary key columns)\n\
         SQA314 14:7 `Label` has no primary key column (SQLAlchemy raises `ArgumentError`: could not assemble any primary key columns)\n\
         SQA314 [*] 45:7 `Old` has no primary key column (SQLAlchemy raises `ArgumentError`: could not assemble any primary key columns)"
    );
    let fixed = f.fixed_only("/m.py", &["SQA314"], true);
    assert!(
        fixed.contains("    id: Mapped[int] = mapped_column(primary_key=True)\n    name: Mapped[str]\nclass Label")
    );
    assert!(fixed.contains("    id = Column(Integer, primary_key=True)\n    name = Column(String(50))\n"));
}

#[test]
fn ambiguous_foreign_keys_on_both_sides() {
    let f = typed(
        r#"class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    posts: Mapped[List["Post"]] = relationship(back_populates="author")
    edits: Mapped[List["Post"]] = relationship(foreign_keys="Post.editor_id", viewonly=True)
class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    editor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")
    editor: Mapped[Optional["User"]] = relationship(primaryjoin="Post.editor_id == User.id", viewonly=True)
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    post: Mapped["Post"] = relationship()
"#,
    );
    assert_eq!(
        lint(&f, &["SQA315"]),
        "SQA315 [*] 9:5 `User.posts`: 2 foreign keys link `users` and `posts` (`posts.author_id`, `posts.editor_id`); SQLAlchemy raises `AmbiguousForeignKeysError` without `foreign_keys=`\n\
         SQA315 [*] 16:5 `Post.author`: 2 foreign keys link `posts` and `users` (`posts.author_id`, `posts.editor_id`); SQLAlchemy raises `AmbiguousForeignKeysError` without `foreign_keys=`"
    );
    let fixed = fixed(&f, true);
    assert!(fixed.contains("relationship(back_populates=\"author\", foreign_keys=\"Post.author_id\")\n"));
    assert!(fixed.contains("relationship(back_populates=\"posts\", foreign_keys=\"Post.author_id\")\n"));
}

#[test]
fn ambiguous_foreign_keys_legacy_backref_and_constraints() {
    let f = legacy(
        r#"class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    orders = relationship("Order", backref="customer")
    shipments = relationship("Order", foreign_keys="Order.shipper_id", backref="shipper")
    accounts = relationship("Account")
class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"))
    shipper_id = Column(Integer, ForeignKey("customers.id"))
class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (ForeignKeyConstraint(["a", "b"], ["customers.id", "customers.id"]),)
    id = Column(Integer, primary_key=True)
    a = Column(Integer)
    b = Column(Integer)
"#,
    );
    assert_eq!(
        lint(&f, &["SQA315"]),
        "SQA315 [*] 7:5 `Customer.orders`: 2 foreign keys link `customers` and `orders` (`orders.customer_id`, `orders.shipper_id`); SQLAlchemy raises `AmbiguousForeignKeysError` without `foreign_keys=`"
    );
    assert!(
        fixed(&f, true).contains("relationship(\"Order\", backref=\"customer\", foreign_keys=\"Order.customer_id\")\n")
    );
}

#[test]
fn same_named_tables_in_two_schemas_are_not_ambiguous() {
    // `events.roles` and `categories.roles` are two tables: one key reaches each, as SQLAlchemy
    // 2.0 configures it (both many-to-one, no `AmbiguousForeignKeysError`).
    let f = legacy(
        r#"class EventRole(Base):
    __tablename__ = "roles"
    __table_args__ = {"schema": "events"}
    id = Column(Integer, primary_key=True)
class CategoryRole(Base):
    __tablename__ = "roles"
    __table_args__ = {"schema": "categories"}
    id = Column(Integer, primary_key=True)
class Principal(Base):
    __tablename__ = "principals"
    __table_args__ = {"schema": "events"}
    id = Column(Integer, primary_key=True)
    event_role_id = Column(Integer, ForeignKey("events.roles.id"))
    category_role_id = Column(Integer, ForeignKey("categories.roles.id"))
    event_role = relationship("EventRole")
    category_role = relationship("CategoryRole")
"#,
    );
    assert_eq!(lint(&f, &["SQA315"]), "");
    let directions = f
        .host
        .analysis()
        .with_db(|db| {
            let registry = crate::models::model_registry(db);
            let principal = registry.by_name("Principal").next().expect("Principal");
            ["event_role", "category_role"]
                .map(|name| principal.attribute(name).and_then(|a| a.shape.as_ref()).and_then(|s| s.direction))
        })
        .unwrap();
    assert_eq!(directions, [Some(crate::schema::Direction::ManyToOne); 2]);
}

#[test]
fn relationship_argument_contradicting_the_annotation() {
    let f = typed(
        r#"class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]
    __mapper_args__ = {"polymorphic_on": "kind"}
class Admin(User):
    pass
class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["Admin"] = relationship("Post", viewonly=True)
    writer: Mapped["User"] = relationship("Admin", viewonly=True)
    same: Mapped[Optional["User"]] = relationship(User, viewonly=True)
    other: Mapped[List["User"]] = relationship(Post, viewonly=True)
"#,
    );
    assert_eq!(
        lint(&f, &["SQA316"]),
        "SQA316 17:44 `Post.author` is annotated with `Admin` but the relationship maps `Post`: the attribute holds `Post` objects\n\
         SQA316 20:48 `Post.other` is annotated with `User` but the relationship maps `Post`: the attribute holds `Post` objects"
    );
}

#[test]
fn self_referential_single_object_needs_remote_side() {
    let f = typed(
        r#"class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employees.id"))
    manager: Mapped[Optional["Employee"]] = relationship(back_populates="reports")
    reports: Mapped[List["Employee"]] = relationship(back_populates="manager")
    boss: Mapped[Optional["Employee"]] = relationship(remote_side=[id], viewonly=True)
    chief: Mapped[Optional["Employee"]] = relationship(primaryjoin="Employee.manager_id == Employee.id", viewonly=True)
class Node(Base):
    __tablename__ = "nodes"
    id: Mapped[int] = mapped_column(primary_key=True)
    twin: Mapped[Optional["Node"]] = relationship()
"#,
    );
    assert_eq!(
        lint(&f, &["SQA317"]),
        "SQA317 [*] 10:5 `Employee.manager` refers to its own class as a single object without `remote_side=`: SQLAlchemy loads it as one-to-many (a row whose key points at this one), not the row this one points at"
    );
    assert!(fixed(&f, true).contains("relationship(back_populates=\"reports\", remote_side=\"Employee.id\")\n"));
    let f = legacy(
        r#"class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("items.id"))
    children = relationship("Item", backref=backref("parent", remote_side=[id]))
    first = relationship("Item", uselist=False)
    up = relationship("Item", uselist=False, remote_side=[id], viewonly=True)
"#,
    );
    assert_eq!(
        lint(&f, &["SQA317"]),
        "SQA317 [*] 9:5 `Item.first` refers to its own class as a single object without `remote_side=`: SQLAlchemy loads it as one-to-many (a row whose key points at this one), not the row this one points at"
    );
}

#[test]
fn single_object_many_to_many() {
    let f = typed(
        r#"post_tags = Table("post_tags", Base.metadata, Column("post_id", ForeignKey("posts.id")), Column("tag_id", ForeignKey("tags.id")))
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    posts: Mapped[List["Post"]] = relationship(secondary=post_tags, back_populates="tags")
    featured: Mapped[Optional["Post"]] = relationship(secondary=post_tags, back_populates="feature")
class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    tags: Mapped["Tag"] = relationship(secondary=post_tags, back_populates="posts")
    feature: Mapped[Optional["Tag"]] = relationship(secondary=post_tags, back_populates="featured")
"#,
    );
    assert_eq!(
        lint(&f, &["SQA310"]),
        "SQA310 15:5 `Post.tags` is annotated as a single object (`Tag`) but is a many-to-many whose other side `Tag.posts` is a collection"
    );
}

#[test]
fn one_to_one_without_a_unique_key() {
    let f = typed(
        r#"class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile: Mapped["Profile"] = relationship(uselist=False, back_populates="user")
    card: Mapped["Card"] = relationship(uselist=False)
    badge: Mapped["Badge"] = relationship(uselist=False)
class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped["User"] = relationship(uselist=False, back_populates="profile")
class Card(Base):
    __tablename__ = "cards"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
class Badge(Base):
    __tablename__ = "badges"
    __table_args__ = (UniqueConstraint("user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
"#,
    );
    assert_eq!(
        lint(&f, &["SQA318"]),
        "SQA318 [*] 9:5 `User.profile` is one-to-one (`uselist=False`) but `profiles.user_id` is not unique: the database allows several `Profile` rows per `User`\n\
         SQA318 [*] 16:5 `Profile.user` is one-to-one (`uselist=False`) but `profiles.user_id` is not unique: the database allows several `Profile` rows per `User`"
    );
    assert!(
        fixed(&f, true).contains(
            "    user_id: Mapped[int] = mapped_column(ForeignKey(\"users.id\"), unique=True)\n    user: Mapped"
        )
    );
}

#[test]
fn cycles_of_many_to_one_relationships() {
    let f = legacy(
        r#"class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    b_id = Column(Integer, ForeignKey("b.id"))
    b = relationship("B")
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    c_id = Column(Integer, ForeignKey("c.id"))
    c = relationship("C")
class C(Base):
    __tablename__ = "c"
    id = Column(Integer, primary_key=True)
    a_id = Column(Integer, ForeignKey("a.id"))
    a = relationship("A")
class D(Base):
    __tablename__ = "d"
    id = Column(Integer, primary_key=True)
    e_id = Column(Integer, ForeignKey("e.id"))
    e = relationship("E")
class E(Base):
    __tablename__ = "e"
    id = Column(Integer, primary_key=True)
    d_id = Column(Integer, ForeignKey("d.id"))
    d = relationship("D", foreign_keys=[d_id], post_update=True)
"#,
    );
    assert_eq!(
        lint(&f, &["SQA319"]),
        "SQA319 8:5 many-to-one relationships form a cycle (`A.b` → `B.c` → `C.a` → `A`): rows that point at each other cannot be inserted in one flush (`CircularDependencyError`); set `post_update=True` on one of them\n\
         SQA319 13:5 many-to-one relationships form a cycle (`B.c` → `C.a` → `A.b` → `B`): rows that point at each other cannot be inserted in one flush (`CircularDependencyError`); set `post_update=True` on one of them\n\
         SQA319 18:5 many-to-one relationships form a cycle (`C.a` → `A.b` → `B.c` → `C`): rows that point at each other cannot be inserted in one flush (`CircularDependencyError`); set `post_update=True` on one of them"
    );
}

#[test]
fn one_table_name_in_two_database_schemas_is_two_tables() {
    // indico's pattern: `tokens` in the `oauth` schema and `tokens` in the default one.
    let files = r#"
#- /m.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base, declared_attr
Base = declarative_base()
class OAuthToken(Base):
    __tablename__ = "tokens"
    __table_args__ = {"schema": "oauth"}
    id = Column(Integer, primary_key=True)
class Token(Base):
    __tablename__ = "tokens"
    id = Column(Integer, primary_key=True)
class ComputedArgs(Base):
    __tablename__ = "tokens"
    @declared_attr
    def __table_args__(cls):
        return {"schema": cls.__name__.lower()}
    id = Column(Integer, primary_key=True)
class Again(Base):
    __tablename__ = "tokens"
    __table_args__ = ({"schema": "oauth"},)
    id = Column(Integer, primary_key=True)
"#;
    let f = fixture(files);
    // Only the pair in one schema; the computed schema is unknown, so it is never reported.
    assert_eq!(
        lint(&f, &["SQA307"]),
        "SQA307 5:21 table `tokens` is also mapped by `Again`\n\
         SQA307 18:21 table `tokens` is also mapped by `OAuthToken`"
    );
}

#[test]
fn relationship_target_mismatch_looks_names_up_in_the_models_registry() {
    // `Tag` and `Note` exist in two registries (an Alembic-like copy with its own base): the
    // annotation and the argument are looked up in `Post`'s registry, as SQLAlchemy does.
    let files = r#"
#- /other.py
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base
OtherBase = declarative_base()
class Tag(OtherBase):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
class Note(OtherBase):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
#- /m.py
from sqlalchemy import Column, ForeignKey, Integer, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
links = Table("links", Base.metadata, Column("post_id", ForeignKey("posts.id")), Column("tag_id", ForeignKey("tags.id")))
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    tags: Mapped[list["Note"]] = relationship("Tag", secondary=links)
"#;
    let f = fixture(files);
    let found = lint(&f, &["SQA316"]);
    assert!(found.starts_with("SQA316") && found.contains("`Post.tags`"), "{found}");
}
