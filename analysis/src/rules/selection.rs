//! Which rules run: `--select`, `--extend-select`, `--ignore` by code (`SQA101`), code prefix
//! (`SQA1`), family (`migration`), name (`dynamic-relationship`) or `ALL`.

use super::{RULES, Rule};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Empty: every rule.
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

/// A selector that matches no rule (a typo in configuration) is reported, not ignored.
pub fn unknown_selectors(selectors: &[String]) -> Vec<String> {
    selectors.iter().filter(|s| !RULES.iter().any(|r| matches(s, r))).cloned().collect()
}

pub fn matches(selector: &str, rule: &Rule) -> bool {
    let selector = selector.trim();
    selector.eq_ignore_ascii_case("ALL")
        || rule.name == selector
        || rule.family.as_str() == selector
        || (selector.len() >= 3 && rule.code.to_ascii_uppercase().starts_with(&selector.to_ascii_uppercase()))
}

impl Selection {
    pub fn enables(&self, rule: &Rule) -> bool {
        let selected = self.select.is_empty() || self.select.iter().any(|s| matches(s, rule));
        let extended = self.extend_select.iter().any(|s| matches(s, rule));
        (selected || extended) && !self.ignore.iter().any(|s| matches(s, rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::find_rule;

    #[test]
    fn selectors() {
        let dynamic = find_rule("dynamic-relationship").unwrap();
        let limit = find_rule("SQA202").unwrap();
        let only_migration = Selection { select: vec!["migration".into()], ..Default::default() };
        assert!(only_migration.enables(dynamic) && !only_migration.enables(limit));
        let prefix =
            Selection { select: vec!["SQA2".into()], ignore: vec!["column-typing-limit".into()], ..Default::default() };
        assert!(!prefix.enables(limit) && !prefix.enables(dynamic));
        let extended =
            Selection { select: vec!["SQA1".into()], extend_select: vec!["SQA202".into()], ..Default::default() };
        assert!(extended.enables(limit) && extended.enables(dynamic));
        assert_eq!(unknown_selectors(&["SQA1".into(), "no-such-rule".into()]), vec!["no-such-rule".to_owned()]);
    }
}
