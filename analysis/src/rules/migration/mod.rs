//! Rules for the 1.x → 2.x migration (../shared/MIGRATION.md).

pub mod dynamic_relationship;
pub mod moved_import;
pub mod query_get;
pub mod select_list_argument;
