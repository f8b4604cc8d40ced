//! `sqla schema --format svg`: the diagram drawn by us, so no Graphviz is needed.
//!
//! Layout: boxes are ranked by foreign keys (a referenced table left of the tables that reference
//! it, longest path first), ranks become columns ordered by the positions of their neighbours (a
//! few barycentre sweeps, which keeps most arrows from crossing), and a column taller than the
//! picture's target height is wrapped into several; boxes no arrow touches come last. Arrows run
//! from a foreign-key column to the row it references, crossing the columns between through the
//! gaps between boxes; inheritance is a dashed arrow with a hollow head.

use std::fmt::Write;

use super::{Diagram, EntityKind, LinkKind};

const ROW: f64 = 20.0;
const HEADER: f64 = 38.0;
const MONO_CHAR: f64 = 7.4;
const TITLE_CHAR: f64 = 8.4;
const PAD: f64 = 10.0;
const KEYS: f64 = 30.0;
const COLUMN_GAP: f64 = 110.0;
const BOX_GAP: f64 = 32.0;
const MARGIN: f64 = 24.0;
const LEGEND: f64 = 18.0;
const PALETTE: &[&str] = &["#2f6fae", "#b4513a", "#3c8d5a", "#8a4fa3", "#b08a1e", "#2a8a8f", "#a33f6b", "#5b6b7a"];

