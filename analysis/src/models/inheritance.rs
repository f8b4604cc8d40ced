//! Mapper inheritance: whether a mapped subclass of a mapped class has a table of its own (joined),
//! shares its parent's (single) or copies every column into its own (concrete), decided as
//! SQLAlchemy's declarative scan decides it. A computed `__tablename__` or `__mapper_args__` leaves
//! it unknown.

use rustc_hash::FxHashMap;

use crate::db::Db;
use crate::hir::{ClassItem, Expr};
use crate::types::ClassRef;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Inheritance {
    /// No mapped parent class: the class maps a table of its own.
    Root,
    /// `class Manager(Employee): __tablename__ = "manager"`: a table joined to the parent's.
    Joined,
    /// `class Manager(Employee): ...` without a table: rows of the parent's table.
    Single,
    /// `__mapper_args__ = {"concrete": True}`: a table of its own holding every column.
    Concrete,
    /// A mapped parent, but a computed `__tablename__` or `__mapper_args__` hides the style.
    Unknown,
}

/// The style of `class`, given its lineage (nearest first), which of those classes are mapped
/// (non-abstract), and whether Flask-SQLAlchemy names a table for it (a Flask model declaring its
/// own primary key gets one: joined).
pub fn inheritance(
    db: &dyn Db,
    class: &ClassRef,
    lineage: &[ClassRef],
    items: &FxHashMap<&ClassRef, &ClassItem>,
    is_mapped: impl Fn(&ClassRef) -> bool,
    flask_names_table: bool,
) -> Inheritance {
    if !lineage.iter().any(&is_mapped) {
        return Inheritance::Root;
    }
    let Some(item) = items.get(class) else { return Inheritance::Unknown };
    if item.method("__mapper_args__").is_some() {
        return Inheritance::Unknown;
    }
    let concrete = match item.assigned("__mapper_args__") {
        Some(Expr::Dict(pairs)) => {
            pairs.iter().any(|(k, v)| k.as_str() == Some("concrete") && v.as_bool() == Some(true))
        }
        Some(_) => return Inheritance::Unknown,
        None => false,
    };
    if concrete {
        return Inheritance::Concrete;
    }
    match own_table(db, class, item) {
        Some(true) => return Inheritance::Joined,
        Some(false) => return Inheritance::Single,
        None if item.method("__tablename__").is_some() => return Inheritance::Unknown,
        None if flask_names_table => return Inheritance::Joined,
        None => {}
    }
    // Unmapped bases (mixins, abstract classes) lend their `__tablename__`; a mapped parent's plain
    // string is its own table's name and is not inherited, but its `declared_attr` is evaluated
    // again for this class.
    for ancestor in lineage {
        let Some(ancestor_item) = items.get(ancestor) else { continue };
        if ancestor_item.method("__tablename__").is_some() {
            return Inheritance::Unknown;
        }
        if !is_mapped(ancestor)
            && let Some(own) = own_table(db, ancestor, ancestor_item)
        {
            return if own { Inheritance::Joined } else { Inheritance::Single };
        }
    }
    Inheritance::Single
}

/// Whether a class body names a table of its own: `__tablename__ = "x"` or `__table__ = ...` yes,
/// `__tablename__ = None` no; `None` when it says nothing (or something we cannot read).
fn own_table(db: &dyn Db, class: &ClassRef, item: &ClassItem) -> Option<bool> {
    if item.assigned("__table__").is_some() {
        return Some(true);
    }
    match item.assigned("__tablename__")? {
        Expr::NoneLit => Some(false),
        value => crate::hir::const_str(db, class.file, value).map(|_| true),
    }
}
