//! The shape of a relationship as SQLAlchemy decides it at mapper configuration: its direction
//! (many-to-one, one-to-many, many-to-many), how it holds its targets (scalar, list, set, dict, a
//! custom class, dynamic, write-only) and whether a scalar side may be `None`.
//!
//! SQLAlchemy's rules (`RelationshipProperty._determine_direction`, `_use_get`, `uselist`):
//! - `secondary=` makes it many-to-many;
//! - otherwise the side holding the foreign key decides: the key in this class's table makes it
//!   many-to-one, in the target's one-to-many; both or neither is an error at runtime, unknown here;
//! - a self-referential relationship is one-to-many unless `remote_side=` says otherwise;
//! - `foreign_keys=` names the key columns, and so the side; a `primaryjoin=` without it is unknown;
//! - `uselist=` defaults to `False` for many-to-one only; the annotation (`Mapped[X]` /
//!   `Mapped[list[X]]`) sets it on typed models; `collection_class=` picks the collection.
//!
//! A scalar side is `None` when no row matches, unless it is many-to-one over foreign key columns
//! that are all `NOT NULL`. What cannot be proven is `None` here, never a guess.

use super::joins::{JoinColumn, JoinReader};
use super::links::{ForeignKeyLink, all_key_columns, foreign_key_links, join_given, mapped_tables};
use super::mapping::{Schema, same_hierarchy};
use crate::db::Db;
use crate::hir::{Expr, Name};
use crate::models::{AttrKind, Collection, Model, ModelAttr, ModelRegistry};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    ManyToOne,
    OneToMany,
    ManyToMany,
}

impl Direction {
    /// SQLAlchemy's name (`sqlalchemy.orm.interfaces.MANYTOONE`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::ManyToOne => "MANYTOONE",
            Direction::OneToMany => "ONETOMANY",
            Direction::ManyToMany => "MANYTOMANY",
        }
    }

    /// The direction of the other side of the same join (a backref).
    pub fn reverse(self) -> Direction {
        match self {
            Direction::ManyToOne => Direction::OneToMany,
            Direction::OneToMany => Direction::ManyToOne,
            Direction::ManyToMany => Direction::ManyToMany,
        }
    }
}

/// Why a relationship has the direction it has, or why it is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DirectionReason {
    Secondary,
    /// Self-referential: `remote_side=` given (many-to-one) or not (one-to-many).
    RemoteSide,
    SelfReferential,
    /// `foreign_keys=` names columns of one side.
    ForeignKeysArgument,
    /// The foreign key is in this class's table (many-to-one) or the target's (one-to-many).
    ForeignKeyHere,
    ForeignKeyThere,
    /// The foreign key columns a `primaryjoin="..."` string compares are this class's or the target's.
    PrimaryJoin,
    /// The reverse of the relationship that declared this one with `backref=`.
    Backref,
    /// Unknown: a `primaryjoin=` we do not read, tables or keys we do not see, keys both ways.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationshipShape {
    pub direction: Option<Direction>,
    pub reason: DirectionReason,
    /// `None` when unknown.
    pub collection: Option<Collection>,
    /// The class named by `collection_class=` when it is not `list`, `set` or a keyed dict.
    pub collection_class: Option<Name>,
    /// A scalar side may be `None`; `None` for collections and when unknown.
    pub optional: Option<bool>,
}

