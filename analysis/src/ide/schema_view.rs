//! The schema as one picture: every mapped class and Core `Table(...)` with its columns, keys and
//! relationships, as plain data (what `sqla schema` prints and the editors draw).
//!
//! Each field group is built by one small function reading today's model registry and table
//! declarations, so their sources can move to the `schema` module without changing the shape.
//! What we cannot prove stays `None` (`null` in JSON): a relationship's direction is never guessed.

use crate::db::{Db, SourceFile};
use crate::hir::Expr;
use crate::models::{AttrKind, BaseKind, Collection, Model, ModelAttr, ModelRegistry, model_registry};
pub use crate::schema::Direction;
use crate::schema::table_decls;
use crate::syntax::Encoding;
use crate::types::{Class, ClassRef, Ty};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemaView {
    /// Sorted by module, then name.
    pub models: Vec<ModelView>,
    /// Core `Table(...)` declarations, sorted by name, then file.
    pub tables: Vec<TableView>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelView {
    pub name: String,
    /// Dotted module name (`shop.models`).
    pub module: Option<String>,
    /// The table it maps; `None` when not provable (computed `__tablename__`, abstract classes).
    pub table: Option<String>,
    /// Relative to the project root ('/'-separated).
    pub file: String,
    /// 1-based line of the class name.
    pub line: u32,
    pub is_abstract: bool,
    pub style: DeclarationStyle,
    /// The mapped classes it derives from, nearest first (inheritance).
    pub inherits: Vec<String>,
    /// Own and inherited columns, as SQLAlchemy's mapper lists them.
    pub columns: Vec<ColumnView>,
    /// Own, inherited and created by another class's `backref=`.
    pub relationships: Vec<RelationshipView>,
}

/// How a model's base is declared: it decides what type checkers see of the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeclarationStyle {
    /// `DeclarativeBase`, `@as_declarative`, `@registry.mapped`.
    Typed,
    /// `declarative_base()`, `registry().generate_base()`.
    Legacy,
    /// Flask-SQLAlchemy `db.Model`.
    Flask,
    /// SQLModel `table=True` classes.
    SqlModel,
    /// `registry.map_imperatively(User, users)` / classical `mapper(...)`.
    Imperative,
}

