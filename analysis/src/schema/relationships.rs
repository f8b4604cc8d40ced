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

use super::links::{ForeignKeyLink, foreign_key_links, join_given, mapped_tables};
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
                match (call.and_then(|c| option(c, "foreign_keys")), call.and_then(|c| option(c, "primaryjoin"))) {
                    (Some(keys), _) => own_key_columns(keys, model)
                        .map(|columns| columns.iter().any(|c| column_nullable(c) != Some(false))),
                    // The key columns the join compares, not every key between the tables.
                    (None, Some(join)) => join_keys_nullable(db, models, model, attr, join),
                    (None, None) => {
                        let target = attr.target.as_ref().and_then(|t| models.model(t));
                        target.and_then(|t| foreign_key_nullable(db, models, schema, model, t))
                    }
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
    let Some(target) = attr.target.as_ref().and_then(|t| models.model(t)) else { return (None, R::Unknown) };
    if same_hierarchy(models, &model.class, &target.class) {
        // Without `remote_side=` or `remote(...)`, SQLAlchemy marks a self-referential join's
        // foreign columns remote: one-to-many. A join we cannot read may hide `remote(...)`.
        if let Some(join) = option(call, "primaryjoin")
            && option(call, "remote_side").is_none()
            && !join_without_remote(join)
        {
            return (None, R::Unknown);
        }
        return match option(call, "remote_side") {
            // The remote side holds the key to this table (`remote_side=[parent_id]`): one-to-many;
            // only the referenced columns (`remote_side=[id]`): many-to-one.
            Some(remote) => match remote_holds_key(models, schema, model, remote) {
                Some(true) => (Some(Direction::OneToMany), R::RemoteSide),
                Some(false) => (Some(Direction::ManyToOne), R::RemoteSide),
                None => (None, R::Unknown),
            },
            None => (Some(Direction::OneToMany), R::SelfReferential),
        };
    }
    if let Some(keys) = option(call, "foreign_keys") {
        return match foreign_keys_side(keys, model, target) {
            Some(true) => (Some(Direction::ManyToOne), R::ForeignKeysArgument),
            Some(false) => (Some(Direction::OneToMany), R::ForeignKeysArgument),
            None => (None, R::Unknown),
        };
    }
    if let Some(join) = option(call, "primaryjoin") {
        return match primaryjoin_side(join, model, target, class_body_scope(db, model, attr)) {
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
        return (None, R::Unknown);
    };
    let here = foreign_key_links(db, models, schema, model)
        .iter()
        .filter(|l| ours.contains(&l.table) && l.reaches(schema, models, target, &theirs))
        .count();
    let there = foreign_key_links(db, models, schema, target)
        .iter()
        .filter(|l| theirs.contains(&l.table) && l.reaches(schema, models, model, &ours))
        .count();
    // Two keys between the tables is `AmbiguousForeignKeysError` without `foreign_keys=`.
    match (here, there) {
        (1, 0) => (Some(Direction::ManyToOne), R::ForeignKeyHere),
        (0, 1) => (Some(Direction::OneToMany), R::ForeignKeyThere),
        _ => (None, R::Unknown),
    }
}

/// Whether `remote_side=` names a column whose foreign key points back into the class's own
/// tables; `None` when a column cannot be read.
fn remote_holds_key(models: &ModelRegistry, schema: &Schema, model: &Model, remote: &Expr) -> Option<bool> {
    let remote = match remote {
        Expr::Lambda(body) => body.as_ref(),
        other => other,
    };
    let tables = mapped_tables(models, schema, model)?;
    let columns = own_key_columns(remote, model)?;
    Some(
        columns.iter().any(|c| c.foreign_keys.iter().any(|fk| tables.iter().any(|t| t == super::referenced_table(fk)))),
    )
}

/// Which side `foreign_keys=` names columns of: `true` for this class (`[author_id]`,
/// `"Post.author_id"` on `Post`), `false` for the target; `None` when mixed or unreadable.
fn foreign_keys_side(keys: &Expr, model: &Model, target: &Model) -> Option<bool> {
    let items: Vec<&Expr> = match keys {
        Expr::List(items) | Expr::Tuple(items) => items.iter().collect(),
        Expr::Str(text) => {
            let text = text.trim().trim_start_matches('[').trim_end_matches(']');
            let sides: Vec<Option<bool>> =
                text.split(',').map(|part| side_of_dotted(part.trim(), model, target)).collect();
            return unanimous(&sides);
        }
        other => vec![other],
    };
    let sides: Vec<Option<bool>> = items
        .iter()
        .map(|item| match item {
            // A name in the class body is one of this class's columns.
            Expr::Name(name) => model.attribute(name).is_some_and(|a| a.kind == AttrKind::Column).then_some(true),
            Expr::Attr(owner, _) => match owner.as_ref() {
                Expr::Name(class) => side_of_class(class, model, target),
                _ => None,
            },
            Expr::Str(text) => side_of_dotted(text, model, target),
            _ => None,
        })
        .collect();
    unanimous(&sides)
}

/// Whether the key columns a `primaryjoin=` compares on this side may be NULL.
fn join_keys_nullable(
    db: &dyn Db,
    models: &ModelRegistry,
    model: &Model,
    attr: &ModelAttr,
    join: &Expr,
) -> Option<bool> {
    let target = attr.target.as_ref().and_then(|t| models.model(t))?;
    let (_, keys) = primaryjoin_keys(join, model, target, class_body_scope(db, model, attr))?;
    let columns: Option<Vec<&ModelAttr>> = keys.iter().map(|k| model.attribute(k)).collect();
    columns.map(|columns| columns.iter().any(|c| column_nullable(c) != Some(false)))
}

/// The columns of this class that `foreign_keys=` names; `None` when some are not its own or not readable.
fn own_key_columns<'m>(keys: &Expr, model: &'m Model) -> Option<Vec<&'m ModelAttr>> {
    let items: Vec<&Expr> = match keys {
        Expr::List(items) | Expr::Tuple(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Expr::Name(name) => out.push(own_column(model, name)?),
            Expr::Attr(owner, name) if matches!(owner.as_ref(), Expr::Name(c) if c == model.name()) => {
                out.push(own_column(model, name)?)
            }
            // `"[Run.parent_id]"`, `"Run.parent_id"`: evaluated in the registry, each `Class.column`.
            Expr::Str(text) => {
                let inner = text.trim().trim_start_matches(['[', '(']).trim_end_matches([']', ')']);
                for path in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    match path.rsplit_once('.') {
                        Some((class, name)) if class.rsplit('.').next() == Some(model.name()) => {
                            out.push(own_column(model, name)?)
                        }
                        _ => return None,
                    }
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

fn own_column<'m>(model: &'m Model, name: &str) -> Option<&'m ModelAttr> {
    model.attribute(name).filter(|a| a.kind == AttrKind::Column)
}

/// Which side's columns hold the foreign key in a `primaryjoin=` (a string, a lambda, or an
/// expression): the columns wrapped in `foreign(...)` when any are, else the compared columns whose
/// `ForeignKey` points at the other class's table. `None` when mixed, absent, or naming other
/// classes.
fn primaryjoin_side(join: &Expr, model: &Model, target: &Model, own: Option<&str>) -> Option<bool> {
    primaryjoin_keys(join, model, target, own).map(|(side, _)| side)
}

/// [`primaryjoin_side`], with the foreign key columns (attribute names) on that side.
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

fn primaryjoin_keys(join: &Expr, model: &Model, target: &Model, own: Option<&str>) -> Option<(bool, Vec<String>)> {
    let text = match join {
        Expr::Str(text) => Some(std::borrow::Cow::Borrowed(text.as_str())),
        Expr::Format(parts) => Some(std::borrow::Cow::Owned(join_text(parts)?)),
        _ => None,
    };
    let columns = match (text, join) {
        (Some(text), _) => dotted_pairs(&text)
            .into_iter()
            .map(|(start, class, attribute)| {
                (class.to_owned(), attribute.to_owned(), text[..start].trim_end().ends_with("foreign("))
            })
            .collect(),
        (None, other) => {
            let mut out = Vec::new();
            join_columns(other, false, 0, own, &mut out)?;
            out
        }
    };
    let mut sides = Vec::new();
    let mut foreign_sides = Vec::new();
    for (class, attribute, foreign) in &columns {
        // `sa.and_`, `func.lower`: modules and functions, not mapped classes.
        if class.starts_with(|c: char| c.is_lowercase()) {
            continue;
        }
        let side = side_of_class(class, model, target)?;
        let owner = if side { model } else { target };
        let other = if side { target } else { model };
        if *foreign {
            foreign_sides.push((Some(side), attribute.clone()));
        }
        let column = owner.attribute(attribute).filter(|a| a.kind == AttrKind::Column)?;
        let points_over = column
            .foreign_keys
            .iter()
            .any(|fk| other.tablename.as_deref().is_some_and(|table| super::referenced_table(fk) == table));
        if points_over {
            sides.push((Some(side), attribute.clone()));
        }
    }
    let keys = if foreign_sides.is_empty() { sides } else { foreign_sides };
    let side = unanimous(&keys.iter().map(|(s, _)| *s).collect::<Vec<_>>())?;
    Some((side, keys.into_iter().map(|(_, attribute)| attribute).collect()))
}

/// A join condition we read whole (a string, or code of comparisons) that marks no column
/// `remote(...)`.
fn join_without_remote(join: &Expr) -> bool {
    match join {
        Expr::Str(text) => !text.contains("remote("),
        Expr::Format(parts) => join_text(parts).is_some_and(|text| !text.contains("remote(")),
        code => {
            let mut columns = Vec::new();
            join_columns(code, false, 0, None, &mut columns).is_some() && !calls_remote(code)
        }
    }
}

fn calls_remote(expr: &Expr) -> bool {
    match expr {
        Expr::Lambda(body) => calls_remote(body),
        Expr::Compare(items) | Expr::BoolOp(items) | Expr::Tuple(items) => items.iter().any(calls_remote),
        Expr::Call { func, args, .. } => {
            matches!(func.as_ref(), Expr::Name(n) | Expr::Attr(_, n) if n == "remote") || args.iter().any(calls_remote)
        }
        _ => false,
    }
}

/// An f-string join condition as text, when every interpolation sits inside a quoted SQL literal
/// (`f"and_(Tag.kind == '{Kind.RUN.value}', foreign(Tag.run_id) == Run.id)"`): a literal compares
/// no column, so its value does not matter. An interpolation outside quotes may name columns.
fn join_text(parts: &[Expr]) -> Option<String> {
    let mut text = String::new();
    let mut quote: Option<char> = None;
    for part in parts {
        match part {
            Expr::Str(piece) => {
                for c in piece.chars() {
                    match quote {
                        Some(q) if c == q => quote = None,
                        None if c == '\'' || c == '"' => quote = Some(c),
                        _ => {}
                    }
                }
                text.push_str(piece);
            }
            _ if quote.is_some() => text.push('?'),
            _ => return None,
        }
    }
    Some(text)
}

/// The `Class.column` operands of a join condition written as code (`lambda: and_(A.id == B.a_id,
/// B.deleted == false())`), with whether `foreign(...)` wraps each; `None` for what we cannot read.
/// `own` names the class whose body the condition is written in (not inside a `lambda`): a bare
/// name there is one of its columns (`primaryjoin=dag_id == foreign(DagRun.dag_id)`).
fn join_columns(
    expr: &Expr,
    foreign: bool,
    depth: u32,
    own: Option<&str>,
    out: &mut Vec<(String, String, bool)>,
) -> Option<()> {
    if depth > 16 {
        return None;
    }
    match expr {
        Expr::Lambda(body) => join_columns(body, foreign, depth + 1, None, out),
        Expr::Compare(operands) | Expr::BoolOp(operands) | Expr::Tuple(operands) => {
            operands.iter().try_for_each(|e| join_columns(e, foreign, depth + 1, own, out))
        }
        Expr::Name(column) => {
            out.push((own?.to_owned(), column.to_string(), foreign));
            Some(())
        }
        Expr::Attr(owner, attribute) => {
            let class = match owner.as_ref() {
                Expr::Name(class) => class,
                // `Dataset.__table__.c.id`, `Dataset.table.c.id`: a column of the class's table.
                Expr::Attr(table, c) if c == "c" => match table.as_ref() {
                    Expr::Attr(class, _) => class.as_name()?,
                    _ => return None,
                },
                // `Status.ACTIVE.value`: no column.
                Expr::Attr(..) => return Some(()),
                _ => return None,
            };
            out.push((class.to_string(), attribute.to_string(), foreign));
            Some(())
        }
        Expr::Call { func, args, .. } => {
            let name = match func.as_ref() {
                Expr::Name(n) | Expr::Attr(_, n) => n.as_str(),
                _ => return None,
            };
            match name {
                "foreign" | "remote" => {
                    args.iter().try_for_each(|a| join_columns(a, name == "foreign", depth + 1, own, out))
                }
                "and_" | "or_" => args.iter().try_for_each(|a| join_columns(a, foreign, depth + 1, own, out)),
                // `false()`, `true()`, `literal(...)`: no column.
                _ => Some(()),
            }
        }
        Expr::Str(_) | Expr::Int(_) | Expr::Bool(_) | Expr::NoneLit => Some(()),
        _ => None,
    }
}

/// The `Class.attribute` pairs of an expression's text, with where each starts.
fn dotted_pairs(text: &str) -> Vec<(usize, &str, &str)> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(start) = rest.find(|c: char| c.is_alphabetic() || c == '_') {
        let word_start = offset + start;
        let tail = &text[word_start..];
        let first_len = tail.find(|c: char| !is_ident(c)).unwrap_or(tail.len());
        let after = &tail[first_len..];
        let mut consumed = first_len;
        if let Some(second) = after.strip_prefix('.') {
            let second_len = second.find(|c: char| !is_ident(c)).unwrap_or(second.len());
            if second_len > 0 {
                out.push((word_start, &tail[..first_len], &second[..second_len]));
                consumed += 1 + second_len;
            }
        }
        offset = word_start + consumed;
        rest = &text[offset..];
    }
    out
}

fn side_of_dotted(text: &str, model: &Model, target: &Model) -> Option<bool> {
    let (class, _) = text.rsplit_once('.')?;
    side_of_class(class.rsplit('.').next()?, model, target)
}

fn side_of_class(class: &str, model: &Model, target: &Model) -> Option<bool> {
    if class == model.name() {
        Some(true)
    } else if class == target.name() {
        Some(false)
    } else {
        None
    }
}

fn unanimous(sides: &[Option<bool>]) -> Option<bool> {
    let first = (*sides.first()?)?;
    sides.iter().all(|s| *s == Some(first)).then_some(first)
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
    let ours = mapped_tables(models, schema, model)?;
    let theirs = mapped_tables(models, schema, target)?;
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
