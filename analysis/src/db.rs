//! The salsa database: inputs and the `Db` trait every query takes.

use std::sync::Arc;

use crate::settings::Settings;

/// One Python source file. The path is the file's identity; deletion is a status, not a removal.
#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub path: Arc<str>,
    #[returns(ref)]
    pub text: Arc<str>,
    pub exists: bool,
    /// What the byte-level pre-scan reads from the text, set by the host only when it changes and
    /// always durable: the workspace-wide queries read this, not the text, so typing in an open
    /// file (its text is not durable) leaves them alone unless an import or a needle changed.
    #[returns(ref)]
    pub prescan: crate::hir::prescan::Prescan,
}

/// Whether a path is Python source (`.py`, `.pyi`). The project also holds dependency and tool
/// configuration files (requirements, pyproject.toml, mypy.ini, …) that only the rules reading them
/// as text look at: every Python query (module map, pre-scan, parsing for analysis) skips the rest.
pub fn is_python_path(path: &str) -> bool {
    path.ends_with(".py") || path.ends_with(".pyi")
}

/// The workspace: which files take part and how they are analysed.
#[salsa::input(debug)]
pub struct Project {
    #[returns(ref)]
    pub files: Arc<[SourceFile]>,
    /// Folders that act as import roots (workspace folders, `src/`), '/'-separated, no trailing '/'.
    #[returns(ref)]
    pub roots: Arc<[Arc<str>]>,
    #[returns(ref)]
    pub settings: Settings,
    /// The packages installed in the project's environment (found by the server).
    #[returns(ref)]
    pub installed: Arc<[crate::manifest::InstalledPackage]>,
    /// Folders of installed packages whose sources are loaded so models can build on them
    /// (`flask_appbuilder`'s `Model` and mixins): their files are read, never reported on.
    #[returns(ref)]
    pub libraries: Arc<[Arc<str>]>,
}

/// A file of an installed package (under one of `Project::libraries`): its classes and tables are
/// part of the schema the project builds on, but nothing is reported about it.
pub fn is_library(db: &dyn Db, file: SourceFile) -> bool {
    let path = &**file.path(db);
    db.project()
        .libraries(db)
        .iter()
        .any(|source| path.strip_prefix(&**source).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

#[salsa::db]
pub trait Db: salsa::Database {
    /// The one project of this database.
    fn project(&self) -> Project;

    /// Each file's last syntax tree, where an incremental reparse starts (a cache outside salsa:
    /// the tree a parse returns does not depend on it).
    fn last_trees(&self) -> &crate::syntax::LastTrees;
}

/// Records salsa events (for incrementality tests) when enabled.
#[derive(Clone, Default)]
pub struct EventLog {
    events: Arc<std::sync::Mutex<Option<Vec<String>>>>,
    /// salsa reports events to it (the database was made with `RootDatabase::new(true)`).
    connected: bool,
}

impl EventLog {
    /// Starts recording. A log salsa does not report to would record nothing, and a test asserting
    /// that a query did not run would pass whatever ran: that is refused.
    pub fn enable(&self) {
        assert!(self.connected, "the event log records only on a host made by `AnalysisHost::with_event_log`");
        let mut events = self.events.lock().unwrap_or_else(|e| e.into_inner());
        *events = Some(Vec::new());
    }

    /// Takes the names of the queries that executed since the last call.
    pub fn take_executed(&self) -> Vec<String> {
        let mut events = self.events.lock().unwrap_or_else(|e| e.into_inner());
        events.as_mut().map(std::mem::take).unwrap_or_default()
    }

    fn record(&self, event: &salsa::Event) {
        let mut events = self.events.lock().unwrap_or_else(|e| e.into_inner());
        if let (Some(events), salsa::EventKind::WillExecute { database_key }) = (events.as_mut(), &event.kind) {
            events.push(format!("{database_key:?}"));
        }
    }
}

#[salsa::db]
#[derive(Clone)]
pub struct RootDatabase {
    storage: salsa::Storage<Self>,
    project: Option<Project>,
    pub(crate) log: EventLog,
    trees: Arc<crate::syntax::LastTrees>,
}

impl Default for RootDatabase {
    fn default() -> Self {
        Self::new(false)
    }
}

impl RootDatabase {
    /// With `logged`, salsa's events go to the event log (for tests); without, salsa builds none,
    /// which it otherwise does for every query it verifies.
    pub fn new(logged: bool) -> Self {
        let log = EventLog { connected: logged, ..EventLog::default() };
        let callback: Option<Box<dyn Fn(salsa::Event) + Send + Sync>> = logged.then(|| {
            let log = log.clone();
            Box::new(move |event: salsa::Event| log.record(&event)) as Box<dyn Fn(salsa::Event) + Send + Sync>
        });
        let storage = salsa::Storage::new(callback);
        let mut db = Self { storage, project: None, log, trees: Arc::default() };
        let project =
            Project::new(&db, Arc::from([]), Arc::from([]), Settings::default(), Arc::from([]), Arc::from([]));
        db.project = Some(project);
        db
    }
}

#[salsa::db]
impl salsa::Database for RootDatabase {}

#[salsa::db]
impl Db for RootDatabase {
    fn project(&self) -> Project {
        self.project.expect("the project input is created with the database")
    }

    fn last_trees(&self) -> &crate::syntax::LastTrees {
        &self.trees
    }
}
