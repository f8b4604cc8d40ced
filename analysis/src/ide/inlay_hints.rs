//! Inlay hints: the types of variables bound from SQLAlchemy results (`for user_id, name in
//! result:` → `: int`, `: str`; `result = session.execute(...)` → `: Result[int, str]`), and the
//! column a foreign key resolves to (`ForeignKey("users.id")` → `→ User.id: int`).

use crate::db::{Db, SourceFile};
use crate::models::model_registry;
use crate::schema::workspace_tables;
use crate::syntax::node_ext::{field, named_children, string_value, unparenthesize, walk};
use crate::syntax::{Node, parse};
use crate::types::{Ty, display};

use crate::semantics::string_refs::{arguments, resolve_column, split_foreign_key, sqlalchemy_function};
use crate::semantics::{Semantics, Symbol, View};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InlayHintKind {
    Type,
    Parameter,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint shows (byte offset; it sits before the character there).
    pub offset: u32,
    pub label: String,
    pub kind: InlayHintKind,
    pub padding_left: bool,
    pub padding_right: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InlayHintsConfig {
    /// Types of variables bound from results and rows.
    pub variable_types: bool,
    /// What `ForeignKey("table.column")` resolves to.
    pub foreign_keys: bool,
}

impl Default for InlayHintsConfig {
    fn default() -> Self {
        InlayHintsConfig { variable_types: true, foreign_keys: true }
    }
}

/// SQLAlchemy classes whose values get a type hint when assigned to a variable.
const RESULT_CLASSES: &[&str] = &[
    "Result",
    "ScalarResult",
    "CursorResult",
    "AsyncResult",
    "AsyncScalarResult",
    "TupleResult",
    "MappingResult",
    "Select",
    "CompoundSelect",
    "Row",
    "Query",
    "RowReturningQuery",
];

pub fn inlay_hints(db: &dyn Db, file: SourceFile, range: (u32, u32), config: InlayHintsConfig) -> Vec<InlayHint> {
    if !(config.variable_types || config.foreign_keys) || !crate::hir::prescan::involves_sqlalchemy(db, file) {
        return Vec::new();
    }
    let parsed = parse(db, file);
    let len = parsed.text().len() as u32;
    let (start, end) = (range.0.min(len), range.1.min(len));
    let types = Semantics::new(db, file);
    let series = db.project().settings(db).series;
    let mut hints = Vec::new();
    let mut type_hint = |node: Node<'_>, ty: &Ty| {
        if !ty.is_unknown() {
            hints.push(InlayHint {
                offset: node.end_byte() as u32,
                label: format!(": {}", display(ty, series)),
                kind: InlayHintKind::Type,
                padding_left: false,
                padding_right: false,
            });
        }
    };
    let mut foreign_keys = Vec::new();
    walk(parsed.root(), |node| {
        let overlaps = (node.start_byte() as u32) <= end && (node.end_byte() as u32) >= start;
        if overlaps {
            match node.kind() {
                "assignment" if config.variable_types && field(node, "type").is_none() => {
                    if let (Some(left), Some(right)) = (field(node, "left"), field(node, "right"))
                        && right.kind() != "assignment"
                    {
                        let value = types.type_of(right, View::Precise);
                        bound_names(
                            left,
                            value.is_some_and(|ty| unpacks_row(ty, parsed.node_text(right))),
                            &types,
                            &mut type_hint,
                        );
                    }
                }
                "for_statement" if config.variable_types => {
                    if let (Some(left), Some(right)) = (field(node, "left"), field(node, "right")) {
                        let iterated = types.type_of(right, View::Precise).is_some_and(is_result_like);
                        bound_names(left, iterated, &types, &mut type_hint);
                    }
                }
                "call" if config.foreign_keys => foreign_keys.push(node),
                _ => {}
            }
        }
        overlaps
    });
    if !foreign_keys.is_empty() {
        let registry = model_registry(db);
        let tables = workspace_tables(db);
        for call in foreign_keys {
            let Some(function) = field(call, "function") else { continue };
            if !matches!(function.kind(), "identifier" | "attribute")
                || sqlalchemy_function(db, file, parsed.node_text(function), &["ForeignKey"]).is_none()
            {
                continue;
            }
            let Some(value) = arguments(call).0.first().and_then(|a| string_value(*a, parsed.text())) else { continue };
            let Some(((ts, te), (cs, ce))) = split_foreign_key(&value) else { continue };
            let (table, column) = (&value[ts..te], &value[cs..ce]);
            let label = match resolve_column(registry, tables, table, column) {
                Some(Symbol::Attr(_, _)) => {
                    let Some((model, attr)) = registry.by_table(table).find_map(|m| Some((m, m.column(column)?)))
                    else {
                        continue;
                    };
                    format!("→ {}.{}: {}", model.name(), attr.name, display(&attr.python, series))
                }
                Some(Symbol::TableColumn(..)) => format!("→ Table(\"{table}\").c.{column}"),
                _ => continue,
            };
            let offset = call.end_byte() as u32;
            if start <= offset && offset <= end {
                hints.push(InlayHint {
                    offset,
                    label,
                    kind: InlayHintKind::Other,
                    padding_left: true,
                    padding_right: false,
                });
            }
        }
    }
    hints.retain(|h| start <= h.offset && h.offset <= end);
    hints.sort_by_key(|h| h.offset);
    hints
}

/// The names an assignment or loop target binds: one hinted when its own type is a result, all of
/// an unpacking when what is unpacked is a row.
fn bound_names(target: Node<'_>, unpacks_row: bool, types: &Semantics<'_>, hint: &mut impl FnMut(Node<'_>, &Ty)) {
    let target = unparenthesize(target);
    match target.kind() {
        "identifier" => {
            if let Some(ty) = types.type_of(target, View::Precise).filter(|ty| is_result_like(ty)) {
                hint(target, ty);
            }
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" | "expression_list" if unpacks_row => {
            for item in named_children(target) {
                let item = unparenthesize(item);
                if item.kind() == "identifier"
                    && let Some(ty) = types.type_of(item, View::Precise)
                {
                    hint(item, ty);
                }
            }
        }
        _ => {}
    }
}

/// A SQLAlchemy result, statement or row (or one of them, or `None`).
fn is_result_like(ty: &Ty) -> bool {
    match ty {
        Ty::Rows(kind, _) => !crate::sqlalchemy::template::UNPARAMETERISED_ROW_KINDS.contains(&kind.as_str()),
        Ty::Instance(..) => {
            ty.ext_name().and_then(|n| n.strip_prefix("sqlalchemy.")).is_some_and(|n| RESULT_CLASSES.contains(&n))
        }
        Ty::Union(parts) => {
            parts.iter().any(is_result_like) && parts.iter().all(|p| matches!(p, Ty::None) || is_result_like(p))
        }
        _ => false,
    }
}

/// Whether unpacking a value unpacks a row: a `Row`, or its tuple (`row.t`, `row.tuple()`).
fn unpacks_row(ty: &Ty, text: &str) -> bool {
    match ty {
        Ty::Rows(kind, _) => kind == "Row",
        Ty::Tuple(..) => {
            let text = text.trim_end();
            [".t", ".tuple()", "._tuple()", "._t"].iter().any(|suffix| text.ends_with(suffix))
        }
        _ => false,
    }
}
