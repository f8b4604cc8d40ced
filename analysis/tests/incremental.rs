//! Incrementality, proven with salsa's event log: editing a function body re-infers that function
//! only and never re-runs model discovery; editing a model re-runs what depends on it; opening a
//! file that declares no models re-checks that file only.

use analysis::{AnalysisHost, Change, Series, Settings};

const MODELS: &str = "\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = \"users\"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
";

const QUERIES: &str = "\
from sqlalchemy import select
from app.models import User

def first(session):
    stmt = select(User.id)
    reveal_type(stmt)

def second(session):
    reveal_type(select(User.name))
";

fn host() -> AnalysisHost {
    let mut host = AnalysisHost::with_event_log(Settings::for_series(Series::V21));
    let mut change = Change::default();
    change.set_file("/p/app/__init__.py", "");
    change.set_file("/p/app/models.py", MODELS);
    change.set_file("/p/app/queries.py", QUERIES);
    change.roots = Some(vec!["/p".into()]);
    host.apply_change(change);
    host
}

fn reveal_types(host: &AnalysisHost) -> Vec<String> {
    let file = host.file("/p/app/queries.py").unwrap();
    host.analysis().reveals(file).unwrap().into_iter().map(|r| r.ty).collect()
}

fn count(events: &[String], query: &str) -> usize {
    events.iter().filter(|e| e.starts_with(&format!("{query}("))).count()
}

#[test]
fn editing_a_function_body_reinfers_that_function_only() {
    let mut host = host();
    assert_eq!(reveal_types(&host), ["Select[int]", "Select[str]"]);
    host.event_log().enable();

    let mut change = Change::default();
    let edited =
        QUERIES.replace("    stmt = select(User.id)\n", "    limit = 10\n    stmt = select(User.id).limit(limit)\n");
    change.set_file("/p/app/queries.py", edited);
    host.apply_change(change);
    assert_eq!(reveal_types(&host), ["Select[int]", "Select[str]"]);

    let events = host.event_log().take_executed();
    // `first` is inferred again in both views; `second` is reused.
    assert_eq!(count(&events, "infer_function"), 2, "{events:#?}");
    assert_eq!(count(&events, "model_registry"), 0, "{events:#?}");
    assert_eq!(count(&events, "module_map"), 0, "{events:#?}");
}

#[test]
fn editing_a_model_reruns_what_depends_on_it() {
    let mut host = host();
    assert_eq!(reveal_types(&host), ["Select[int]", "Select[str]"]);
    host.event_log().enable();

    let mut change = Change::default();
    change.set_file("/p/app/models.py", MODELS.replace("name: Mapped[str]", "name: Mapped[bytes]"));
    host.apply_change(change);
    assert_eq!(reveal_types(&host), ["Select[int]", "Select[bytes]"]);

    let events = host.event_log().take_executed();
    assert_eq!(count(&events, "model_registry"), 1, "{events:#?}");
    // Both functions read the model registry, so both are checked; neither text changed.
    assert_eq!(count(&events, "infer_function"), 4, "{events:#?}");
    assert_eq!(count(&events, "function_source"), 0, "{events:#?}");
}

#[test]
fn editing_a_model_file_outside_models_keeps_the_registry() {
    let mut host = host();
    reveal_types(&host);
    host.event_log().enable();
    let mut change = Change::default();
    change.set_file("/p/app/models.py", format!("{MODELS}\n\ndef helper():\n    return 1\n"));
    host.apply_change(change);
    assert_eq!(reveal_types(&host), ["Select[int]", "Select[str]"]);
    let events = host.event_log().take_executed();
    // The model summary changed (a new function), so the registry re-runs, but its result is
    // unchanged and no function in queries.py is re-inferred.
    assert_eq!(count(&events, "infer_function"), 0, "{events:#?}");
}

