//! The analysis API the CLI and the language server use: an `AnalysisHost` that owns the database
//! and applies changes, and `Analysis` snapshots whose queries are cancellable.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use salsa::Setter;

use crate::db::{Db, EventLog, RootDatabase, SourceFile};
use crate::hir::prescan::Prescan;
use crate::semantics::{TextRange, TextSize, View};
use crate::settings::Settings;

/// A file's identity in the analysis.
pub type FileId = SourceFile;

/// A query interrupted by a newer change; ask again on a fresh snapshot.
pub type Cancellable<T> = Result<T, salsa::Cancelled>;

/// A batch of edits to apply at once.
#[derive(Default, Debug)]
pub struct Change {
    /// Path → new text; `None` marks the file deleted.
    pub files: Vec<(Arc<str>, Option<Arc<str>>)>,
    pub roots: Option<Vec<Arc<str>>>,
    pub settings: Option<Settings>,
    /// The packages installed in the project's environment.
    pub installed: Option<Vec<crate::manifest::InstalledPackage>>,
    /// Folders of installed packages whose files (also in `files`) are read, never reported on.
    pub libraries: Option<Vec<Arc<str>>>,
    /// Files of libraries read for the types they declare (in `libraries` too): unless they say
    /// `sqlalchemy` they declare no models or tables, so model discovery never reads them.
    pub value_files: Vec<Arc<str>>,
    /// Files being edited (open in an editor): they change often. Every other file is durable,
    /// so queries that read only durable files are not re-verified after an edit.
    pub edited: Vec<Arc<str>>,
}

impl Change {
    pub fn set_file(&mut self, path: impl Into<Arc<str>>, text: impl Into<Arc<str>>) {
        self.files.push((path.into(), Some(text.into())));
    }

    /// A file open in an editor: its text changes with every keystroke.
    pub fn set_edited_file(&mut self, path: impl Into<Arc<str>>, text: impl Into<Arc<str>>) {
        let path = path.into();
        self.edited.push(path.clone());
        self.files.push((path, Some(text.into())));
    }

    pub fn remove_file(&mut self, path: impl Into<Arc<str>>) {
        self.files.push((path.into(), None));
    }
}

#[derive(Default)]
pub struct AnalysisHost {
    db: RootDatabase,
    files: FxHashMap<Arc<str>, SourceFile>,
    /// Files whose text was last set as edited (low durability).
    edited: rustc_hash::FxHashSet<Arc<str>>,
}

impl AnalysisHost {
    pub fn new(settings: Settings) -> AnalysisHost {
        let mut host = AnalysisHost::default();
        host.apply_change(Change { settings: Some(settings), ..Change::default() });
        host
    }

    /// A host whose `event_log` can record which queries ran (for tests of incrementality).
    pub fn with_event_log(settings: Settings) -> AnalysisHost {
        let mut host = AnalysisHost { db: RootDatabase::new(true), ..AnalysisHost::default() };
        host.apply_change(Change { settings: Some(settings), ..Change::default() });
        host
    }

