//! Rules about model wiring type checkers cannot see: names in strings, table names.

pub mod missing_tablename;
pub mod unknown_relationship_target;

use super::Rule;

/// This family's rules (registered in `registry.rs`).
pub static RULES: &[&Rule] = &[&unknown_relationship_target::RULE, &missing_tablename::RULE];