/// The shape of a relationship declared on `model` (its own, inherited or `backref=`-made copy).
pub fn relationship_shape(
    db: &dyn Db,
    models: &ModelRegistry,
    schema: &Schema,
    model: &Model,
    attr: &ModelAttr,
) -> RelationshipShape {
    let call = attr.value.as_deref();
    if call.is_some_and(opaque_options) {
        let loader = attr.collection.filter(|c| matches!(c, Collection::Dynamic | Collection::WriteOnly));
        return RelationshipShape {
            direction: None,
            reason: DirectionReason::Unknown,
            collection: loader,
            collection_class: None,
            optional: None,
        };
    }
    let (direction, reason) = direction(db, models, schema, model, attr);
    let (class_collection, collection_class) = collection_class(call);
    let explicit = explicit_collection(attr, call, class_collection);
    // A collection annotation (`Mapped[list[X]]`) picks the collection class but leaves `uselist`
    // to the direction: on a many-to-one it is still a scalar at runtime.
    let annotated = attr.typed.then_some(attr.collection).flatten().filter(|c| *c != Collection::Scalar);
    let collection = match explicit {
        Some(collection) => Some(collection),
        // `uselist=(cls.unique_links != True)`: a scalar or a list, we cannot tell which.
        None if call.and_then(|c| option(c, "uselist")).is_some_and(|u| u.as_bool().is_none()) => None,
        None => match direction {
            Some(Direction::ManyToOne) => Some(Collection::Scalar),
            Some(Direction::OneToMany | Direction::ManyToMany) => {
                class_collection.or(annotated).or(Some(Collection::List))
            }
            None => None,
        },
    };
    let optional = match collection {
        Some(Collection::Scalar) => match direction {
            Some(Direction::ManyToOne) => {
                let target = attr.target.as_ref().and_then(|t| models.model(t));
                match (call, target) {
                    (Some(call), _) => {
                        keys_nullable(&join_reader(db, models, schema, model, target, attr), call, model, target)
                    }
                    (None, Some(target)) => foreign_key_nullable(db, models, schema, model, target),
                    (None, None) => None,
                }
            }
            Some(_) => Some(true),
            None => None,
        },
        _ => None,
    };
    RelationshipShape { direction, reason, collection, collection_class, optional }
}

/// The shape of the attribute `backref=` creates on the target, from the declaring side's shape.
pub fn backref_shape(
    forward: &RelationshipShape,
    attr: &ModelAttr,
    reverse_optional: Option<bool>,
) -> RelationshipShape {
    let direction = forward.direction.map(Direction::reverse);
    let backref_call =
        attr.value.as_deref().and_then(|v| v.kwarg("backref")).filter(|b| matches!(b, Expr::Call { .. }));
    let uselist = backref_call.and_then(|b| b.kwarg("uselist")).and_then(|u| u.as_bool());
    let (class_collection, collection_class) = collection_class(backref_call);
    let uselist_unreadable = backref_call.and_then(|b| b.kwarg("uselist")).is_some_and(|u| u.as_bool().is_none());
    let collection = match (attr.backref_lazy.as_deref(), uselist) {
        (Some("dynamic"), _) => Some(Collection::Dynamic),
        (Some("write_only"), _) => Some(Collection::WriteOnly),
        _ if uselist_unreadable => None,
        (_, Some(false)) => Some(Collection::Scalar),
        (_, Some(true)) => class_collection.or(Some(Collection::List)),
        _ => match direction {
            Some(Direction::ManyToOne) => Some(Collection::Scalar),
            Some(_) => class_collection.or(Some(Collection::List)),
            None => None,
        },
    };
    let optional = match (collection, direction) {
        (Some(Collection::Scalar), Some(Direction::ManyToOne)) => reverse_optional,
        (Some(Collection::Scalar), Some(_)) => Some(true),
        _ => None,
    };
    RelationshipShape { direction, reason: DirectionReason::Backref, collection, collection_class, optional }
}

/// What the declaration itself fixes: the loader (`lazy="dynamic"`, `DynamicMapped`), `uselist=`,
/// the annotation of a typed relationship.
fn explicit_collection(
    attr: &ModelAttr,
    call: Option<&Expr>,
    class_collection: Option<Collection>,
) -> Option<Collection> {
    if matches!(attr.collection, Some(Collection::Dynamic | Collection::WriteOnly)) {
        return attr.collection;
    }
    match call.and_then(|c| option(c, "uselist")).and_then(|u| u.as_bool()) {
        Some(false) => return Some(Collection::Scalar),
        Some(true) => return class_collection.or(Some(Collection::List)),
        None => {}
    }
    // `Mapped[X]` sets `uselist=False`; a collection annotation does not set `uselist` (see
    // `relationship_shape`).
    (attr.typed && attr.collection == Some(Collection::Scalar)).then_some(Collection::Scalar)
}

