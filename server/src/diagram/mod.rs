//! The schema picture in every output form `sqla schema` and the editors use: JSON (the shape tools
//! read), Mermaid and Graphviz text, and an SVG drawn here (no Graphviz needed).
//!
//! The text and drawing forms share one box-and-arrow model (`Diagram`): one box per mapped class
//! that maps a table and per Core `Table(...)` no class maps, one row per column, and an arrow per
//! foreign key (from the column to the column it references) and per inheritance.

pub mod dot;
pub mod json;
pub mod mermaid;
pub mod svg;

use analysis::ide::{ColumnView, SchemaView};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityKind {
    Model,
    Table,
}

#[derive(Debug)]
pub struct Entity {
    /// Unique, identifier-safe (`Customer`, `order_tags`, `shop_models_Customer`).
    pub id: String,
    /// The class name, or the table name for a Core table.
    pub title: String,
    /// The table a class maps.
    pub table: Option<String>,
    /// A class's module.
    pub module: Option<String>,
    pub kind: EntityKind,
    pub rows: Vec<Row>,
}

#[derive(Debug)]
pub struct Row {
    pub column: String,
    /// The SQL type as written, else the Python type, else empty.
    pub ty: String,
    pub primary_key: bool,
    pub foreign_key: bool,
    pub nullable: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// From a column to the column its foreign key references.
    ForeignKey,
    /// From a subclass to the mapped class it inherits from.
    Inherits,
}

#[derive(Debug)]
pub struct Link {
    pub from: usize,
    pub from_row: Option<usize>,
    pub to: usize,
    pub to_row: Option<usize>,
    pub kind: LinkKind,
}

#[derive(Debug, Default)]
pub struct Diagram {
    pub entities: Vec<Entity>,
    pub links: Vec<Link>,
}

fn row(column: &ColumnView) -> Row {
    Row {
        column: column.column.clone(),
        ty: column.sql_type.clone().or_else(|| column.python_type.clone()).unwrap_or_default(),
        primary_key: column.primary_key,
        foreign_key: !column.foreign_keys.is_empty(),
        nullable: column.nullable.unwrap_or(true),
    }
}

/// `a.b-c` → `a_b_c`.
pub fn identifier(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}

pub fn diagram(view: &SchemaView) -> Diagram {
    let mut out = Diagram::default();
    // (index into view.models, entity index) of the drawn models.
    let mut drawn: Vec<(usize, usize)> = Vec::new();
    let duplicate = |name: &str| view.models.iter().filter(|m| m.name == name).count() > 1;
    for (m, model) in view.models.iter().enumerate() {
        if model.is_abstract || model.table.is_none() {
            continue;
        }
        let id = match (&model.module, duplicate(&model.name)) {
            (Some(module), true) => identifier(&format!("{module}.{}", model.name)),
            _ => identifier(&model.name),
        };
        drawn.push((m, out.entities.len()));
        out.entities.push(Entity {
            id,
            title: model.name.clone(),
            table: model.table.clone(),
            module: model.module.clone(),
            kind: EntityKind::Model,
            rows: Vec::new(),
        });
    }
    // A subclass shows the columns its parent's box does not, and an arrow to it.
    let parent_of = |m: usize| -> Option<(usize, usize)> {
        let model = &view.models[m];
        model.inherits.iter().find_map(|base| {
            drawn
                .iter()
                .copied()
                .find(|&(p, _)| view.models[p].name == *base && view.models[p].module == model.module)
                .or_else(|| drawn.iter().copied().find(|&(p, _)| view.models[p].name == *base))
        })
    };
    for &(m, e) in &drawn {
        let parent = parent_of(m);
        let inherited: Vec<&str> =
            parent.map(|(p, _)| view.models[p].columns.iter().map(|c| c.column.as_str()).collect()).unwrap_or_default();
        out.entities[e].rows =
            view.models[m].columns.iter().filter(|c| !inherited.contains(&c.column.as_str())).map(row).collect();
        if let Some((_, parent_entity)) = parent {
            out.links.push(Link { from: e, from_row: None, to: parent_entity, to_row: None, kind: LinkKind::Inherits });
        }
    }
    for table in &view.tables {
        if out.entities.iter().any(|e| e.table.as_deref() == Some(table.name.as_str()) || e.title == table.name) {
            continue;
        }
        let mut id = identifier(&table.name);
        while out.entities.iter().any(|e| e.id == id) {
            id.push('_');
        }
        out.entities.push(Entity {
            id,
            title: table.name.clone(),
            table: Some(table.name.clone()),
            module: None,
            kind: EntityKind::Table,
            rows: table.columns.iter().map(row).collect(),
        });
    }
    // Foreign keys, from the box that shows the column.
    let mut links = Vec::new();
    for (from, entity) in out.entities.iter().enumerate() {
        let columns: Vec<&ColumnView> = match entity.kind {
            EntityKind::Model => drawn
                .iter()
                .find(|&&(_, e)| e == from)
                .map(|&(m, _)| view.models[m].columns.iter().collect())
                .unwrap_or_default(),
            EntityKind::Table => view
                .tables
                .iter()
                .find(|t| t.name == entity.title)
                .map(|t| t.columns.iter().collect())
                .unwrap_or_default(),
        };
        for column in columns {
            let Some(from_row) = entity.rows.iter().position(|r| r.column == column.column) else { continue };
            for fk in &column.foreign_keys {
                if let Some((to, to_row)) = referenced(&out, fk) {
                    links.push(Link { from, from_row: Some(from_row), to, to_row, kind: LinkKind::ForeignKey });
                }
            }
        }
    }
    out.links.extend(links);
    out
}

/// The box and row a `table.column` (or `schema.table.column`) foreign key points at: the box of
/// the table's root class (a subclass sharing the table inherits its parent's rows).
fn referenced(diagram: &Diagram, fk: &str) -> Option<(usize, Option<usize>)> {
    let (table, column) = fk.rsplit_once('.')?;
    let short = table.rsplit_once('.').map(|(_, t)| t);
    let candidates: Vec<usize> = (0..diagram.entities.len())
        .filter(|&i| {
            let t = diagram.entities[i].table.as_deref();
            t == Some(table) || (short.is_some() && t == short)
        })
        .collect();
    let root = candidates
        .iter()
        .copied()
        .find(|&i| {
            !diagram.links.iter().any(|l| l.kind == LinkKind::Inherits && l.from == i && candidates.contains(&l.to))
        })
        .or(candidates.first().copied())?;
    Some((root, diagram.entities[root].rows.iter().position(|r| r.column == column)))
}
