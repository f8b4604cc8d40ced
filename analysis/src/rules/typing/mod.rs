//! Rules about what type checkers can see.

pub mod column_typing_limit;
pub mod nullable_mismatch;
pub mod row_tuple_accessor;
pub mod stale_stubs;

use super::Rule;

/// This family's rules (registered in `registry.rs`).
pub static RULES: &[&Rule] =
    &[&stale_stubs::RULE, &column_typing_limit::RULE, &row_tuple_accessor::RULE, &nullable_mismatch::RULE];
