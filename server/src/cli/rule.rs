//! `sqla rule [NAME|CODE]`: the rule table, or one rule's documentation.

use anyhow::{Result, bail};

pub fn run(key: Option<&str>) -> Result<i32> {
    let Some(key) = key else {
        let width = analysis::rules::RULES.iter().map(|r| r.name.len()).max().unwrap_or(4);
        println!("{:<7} {:<width$} {:<10} {:<8} {:<4} summary", "code", "name", "family", "severity", "fix");
        for rule in analysis::rules::RULES.iter() {
            let series = rule.series.map(|s| format!(" (SQLAlchemy {s} only)")).unwrap_or_default();
            println!(
                "{:<7} {:<width$} {:<10} {:<8} {:<4} {}{series}",
                rule.code,
                rule.name,
                rule.family.as_str(),
                rule.severity.as_str(),
                if rule.fixable { "yes" } else { "" },
                rule.summary
            );
        }
        return Ok(0);
    };
    let Some(rule) = analysis::rules::find_rule(key) else {
        bail!("no rule `{key}`; `sqla rule` lists them");
    };
    println!("# {} ({})\n", rule.name, rule.code);
    println!(
        "Family: {} · default severity: {} · fix: {}\n",
        rule.family.as_str(),
        rule.severity.as_str(),
        if rule.fixable { "yes" } else { "no" }
    );
    print!("{}", rule.doc);
    Ok(0)
}
