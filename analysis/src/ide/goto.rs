//! Go to definition for models, their attributes and tables, from code and from SQLAlchemy's
//! strings (`relationship("User")`, `back_populates="posts"`, `ForeignKey("users.id")`, …).

use crate::db::{Db, SourceFile};
use crate::semantics::{Semantics, TextSize};

use super::nav::{NavTarget, declarations};

pub fn goto_definition(db: &dyn Db, file: SourceFile, offset: TextSize) -> Vec<NavTarget> {
    match Semantics::new(db, file).symbol_at(offset) {
        Some(reference) => declarations(db, &reference.symbol),
        None => Vec::new(),
    }
}