struct Placed {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    /// x offset of the type column.
    type_x: f64,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn measure(diagram: &Diagram) -> Vec<Placed> {
    diagram
        .entities
        .iter()
        .map(|entity| {
            let name = entity.rows.iter().map(|r| r.column.chars().count()).max().unwrap_or(0) as f64 * MONO_CHAR;
            let ty = entity.rows.iter().map(|r| r.ty.chars().count()).max().unwrap_or(0) as f64 * MONO_CHAR;
            let title = entity.title.chars().count() as f64 * TITLE_CHAR;
            let subtitle = entity.table.as_ref().map_or(0, |t| t.chars().count() + 2) as f64 * MONO_CHAR;
            let width = (PAD + KEYS + name + 18.0 + ty + 2.0 * PAD).max(title.max(subtitle) + 2.0 * PAD).max(140.0);
            Placed {
                x: 0.0,
                y: 0.0,
                width: width.ceil(),
                height: HEADER + entity.rows.len().max(1) as f64 * ROW + 4.0,
                type_x: PAD + KEYS + name + 18.0,
            }
        })
        .collect()
}

/// Longest path over foreign keys and inheritance: a box with no outgoing arrow is rank 0.
fn ranks(diagram: &Diagram) -> Vec<usize> {
    let n = diagram.entities.len();
    let targets: Vec<Vec<usize>> =
        (0..n).map(|i| diagram.links.iter().filter(|l| l.from == i && l.to != i).map(|l| l.to).collect()).collect();
    // 0 = unvisited, 1 = on the stack (a cycle back to it is ignored), 2 = done.
    let mut state = vec![0u8; n];
    let mut rank = vec![0usize; n];
    fn visit(i: usize, targets: &[Vec<usize>], state: &mut [u8], rank: &mut [usize], depth: usize) {
        if state[i] != 0 || depth > 512 {
            return;
        }
        state[i] = 1;
        let mut best = 0;
        for &t in &targets[i] {
            visit(t, targets, state, rank, depth + 1);
            if state[t] == 2 {
                best = best.max(rank[t] + 1);
            }
        }
        rank[i] = best;
        state[i] = 2;
    }
    for i in 0..n {
        visit(i, &targets, &mut state, &mut rank, 0);
    }
    // Boxes no arrow touches go in a column of their own, after the others.
    let linked = |i: usize| diagram.links.iter().any(|l| l.from == i || l.to == i);
    let last = (0..n).filter(|&i| linked(i)).map(|i| rank[i]).max();
    if let Some(last) = last {
        for (i, r) in rank.iter_mut().enumerate() {
            if !linked(i) {
                *r = last + 1;
            }
        }
    }
    rank
}

/// A column of boxes as drawn: its horizontal extent and its boxes, top to bottom.
struct Column {
    left: f64,
    right: f64,
    boxes: Vec<usize>,
}

struct Layout {
    placed: Vec<Placed>,
    columns: Vec<Column>,
    /// The column of each box.
    column_of: Vec<usize>,
    width: f64,
    height: f64,
}

fn layout(diagram: &Diagram) -> Layout {
    let mut placed = measure(diagram);
    let rank = ranks(diagram);
    let ranks_count = rank.iter().max().map_or(0, |r| r + 1);
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); ranks_count];
    for (i, &r) in rank.iter().enumerate() {
        columns[r].push(i);
    }
    // Barycentre sweeps: order each column by the mean position of its neighbours.
    let neighbours: Vec<Vec<usize>> = (0..placed.len())
        .map(|i| {
            diagram
                .links
                .iter()
                .filter_map(|l| match (l.from == i, l.to == i) {
                    (true, false) => Some(l.to),
                    (false, true) => Some(l.from),
                    _ => None,
                })
                .collect()
        })
        .collect();
    for _ in 0..4 {
        let mut position = vec![0.0; placed.len()];
        for column in &columns {
            for (p, &i) in column.iter().enumerate() {
                position[i] = p as f64 / column.len().max(1) as f64;
            }
        }
        for column in &mut columns {
            let key = |i: usize| {
                let ns = &neighbours[i];
                if ns.is_empty() { position[i] } else { ns.iter().map(|&n| position[n]).sum::<f64>() / ns.len() as f64 }
            };
            let mut keyed: Vec<(f64, usize)> = column.iter().map(|&i| (key(i), i)).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            *column = keyed.into_iter().map(|(_, i)| i).collect();
        }
    }
    // Wrap columns taller than the target height, so fifty tables stay a readable rectangle.
    let area: f64 = placed.iter().map(|p| (p.width + COLUMN_GAP) * (p.height + BOX_GAP)).sum();
    let tallest = placed.iter().map(|p| p.height).fold(0.0, f64::max);
    let limit = (area.sqrt() * 0.8).max(tallest).max(500.0);
    let mut wrapped: Vec<Vec<usize>> = Vec::new();
    for column in columns {
        let mut current: Vec<usize> = Vec::new();
        let mut height = 0.0;
        for i in column {
            if !current.is_empty() && height + placed[i].height > limit {
                wrapped.push(std::mem::take(&mut current));
                height = 0.0;
            }
            height += placed[i].height + BOX_GAP;
            current.push(i);
        }
        if !current.is_empty() {
            wrapped.push(current);
        }
    }
    let heights: Vec<f64> =
        wrapped.iter().map(|c| c.iter().map(|&i| placed[i].height + BOX_GAP).sum::<f64>() - BOX_GAP).collect();
    let total_height = heights.iter().fold(0.0, |a: f64, b| a.max(*b));
    let mut x = MARGIN;
    let mut columns = Vec::new();
    let mut column_of = vec![0; placed.len()];
    for (c, (column, height)) in wrapped.into_iter().zip(&heights).enumerate() {
        let width = column.iter().map(|&i| placed[i].width).fold(0.0, f64::max);
        let mut y = MARGIN + (total_height - height) / 2.0;
        for &i in &column {
            placed[i].x = x + (width - placed[i].width) / 2.0;
            placed[i].y = y;
            y += placed[i].height + BOX_GAP;
            column_of[i] = c;
        }
        columns.push(Column { left: x, right: x + width, boxes: column });
        x += width + COLUMN_GAP;
    }
    let (width, height) = (x - COLUMN_GAP + MARGIN, total_height + 2.0 * MARGIN + LEGEND);
    Layout { placed, columns, column_of, width, height }
}

/// The height at which an arrow crosses a column it passes: the free gap (between two boxes,
/// above the first or below the last) nearest to `wanted`.
fn free_y(layout: &Layout, column: &Column, wanted: f64) -> f64 {
    let mut gaps: Vec<f64> = Vec::new();
    let mut previous_bottom: Option<f64> = None;
    for &i in &column.boxes {
        let p = &layout.placed[i];
        gaps.push(match previous_bottom {
            Some(bottom) => (bottom + p.y) / 2.0,
            None => p.y - BOX_GAP / 2.0,
        });
        previous_bottom = Some(p.y + p.height);
    }
    gaps.extend(previous_bottom.map(|bottom| bottom + BOX_GAP / 2.0));
    gaps.into_iter().min_by(|a, b| (a - wanted).abs().total_cmp(&(b - wanted).abs())).unwrap_or(wanted)
}

/// A smooth path through points, leaving and entering each one horizontally.
fn smooth_path(points: &[(f64, f64)]) -> String {
    let mut path = format!("M{:.1},{:.1}", points[0].0, points[0].1);
    for pair in points.windows(2) {
        let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
        let mid = (x2 - x1) / 2.0;
        let _ = write!(path, " C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}", x1 + mid, x2 - mid);
    }
    path
}

