//! Rules about runtime pitfalls: code that type-checks but raises or misbehaves.

use super::Rule;

/// This family's rules (registered in `registry.rs`).
pub static RULES: &[&Rule] = &[];