impl DeclarationStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            DeclarationStyle::Typed => "typed",
            DeclarationStyle::Legacy => "legacy",
            DeclarationStyle::Flask => "flask",
            DeclarationStyle::SqlModel => "sqlmodel",
            DeclarationStyle::Imperative => "imperative",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnView {
    /// The attribute key (for Core tables, the column name).
    pub name: String,
    /// The column's name in its table.
    pub column: String,
    /// The runtime class of its values (`int`, `datetime.datetime`, `shop.models.Status`).
    pub python_type: Option<String>,
    /// As written (`String(50)`, `Numeric(10, 2)`).
    pub sql_type: Option<String>,
    pub nullable: Option<bool>,
    pub primary_key: bool,
    /// `table.column` as written in `ForeignKey(...)`.
    pub foreign_keys: Vec<String>,
    /// Declared with `Mapped[...]`.
    pub typed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationshipView {
    pub name: String,
    /// The target class's name.
    pub target: Option<String>,
    pub target_module: Option<String>,
    pub direction: Option<Direction>,
    pub uselist: Option<bool>,
    /// `list`, `set`, `dict`, `scalar`, or a custom collection class's name.
    pub collection: Option<String>,
    pub lazy: Option<String>,
    pub back_populates: Option<String>,
    pub backref: Option<String>,
    /// For a scalar side: whether it may be `None` (always, unless many-to-one over foreign key
    /// columns that are all NOT NULL). `None` for collections and where the direction is unknown.
    pub optional: Option<bool>,
    /// Declared with `Mapped[...]` (or one of its variants).
    pub typed: bool,
    /// Created on this class by another class's `backref=`.
    pub via_backref: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableView {
    pub name: String,
    pub file: String,
    pub line: u32,
    pub columns: Vec<ColumnView>,
}

pub fn schema_view(db: &dyn Db) -> SchemaView {
    let registry = model_registry(db);
    // An installed package's models are what the project builds on, not part of its picture.
    let mut models: Vec<ModelView> = registry
        .models
        .iter()
        .filter(|m| !crate::db::is_library(db, m.class.file))
        .map(|m| model_view(db, registry, m))
        .collect();
    models.sort_by(|a, b| (&a.module, &a.name, &a.file).cmp(&(&b.module, &b.name, &b.file)));
    let mut view = SchemaView { models, tables: core_tables(db) };
    fill_core_foreign_key_types(&mut view);
    view
}

fn model_view(db: &dyn Db, registry: &ModelRegistry, model: &Model) -> ModelView {
    let class = &model.class;
    ModelView {
        name: class.name.to_string(),
        module: module_of(db, class.file),
        table: model.tablename.as_ref().map(|t| t.to_string()),
        file: relative_path(db, class.file),
        line: crate::semantics::declaration_range(db, class, None)
            .map(|(file, name)| line_of(db, file, name.start().into()))
            .unwrap_or(1),
        is_abstract: model.is_abstract,
        style: match model.base_kind {
            BaseKind::Typed => DeclarationStyle::Typed,
            BaseKind::Legacy => DeclarationStyle::Legacy,
            BaseKind::Flask => DeclarationStyle::Flask,
            BaseKind::SqlModel => DeclarationStyle::SqlModel,
            BaseKind::Imperative => DeclarationStyle::Imperative,
        },
        inherits: model.bases.iter().filter(|b| registry.model(b).is_some()).map(|b| b.name.to_string()).collect(),
        columns: inherited_first(model.attributes.iter().filter(|a| a.kind == AttrKind::Column))
            .map(|a| column_view(db, a))
            .collect(),
        relationships: model
            .attributes
            .iter()
            .filter(|a| a.kind == AttrKind::Relationship)
            .map(|a| relationship_view(db, a))
            .collect(),
    }
}

/// The registry lists own attributes first, then each base's; the mapper lists a base's columns
/// before its subclass's.
fn inherited_first<'m>(attributes: impl Iterator<Item = &'m ModelAttr>) -> impl Iterator<Item = &'m ModelAttr> {
    let mut groups: Vec<Vec<&ModelAttr>> = Vec::new();
    for attr in attributes {
        match groups.last_mut() {
            Some(group) if group[0].declared_in == attr.declared_in => group.push(attr),
            _ => groups.push(vec![attr]),
        }
    }
    groups.into_iter().rev().flatten()
}

// ---- Columns --------------------------------------------------------------------------------------

fn column_view(db: &dyn Db, attr: &ModelAttr) -> ColumnView {
    ColumnView {
        name: attr.name.to_string(),
        column: attr.column_name.as_ref().unwrap_or(&attr.name).to_string(),
        python_type: python_type(db, &attr.python),
        sql_type: attr.sql_type.as_ref().map(|s| s.to_string()),
        nullable: nullable(attr),
        primary_key: attr.primary_key,
        foreign_keys: attr.foreign_keys.iter().map(|f| f.to_string()).collect(),
        typed: attr.typed,
    }
}

/// `nullable=` as written wins over the annotation (as in SQLAlchemy); a primary key is NOT NULL;
/// otherwise `Optional[...]` decides for typed columns and a legacy column is nullable.
fn nullable(attr: &ModelAttr) -> Option<bool> {
    match attr.value.as_deref().and_then(|call| call.kwarg("nullable")) {
        Some(written) => written.as_bool(),
        None if attr.primary_key => Some(false),
        None => Some(attr.nullable.unwrap_or(true)),
    }
}

/// The class of the values a column loads, by its runtime name; `None` when we cannot prove one.
fn python_type(db: &dyn Db, ty: &Ty) -> Option<String> {
    match ty.without_none() {
        Ty::Instance(Class::Ext(name), _) => runtime_class_name(&name),
        // Workspace classes on a column are enums (`Enum(Status)`, `Mapped[Status]`).
        Ty::Instance(Class::User(class), _) => Some(qualified_name(db, &class)),
        Ty::Literal(crate::types::Literal::Str(_)) => Some("str".to_owned()),
        Ty::Tuple(..) => Some("tuple".to_owned()),
        _ => None,
    }
}