    pub fn apply_change(&mut self, change: Change) {
        let project = self.db.project();
        let mut files_changed = false;
        let value_files: rustc_hash::FxHashSet<&Arc<str>> = change.value_files.iter().collect();
        let prescan_of = |path: &Arc<str>, text: &str| {
            let prescan = Prescan::of(path, text);
            if value_files.contains(path) { prescan.without_declarations() } else { prescan }
        };
        for (path, text) in change.files {
            let durability =
                if change.edited.contains(&path) { salsa::Durability::LOW } else { salsa::Durability::MEDIUM };
            match (self.files.get(&path).copied(), text) {
                (Some(file), Some(text)) => {
                    if !*file.exists(&self.db) {
                        file.set_exists(&mut self.db).with_durability(salsa::Durability::MEDIUM).to(true);
                    }
                    // Only the text of an open file is not durable. Its durability changes when the
                    // file is opened (or closed), even when the text is the disk's: salsa never
                    // backdates a result whose durability dropped, so opening costs one re-check of
                    // what reads the file, and the keystrokes that follow re-verify the file only.
                    let reopened = (durability == salsa::Durability::LOW) != self.edited.contains(&path);
                    if reopened || **file.text(&self.db) != *text {
                        let prescan = prescan_of(&path, &text);
                        if *file.prescan(&self.db) != prescan {
                            file.set_prescan(&mut self.db).with_durability(salsa::Durability::MEDIUM).to(prescan);
                        }
                        file.set_text(&mut self.db).with_durability(durability).to(text);
                        if durability == salsa::Durability::LOW {
                            self.edited.insert(path.clone());
                        } else {
                            self.edited.remove(&path);
                        }
                    }
                }
                (Some(file), None) => {
                    if *file.exists(&self.db) {
                        file.set_exists(&mut self.db).with_durability(salsa::Durability::MEDIUM).to(false);
                        file.set_text(&mut self.db).with_durability(salsa::Durability::MEDIUM).to(Arc::from(""));
                        file.set_prescan(&mut self.db)
                            .with_durability(salsa::Durability::MEDIUM)
                            .to(Prescan::default());
                        self.edited.remove(&path);
                    }
                }
                (None, Some(text)) => {
                    if durability == salsa::Durability::LOW {
                        self.edited.insert(path.clone());
                    }
                    let prescan = prescan_of(&path, &text);
                    let file = SourceFile::builder(path.clone(), text, true, prescan)
                        .durability(salsa::Durability::MEDIUM)
                        .text_durability(durability)
                        .new(&self.db);
                    self.files.insert(path, file);
                    files_changed = true;
                }
                (None, None) => {}
            }
        }
        if files_changed {
            let mut all: Vec<(Arc<str>, SourceFile)> = self.files.iter().map(|(p, f)| (p.clone(), *f)).collect();
            all.sort_by(|a, b| a.0.cmp(&b.0));
            let files: Arc<[SourceFile]> = all.into_iter().map(|(_, f)| f).collect();
            project.set_files(&mut self.db).with_durability(salsa::Durability::MEDIUM).to(files);
        }
        if let Some(roots) = change.roots
            && **project.roots(&self.db) != *roots
        {
            project.set_roots(&mut self.db).with_durability(salsa::Durability::HIGH).to(roots.into());
        }
        if let Some(settings) = change.settings
            && *project.settings(&self.db) != settings
        {
            project.set_settings(&mut self.db).with_durability(salsa::Durability::HIGH).to(settings);
        }
        if let Some(installed) = change.installed
            && **project.installed(&self.db) != *installed
        {
            project.set_installed(&mut self.db).with_durability(salsa::Durability::HIGH).to(installed.into());
        }
        if let Some(libraries) = change.libraries
            && **project.libraries(&self.db) != *libraries
        {
            project.set_libraries(&mut self.db).with_durability(salsa::Durability::HIGH).to(libraries.into());
        }
    }

    pub fn analysis(&self) -> Analysis {
        Analysis { db: self.db.clone() }
    }

    /// The salsa event log, for tests that assert what re-ran (records only on a host made by
    /// `with_event_log`).
    pub fn event_log(&self) -> &EventLog {
        &self.db.log
    }

    pub fn file(&self, path: &str) -> Option<FileId> {
        self.files.get(path).copied()
    }
}

/// A read-only snapshot. Every query returns `Cancellable`: a change applied to the host while a
/// query runs cancels it.
pub struct Analysis {
    pub(crate) db: RootDatabase,
}

impl Analysis {
    pub(crate) fn with_db<T>(&self, f: impl FnOnce(&RootDatabase) -> T) -> Cancellable<T> {
        // The snapshot is dropped on cancellation; no state it holds is observed afterwards.
        salsa::Cancelled::catch(std::panic::AssertUnwindSafe(|| f(&self.db)))
    }

    pub fn path(&self, file: FileId) -> Cancellable<Arc<str>> {
        self.with_db(move |db| file.path(db).clone())
    }

    /// The file loaded at `path`, if any (deleted files included: their text is empty).
    pub fn file(&self, path: &str) -> Cancellable<Option<FileId>> {
        self.with_db(|db| db.project().files(db).iter().copied().find(|f| &**f.path(db) == path))
    }

    /// The project's own files: installed packages' sources are read, not reported on.
    pub fn files(&self) -> Cancellable<Vec<FileId>> {
        self.with_db(|db| {
            db.project().files(db).iter().copied().filter(|f| *f.exists(db) && !crate::db::is_library(db, *f)).collect()
        })
    }

    pub fn line_index(&self, file: FileId) -> Cancellable<Arc<crate::syntax::LineIndex>> {
        self.with_db(move |db| crate::syntax::line_index(db, file).clone())
    }

    pub fn settings(&self) -> Cancellable<Settings> {
        self.with_db(|db| db.project().settings(db).clone())
    }

    /// Summarises, on all cores, every file that may declare models (the byte-level pre-scan decides
    /// without parsing), so model discovery then reads warm summaries.
    pub fn prime_models(&self) {
        use rayon::prelude::*;
        let files = match self.files() {
            Ok(files) => files,
            Err(_) => return,
        };
        files.par_iter().for_each_with(self.db.clone(), |db, file| {
            let _ = salsa::Cancelled::catch(std::panic::AssertUnwindSafe(|| {
                if crate::hir::prescan::declares_models(db, *file) {
                    crate::hir::module_index(db, *file);
                }
            }));
        });
    }

