//! Rules for the 1.x → 2.x migration (../shared/MIGRATION.md).

pub mod dynamic_relationship;
pub mod moved_import;
pub mod query_get;
pub mod select_list_argument;

use super::Rule;

/// This family's rules (registered in `registry.rs`).
pub static RULES: &[&Rule] =
    &[&dynamic_relationship::RULE, &select_list_argument::RULE, &query_get::RULE, &moved_import::RULE];
