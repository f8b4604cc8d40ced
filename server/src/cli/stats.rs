//! `sqla stats`: what a project declares (models, columns, relationships, foreign keys, by
//! declaration style), how many legacy API sites remain (findings per migration rule), and a
//! 2.x-readiness percentage a team can track over time.
//!
//! Readiness = done / (done + remaining), in units of migration work:
//! - done: model attributes (columns and relationships) declared with `Mapped[...]`;
//! - remaining: attributes declared without it, plus every finding of a migration rule (SQA1xx)
//!   other than SQA103/SQA118, whose findings are those same untyped attributes.
//!
//! Attributes are counted where they are declared: a subclass does not count the columns it
//! inherits from a mapped parent, and the reverse side a `backref=` creates is not a declaration.
//! Every migration rule counts, whatever the selection; `# noqa` comments are honoured.

use std::collections::BTreeMap;
use std::io::Write;

use analysis::ide::{ModelView, SchemaView};
use analysis::rules::Family;
use anyhow::{Result, anyhow};
use serde::Serialize;

use super::schema::load_view;
use super::{RevealFormat, StatsArgs};

/// Migration rules whose findings are untyped attribute declarations, counted as attributes.
const DECLARATION_RULES: &[&str] = &["SQA103", "SQA118"];

#[derive(Default, Serialize)]
struct Counts {
    total: usize,
    typed: usize,
    untyped: usize,
}

impl Counts {
    fn add(&mut self, typed: bool) {
        self.total += 1;
        if typed {
            self.typed += 1;
        } else {
            self.untyped += 1;
        }
    }
}

#[derive(Default, Serialize)]
struct Stats {
    /// Mapped classes (abstract ones excluded), by base style: typed, legacy, flask, sqlmodel,
    /// imperative.
    models: BTreeMap<&'static str, usize>,
    abstract_models: usize,
    tables: usize,
    columns: Counts,
    relationships: Counts,
    /// Relationships created on the other class by `backref=`.
    backref_relationships: usize,
    foreign_keys: Counts,
    /// Findings per migration rule, by `CODE name`.
    legacy_sites: BTreeMap<String, usize>,
    legacy_sites_total: usize,
    readiness: f64,
}

pub fn run(args: &StatsArgs) -> Result<i32> {
    let (ws, view) = load_view(&args.paths, &args.common)?;
    let mut stats = declarations(&view);
    let analysis = ws.host.analysis();
    for (_, diagnostics) in analysis.diagnostics_in(&ws.requested).map_err(|e| anyhow!("{e}"))? {
        for diagnostic in diagnostics.iter().filter(|d| d.rule.family == Family::Migration) {
            *stats.legacy_sites.entry(format!("{} {}", diagnostic.rule.code, diagnostic.rule.name)).or_default() += 1;
            if !DECLARATION_RULES.contains(&diagnostic.rule.code) {
                stats.legacy_sites_total += 1;
            }
        }
    }
    let done = stats.columns.typed + stats.relationships.typed;
    let remaining = stats.columns.untyped + stats.relationships.untyped + stats.legacy_sites_total;
    stats.readiness =
        if done + remaining == 0 { 100.0 } else { round1(100.0 * done as f64 / (done + remaining) as f64) };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        RevealFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&stats)?)?,
        RevealFormat::Text => text(&mut out, &stats)?,
    }
    out.flush()?;
    Ok(0)
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn declarations(view: &SchemaView) -> Stats {
    let mut stats = Stats { tables: view.tables.len(), ..Stats::default() };
    for model in &view.models {
        if model.is_abstract {
            stats.abstract_models += 1;
        } else {
            *stats.models.entry(model.style.as_str()).or_default() += 1;
        }
        let parent = mapped_parent(view, model);
        for column in &model.columns {
            if parent.is_some_and(|p| p.columns.iter().any(|c| c.name == column.name)) {
                continue;
            }
            stats.columns.add(column.typed);
            for _ in &column.foreign_keys {
                stats.foreign_keys.add(column.typed);
            }
        }
        for relationship in &model.relationships {
            if relationship.via_backref {
                stats.backref_relationships += 1;
            } else if !parent.is_some_and(|p| p.relationships.iter().any(|r| r.name == relationship.name)) {
                stats.relationships.add(relationship.typed);
            }
        }
    }
    stats
}

/// The nearest mapped class a model inherits from (its attributes are counted there).
fn mapped_parent<'v>(view: &'v SchemaView, model: &ModelView) -> Option<&'v ModelView> {
    let base = model.inherits.first()?;
    let candidates = || view.models.iter().filter(|m| &m.name == base);
    candidates().find(|m| m.module == model.module).or_else(|| candidates().next())
}

fn text(out: &mut impl Write, stats: &Stats) -> Result<()> {
    // SQLModel and imperative mappings are named only where the project has some.
    let styles = ["typed", "legacy", "flask", "sqlmodel", "imperative"]
        .iter()
        .filter(|s| matches!(**s, "typed" | "legacy" | "flask") || stats.models.contains_key(**s))
        .map(|s| format!("{} {s}", stats.models.get(s).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(", ");
    let total: usize = stats.models.values().sum();
    let split = |c: &Counts| format!("{:>5}   ({} typed `Mapped[...]`, {} untyped)", c.total, c.typed, c.untyped);
    writeln!(out, "models            {total:>5}   ({styles}; {} abstract)", stats.abstract_models)?;
    writeln!(out, "core tables       {:>5}", stats.tables)?;
    writeln!(out, "columns           {}", split(&stats.columns))?;
    writeln!(out, "relationships     {}", split(&stats.relationships))?;
    writeln!(out, "  via backref=    {:>5}", stats.backref_relationships)?;
    writeln!(out, "foreign keys      {}", split(&stats.foreign_keys))?;
    writeln!(out, "legacy API sites  {:>5}", stats.legacy_sites_total)?;
    for (rule, count) in &stats.legacy_sites {
        let note = if DECLARATION_RULES.iter().any(|c| rule.starts_with(c)) {
            "  (counted as untyped attributes)"
        } else {
            ""
        };
        writeln!(out, "  {rule:<36} {count:>5}{note}")?;
    }
    writeln!(out, "2.x readiness     {:>5.1}%  (typed attributes / (attributes + legacy API sites))", stats.readiness)?;
    Ok(())
}
