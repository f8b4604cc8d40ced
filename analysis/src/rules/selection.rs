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
    /// This selection layered over `base` (the command line's or the editor's over the
    /// configuration file's): a non-empty `select` replaces the base's; `extend_select` and
    /// `ignore` add to it.
    pub fn over(&self, base: &Selection) -> Selection {
        Selection {
            select: if self.select.is_empty() { base.select.clone() } else { self.select.clone() },
            extend_select: base.extend_select.iter().chain(&self.extend_select).cloned().collect(),
            ignore: base.ignore.iter().chain(&self.ignore).cloned().collect(),
        }
    }

    /// The selectors that match no rule (typos), to report.
    pub fn unknown(&self) -> Vec<String> {
        let all: Vec<String> = self.select.iter().chain(&self.extend_select).chain(&self.ignore).cloned().collect();
        unknown_selectors(&all)
    }

    /// Drops the selectors that match no rule and returns them, so a typo never turns a
    /// selection into "nothing".
    pub fn remove_unknown(&mut self) -> Vec<String> {
        let unknown = self.unknown();
        for list in [&mut self.select, &mut self.extend_select, &mut self.ignore] {
            list.retain(|s| !unknown.contains(s));
        }
        unknown
    }

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
        let config = Selection { select: vec!["SQA1".into()], ignore: vec!["SQA101".into()], ..Default::default() };
        let flags = Selection { extend_select: vec!["SQA202".into()], ignore: vec!["x".into()], ..Default::default() };
        let mut both = flags.over(&config);
        assert_eq!(
            (both.select.as_slice(), both.extend_select.as_slice()),
            (["SQA1".to_owned()].as_slice(), ["SQA202".to_owned()].as_slice())
        );
        assert_eq!(both.ignore, ["SQA101", "x"]);
        assert_eq!(both.remove_unknown(), ["x"]);
        assert_eq!(both.ignore, ["SQA101"]);
        let replaced = Selection { select: vec!["SQA2".into()], ..Default::default() }.over(&config);
        assert_eq!(replaced.select, ["SQA2"]);
    }
}