/// An arrow between two boxes in different columns, crossing the columns between them through
/// their gaps, so it never runs under a box it does not connect.
fn route(layout: &Layout, from: usize, y1: f64, to: usize, y2: f64) -> String {
    smooth_path(&route_points(layout, from, y1, to, y2))
}

fn route_points(layout: &Layout, from: usize, y1: f64, to: usize, y2: f64) -> Vec<(f64, f64)> {
    let (a, b) = (&layout.placed[from], &layout.placed[to]);
    let (ca, cb) = (layout.column_of[from], layout.column_of[to]);
    let leftwards = cb < ca;
    let start = if leftwards { a.x } else { a.x + a.width };
    let end = if leftwards { b.x + b.width } else { b.x };
    let mut points = vec![(start, y1)];
    let between: Vec<usize> = if leftwards { (cb + 1..ca).rev().collect() } else { (ca + 1..cb).collect() };
    for c in between {
        let column = &layout.columns[c];
        let centre = (column.left + column.right) / 2.0;
        let t = if (end - start).abs() < 1.0 { 0.5 } else { (centre - start) / (end - start) };
        let y = free_y(layout, column, y1 + (y2 - y1) * t);
        let (enter, leave) = if leftwards {
            (column.right + 12.0, column.left - 12.0)
        } else {
            (column.left - 12.0, column.right + 12.0)
        };
        points.push((enter, y));
        points.push((leave, y));
    }
    points.push((end, y2));
    points
}

fn row_y(p: &Placed, row: Option<usize>) -> f64 {
    match row {
        Some(r) => p.y + HEADER + r as f64 * ROW + ROW / 2.0 + 2.0,
        None => p.y + HEADER / 2.0,
    }
}

