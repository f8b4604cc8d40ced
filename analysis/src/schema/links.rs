//! The foreign keys between mapped tables, and whether a relationship spells out its join.

use super::mapping::{Schema, attr_table, callee_name, column_key, referenced_table, table_arg_items};
use crate::db::Db;
use crate::hir::{Expr, Name};
use crate::models::{AttrKind, Model, ModelRegistry};
use crate::types::ClassRef;

/// Arguments that give SQLAlchemy the join without reading it off the tables' foreign keys.
const JOIN_ARGUMENTS: &[&str] = &["primaryjoin", "secondary", "secondaryjoin", "foreign_keys", "_local_remote_pairs"];

/// The relationship says how to join (`primaryjoin=`, `secondary=`, `foreign_keys=`, or
/// `relationship("Tag", tags_table)` with `secondary` second).
pub fn join_given(value: &Expr) -> bool {
    let positional_secondary = matches!(value, Expr::Call { args, .. } if args.len() > 1);
    positional_secondary || JOIN_ARGUMENTS.iter().any(|k| value.kwarg(k).is_some())
}

/// The tables a class maps into (its own, then its mapped parents'), when we know all of them and
/// all their foreign keys.
pub fn class_tables(models: &ModelRegistry, schema: &Schema, model: &Model) -> Option<Vec<Name>> {
    let tables = mapped_tables(models, schema, model)?;
    let complete = tables.iter().all(|t| schema.tables.get(t).is_some_and(|v| !v.opaque && !v.references_opaque));
    complete.then_some(tables)
}