fn runtime_class_name(canonical: &str) -> Option<String> {
    if let Some(builtin) = canonical.strip_prefix("builtins.") {
        return Some(builtin.to_owned());
    }
    let name = match canonical {
        "typing.List" => "list",
        "typing.Dict" => "dict",
        "typing.Set" => "set",
        "typing.FrozenSet" => "frozenset",
        "typing.Tuple" => "tuple",
        // The standard library's value classes; type variables, typing constructs, SQLAlchemy's
        // generics and third-party names (`pydantic.NaiveDatetime` is an annotated `datetime`) are
        // not runtime classes we can vouch for.
        other if ["datetime.", "decimal.", "uuid.", "ipaddress."].iter().any(|m| other.starts_with(m)) => other,
        _ => return None,
    };
    Some(name.to_owned())
}

// ---- Relationships --------------------------------------------------------------------------------

/// A relationship as `schema::relationship_shape` decides it (direction, collection, optionality).
fn relationship_view(db: &dyn Db, attr: &ModelAttr) -> RelationshipView {
    let shape = attr.shape.as_ref();
    let collection = shape.and_then(|s| {
        Some(match s.collection? {
            Collection::Scalar => "scalar".to_owned(),
            Collection::Set => "set".to_owned(),
            Collection::Dict => "dict".to_owned(),
            Collection::Custom => s.collection_class.as_ref()?.to_string(),
            Collection::List | Collection::WriteOnly | Collection::Dynamic => "list".to_owned(),
        })
    });
    RelationshipView {
        name: attr.name.to_string(),
        target: attr.target.as_ref().map(|t| t.name.to_string()),
        target_module: attr.target.as_ref().and_then(|t| module_of(db, t.file)),
        direction: shape.and_then(|s| s.direction),
        uselist: shape.and_then(|s| s.collection).map(|c| c != Collection::Scalar),
        collection,
        lazy: lazy(attr, own_call(attr)),
        back_populates: attr.back_populates.as_ref().map(|s| s.to_string()),
        backref: attr.backref.as_ref().map(|s| s.to_string()),
        optional: shape.and_then(|s| s.optional),
        // The side a `backref=` creates has no annotation, whatever the declaring side has.
        typed: attr.typed && !attr.via_backref,
        via_backref: attr.via_backref,
    }
}

/// The call whose keywords configure this side: its `relationship(...)`, or for a side created by
/// `backref=backref("name", ...)` that `backref(...)` call (a plain `backref="name"` has none).
fn own_call(attr: &ModelAttr) -> Option<&Expr> {
    let value = attr.value.as_deref().filter(|v| matches!(v, Expr::Call { .. }))?;
    if attr.via_backref { value.kwarg("backref").filter(|b| matches!(b, Expr::Call { .. })) } else { Some(value) }
}

/// The loader strategy: as written, the typed variants' own, else SQLAlchemy's default `select`
/// (unknown when `lazy=` is not a literal).
fn lazy(attr: &ModelAttr, call: Option<&Expr>) -> Option<String> {
    if let Some(lazy) = &attr.lazy {
        return Some(lazy.to_string());
    }
    if attr.typed {
        match attr.collection {
            Some(Collection::WriteOnly) => return Some("write_only".to_owned()),
            Some(Collection::Dynamic) => return Some("dynamic".to_owned()),
            _ => {}
        }
    }
    // The legacy spellings SQLAlchemy still accepts; any other expression is unknown.
    let name = match call.and_then(|c| c.kwarg("lazy")) {
        None | Some(Expr::Bool(true)) => "select",
        Some(Expr::Bool(false)) => "joined",
        Some(Expr::NoneLit) => "noload",
        Some(_) => return None,
    };
    Some(name.to_owned())
}

// ---- Core tables ----------------------------------------------------------------------------------

