//! Rules about model wiring type checkers cannot see: names in strings, table names, foreign keys.

pub mod ambiguous_foreign_keys;
pub mod back_populates_mismatch;
pub mod delete_orphan_without_delete;
pub mod duplicate_column;
pub mod duplicate_tablename;
pub mod foreign_key_type_mismatch;
pub mod missing_primary_key;
pub mod missing_tablename;
pub mod one_to_one_not_unique;
pub mod relationship_cycle;
pub mod relationship_missing_foreign_key;
pub mod relationship_target_mismatch;
pub mod self_referential_remote_side;
pub mod table_args_unknown_column;
pub mod unknown_cascade_option;
pub mod unknown_foreign_key;
pub mod unknown_order_by;
pub mod unknown_relationship_target;
pub mod uselist_mismatch;

mod common;

use super::Rule;

/// This family's rules (registered in `registry.rs`).
pub static RULES: &[&Rule] = &[
    &unknown_relationship_target::RULE,
    &missing_tablename::RULE,
    &back_populates_mismatch::RULE,
    &unknown_foreign_key::RULE,
    &foreign_key_type_mismatch::RULE,
    &unknown_order_by::RULE,
    &duplicate_tablename::RULE,
    &duplicate_column::RULE,
    &table_args_unknown_column::RULE,
    &uselist_mismatch::RULE,
    &unknown_cascade_option::RULE,
    &delete_orphan_without_delete::RULE,
    &relationship_missing_foreign_key::RULE,
    &missing_primary_key::RULE,
    &ambiguous_foreign_keys::RULE,
    &relationship_target_mismatch::RULE,
    &self_referential_remote_side::RULE,
    &one_to_one_not_unique::RULE,
    &relationship_cycle::RULE,
];
