//! IDE features as plain data (byte offsets, strings): what the CLI prints and the server sends.

mod hover;
mod location;
mod reveal;
mod scopes;

pub use hover::{HoverResult, hover};
pub use location::declaration_range;
pub use reveal::{RevealInfo, reveals};
pub use scopes::{Scope, scope_at, scopes_of_file};