fn core_tables(db: &dyn Db) -> Vec<TableView> {
    let mut tables = Vec::new();
    for &file in db.project().files(db).iter() {
        if !*file.exists(db) || crate::db::is_library(db, file) {
            continue;
        }
        // A table built in a function exists only when it runs: not part of the declared schema.
        for decl in table_decls(db, file).tables.iter().filter(|d| !d.in_function) {
            let Some(name) = &decl.name else { continue };
            // The columns read as a class mapped onto the table reads them.
            let owner = ClassRef { file, name: name.clone() };
            let columns = decl.columns.iter().map(|c| column_view(db, &crate::models::table_column(&owner, &c.info)));
            tables.push(TableView {
                name: name.to_string(),
                file: relative_path(db, file),
                line: line_of(db, file, decl.full_range.0),
                columns: columns.collect(),
            });
        }
    }
    tables.sort_by(|a, b| (&a.name, &a.file, a.line).cmp(&(&b.name, &b.file, b.line)));
    tables
}

/// `Column("user_id", ForeignKey("users.id"))` takes the referenced column's type, as SQLAlchemy
/// does when it creates the table.
fn fill_core_foreign_key_types(view: &mut SchemaView) {
    // `schema.table.column`: tables of one name in two schemas must agree, or the type is unknown.
    let referenced = |view: &SchemaView, fk: &str| -> Option<(Option<String>, Option<String>)> {
        let (_, column) = fk.rsplit_once('.')?;
        let table = crate::schema::referenced_table(fk);
        let models = view.models.iter().filter(|m| m.table.as_deref() == Some(table)).map(|m| &m.columns);
        let tables = view.tables.iter().filter(|t| t.name == table).map(|t| &t.columns);
        let mut found = models
            .chain(tables)
            .flatten()
            .filter(|c| c.column == column && c.sql_type.is_some())
            .map(|c| (c.python_type.clone(), c.sql_type.clone()));
        let first = found.next()?;
        found.all(|other| other == first).then_some(first)
    };
    let mut updates = Vec::new();
    for (t, table) in view.tables.iter().enumerate() {
        for (c, column) in table.columns.iter().enumerate() {
            if column.sql_type.is_none()
                && let Some(found) = column.foreign_keys.first().and_then(|fk| referenced(view, fk))
            {
                updates.push((t, c, found));
            }
        }
    }
    for (t, c, (python_type, sql_type)) in updates {
        let column = &mut view.tables[t].columns[c];
        column.python_type = python_type;
        column.sql_type = sql_type;
    }
}

// ---- Places ---------------------------------------------------------------------------------------

fn module_of(db: &dyn Db, file: SourceFile) -> Option<String> {
    crate::hir::module_name(db, file).map(|m| m.to_string())
}

/// `module.Class`, or the class name where the file has no module name.
fn qualified_name(db: &dyn Db, class: &ClassRef) -> String {
    match module_of(db, class.file) {
        Some(module) => format!("{module}.{}", class.name),
        None => class.name.to_string(),
    }
}

/// The path relative to the project root (the first root), '/'-separated.
fn relative_path(db: &dyn Db, file: SourceFile) -> String {
    let path = file.path(db);
    let project = db.project();
    let relative = project.roots(db).first().and_then(|root| match root.as_ref() {
        "" => Some(path.trim_start_matches('/')),
        root => path.strip_prefix(root).and_then(|rest| rest.strip_prefix('/')),
    });
    relative.unwrap_or(path).to_owned()
}

