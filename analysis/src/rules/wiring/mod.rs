//! Rules about model wiring type checkers cannot see: names in strings, table names.

pub mod missing_tablename;
pub mod unknown_relationship_target;
