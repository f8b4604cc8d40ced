//! sqla-analyzer's analysis engine: parsing, models, types and inference for Python code using SQLAlchemy.
//! See ARCHITECTURE.md for the layers and their invariants.

pub mod db;
pub mod hir;
pub mod host;
pub mod ide;
pub mod infer;
pub mod manifest;
pub mod models;
pub mod rules;
pub mod schema;
pub mod semantics;
pub mod settings;
pub mod sqlalchemy;
pub mod syntax;
pub mod types;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;

pub use host::{Analysis, AnalysisHost, Cancellable, Change, FileId};
pub use settings::{Series, Settings};