fn line_of(db: &dyn Db, file: SourceFile, offset: u32) -> u32 {
    crate::syntax::line_index(db, file).line_col(offset, Encoding::Utf8).line + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Series;
    use crate::fixture::Fixture;

    /// One line per model, column and relationship; `?` where we do not know.
    fn render(view: &SchemaView) -> String {
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".to_owned());
        let flag = |v: Option<bool>| v.map(|b| b.to_string()).unwrap_or_else(|| "?".to_owned());
        let column = |c: &ColumnView| {
            let mut line = format!("  {}", c.name);
            if c.column != c.name {
                line += &format!(" ({})", c.column);
            }
            line += &format!(": {} {} nullable={}", opt(&c.python_type), opt(&c.sql_type), flag(c.nullable));
            if c.primary_key {
                line += " pk";
            }
            for fk in &c.foreign_keys {
                line += &format!(" fk={fk}");
            }
            line + "\n"
        };
        let mut out = String::new();
        for m in &view.models {
            let abstract_ = if m.is_abstract { " abstract" } else { "" };
            out += &format!(
                "{}.{} table={} {}:{} {}{abstract_}\n",
                opt(&m.module),
                m.name,
                opt(&m.table),
                m.file,
                m.line,
                m.style.as_str()
            );
            m.columns.iter().for_each(|c| out += &column(c));
            for r in &m.relationships {
                out += &format!(
                    "  {} -> {} {} {} uselist={} lazy={} optional={}{}\n",
                    r.name,
                    opt(&r.target),
                    r.direction.map(|d| d.as_str()).unwrap_or("?"),
                    opt(&r.collection),
                    flag(r.uselist),
                    opt(&r.lazy),
                    flag(r.optional),
                    if r.via_backref { " (backref)" } else { "" }
                );
            }
        }
        for t in &view.tables {
            out += &format!("table {} {}:{}\n", t.name, t.file, t.line);
            t.columns.iter().for_each(|c| out += &column(c));
        }
        out
    }

    fn check(files: &str, expected: &str) {
        let fixture = Fixture::new(files, Series::V20);
        let view = fixture.host.analysis().schema().expect("not cancelled");
        assert_eq!(render(&view), expected);
    }

    #[test]
    fn legacy_models_with_backref_and_core_table() {
        check(
            r#"
#- /shop/__init__.py
#- /shop/models.py
import enum
from sqlalchemy import Column, Integer, String, Enum, ForeignKey, Numeric, Table, DateTime
from sqlalchemy.orm import declarative_base, relationship, backref
Base = declarative_base()
class Status(enum.Enum):
    new = "new"
order_tags = Table(
    "order_tags",
    Base.metadata,
    Column("order_id", ForeignKey("orders.id"), primary_key=True),
    Column("tag", String(20), nullable=False),
)
class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    name = Column("full_name", String(50), nullable=False)
class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"), nullable=False)
    status = Column(Enum(Status))
    placed = Column(DateTime)
    total = Column(Numeric(10, 2))
    customer = relationship("Customer", backref=backref("orders", lazy="dynamic"))
    notes = relationship("Note", backref="order", collection_class=set)
class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id"))
"#,
            "shop.models.Customer table=customers shop/models.py:13 legacy
  id: int Integer nullable=false pk
  name (full_name): str String(50) nullable=false
  orders -> Order ONETOMANY list uselist=true lazy=dynamic optional=? (backref)
shop.models.Note table=notes shop/models.py:26 legacy
  id: int Integer nullable=false pk
  order_id: int Integer nullable=true fk=orders.id
  order -> Order MANYTOONE scalar uselist=false lazy=select optional=true (backref)
shop.models.Order table=orders shop/models.py:17 legacy
  id: int Integer nullable=false pk
  customer_id: int Integer nullable=false fk=customers.id
  status: shop.models.Status Enum(Status) nullable=true
  placed: datetime.datetime DateTime nullable=true
  total: decimal.Decimal Numeric(10, 2) nullable=true
  customer -> Customer MANYTOONE scalar uselist=false lazy=select optional=false
  notes -> Note ONETOMANY set uselist=true lazy=select optional=?
table order_tags shop/models.py:7
  order_id: int Integer nullable=false pk fk=orders.id
  tag: str String(20) nullable=false
",
        );
    }

    #[test]
    fn typed_models_with_inheritance_self_reference_and_many_to_many() {
        check(
            r#"
#- /blog/__init__.py
#- /blog/models.py
import uuid
from datetime import datetime
from typing import Optional
from sqlalchemy import ForeignKey, String, Table, Column
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, attribute_keyed_dict
class Base(DeclarativeBase):
    pass
post_tags = Table("post_tags", Base.metadata, Column("post_id", ForeignKey("posts.id")), Column("tag_id", ForeignKey("tags.id")))
class Node(Base):
    __tablename__ = "nodes"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("nodes.id"))
    children: Mapped[list["Node"]] = relationship(back_populates="parent")
    parent: Mapped[Optional["Node"]] = relationship(back_populates="children", remote_side=[id])
class Post(Base):
    __tablename__ = "posts"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=True)
    created: Mapped[datetime]
    type: Mapped[str]
    author_id: Mapped[int] = mapped_column(ForeignKey("nodes.id"))
    author: Mapped["Node"] = relationship()
    tags: Mapped[set["Tag"]] = relationship(secondary=post_tags)
    notes: Mapped[dict[str, "Tag"]] = relationship(collection_class=attribute_keyed_dict("name"), viewonly=True)
    __mapper_args__ = {"polymorphic_on": "type"}
class Article(Post):
    summary: Mapped[Optional[str]]
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
"#,
            // `notes`: `Mapped[dict[str, "Tag"]]` targets the value type; no foreign key links
            // `posts` and `tags` (only `post_tags`, not given as `secondary=`), so the direction is
            // unknown, and with it `uselist` (the annotation does not set it).
            "blog.models.Article table=posts blog/models.py:26 typed
  id: uuid.UUID Uuid nullable=false pk
  title: str String(200) nullable=true
  created: datetime.datetime DateTime nullable=false
  type: str String nullable=false
  author_id: int Integer nullable=false fk=nodes.id
  summary: str String nullable=true
  author -> Node MANYTOONE scalar uselist=false lazy=select optional=false
  tags -> Tag MANYTOMANY set uselist=true lazy=select optional=?
  notes -> Tag ? ? uselist=? lazy=select optional=?
blog.models.Node table=nodes blog/models.py:9 typed
  id: int Integer nullable=false pk
  parent_id: int Integer nullable=true fk=nodes.id
  children -> Node ONETOMANY list uselist=true lazy=select optional=?
  parent -> Node MANYTOONE scalar uselist=false lazy=select optional=true
blog.models.Post table=posts blog/models.py:15 typed
  id: uuid.UUID Uuid nullable=false pk
  title: str String(200) nullable=true
  created: datetime.datetime DateTime nullable=false
  type: str String nullable=false
  author_id: int Integer nullable=false fk=nodes.id
  author -> Node MANYTOONE scalar uselist=false lazy=select optional=false
  tags -> Tag MANYTOMANY set uselist=true lazy=select optional=?
  notes -> Tag ? ? uselist=? lazy=select optional=?
blog.models.Tag table=tags blog/models.py:28 typed
  id: int Integer nullable=false pk
  name: str String nullable=false
table post_tags blog/models.py:8
  post_id: uuid.UUID Uuid nullable=true fk=posts.id
  tag_id: int Integer nullable=true fk=tags.id
",
        );
    }

    #[test]
    fn flask_models_with_derived_table_names() {
        check(
            r#"
#- /app/__init__.py
#- /app/models.py
from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
class UserAccount(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120), unique=True, nullable=False)
    posts = db.relationship("BlogPost", backref=db.backref("author", uselist=False), lazy=True)
class BlogPost(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey("user_account.id"), nullable=False)
"#,
            "app.models.BlogPost table=blog_post app/models.py:7 flask
  id: int Integer nullable=false pk
  author_id: int Integer nullable=false fk=user_account.id
  author -> UserAccount MANYTOONE scalar uselist=false lazy=select optional=false (backref)
app.models.UserAccount table=user_account app/models.py:3 flask
  id: int Integer nullable=false pk
  email: str String(120) nullable=false
  posts -> BlogPost ONETOMANY list uselist=true lazy=select optional=?
",
        );
    }

    #[test]
    fn one_to_one_backref_and_legacy_lazy_spelling() {
        check(
            r#"
#- /m.py
from sqlalchemy import ForeignKey, Integer, Column
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, backref
class Base(DeclarativeBase):
    pass
class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
class Passport(Base):
    __tablename__ = "passport"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    person: Mapped["Person"] = relationship(backref=backref("passport", uselist=False))
    issuer = relationship("Person", primaryjoin="Passport.person_id == Person.id", lazy=False)
"#,
            // `issuer`: the `primaryjoin` string compares `Passport.person_id`, whose foreign key
            // points at `person`: many-to-one.
            "m.Passport table=passport m.py:8 typed
  id: int Integer nullable=false pk
  person_id: int Integer nullable=true fk=person.id
  person -> Person MANYTOONE scalar uselist=false lazy=select optional=true
  issuer -> Person MANYTOONE scalar uselist=false lazy=joined optional=true
m.Person table=person m.py:5 typed
  id: int Integer nullable=false pk
  passport -> Passport ONETOMANY scalar uselist=false lazy=select optional=true (backref)
",
        );
    }
}
