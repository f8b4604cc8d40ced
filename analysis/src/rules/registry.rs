//! The table of rules: stable codes (`SQA` + family digit + two digits), names, severities, docs.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use super::{Diagnostic, Family, RuleContext, Severity};
use crate::settings::Series;

pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    /// The series it applies to; `None` for both.
    pub series: Option<Series>,
    /// One line, shown in the rule table.
    pub summary: &'static str,
    /// What it does / Why is this bad? / Example / Use instead / Fix safety.
    pub doc: &'static str,
    pub fixable: bool,
    pub check: fn(&RuleContext<'_>, &mut Vec<Diagnostic>),
}

impl Rule {
    pub fn applies_to(&self, series: Series) -> bool {
        self.series.is_none_or(|s| s == series)
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

impl Hash for Rule {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code, self.name)
    }
}

/// Every rule, in code order: each family lists its own rules (`migration::RULES`, …).
pub static RULES: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    let mut rules: Vec<&'static Rule> =
        [super::migration::RULES, super::typing::RULES, super::wiring::RULES, super::runtime::RULES]
            .into_iter()
            .flatten()
            .copied()
            .chain([&super::suppression::UNUSED_NOQA])
            .collect();
    rules.sort_by_key(|r| r.code);
    rules
});

/// A rule by code (`SQA101`) or name (`dynamic-relationship`).
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        codes.sort();
        names.sort();
        codes.dedup();
        names.dedup();
        assert_eq!(codes.len(), RULES.len());
        assert_eq!(names.len(), RULES.len());
        for rule in RULES.iter() {
            assert!(rule.code.len() == 6 && rule.code.starts_with("SQA"), "{rule:?}");
            assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{rule:?}");
            for section in ["## What it does", "## Why is this bad?", "## Example", "## Use instead"] {
                assert!(rule.doc.contains(section), "{rule:?} lacks {section}");
            }
        }
    }
}
