//! `sqla schema --format mermaid`: an `erDiagram` with typed attributes (PK/FK markers) and one
//! edge per relationship, with the cardinalities its direction and optionality imply.

use std::fmt::Write;

use analysis::ide::{Direction, SchemaView};

use super::{Diagram, EntityKind, identifier};

pub fn to_mermaid(view: &SchemaView, diagram: &Diagram) -> String {
    let mut out = String::from("erDiagram\n");
    for entity in &diagram.entities {
        let title = match (&entity.kind, &entity.table) {
            (EntityKind::Model, Some(table)) => format!("{} ({table})", entity.title),
            _ => entity.title.clone(),
        };
        let _ = writeln!(out, "    {}[\"{}\"] {{", entity.id, title.replace('"', "'"));
        for row in &entity.rows {
            // Mermaid's attribute type is one word: the SQL type's class, the full text in the comment.
            let word = identifier(row.ty.split('(').next().unwrap_or(""));
            let word = if word.is_empty() { "unknown".to_owned() } else { word };
            let keys: Vec<&str> = [(row.primary_key, "PK"), (row.foreign_key, "FK")]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, k)| *k)
                .collect();
            let mut comment: Vec<String> = Vec::new();
            if row.ty.contains('(') {
                comment.push(row.ty.replace('"', "'"));
            }
            if !row.nullable && !row.primary_key {
                comment.push("NOT NULL".to_owned());
            }
            let _ = write!(out, "        {word} {}", identifier(&row.column));
            if !keys.is_empty() {
                let _ = write!(out, " {}", keys.join(", "));
            }
            if !comment.is_empty() {
                let _ = write!(out, " \"{}\"", comment.join(", "));
            }
            out.push('\n');
        }
        out.push_str("    }\n");
    }
    let entity_of = |name: &str, module: Option<&str>| {
        let models = || diagram.entities.iter().filter(|e| e.kind == EntityKind::Model && e.title == name);
        models().find(|e| e.module.as_deref() == module).or_else(|| models().next()).map(|e| e.id.as_str())
    };
    // One edge per pair of sides: the side named by another's `back_populates`/`backref` is skipped.
    let mut drawn: Vec<(String, String)> = Vec::new();
    for model in &view.models {
        let Some(from) = entity_of(&model.name, model.module.as_deref()) else { continue };
        // A subclass's inherited relationships are drawn from its parent.
        let parent = model.inherits.first().and_then(|base| view.models.iter().find(|m| &m.name == base));
        for relationship in &model.relationships {
            if parent.is_some_and(|p| p.relationships.iter().any(|r| r.name == relationship.name)) {
                continue;
            }
            let (Some(target), Some(direction)) = (&relationship.target, relationship.direction) else { continue };
            let Some(to) = entity_of(target, relationship.target_module.as_deref()) else { continue };
            if drawn.contains(&(from.to_owned(), relationship.name.clone())) {
                continue;
            }
            if let Some(partner) = relationship.back_populates.as_ref().or(relationship.backref.as_ref()) {
                drawn.push((to.to_owned(), partner.clone()));
            }
            let scalar = relationship.collection.as_deref() == Some("scalar");
            let cardinality = match direction {
                Direction::ManyToOne if relationship.optional == Some(false) => "}o--||",
                Direction::ManyToOne => "}o--o|",
                Direction::OneToMany if scalar => "||--o|",
                Direction::OneToMany => "||--o{",
                Direction::ManyToMany => "}o--o{",
            };
            let _ = writeln!(out, "    {from} {cardinality} {to} : \"{}\"", relationship.name);
        }
    }
    out
}