pub fn to_svg(diagram: &Diagram) -> String {
    let layout = layout(diagram);
    let placed = &layout.placed;
    let (width, height) = (layout.width.max(200.0).ceil(), layout.height.max(100.0).ceil());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"12\">"
    );
    out.push_str("<defs>\n");
    for (i, color) in PALETTE.iter().enumerate() {
        let _ = writeln!(
            out,
            "<marker id=\"arrow{i}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>"
        );
        let _ = writeln!(
            out,
            "<marker id=\"dot{i}\" viewBox=\"0 0 10 10\" refX=\"5\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\"><circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"{color}\"/></marker>"
        );
    }
    out.push_str(
        "<marker id=\"inherits\" viewBox=\"0 0 12 12\" refX=\"11\" refY=\"6\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\"><path d=\"M0,0 L12,6 L0,12 z\" fill=\"white\" stroke=\"#444\"/></marker>\n",
    );
    out.push_str("</defs>\n");
    let _ = writeln!(out, "<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
    // Arrows first, so boxes draw over their ends.
    for link in &diagram.links {
        let (from, to) = (&placed[link.from], &placed[link.to]);
        let (y1, y2) = (row_y(from, link.from_row), row_y(to, link.to_row));
        let path = if layout.column_of[link.from] == layout.column_of[link.to] {
            // Same column: loop out on the right.
            let (x1, x2) = (from.x + from.width, to.x + to.width);
            let reach = 40.0 + (y2 - y1).abs().min(200.0) / 4.0;
            format!("M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}", x1 + reach, x2 + reach)
        } else {
            route(&layout, link.from, y1, link.to, y2)
        };
        match link.kind {
            LinkKind::ForeignKey => {
                let c = link.to % PALETTE.len();
                let _ = writeln!(
                    out,
                    "<path d=\"{path}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.4\" marker-start=\"url(#dot{c})\" marker-end=\"url(#arrow{c})\"/>",
                    PALETTE[c]
                );
            }
            LinkKind::Inherits => {
                let _ = writeln!(
                    out,
                    "<path d=\"{path}\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.2\" stroke-dasharray=\"5,4\" marker-end=\"url(#inherits)\"/>"
                );
            }
        }
    }
    for (entity, p) in diagram.entities.iter().zip(placed) {
        let header = match entity.kind {
            EntityKind::Model => "#2f5d8a",
            EntityKind::Table => "#5f6f2f",
        };
        let _ = writeln!(out, "<g>\n<title>{}</title>", escape(&entity.title));
        let _ = writeln!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"5\" fill=\"#fbfcfd\" stroke=\"{header}\" stroke-width=\"1.5\"/>",
            p.x, p.y, p.width, p.height
        );
        let _ = writeln!(
            out,
            "<path d=\"M{x:.1},{y2:.1} V{y1:.1} a5,5 0 0 1 5,-5 H{x2:.1} a5,5 0 0 1 5,5 V{y2:.1} z\" fill=\"{header}\"/>",
            x = p.x,
            y1 = p.y + 5.0,
            y2 = p.y + HEADER,
            x2 = p.x + p.width - 5.0
        );
        let center = p.x + p.width / 2.0;
        let _ = writeln!(
            out,
            "<text x=\"{center:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"14\" font-weight=\"bold\" fill=\"white\">{}</text>",
            p.y + 17.0,
            escape(&entity.title)
        );
        let subtitle = match entity.kind {
            EntityKind::Model => entity.table.as_ref().map(|t| format!("({t})")).unwrap_or_default(),
            EntityKind::Table => "Table".to_owned(),
        };
        let _ = writeln!(
            out,
            "<text x=\"{center:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#dce6f0\">{}</text>",
            p.y + 32.0,
            escape(&subtitle)
        );
        for (r, row) in entity.rows.iter().enumerate() {
            let top = p.y + HEADER + r as f64 * ROW;
            let baseline = top + 15.0;
            if r % 2 == 1 {
                let _ = writeln!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{ROW}\" fill=\"#eef2f6\"/>",
                    p.x + 1.0,
                    p.width - 2.0
                );
            }
            let keys = match (row.primary_key, row.foreign_key) {
                (true, true) => "PF",
                (true, false) => "PK",
                (false, true) => "FK",
                (false, false) => "",
            };
            if !keys.is_empty() {
                let color = if row.primary_key { "#b08a1e" } else { "#5b6b7a" };
                let _ = writeln!(
                    out,
                    "<text x=\"{:.1}\" y=\"{baseline:.1}\" font-size=\"10\" font-weight=\"bold\" fill=\"{color}\">{keys}</text>",
                    p.x + PAD
                );
            }
            let weight = if row.primary_key { " font-weight=\"bold\"" } else { "" };
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{baseline:.1}\" fill=\"#1d2733\"{weight}>{}</text>",
                p.x + PAD + KEYS,
                escape(&row.column)
            );
            let ty = if row.nullable || row.primary_key { escape(&row.ty) } else { format!("{}!", escape(&row.ty)) };
            let _ = writeln!(out, "<text x=\"{:.1}\" y=\"{baseline:.1}\" fill=\"#6b7785\">{ty}</text>", p.x + p.type_x);
        }
        out.push_str("</g>\n");
    }
    let _ = writeln!(
        out,
        "<text x=\"{MARGIN}\" y=\"{:.1}\" font-size=\"11\" fill=\"#6b7785\">PK primary key · FK foreign key · PF both · type! NOT NULL · dashed: inherits</text>",
        height - 12.0
    );
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::{Entity, Link, Row};

    fn entity(id: &str, rows: usize) -> Entity {
        Entity {
            id: id.to_owned(),
            title: id.to_owned(),
            table: Some(id.to_lowercase()),
            module: None,
            kind: EntityKind::Model,
            rows: (0..rows)
                .map(|i| Row {
                    column: format!("c{i}"),
                    ty: "Integer".to_owned(),
                    primary_key: i == 0,
                    foreign_key: i > 0,
                    nullable: true,
                })
                .collect(),
        }
    }

    fn fk(from: usize, to: usize) -> Link {
        Link { from, from_row: Some(1), to, to_row: Some(0), kind: LinkKind::ForeignKey }
    }

    #[test]
    fn referenced_boxes_come_first_and_long_arrows_pass_between_boxes() {
        // C references B and A, B references A: three columns, and C → A crosses B's column,
        // where B (tall) stands on the straight line.
        let diagram = Diagram {
            entities: vec![entity("A", 2), entity("B", 30), entity("C", 2), entity("Lonely", 1)],
            links: vec![fk(1, 0), fk(2, 1), fk(2, 0)],
        };
        let layout = layout(&diagram);
        assert_eq!(layout.column_of, [0, 1, 2, 3]);
        let b = &layout.placed[1];
        let (a, c) = (&layout.placed[0], &layout.placed[2]);
        let points = route_points(&layout, 2, row_y(c, Some(1)), 0, row_y(a, Some(0)));
        assert_eq!(points.len(), 4, "{points:?}");
        for &(x, y) in &points[1..3] {
            assert!(y < b.y || y > b.y + b.height, "crosses B at {y} ({} to {})", b.y, b.y + b.height);
            assert!(x < b.x || x > b.x + b.width);
        }
        // Leaves C on its left side and reaches A on its right side.
        assert_eq!(points[0].0, c.x);
        assert_eq!(points[3].0, a.x + a.width);
    }
}