/// `collection_class=set` → `Set`; keyed dicts → `Dict`; another class → `Custom` and its name;
/// `None` when not given.
fn collection_class(call: Option<&Expr>) -> (Option<Collection>, Option<Name>) {
    let Some(class) = call.and_then(|c| option(c, "collection_class")) else { return (None, None) };
    let callee = match class {
        Expr::Call { func, .. } => func.as_ref(),
        other => other,
    };
    let name = match callee {
        Expr::Name(n) => n.clone(),
        Expr::Attr(_, n) => n.clone(),
        _ => return (Some(Collection::Custom), None),
    };
    let collection = match name.as_str() {
        "list" | "List" | "InstrumentedList" => Collection::List,
        "set" | "Set" | "InstrumentedSet" => Collection::Set,
        // `ordering_list("position")` builds an `OrderingList`.
        "ordering_list" | "OrderingList" => return (Some(Collection::Custom), Some(Name::from("OrderingList"))),
        "dict"
        | "Dict"
        | "InstrumentedDict"
        | "attribute_keyed_dict"
        | "attribute_mapped_collection"
        | "column_keyed_dict"
        | "column_mapped_collection"
        | "keyfunc_mapping"
        | "mapped_collection"
        | "KeyFuncDict"
        | "MappedCollection" => Collection::Dict,
        _ => return (Some(Collection::Custom), Some(name)),
    };
    (Some(collection), None)
}

/// A `relationship()` keyword, also where SQLModel's `Relationship(sa_relationship_kwargs={...})`
/// (or `dict(...)`) passes it on.
pub fn option<'e>(call: &'e Expr, name: &str) -> Option<&'e Expr> {
    call.kwarg(name).or_else(|| match call.kwarg("sa_relationship_kwargs")? {
        Expr::Dict(pairs) => pairs.iter().find(|(k, _)| k.as_str() == Some(name)).map(|(_, v)| v),
        dict_call @ Expr::Call { func, .. } if func.as_name() == Some("dict") => dict_call.kwarg(name),
        _ => None,
    })
}

/// Options we cannot read: `relationship(..., **options)`, or `sa_relationship_kwargs` that is
/// no literal dict. Any of them may set `secondary`, `uselist` or a join, so the shape is unknown.
fn opaque_options(call: &Expr) -> bool {
    let Expr::Call { args, .. } = call else { return false };
    let passed_through = |args: &[Expr]| args.iter().any(|a| matches!(a, Expr::DoubleStar(_)));
    passed_through(args)
        || match call.kwarg("sa_relationship_kwargs") {
            None | Some(Expr::Dict(_)) => false,
            Some(Expr::Call { func, args, .. }) if func.as_name() == Some("dict") => !args.is_empty(),
            Some(_) => true,
        }
}

