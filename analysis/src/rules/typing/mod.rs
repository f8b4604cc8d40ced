//! Rules about what type checkers can see.

pub mod column_typing_limit;
pub mod nullable_mismatch;
pub mod row_tuple_accessor;