    /// Infers every scope of every file that may involve SQLAlchemy, in both views, on all cores
    /// (what linting the workspace costs); returns the number of scopes inferred.
    pub fn infer_everything(&self, files: &[FileId]) -> Cancellable<usize> {
        use rayon::prelude::*;
        self.prime_models();
        let counts: Vec<Cancellable<usize>> = files
            .par_iter()
            .map_with(self.db.clone(), |db, file| {
                salsa::Cancelled::catch(std::panic::AssertUnwindSafe(|| {
                    if !crate::hir::prescan::involves_sqlalchemy(db, *file) {
                        return 0;
                    }
                    let scopes = crate::semantics::scopes_of_file(db, *file);
                    for scope in &scopes {
                        scope.infer(db, *file, View::Precise);
                        scope.infer(db, *file, View::Checker);
                    }
                    scopes.len()
                }))
            })
            .collect();
        counts.into_iter().sum()
    }

    /// How many of the files pass the pre-scan (`involves_sqlalchemy`).
    pub fn involved_files(&self, files: &[FileId]) -> Cancellable<usize> {
        self.with_db(|db| files.iter().filter(|f| crate::hir::prescan::involves_sqlalchemy(db, **f)).count())
    }

    /// `reveals` for many files, on all cores; files without `reveal_type` are skipped unparsed.
    pub fn reveals_in(&self, files: &[FileId]) -> Cancellable<Vec<(FileId, Vec<crate::ide::RevealInfo>)>> {
        use rayon::prelude::*;
        self.prime_models();
        let _ = self.with_db(|db| crate::models::model_registry(db).models.len());
        files
            .par_iter()
            .map_with(self.db.clone(), |db, file| {
                salsa::Cancelled::catch(std::panic::AssertUnwindSafe(|| (*file, crate::ide::reveals(db, *file))))
            })
            .collect()
    }
}

impl Analysis {
    /// Every `reveal_type(...)` in a file with our type and the type checker's.
    pub fn reveals(&self, file: FileId) -> Cancellable<Vec<crate::ide::RevealInfo>> {
        self.with_db(move |db| crate::ide::reveals(db, file))
    }

    /// Where a model (or one of its attributes, looked up where it is declared) is declared:
    /// the file and the range of its name.
    pub fn declaration(
        &self,
        class: &crate::types::ClassRef,
        attribute: Option<&str>,
    ) -> Cancellable<Option<(FileId, TextRange)>> {
        self.with_db(|db| {
            let owner = match attribute {
                Some(name) => crate::models::model_registry(db)
                    .model(class)
                    .and_then(|m| m.attribute(name))
                    .map(|a| a.declared_in.clone())
                    .unwrap_or_else(|| class.clone()),
                None => class.clone(),
            };
            crate::semantics::declaration_range(db, &owner, attribute)
        })
    }

    /// Every rule's findings in a file (selection is the caller's).
    pub fn diagnostics(&self, file: FileId) -> Cancellable<Arc<[crate::rules::Diagnostic]>> {
        self.with_db(move |db| crate::rules::check_file(db, file).clone())
    }

    /// Every rule's findings on the packages installed in the project's environment.
    pub fn installed_findings(&self) -> Cancellable<Arc<[crate::rules::PackageFinding]>> {
        self.with_db(|db| crate::rules::check_installed(db).clone())
    }

    /// `diagnostics` for many files, on all cores.
    pub fn diagnostics_in(&self, files: &[FileId]) -> Cancellable<Vec<(FileId, Arc<[crate::rules::Diagnostic]>)>> {
        use rayon::prelude::*;
        self.prime_models();
        files
            .par_iter()
            .map_with(self.db.clone(), |db, file| {
                salsa::Cancelled::catch(std::panic::AssertUnwindSafe(|| {
                    (*file, crate::rules::check_file(db, *file).clone())
                }))
            })
            .collect()
    }

    /// A file's text, as the analysis sees it.
    pub fn text(&self, file: FileId) -> Cancellable<Arc<str>> {
        self.with_db(move |db| file.text(db).clone())
    }

    /// The hover at a byte offset.
    pub fn hover(
        &self,
        file: FileId,
        offset: TextSize,
        config: crate::ide::HoverConfig,
    ) -> Cancellable<Option<crate::ide::HoverResult>> {
        self.with_db(move |db| crate::ide::hover(db, file, offset, config))
    }
}