fn direction(
    db: &dyn Db,
    models: &ModelRegistry,
    schema: &Schema,
    model: &Model,
    attr: &ModelAttr,
) -> (Option<Direction>, DirectionReason) {
    use DirectionReason as R;
    let Some(call) = attr.value.as_deref() else { return (None, R::Unknown) };
    let secondary_positional = matches!(call, Expr::Call { args, .. } if args.len() > 1);
    // SQLModel's `Relationship(link_model=HeroTeamLink)` is its `secondary=`.
    if option(call, "secondary").is_some() || call.kwarg("link_model").is_some() || secondary_positional {
        return (Some(Direction::ManyToMany), R::Secondary);
    }
    let Some(target) = attr.target.as_ref().and_then(|t| models.model(t)) else {
        // An unknown target (`relationship(security_manager.user_model, foreign_keys=[user_id])`):
        // keys of this class to a table outside its hierarchy make it many-to-one all the same.
        let reader = join_reader(db, models, schema, model, None, attr);
        return match option(call, "foreign_keys") {
            Some(keys) if keys_reach_elsewhere(&reader, keys) => (Some(Direction::ManyToOne), R::ForeignKeysArgument),
            _ => (None, R::Unknown),
        };
    };
    let reader = join_reader(db, models, schema, model, Some(target), attr);
    if same_hierarchy(models, &model.class, &target.class) {
        return match (option(call, "remote_side"), option(call, "primaryjoin")) {
            // The remote side holds the key to this table (`remote_side=[parent_id]`): one-to-many;
            // only the referenced columns (`remote_side=[id]`): many-to-one.
            (Some(remote), _) => match remote_holds_key(&reader, remote) {
                Some(true) => (Some(Direction::OneToMany), R::RemoteSide),
                Some(false) => (Some(Direction::ManyToOne), R::RemoteSide),
                None => (None, R::Unknown),
            },
            (None, Some(join)) => match reader.read(join).filter(|c| c.pairs().next().is_some()) {
                // `remote(...)` in the join: one-to-many when a foreign key is remote.
                Some(columns) if columns.any_remote() => {
                    let keys = columns.foreign_keys(db, models, schema);
                    if !keys.certain {
                        return (None, R::Unknown);
                    }
                    let keys = keys.columns;
                    match (keys.is_empty(), keys.iter().any(|k| k.remote)) {
                        (true, _) => (None, R::Unknown),
                        (false, true) => (Some(Direction::OneToMany), R::RemoteSide),
                        (false, false) => (Some(Direction::ManyToOne), R::RemoteSide),
                    }
                }
                // Without `remote_side=` or `remote(...)`, SQLAlchemy marks a self-referential
                // join's foreign columns remote: one-to-many.
                Some(_) => (Some(Direction::OneToMany), R::SelfReferential),
                None => (None, R::Unknown),
            },
            (None, None) => (Some(Direction::OneToMany), R::SelfReferential),
        };
    }
    if let Some(keys) = option(call, "foreign_keys") {
        return match reader.key_columns(keys).and_then(|keys| key_side(&reader, &keys)) {
            Some(true) => (Some(Direction::ManyToOne), R::ForeignKeysArgument),
            Some(false) => (Some(Direction::OneToMany), R::ForeignKeysArgument),
            None => (None, R::Unknown),
        };
    }
    if let Some(join) = option(call, "primaryjoin") {
        let columns = reader.read(join).filter(|c| c.pairs().any(|(l, r)| crosses(&reader, l.model, r.model)));
        // The keys a join may use are all on one side: the ones it does use are there too.
        let keys = columns.map(|columns| columns.foreign_keys(db, models, schema).columns);
        return match keys.and_then(|keys| key_side(&reader, &keys)) {
            Some(true) => (Some(Direction::ManyToOne), R::PrimaryJoin),
            Some(false) => (Some(Direction::OneToMany), R::PrimaryJoin),
            None => (None, R::Unknown),
        };
    }
    if join_given(call) {
        return (None, R::Unknown);
    }
    let (Some(ours), Some(theirs)) = (mapped_tables(models, schema, model), mapped_tables(models, schema, target))
    else {
        // Table names unknown: when one side's tables hold no key at all, the key is the other's.
        let here = all_key_columns(db, schema, model).map(|keys| keys.is_empty());
        let there = all_key_columns(db, schema, target).map(|keys| keys.is_empty());
        let holds = |m: &Model| m.attributes.iter().any(|a| a.kind == AttrKind::Column && !a.foreign_keys.is_empty());
        return match (here, there) {
            (_, Some(true)) if holds(model) => (Some(Direction::ManyToOne), R::ForeignKeyHere),
            (Some(true), _) if holds(target) => (Some(Direction::OneToMany), R::ForeignKeyThere),
            _ => (None, R::Unknown),
        };
    };
    let here = distinct_keys(
        foreign_key_links(db, models, schema, model)
            .into_iter()
            .filter(|l| ours.contains(&l.table) && l.reaches(schema, models, target, &theirs)),
    );
    let there = distinct_keys(
        foreign_key_links(db, models, schema, target)
            .into_iter()
            .filter(|l| theirs.contains(&l.table) && l.reaches(schema, models, model, &ours)),
    );
    // Two keys between the tables is `AmbiguousForeignKeysError` without `foreign_keys=`; the same
    // key declared twice (on the column and as a `ForeignKeyConstraint`) is one.
    match (here, there) {
        (1, 0) => (Some(Direction::ManyToOne), R::ForeignKeyHere),
        (0, 1) => (Some(Direction::OneToMany), R::ForeignKeyThere),
        _ => (None, R::Unknown),
    }
}

