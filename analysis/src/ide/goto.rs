//! Go to definition for models, their attributes and tables, from code and from SQLAlchemy's
//! strings (`relationship("User")`, `back_populates="posts"`, `ForeignKey("users.id")`, …).

use crate::db::{Db, SourceFile};

use super::nav::{NavTarget, declarations};
use super::refs::symbol_at;

pub fn goto_definition(db: &dyn Db, file: SourceFile, offset: u32) -> Vec<NavTarget> {
    match symbol_at(db, file, offset) {
        Some(reference) => declarations(db, &reference.symbol),
        None => Vec::new(),
    }
}