/// IDE features for the language server: plain data, offsets into the file's text (any
/// offset is accepted: past the end or inside a character, it is moved onto the text).
impl Analysis {
    /// Where the model, attribute or table under the cursor is declared (from code and from
    /// SQLAlchemy's strings: `relationship("User")`, `back_populates="posts"`, `ForeignKey("users.id")`).
    pub fn goto_definition(&self, file: FileId, offset: TextSize) -> Cancellable<Vec<crate::ide::NavTarget>> {
        self.with_db(move |db| crate::ide::goto_definition(db, file, offset))
    }

    /// Every place naming the model, attribute or table under the cursor, in every file (each
    /// candidate file's references are indexed on all cores), sorted by path then position.
    pub fn references(
        &self,
        file: FileId,
        offset: TextSize,
        include_declaration: bool,
    ) -> Cancellable<Vec<(FileId, TextRange)>> {
        let Some((symbol, files)) = self.symbol_and_candidates(file, offset)? else { return Ok(Vec::new()) };
        let per_file = self.refs_in_files(&files, &symbol, include_declaration)?;
        Ok(per_file.into_iter().flat_map(|(file, refs)| refs.into_iter().map(move |r| (file, r.range))).collect())
    }

    /// The range of the name a rename at the cursor would change; `None` when there is nothing
    /// renamable there (only model classes and model attributes are).
    pub fn prepare_rename(&self, file: FileId, offset: TextSize) -> Cancellable<Option<TextRange>> {
        self.with_db(move |db| crate::ide::prepare_rename(db, file, offset))
    }

    /// The edits renaming the model class or attribute under the cursor everywhere, strings included.
    pub fn rename(
        &self,
        file: FileId,
        offset: TextSize,
        new_name: &str,
    ) -> Cancellable<Result<Vec<crate::ide::TextEdit>, crate::ide::RenameError>> {
        if let Some((symbol, files)) = self.symbol_and_candidates(file, offset)? {
            // Index the candidate files on all cores; the rename then reads warm indexes.
            self.refs_in_files(&files, &symbol, true)?;
        }
        self.with_db(move |db| crate::ide::rename(db, file, offset, new_name))
    }

    /// Completions at the cursor (works on half-typed code).
    pub fn completions(&self, file: FileId, offset: TextSize) -> Cancellable<Vec<crate::ide::CompletionItem>> {
        self.with_db(move |db| crate::ide::completions(db, file, offset))
    }

    /// Signature help for model constructors and `relationship(` / `mapped_column(` / `Column(`.
    pub fn signature_help(&self, file: FileId, offset: TextSize) -> Cancellable<Option<crate::ide::SignatureHelp>> {
        self.with_db(move |db| crate::ide::signature_help(db, file, offset))
    }

    /// Inlay hints within a byte range of a file.
    pub fn inlay_hints(
        &self,
        file: FileId,
        range: (u32, u32),
        config: crate::ide::InlayHintsConfig,
    ) -> Cancellable<Vec<crate::ide::InlayHint>> {
        self.with_db(move |db| crate::ide::inlay_hints(db, file, range, config))
    }

    /// The outline of a file: classes (models with their attributes), functions, `Table(...)` objects.
    pub fn document_symbols(&self, file: FileId) -> Cancellable<Vec<crate::ide::DocumentSymbol>> {
        self.with_db(move |db| crate::ide::document_symbols(db, file))
    }

    /// Every mapped class and Core `Table(...)` with columns, keys and relationships (`sqla schema`).
    pub fn schema(&self) -> Cancellable<crate::ide::SchemaView> {
        self.prime_models();
        self.with_db(|db| crate::ide::schema_view(db))
    }

    /// Models and tables whose name contains the query's characters in order (ignoring case).
    pub fn workspace_symbols(&self, query: &str) -> Cancellable<Vec<crate::ide::WorkspaceSymbol>> {
        self.with_db(move |db| crate::ide::workspace_symbols(db, query))
    }

    fn symbol_and_candidates(
        &self,
        file: FileId,
        offset: TextSize,
    ) -> Cancellable<Option<(crate::ide::Symbol, Vec<FileId>)>> {
        self.with_db(move |db| {
            let reference = crate::semantics::Semantics::new(db, file).symbol_at(offset)?;
            let files = crate::ide::candidate_files(db, &reference.symbol);
            Some((reference.symbol, files))
        })
    }

    fn refs_in_files(
        &self,
        files: &[FileId],
        symbol: &crate::ide::Symbol,
        include_declaration: bool,
    ) -> Cancellable<Vec<(FileId, Vec<crate::ide::SymbolRef>)>> {
        use rayon::prelude::*;
        files
            .par_iter()
            .map_with(self.db.clone(), |db, file| {
                salsa::Cancelled::catch(std::panic::AssertUnwindSafe(|| {
                    (*file, crate::ide::refs_in_file(db, *file, symbol, include_declaration))
                }))
            })
            .collect()
    }
}