/// How many different keys the links are: SQLAlchemy counts a key declared twice over the same
/// columns once (`_joincond_trim_constraints`).
fn distinct_keys(links: impl Iterator<Item = ForeignKeyLink>) -> usize {
    let mut seen: Vec<(Name, Vec<Name>, Name, Option<Name>)> = Vec::new();
    let mut unreadable = 0;
    for link in links {
        // Keys whose columns we cannot all read are never taken for the same key.
        if !link.columns_complete {
            unreadable += 1;
            continue;
        }
        let key = (link.table, link.columns, link.references, link.references_schema);
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    seen.len() + unreadable
}

/// The reader of this relationship's join arguments: names in code resolve in the module it is
/// written in, bare names in the class body it is assigned in.
fn join_reader<'a>(
    db: &'a dyn Db,
    models: &'a ModelRegistry,
    schema: &'a Schema,
    model: &'a Model,
    target: Option<&'a Model>,
    attr: &'a ModelAttr,
) -> JoinReader<'a> {
    JoinReader {
        db,
        models,
        schema,
        model,
        target,
        file: attr.declared_in.file,
        class_body: class_body_scope(db, model, attr),
    }
}

/// Whether `remote_side=` names a column whose foreign key points back into the class's own
/// tables; `None` when a column cannot be read.
fn remote_holds_key(reader: &JoinReader<'_>, remote: &Expr) -> Option<bool> {
    let tables = mapped_tables(reader.models, reader.schema, reader.model)?;
    let columns = reader.key_columns(remote)?;
    if !columns.iter().all(|c| is_side(reader.model, c.model)) {
        return None;
    }
    Some(
        columns
            .iter()
            .any(|c| c.attr.foreign_keys.iter().any(|fk| tables.iter().any(|t| t == super::referenced_table(fk)))),
    )
}

/// Whether `foreign_keys=` names only this class's columns, each with a foreign key to a table
/// no class of its hierarchy maps: whatever the target, the key is on this side.
fn keys_reach_elsewhere(reader: &JoinReader<'_>, keys: &Expr) -> bool {
    let Some(tables) = mapped_tables(reader.models, reader.schema, reader.model) else { return false };
    let Some(columns) = reader.key_columns(keys) else { return false };
    !columns.is_empty()
        && columns.iter().all(|c| {
            is_side(reader.model, c.model)
                && !c.attr.foreign_keys.is_empty()
                && c.attr.foreign_keys.iter().all(|fk| {
                    let table = super::referenced_table(fk);
                    !tables.iter().any(|t| t == table)
                        && !reader
                            .schema
                            .classes_of_table(table)
                            .any(|class| same_hierarchy(reader.models, &reader.model.class, class))
                })
        })
}

