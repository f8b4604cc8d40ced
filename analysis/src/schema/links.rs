//! The foreign keys between mapped tables, and whether a relationship spells out its join.

use super::mapping::{
    Schema, attr_table, callee_name, column_key, foreign_key_constraint_columns, referenced_table, table_arg_items,
};
use crate::db::Db;
use crate::hir::{Expr, Name};
use crate::models::{AttrKind, Inheritance, Model, ModelAttr, ModelRegistry};
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
    for class in table_classes(model) {
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

/// The class and its bases, whose tables it maps into: only its own under concrete inheritance,
/// where the class's table holds every column.
fn table_classes(model: &Model) -> impl Iterator<Item = &ClassRef> {
    let bases = if model.inheritance == Inheritance::Concrete { &[][..] } else { &model.bases[..] };
    std::iter::once(&model.class).chain(bases.iter())
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
    table_classes(model)
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
    for class in table_classes(model) {
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
                let Some((local, refs)) = foreign_key_constraint_columns(constraint) else { continue };
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

/// Every foreign key column of the tables a class maps into, when we see them all: no columns
/// from somewhere we cannot see, no computed `__table_args__`, no key we cannot read. Where table
/// names are unknown (a computed `__tablename__`), the keys a class holds still decide: a class
/// whose tables hold no key at all cannot be the many side of any join.
pub fn all_key_columns<'m>(db: &dyn Db, schema: &Schema, model: &'m Model) -> Option<Vec<&'m ModelAttr>> {
    let own = schema.model(&model.class)?;
    if own.opaque || own.declared_attr_columns || own.has_table_object {
        return None;
    }
    let mut out: Vec<&ModelAttr> = Vec::new();
    for attr in model.attributes.iter().filter(|a| a.kind == AttrKind::Column && !a.via_backref) {
        let written = attr.value.as_deref().is_some_and(calls_foreign_key);
        if written && attr.foreign_keys.is_empty() {
            return None;
        }
        if !attr.foreign_keys.is_empty() {
            out.push(attr);
        }
    }
    for class in std::iter::once(&model.class).chain(model.bases.iter()) {
        let item = crate::hir::index::class_item(db, class.file, &class.name)?;
        // `@declared_attr def __table_args__(cls): return (...)`: what it returns, when it is one
        // unconditional `return`.
        let args = match (item.method("__table_args__"), item.assigned("__table_args__")) {
            (Some(method), _) if method.declared_guards.is_empty() => Some(method.declared_value.as_ref()?),
            (Some(_), _) => return None,
            (None, args) => args,
        };
        let Some(args) = args else { continue };
        if !matches!(args, Expr::Tuple(_) | Expr::List(_) | Expr::Dict(_)) {
            return None;
        }
        for constraint in table_arg_items(args) {
            match constraint {
                Expr::Dict(_) => {}
                Expr::Call { func, .. } => {
                    let Some((local, _)) = foreign_key_constraint_columns(constraint) else {
                        if callee_name(func) == Some("ForeignKeyConstraint") {
                            return None;
                        }
                        continue;
                    };
                    for column in local {
                        let attr = match column {
                            Expr::Str(name) => model.column(name),
                            Expr::Name(name) => model.attribute(name),
                            _ => None,
                        }?;
                        if !out.iter().any(|a| a.name == attr.name) {
                            out.push(attr);
                        }
                    }
                }
                _ => return None,
            }
        }
    }
    Some(out)
}

/// A `ForeignKey(...)` anywhere in a column's arguments.
fn calls_foreign_key(expr: &Expr) -> bool {
    match expr {
        Expr::Call { func, args, kwargs } => {
            matches!(func.as_ref(), Expr::Name(n) | Expr::Attr(_, n) if n == "ForeignKey")
                || args.iter().any(calls_foreign_key)
                || kwargs.iter().any(|(_, v)| calls_foreign_key(v))
        }
        _ => false,
    }
}
