//! `sqla schema --format json`: the shape DESIGN.md fixes (tools read it; keep the names). Fields
//! print in the documented order; `style`, `inherits`, `typed`, `target_module`, `optional` and
//! `via_backref` are extras.

use analysis::ide::{ColumnView, ModelView, RelationshipView, SchemaView, TableView};
use serde::Serialize;

#[derive(Serialize)]
pub struct Schema<'a> {
    models: Vec<Model<'a>>,
    tables: Vec<Table<'a>>,
}

#[derive(Serialize)]
struct Model<'a> {
    name: &'a str,
    module: Option<&'a str>,
    table: Option<&'a str>,
    file: &'a str,
    line: u32,
    #[serde(rename = "abstract")]
    is_abstract: bool,
    style: &'static str,
    inherits: &'a [String],
    columns: Vec<Column<'a>>,
    relationships: Vec<Relationship<'a>>,
}

#[derive(Serialize)]
struct Column<'a> {
    name: &'a str,
    column: &'a str,
    python_type: Option<&'a str>,
    sql_type: Option<&'a str>,
    nullable: Option<bool>,
    primary_key: bool,
    foreign_keys: &'a [String],
    typed: bool,
}

#[derive(Serialize)]
struct Relationship<'a> {
    name: &'a str,
    target: Option<&'a str>,
    target_module: Option<&'a str>,
    direction: Option<&'static str>,
    uselist: Option<bool>,
    collection: Option<&'a str>,
    lazy: Option<&'a str>,
    back_populates: Option<&'a str>,
    backref: Option<&'a str>,
    optional: Option<bool>,
    typed: bool,
    via_backref: bool,
}

#[derive(Serialize)]
struct Table<'a> {
    name: &'a str,
    file: &'a str,
    line: u32,
    columns: Vec<Column<'a>>,
}

pub fn to_json(view: &SchemaView) -> Schema<'_> {
    Schema { models: view.models.iter().map(model).collect(), tables: view.tables.iter().map(table).collect() }
}

fn model(model: &ModelView) -> Model<'_> {
    Model {
        name: &model.name,
        module: model.module.as_deref(),
        table: model.table.as_deref(),
        file: &model.file,
        line: model.line,
        is_abstract: model.is_abstract,
        style: model.style.as_str(),
        inherits: &model.inherits,
        columns: model.columns.iter().map(column).collect(),
        relationships: model.relationships.iter().map(relationship).collect(),
    }
}

fn column(column: &ColumnView) -> Column<'_> {
    Column {
        name: &column.name,
        column: &column.column,
        python_type: column.python_type.as_deref(),
        sql_type: column.sql_type.as_deref(),
        nullable: column.nullable,
        primary_key: column.primary_key,
        foreign_keys: &column.foreign_keys,
        typed: column.typed,
    }
}

fn relationship(relationship: &RelationshipView) -> Relationship<'_> {
    Relationship {
        name: &relationship.name,
        target: relationship.target.as_deref(),
        target_module: relationship.target_module.as_deref(),
        direction: relationship.direction.map(|d| d.as_str()),
        uselist: relationship.uselist,
        collection: relationship.collection.as_deref(),
        lazy: relationship.lazy.as_deref(),
        back_populates: relationship.back_populates.as_deref(),
        backref: relationship.backref.as_deref(),
        optional: relationship.optional,
        typed: relationship.typed,
        via_backref: relationship.via_backref,
    }
}

fn table(table: &TableView) -> Table<'_> {
    Table {
        name: &table.name,
        file: &table.file,
        line: table.line,
        columns: table.columns.iter().map(column).collect(),
    }
}