/// Which side foreign key columns are on: `true` for the relationship's class (many-to-one),
/// `false` for the target (one-to-many). Keys of a third table in the join do not count, as in
/// SQLAlchemy; `None` when there are none, or keys on both sides.
fn key_side(reader: &JoinReader<'_>, keys: &[JoinColumn<'_>]) -> Option<bool> {
    let here = keys.iter().any(|k| is_side(reader.model, k.model));
    let there = keys.iter().any(|k| reader.target.is_some_and(|t| is_side(t, k.model)));
    match (here, there) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Whether two compared columns are one of each side's.
fn crosses(reader: &JoinReader<'_>, a: &Model, b: &Model) -> bool {
    let Some(target) = reader.target else { return false };
    (is_side(reader.model, a) && is_side(target, b)) || (is_side(target, a) && is_side(reader.model, b))
}

/// Whether a column of `owner` belongs to `side`'s tables: `side` itself or a mapped parent.
fn is_side(side: &Model, owner: &Model) -> bool {
    owner.class == side.class || side.bases.contains(&owner.class)
}

/// Whether a many-to-one held by `holder` may be `None`: whether any of its foreign key columns may
/// be NULL. The keys are those `foreign_keys=` names, else those the `primaryjoin=` compares (not
/// every key between the tables), else the foreign keys from `holder`'s tables to `other`'s.
/// `call` is the `relationship()` (or `backref()`) that gives the join.
fn keys_nullable(reader: &JoinReader<'_>, call: &Expr, holder: &Model, other: Option<&Model>) -> Option<bool> {
    let (keys, certain) = match (option(call, "foreign_keys"), option(call, "primaryjoin")) {
        (Some(keys), _) => (reader.key_columns(keys)?, true),
        (None, Some(join)) => {
            let keys = reader.read(join)?.foreign_keys(reader.db, reader.models, reader.schema);
            (keys.columns, keys.certain)
        }
        (None, None) => return foreign_key_nullable(reader.db, reader.models, reader.schema, holder, other?),
    };
    if keys.is_empty() || !keys.iter().all(|k| is_side(holder, k.model)) {
        return None;
    }
    if certain {
        return Some(keys.iter().any(|k| column_nullable(k.attr) != Some(false)));
    }
    keys_agree(keys.iter().map(|k| column_nullable(k.attr)))
}

/// The nullability the keys a join may use all share: whichever it uses, a many-to-one over it
/// may be `None` (or not). `None` when they differ, one is unknown, or there are none.
fn keys_agree(nullable: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut agreed = None;
    for n in nullable {
        let n = n?;
        if agreed.is_some_and(|a| a != n) {
            return None;
        }
        agreed = Some(n);
    }
    agreed
}

/// Whether the many-to-one side `backref=` makes on the target may be `None`: the declaring
/// relationship's join (or the `backref(...)`'s own), with the target holding the keys.
pub fn backref_optional(
    db: &dyn Db,
    models: &ModelRegistry,
    schema: &Schema,
    model: &Model,
    attr: &ModelAttr,
) -> Option<bool> {
    let target = models.model(attr.target.as_ref()?)?;
    let call = attr.value.as_deref()?;
    let backref = call.kwarg("backref").filter(|b| matches!(b, Expr::Call { .. }));
    let own_join = backref.filter(|b| b.kwarg("primaryjoin").is_some() || b.kwarg("foreign_keys").is_some());
    let reader = join_reader(db, models, schema, model, Some(target), attr);
    keys_nullable(&reader, own_join.unwrap_or(call), target, Some(model))
}

/// The class whose body a relationship's arguments are evaluated in, when they are: assigned in
/// that class's body (not returned by a `@declared_attr`, not an imperative mapping's `properties`).
fn class_body_scope<'m>(db: &dyn Db, model: &'m Model, attr: &ModelAttr) -> Option<&'m str> {
    if model.imperative_table.is_some() || attr.via_backref {
        return None;
    }
    let item = crate::hir::index::class_item(db, attr.declared_in.file, &attr.declared_in.name)?;
    let assigned = item
        .body
        .iter()
        .any(|stmt| matches!(stmt, crate::hir::ClassStmt::Attr { name, value: Some(_), .. } if *name == attr.name));
    assigned.then_some(model.name())
}

/// Whether the foreign key from `model`'s tables to `target`'s may be NULL: `Some(false)` only when
/// every column of every such key is declared `NOT NULL` (or is a primary key).
pub fn foreign_key_nullable(
    db: &dyn Db,
    models: &ModelRegistry,
    schema: &Schema,
    model: &Model,
    target: &Model,
) -> Option<bool> {
    let (Some(ours), Some(theirs)) = (mapped_tables(models, schema, model), mapped_tables(models, schema, target))
    else {
        // Table names unknown: any of this class's keys may join them.
        return keys_agree(all_key_columns(db, schema, model)?.into_iter().map(column_nullable));
    };
    let links: Vec<ForeignKeyLink> = foreign_key_links(db, models, schema, model)
        .into_iter()
        .filter(|l| ours.contains(&l.table) && l.reaches(schema, models, target, &theirs))
        .collect();
    if links.is_empty() {
        return None;
    }
    let mut nullable = false;
    for link in &links {
        if !link.columns_complete || link.columns.is_empty() {
            return None;
        }
        for column in &link.columns {
            let attr = match &link.attribute {
                Some(name) => model.attribute(name),
                None => model.column(column),
            };
            let attr = attr.filter(|a| a.kind == AttrKind::Column)?;
            nullable |= column_nullable(attr)?;
        }
    }
    Some(nullable)
}

/// A column's nullability as SQLAlchemy sets it: `nullable=` when given, else `NOT NULL` for a
/// primary key, else from the annotation (`Mapped[int]` / `Mapped[int | None]`) on typed columns,
/// else nullable.
pub fn column_nullable(attr: &ModelAttr) -> Option<bool> {
    if let Some(nullable) = attr.value.as_deref().and_then(|v| v.kwarg("nullable")) {
        return nullable.as_bool();
    }
    if attr.primary_key {
        return Some(false);
    }
    match (attr.typed, attr.nullable) {
        (_, Some(nullable)) => Some(nullable),
        (true, None) => None,
        (false, None) => Some(true),
    }
}