/// The tables a class maps into, by name, even where columns or keys may come from somewhere we
/// do not see. Enough to read a relationship's direction off the keys we do see: in code whose
/// mappers configure, a hidden key between the same tables would make the join ambiguous.
pub fn mapped_tables(models: &ModelRegistry, schema: &Schema, model: &Model) -> Option<Vec<Name>> {
    let mut out: Vec<Name> = Vec::new();
    for class in std::iter::once(&model.class).chain(model.bases.iter()) {
        let Some(m) = models.model(class) else { continue };
        if m.is_abstract {
            continue;
        }
        let table = schema.table_of(class)?;
        schema.tables.get(table)?;
        if !out.contains(table) {
            out.push(table.clone());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// One foreign key constraint of a mapped table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKeyLink {
    /// The table holding the key.
    pub table: Name,
    /// The class whose attribute declares it (for a single-column key written on a column).
    pub class: Option<ClassRef>,
    /// That attribute (`author_id`).
    pub attribute: Option<Name>,
    /// The local column(s), as written.
    pub columns: Vec<Name>,
    /// Every local column could be read.
    pub columns_complete: bool,
    /// The table it references.
    pub references: Name,
    /// The schema the key names (`"events.roles.id"` → `events`), `None` for the default.
    pub references_schema: Option<Name>,
}

impl ForeignKeyLink {
    /// Whether this key may point at one of `tables`, the tables `model` maps: the names agree and
    /// so do the schemas, where the table's is known (`events.roles` is not `categories.roles`).
    pub fn reaches(&self, schema: &Schema, models: &ModelRegistry, model: &Model, tables: &[Name]) -> bool {
        tables.contains(&self.references)
            && match table_schema(schema, models, model, &self.references) {
                Some(known) => known == self.references_schema,
                None => true,
            }
    }
}

/// The database schema of one of `model`'s tables: `Some(None)` for the default, `None` unknown.
fn table_schema(schema: &Schema, models: &ModelRegistry, model: &Model, table: &Name) -> Option<Option<Name>> {
    std::iter::once(&model.class)
        .chain(model.bases.iter())
        .filter(|class| models.model(class).is_some_and(|m| !m.is_abstract))
        .find(|class| schema.table_of(class) == Some(table))
        .and_then(|class| schema.model(class)?.db_schema.clone())
}

/// The schema part of a `schema.table.column` key.
fn referenced_schema(fk: &str) -> Option<Name> {
    let mut parts = fk.rsplitn(3, '.');
    let (_column, _table) = (parts.next(), parts.next());
    parts.next().map(Name::from)
}

/// The foreign key constraints of the tables a class maps into (its own and its mapped parents'):
/// keys written on columns (`ForeignKey("users.id")`) and `ForeignKeyConstraint`s in
/// `__table_args__`. Callers check the tables are not opaque (`class_tables`).
pub fn foreign_key_links(db: &dyn Db, models: &ModelRegistry, schema: &Schema, model: &Model) -> Vec<ForeignKeyLink> {
    let mut out: Vec<ForeignKeyLink> = Vec::new();
    for class in std::iter::once(&model.class).chain(model.bases.iter()) {
        let Some(owner) = models.model(class) else { continue };
        if owner.is_abstract {
            continue;
        }
        let Some(table) = schema.table_of(class).cloned() else { continue };
        if out.iter().any(|l| l.table == table) {
            continue;
        }
        for attr in &owner.attributes {
            if attr.kind != AttrKind::Column || attr.via_backref || attr.foreign_keys.is_empty() {
                continue;
            }
            if attr_table(&schema.models, models, owner, attr).as_ref() != Some(&table) {
                continue;
            }
            for fk in &attr.foreign_keys {
                out.push(ForeignKeyLink {
                    table: table.clone(),
                    class: Some(attr.declared_in.clone()),
                    attribute: Some(attr.name.clone()),
                    columns: vec![column_key(attr)],
                    columns_complete: true,
                    references: Name::from(referenced_table(fk)),
                    references_schema: referenced_schema(fk),
                });
            }
        }
        let item = crate::hir::index::class_item(db, class.file, &class.name);
        if let Some(args) = item.as_ref().and_then(|i| i.assigned("__table_args__")) {
            for constraint in table_arg_items(args) {
                let Expr::Call { func, args, .. } = constraint else { continue };
                if callee_name(func) != Some("ForeignKeyConstraint") {
                    continue;
                }
                let (Some(Expr::List(local) | Expr::Tuple(local)), Some(Expr::List(refs) | Expr::Tuple(refs))) =
                    (args.first(), args.get(1))
                else {
                    continue;
                };
                let Some(reference) = refs.first().and_then(|r| crate::hir::foreign_key_target(db, class.file, r))
                else {
                    continue;
                };
                out.push(ForeignKeyLink {
                    table: table.clone(),
                    class: None,
                    attribute: None,
                    // `["trigger_id"]` or `[trigger_id]` (the class body's column); an entry we
                    // cannot read leaves the link without that column (callers treat it as unknown).
                    columns: local
                        .iter()
                        .filter_map(|c| match c {
                            Expr::Str(name) => Some(Name::from(name.as_str())),
                            Expr::Name(name) => owner.attribute(name).map(column_key),
                            _ => None,
                        })
                        .collect(),
                    columns_complete: local.iter().all(|c| match c {
                        Expr::Str(_) => true,
                        Expr::Name(name) => owner.attribute(name).is_some(),
                        _ => false,
                    }),
                    references: Name::from(referenced_table(&reference)),
                    references_schema: referenced_schema(&reference),
                });
            }
        }
    }
    out
}

/// The foreign keys linking two sets of tables, in either direction; `true` for the keys held by
/// the first set.
pub fn links_between<'l>(
    schema: &Schema,
    models: &ModelRegistry,
    (ours, our_links, our_tables): (&Model, &'l [ForeignKeyLink], &[Name]),
    (theirs, their_links, their_tables): (&Model, &'l [ForeignKeyLink], &[Name]),
) -> Vec<(&'l ForeignKeyLink, bool)> {
    let mut out: Vec<(&ForeignKeyLink, bool)> = our_links
        .iter()
        .filter(|l| our_tables.contains(&l.table) && l.reaches(schema, models, theirs, their_tables))
        .map(|l| (l, true))
        .collect();
    out.extend(
        their_links
            .iter()
            .filter(|l| their_tables.contains(&l.table) && l.reaches(schema, models, ours, our_tables))
            .map(|l| (l, false)),
    );
    out
}
