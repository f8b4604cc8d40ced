//! Rules for the 1.x → 2.x migration (../shared/MIGRATION.md).

pub mod apply_labels;
pub mod autocommit_session;
pub mod backref_argument;
pub mod backref_cascade;
pub mod case_list_argument;
pub mod classical_mapper;
pub mod dynamic_relationship;
pub mod engine_execute;
pub mod execute_keyword_parameters;
pub mod future_flag;
pub mod implicit_execution;
pub mod legacy_bulk_methods;
pub mod legacy_declarative_base;
pub mod legacy_query;
pub mod moved_import;
pub mod non_mapped_annotation;
pub mod query_get;
mod receivers;
pub mod relation_alias;
pub mod row_string_index;
pub mod select_keyword_arguments;
pub mod select_list_argument;
mod spelling;
pub mod string_relationship_path;
pub mod untyped_column;

use super::Rule;

/// This family's rules (registered in `registry.rs`).
pub static RULES: &[&Rule] = &[
    &dynamic_relationship::RULE,
    &select_list_argument::RULE,
    &query_get::RULE,
    &moved_import::RULE,
    &legacy_query::RULE,
    &engine_execute::RULE,
    &implicit_execution::RULE,
    &row_string_index::RULE,
    &legacy_bulk_methods::RULE,
    &future_flag::RULE,
    &autocommit_session::RULE,
    &select_keyword_arguments::RULE,
    &case_list_argument::RULE,
    &execute_keyword_parameters::RULE,
    &apply_labels::RULE,
    &legacy_declarative_base::RULE,
    &untyped_column::RULE,
    &backref_argument::RULE,
    &string_relationship_path::RULE,
    &relation_alias::RULE,
    &classical_mapper::RULE,
    &non_mapped_annotation::RULE,
    &backref_cascade::RULE,
];
