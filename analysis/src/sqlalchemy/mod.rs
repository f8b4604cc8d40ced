//! SQLAlchemy's API as data: what each method and function returns, which SQL type maps to which
//! Python type, and which names SQLAlchemy's modules export. Transcribed from SQLAlchemy's own
//! annotations (its installed source is the reference); inference applies these tables generically.

pub mod annotations;
pub mod api;
pub mod exports;
pub mod sql_types;
pub mod template;

pub use api::{MemberKind, lookup_function, lookup_member};
pub use template::Template;
