//! `sqla schema --format dot`: Graphviz text, one HTML-like table per box, foreign keys from
//! column to column, inheritance as hollow dashed arrows.

use std::fmt::Write;

use super::{Diagram, EntityKind, LinkKind};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn to_dot(diagram: &Diagram) -> String {
    let mut out = String::from("digraph schema {\n");
    out.push_str("    graph [rankdir=RL, fontname=\"Helvetica\", nodesep=0.4, ranksep=0.8];\n");
    out.push_str("    node [shape=plaintext, fontname=\"Helvetica\", fontsize=11];\n");
    out.push_str("    edge [color=\"#5b6b7a\", arrowsize=0.7];\n");
    for entity in &diagram.entities {
        let header = match entity.kind {
            EntityKind::Model => "#2f5d8a",
            EntityKind::Table => "#5f6f2f",
        };
        let _ = writeln!(
            out,
            "    \"{}\" [label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\">",
            entity.id
        );
        let subtitle = match (&entity.kind, &entity.table) {
            (EntityKind::Model, Some(table)) => {
                format!("<BR/><FONT POINT-SIZE=\"9\" COLOR=\"white\">{}</FONT>", escape(table))
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "        <TR><TD COLSPAN=\"3\" BGCOLOR=\"{header}\"><FONT COLOR=\"white\"><B>{}</B></FONT>{subtitle}</TD></TR>",
            escape(&entity.title)
        );
        for (i, row) in entity.rows.iter().enumerate() {
            let keys = match (row.primary_key, row.foreign_key) {
                (true, true) => "PK FK",
                (true, false) => "PK",
                (false, true) => "FK",
                (false, false) => "",
            };
            let name = if row.primary_key { format!("<B>{}</B>", escape(&row.column)) } else { escape(&row.column) };
            let _ = writeln!(
                out,
                "        <TR><TD PORT=\"r{i}\">{keys}</TD><TD ALIGN=\"LEFT\">{name}</TD><TD ALIGN=\"LEFT\">{}{}</TD></TR>",
                escape(&row.ty),
                if row.nullable || row.primary_key { "" } else { " NOT NULL" }
            );
        }
        out.push_str("    </TABLE>>];\n");
    }
    for link in &diagram.links {
        let from = &diagram.entities[link.from].id;
        let to = &diagram.entities[link.to].id;
        let port = |row: Option<usize>| row.map(|r| format!(":r{r}")).unwrap_or_default();
        match link.kind {
            LinkKind::ForeignKey => {
                let _ = writeln!(out, "    \"{from}\"{} -> \"{to}\"{};", port(link.from_row), port(link.to_row));
            }
            LinkKind::Inherits => {
                let _ = writeln!(out, "    \"{from}\" -> \"{to}\" [style=dashed, arrowhead=empty];");
            }
        }
    }
    out.push_str("}\n");
    out
}
