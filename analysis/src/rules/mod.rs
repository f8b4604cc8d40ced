//! Rules: diagnostics with stable codes, computed from the analysis (never by re-parsing or
//! re-resolving), returned as values. One rule per file, grouped by family; `registry.rs` is the one
//! table that maps codes to rules and feeds `sqla rule`, selection and the server.

mod context;
mod fix;
pub mod imports;
mod registry;
mod selection;
mod suppression;

pub mod migration;
pub mod runtime;
pub mod typing;
pub mod wiring;

use std::sync::Arc;

pub use context::{RuleContext, did_you_mean};
pub use fix::{apply_edits, apply_fixes, choose_fixes, preferred_fix};
pub use registry::{RULES, Rule, find_rule};
pub use selection::{Selection, matches as selection_matches, unknown_selectors};

use crate::db::{Db, SourceFile};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

/// Which rules a rule belongs with (`--select migration`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Migration,
    Typing,
    Wiring,
    Runtime,
    /// `# noqa` hygiene.
    Suppression,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Migration => "migration",
            Family::Typing => "typing",
            Family::Wiring => "wiring",
            Family::Runtime => "runtime",
            Family::Suppression => "suppression",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Applicability {
    /// Behaviour is preserved; applied by `sqla fix`.
    Safe,
    /// Needs review; applied by `sqla fix --unsafe`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes `start..end` of `file` by `content`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub file: SourceFile,
    pub start: u32,
    pub end: u32,
    pub content: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    /// Sorted by position, non-overlapping.
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub file: SourceFile,
    pub start: u32,
    pub end: u32,
    /// The fix shown first (the safe one when there is one).
    pub fix: Option<Fix>,
    /// Fixes that go further than `fix` (an unsafe migration where `fix` is a safe first step);
    /// `sqla fix` applies the first allowed one, else `fix` (see `choose_fixes`).
    pub alternatives: Vec<Fix>,
    /// Other places the finding involves (use sites a fix cannot rewrite), shown as notes.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A finding with the rule's default severity, no alternative fix and no related information.
    pub fn new(rule: &'static Rule, file: SourceFile, start: u32, end: u32, message: String, fix: Option<Fix>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message,
            file,
            start,
            end,
            fix,
            alternatives: Vec::new(),
            related: Vec::new(),
        }
    }

    /// Every fix offered, `fix` first.
    pub fn fixes(&self) -> impl Iterator<Item = &Fix> {
        self.fix.iter().chain(&self.alternatives)
    }
}

/// A place in the workspace a diagnostic points to besides its own range.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Related {
    pub file: SourceFile,
    pub start: u32,
    pub end: u32,
    pub message: String,
}

/// The rules that read non-Python project files as text, with their entry point for those files
/// (their `check` still runs on Python files like any rule).
type FileCheck = fn(&dyn Db, SourceFile, &mut Vec<Diagnostic>);
static FILE_RULES: &[(&Rule, FileCheck)] = &[(&typing::stale_stubs::RULE, typing::stale_stubs::check_text_file)];

/// A finding about a package installed in the project's environment (a project input, not a file),
/// reported at its location (its `*.dist-info` folder).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PackageFinding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub location: Arc<str>,
}

/// The rules that read the project's installed packages, with their entry point for them.
type InstalledCheck = fn(&dyn Db, &crate::manifest::InstalledPackage, &mut Vec<PackageFinding>);
static INSTALLED_RULES: &[(&Rule, InstalledCheck)] =
    &[(&typing::stale_stubs::RULE, typing::stale_stubs::check_installed)];

/// Every rule's findings on the project's installed packages, in the packages' order.
#[salsa::tracked(returns(ref))]
pub fn check_installed(db: &dyn Db) -> Arc<[PackageFinding]> {
    let series = db.project().settings(db).series;
    let mut findings = Vec::new();
    for package in db.project().installed(db).iter() {
        for (rule, check) in INSTALLED_RULES {
            if rule.applies_to(series) {
                check(db, package, &mut findings);
            }
        }
    }
    findings.into()
}

/// Names a fix may write that exist from SQLAlchemy 2.0 on.
const ONLY_IN_2_0: &[&str] = &[
    "mapped_column",
    "Mapped[",
    "DeclarativeBase",
    "WriteOnlyMapped",
    "DynamicMapped",
    "MappedAsDataclass",
    "insert_default",
];

/// On a 1.x project, a fix that writes 2.0's API says so and is never applied by default: the code
/// it writes runs only once the project is on 2.0 (the migration decides when).
fn needs_2_0(diagnostic: &mut Diagnostic) {
    let writes_2_0 = |text: &str| ONLY_IN_2_0.iter().any(|name| text.contains(name));
    for fix in diagnostic.fix.iter_mut().chain(&mut diagnostic.alternatives) {
        if fix.edits.iter().any(|e| writes_2_0(&e.content)) || writes_2_0(&fix.message) {
            fix.message.push_str(" (needs SQLAlchemy 2.0)");
            fix.applicability = Applicability::Unsafe;
        }
    }
}

/// Every rule's findings in a file, with `# noqa` suppressions applied, sorted by position.
#[salsa::tracked(returns(ref))]
pub fn check_file(db: &dyn Db, file: SourceFile) -> Arc<[Diagnostic]> {
    // An installed package's sources are read for what they declare, never reported on.
    if !*file.exists(db) || crate::db::is_library(db, file) {
        return Arc::from([]);
    }
    let mut diagnostics = Vec::new();
    if crate::db::is_python_path(file.path(db)) {
        if !crate::hir::prescan::involves_sqlalchemy(db, file) {
            return Arc::from([]);
        }
        let cx = RuleContext::new(db, file);
        for rule in RULES.iter() {
            if rule.applies_to(cx.series) {
                (rule.check)(&cx, &mut diagnostics);
            }
        }
    } else {
        // Dependency and tool-configuration files (requirements, pyproject.toml, mypy.ini, …) are
        // never parsed as Python: only the rules that read them as text run on them.
        let series = db.project().settings(db).series;
        for (rule, check) in FILE_RULES {
            if rule.applies_to(series) {
                check(db, file, &mut diagnostics);
            }
        }
    }
    // A fix never edits an installed package (a backref's reverse side on a library's class).
    for diagnostic in &mut diagnostics {
        if diagnostic.fix.as_ref().is_some_and(|fix| fix.edits.iter().any(|e| crate::db::is_library(db, e.file))) {
            diagnostic.fix = None;
        }
    }
    if !db.project().settings(db).series.annotated() {
        diagnostics.iter_mut().for_each(needs_2_0);
    }
    let suppressions = suppression::noqa_comments(file.text(db));
    suppression::apply(&suppressions, file.text(db), file, &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.start, d.end, d.rule.code));
    diagnostics.into()
}