/// Every file's findings, as the language server computes them after a change.
fn all_diagnostics(host: &AnalysisHost) -> usize {
    let analysis = host.analysis();
    let files = analysis.files().unwrap();
    analysis.diagnostics_in(&files).unwrap().iter().map(|(_, d)| d.len()).sum()
}

#[test]
fn opening_and_editing_a_file_that_declares_no_models_leaves_the_workspace_alone() {
    let mut host = host();
    all_diagnostics(&host);
    host.event_log().enable();
    // Opening makes the file's text non-durable (a change of its own, even with the same text).
    let mut change = Change::default();
    change.set_edited_file("/p/app/queries.py", QUERIES);
    host.apply_change(change);
    all_diagnostics(&host);
    let events = host.event_log().take_executed();
    // The workspace-wide queries read the durable pre-scan, which did not change.
    for query in ["model_providers", "model_sources", "model_registry", "schema", "involves_sqlalchemy"] {
        assert_eq!(count(&events, query), 0, "{query}: {events:#?}");
    }
    assert_eq!(count(&events, "check_file"), 1, "{events:#?}");
    // Typing in it: only its own queries re-run.
    let mut change = Change::default();
    change.set_edited_file("/p/app/queries.py", QUERIES.replace("def second", "def second_renamed"));
    host.apply_change(change);
    all_diagnostics(&host);
    let events = host.event_log().take_executed();
    assert_eq!(count(&events, "model_registry"), 0, "{events:#?}");
    assert_eq!(count(&events, "check_file"), 1, "{events:#?}");
}

const FACTORY: &str = "\
from sqlalchemy.orm import declarative_base
from app.util import compute

def make_base():
    return declarative_base()

def helper(x):
    return compute(x)
";

const FACTORY_MODELS: &str = "\
from sqlalchemy import Column, Integer
from app.factory import make_base

Base = make_base()

class Item(Base):
    __tablename__ = \"items\"
    id = Column(Integer, primary_key=True)
";

#[test]
fn editing_bodies_of_a_factory_module_keeps_the_registry() {
    let mut host = AnalysisHost::with_event_log(Settings::for_series(Series::V21));
    let mut change = Change::default();
    change.set_file("/p/app/__init__.py", "");
    change.set_file("/p/app/util.py", "def compute(x):\n    return x\n");
    change.set_file("/p/app/factory.py", FACTORY);
    change.set_file("/p/app/items.py", FACTORY_MODELS);
    change.set_file("/p/app/main.py", "from app.items import Item\nreveal_type(Item.id)\n");
    change.roots = Some(vec!["/p".into()]);
    host.apply_change(change);
    let reveal = |host: &AnalysisHost| {
        let file = host.file("/p/app/main.py").unwrap();
        host.analysis().reveals(file).unwrap().into_iter().map(|r| r.ty).collect::<Vec<_>>()
    };
    assert_eq!(reveal(&host), ["InstrumentedAttribute[int]"]);
    host.event_log().enable();

    // Other statements of the factory, and another function's returned call, are not in the summary.
    let mut change = Change::default();
    let edited = FACTORY
        .replace("    return declarative_base()", "    label = 'base'\n    return declarative_base()")
        .replace("return compute(x)", "return compute(x, label=2)");
    change.set_file("/p/app/factory.py", edited);
    host.apply_change(change);
    assert_eq!(reveal(&host), ["InstrumentedAttribute[int]"]);
    let events = host.event_log().take_executed();
    assert_eq!(count(&events, "model_registry"), 0, "{events:#?}");

    // What the factory returns is: the registry re-runs.
    let mut change = Change::default();
    change.set_file("/p/app/factory.py", FACTORY.replace("return declarative_base()", "return compute(1)"));
    host.apply_change(change);
    // `Item` is no model now: `id` is the `Column` its body assigns.
    assert_eq!(reveal(&host), ["Column[int]"]);
    let events = host.event_log().take_executed();
    assert_eq!(count(&events, "model_registry"), 1, "{events:#?}");
}
