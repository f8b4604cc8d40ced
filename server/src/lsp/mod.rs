//! `sqla server`: the language server, on tower-lsp-server over stdio. Handlers are thin: they turn
//! LSP positions into byte offsets, ask a snapshot of the analysis, and turn the plain-data answer
//! back into LSP types.

mod assists;
mod code_actions;
mod convert;
mod diagnostics;
mod documents;
mod indexing;
mod navigation;
mod settings;
mod state;
mod transport;
mod worker;

use std::sync::Arc;

use analysis::syntax::Encoding;
use analysis::{Change, Settings};
use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use documents::Document;
use settings::ClientSettings;
use state::{ClientSupport, State};
use worker::Worker;

pub fn run() -> i32 {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).thread_stack_size(16 << 20).enable_all().build();
    let Ok(runtime) = runtime else {
        eprintln!("sqla: error: cannot start the async runtime");
        return crate::EXIT_ERROR;
    };
    runtime.block_on(async {
        let (service, socket) =
            LspService::build(Backend::new).custom_method("sqla/ruleDoc", Backend::rule_doc).finish();
        let stdio = transport::stdio();
        Server::new(stdio.input, stdio.output, socket).serve(service).await;
        // What was answered last (`shutdown`) reaches the client before the process ends.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), stdio.flushed).await;
    });
    // Blocking tasks still running on old snapshots are abandoned, not awaited.
    runtime.shutdown_background();
    // As the protocol asks: 0 after a `shutdown` request, 1 when the client exited (or went away)
    // without one.
    if SHUT_DOWN.load(std::sync::atomic::Ordering::SeqCst) { 0 } else { 1 }
}

/// The command answering the workspace's schema (`workspace/executeCommand`).
const SCHEMA_COMMAND: &str = "sqla.schema";

/// Added to a hover showing `Unknown` while the workspace is being indexed.
const STILL_INDEXING: &str =
    "\n\n_The workspace is still being indexed: what is `Unknown` here may be known once it is._";

/// A `shutdown` request was received.
static SHUT_DOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub struct Backend {
    state: Arc<State>,
}

impl Backend {
    fn new(client: Client) -> Backend {
        let worker = Worker::start(Settings::default());
        Backend { state: Arc::new(State::new(client, worker)) }
    }

    /// `sqla/ruleDoc {code}`: a rule's documentation as markdown (the target of diagnostics'
    /// `codeDescription` links in the editor extensions).
    async fn rule_doc(&self, params: Value) -> Result<Value> {
        let key = params.get("code").and_then(Value::as_str).unwrap_or_default();
        let key = key.trim_start_matches("sqla-rule:").trim_start_matches('/');
        match analysis::rules::find_rule(key) {
            Some(rule) => Ok(json!({
                "code": rule.code,
                "name": rule.name,
                "markdown": format!("# {} ({})\n\n{}", rule.name, rule.code, rule.doc),
            })),
            None => Err(Error::invalid_params(format!("no rule `{key}`"))),
        }
    }

    fn file_position(&self, params: &TextDocumentPositionParams) -> (Arc<str>, Position) {
        (convert::path_key(&params.text_document.uri), params.position)
    }

    async fn apply_settings(&self, value: &Value) {
        let (settings, problems) = ClientSettings::from_json(value);
        if !problems.is_empty() {
            let message = format!("sqla settings: {}", problems.join("; "));
            self.state.client.show_message(MessageType::WARNING, message).await;
        }
        let changed = {
            let mut current = self.state.settings.write().unwrap_or_else(|e| e.into_inner());
            let changed = *current != settings;
            *current = settings;
            changed
        };
        if changed {
            indexing::load_configuration(&self.state);
            diagnostics::schedule(&self.state);
            if self.state.support().inlay_hint_refresh {
                let _ = self.state.client.inlay_hint_refresh().await;
            }
        }
    }

    /// Reloads files changed on disk that are not open (buffers take precedence).
    fn reload_from_disk(&self, uri: &Uri, deleted: bool) {
        let key = convert::path_key(uri);
        if self.state.open_paths.contains_key(&key) {
            return;
        }
        let mut change = Change::default();
        let path = convert::file_path(uri);
        match path {
            Some(path) if !deleted && path.is_file() => change.set_file(key, indexing::read(&path)),
            _ => change.remove_file(key),
        }
        self.state.apply(change);
    }
}

fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn client_support(params: &InitializeParams) -> ClientSupport {
    let caps = &params.capabilities;
    let workspace = caps.workspace.as_ref();
    let text_document = caps.text_document.as_ref();
    ClientSupport {
        work_done_progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
        configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        watched_files: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        inlay_hint_refresh: workspace
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|i| i.refresh_support)
            .unwrap_or(false),
        definition_links: text_document
            .and_then(|t| t.definition.as_ref())
            .and_then(|d| d.link_support)
            .unwrap_or(false),
        hierarchical_symbols: text_document
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|d| d.hierarchical_document_symbol_support)
            .unwrap_or(false),
        pull_diagnostics: text_document.is_some_and(|t| t.diagnostic.is_some())
            && workspace.and_then(|w| w.diagnostics.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false),
    }
}

/// The files whose changes matter: sources, the configuration file, and the dependency and tool
/// files `analysis::manifest` reads (`manifest::FILE_PATTERNS`).
const WATCHED: &[&str] = &["**/*.py", "**/*.pyi", "**/sqla.toml"];

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        *self.state.encoding.write().unwrap_or_else(|e| e.into_inner()) = encoding;
        let support = client_support(&params);
        *self.state.support.write().unwrap_or_else(|e| e.into_inner()) = support;
        let mut roots: Vec<std::path::PathBuf> =
            params.workspace_folders.iter().flatten().filter_map(|f| convert::file_path(&f.uri)).collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(path) = params.root_uri.as_ref().and_then(convert::file_path)
        {
            roots.push(path);
        }
        let roots: Vec<std::path::PathBuf> = roots.into_iter().map(|r| r.canonicalize().unwrap_or(r)).collect();
        let import_roots = crate::project::workspace::workspace_import_roots(&roots);
        {
            let mut project = self.state.project.write().unwrap_or_else(|e| e.into_inner());
            project.roots = roots;
            project.own_modules = crate::project::workspace::own_top_levels(&import_roots);
            project.import_roots = import_roots.clone();
        }
        let mut problems = Vec::new();
        if let Some(options) = &params.initialization_options {
            let (settings, found) = ClientSettings::from_json(options);
            *self.state.settings.write().unwrap_or_else(|e| e.into_inner()) = settings;
            problems = found;
        }
        // The series, the environment and the import roots are known before the first document
        // opens: its first answers are given with them, not with defaults indexing then replaces.
        indexing::load_configuration(&self.state);
        self.state.apply(Change { roots: Some(import_roots), ..Change::default() });
        if !problems.is_empty() {
            let message = format!("sqla settings: {}", problems.join("; "));
            self.state.client.show_message(MessageType::WARNING, message).await;
        }
        let position_encoding = match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(position_encoding),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, code_actions::fix_all_kind()]),
                    ..CodeActionOptions::default()
                })),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some([".", "\"", "'", "(", ",", "="].map(str::to_owned).to_vec()),
                    ..CompletionOptions::default()
                }),
                signature_help_provider: Some(SignatureHelpOptions {
                    trigger_characters: Some(vec!["(".to_owned(), ",".to_owned()]),
                    retrigger_characters: Some(vec!["=".to_owned()]),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![SCHEMA_COMMAND.to_owned()],
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                diagnostic_provider: support.pull_diagnostics.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("sqla".to_owned()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "sqla".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let support = self.state.support();
        if support.watched_files {
            let watchers = WATCHED
                .iter()
                .chain(analysis::manifest::FILE_PATTERNS)
                .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String((*glob).to_owned()), kind: None })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "sqla-watched-files".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(options).ok(),
            };
            let _ = self.state.client.register_capability(vec![registration]).await;
        }
        if support.configuration {
            let item = ConfigurationItem { scope_uri: None, section: Some("sqla".to_owned()) };
            if let Ok(values) = self.state.client.configuration(vec![item]).await
                && let Some(value) = values.first().filter(|v| v.is_object())
            {
                let (settings, _) = ClientSettings::from_json(value);
                let changed = {
                    let mut current = self.state.settings.write().unwrap_or_else(|e| e.into_inner());
                    std::mem::replace(&mut *current, settings) != *current
                };
                if changed {
                    indexing::load_configuration(&self.state);
                }
            }
        }
        tokio::spawn(indexing::index_workspace(self.state.clone()));
    }

    async fn shutdown(&self) -> Result<()> {
        SHUT_DOWN.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let key = convert::path_key(&doc.uri);
        let mut change = Change::default();
        change.set_edited_file(key.clone(), doc.text.as_str());
        self.state.documents.insert(doc.uri.clone(), Document::new(&doc.text, doc.version));
        self.state.open_paths.insert(key.clone(), doc.uri);
        // What the file imports is loaded with it (a few files, read now): workspace indexing may
        // not have reached them yet.
        self.state.load_import_closure(&key, &doc.text, &mut change);
        self.state.apply(change);
        diagnostics::schedule(&self.state);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.state.encoding();
        let mut stale = None;
        let text = match self.state.documents.get_mut(&uri) {
            Some(mut doc) => match doc.apply(params.text_document.version, params.content_changes, encoding) {
                Ok(()) => Some(doc.text()),
                Err(documents::ChangeError::Stale { have, got }) => {
                    stale =
                        Some(format!("sqla: ignored a stale change to {} (version {got}, have {have})", uri.as_str()));
                    None
                }
            },
            None => None, // not open: nothing to apply the change to
        };
        if let Some(text) = text {
            let mut change = Change::default();
            let key = convert::path_key(&uri);
            // An import added before indexing has loaded the workspace is loaded with the edit.
            if !self.state.indexed.load(std::sync::atomic::Ordering::SeqCst) {
                self.state.load_import_closure(&key, &text, &mut change);
            }
            change.set_edited_file(key, text);
            self.state.apply(change);
            diagnostics::schedule(&self.state);
        }
        // Logged after the change is applied (the first `.await`), in the order changes arrived.
        if let Some(message) = stale {
            self.state.client.log_message(MessageType::WARNING, message).await;
        }
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {}

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let key = convert::path_key(&uri);
        self.state.documents.remove(&uri);
        self.state.open_paths.remove(&key);
        self.state.pulled.lock().unwrap_or_else(|e| e.into_inner()).remove(&uri);
        // The disk is the truth again (unsaved edits are gone); a file outside the workspace that
        // was only open is dropped.
        let on_disk = convert::file_path(&uri).filter(|p| p.is_file());
        let in_workspace = on_disk.as_ref().is_some_and(|p| {
            let project = self.state.project.read().unwrap_or_else(|e| e.into_inner());
            project.roots.iter().any(|r| p.starts_with(r))
        });
        let mut change = Change::default();
        match on_disk {
            Some(path) if in_workspace => change.set_file(key, indexing::read(&path)),
            _ => change.remove_file(key),
        }
        self.state.apply(change);
        diagnostics::schedule(&self.state);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut configuration = false;
        for event in &params.changes {
            self.reload_from_disk(&event.uri, event.typ == FileChangeType::DELETED);
            // The configuration file, and the dependency files series detection reads pins from.
            let path = event.uri.path().as_str();
            configuration |= path.ends_with("/sqla.toml")
                || analysis::manifest::is_setup_py(path)
                || analysis::manifest::dependency_file_kind(path).is_some();
        }
        if configuration {
            indexing::load_configuration(&self.state);
        }
        diagnostics::schedule(&self.state);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let has_values = params.settings.get("sqla").or(Some(&params.settings)).is_some_and(|v| v.is_object());
        if has_values {
            self.apply_settings(&params.settings).await;
        } else if self.state.support().configuration {
            let item = ConfigurationItem { scope_uri: None, section: Some("sqla".to_owned()) };
            if let Ok(values) = self.state.client.configuration(vec![item]).await
                && let Some(value) = values.into_iter().next()
            {
                self.apply_settings(&value).await;
            }
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let (path, position) = self.file_position(&params.text_document_position_params);
        let encoding = self.state.encoding();
        let config = analysis::ide::HoverConfig { type_line: self.state.settings().hover_type_line };
        let indexing = !self.state.indexed.load(std::sync::atomic::Ordering::SeqCst);
        self.state
            .run(move |analysis| {
                // Dependency files (requirements, pyproject.toml, mypy.ini) are not Python.
                if !analysis::db::is_python_path(&path) {
                    return Ok(None);
                }
                let Some(file) = analysis.file(&path)? else { return Ok(None) };
                let index = analysis.line_index(file)?;
                let offset = convert::offset(&index, position, encoding);
                let Some(found) = analysis.hover(file, offset.into(), config)? else { return Ok(None) };
                let mut markdown = found.markdown;
                // The open file's imports are loaded; what else may name a model (a string
                // relationship, a backref declared elsewhere) may not be yet: said, not hidden.
                if indexing && markdown.contains("Unknown") {
                    markdown.push_str(STILL_INDEXING);
                }
                Ok(Some(Hover {
                    contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
                    range: Some(convert::range(&index, found.range.start().into(), found.range.end().into(), encoding)),
                }))
            })
            .await
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri.clone();
        let version = self.state.documents.get(&uri).map(|doc| doc.version);
        let path = convert::path_key(&params.text_document.uri);
        let filter = diagnostics::filter(&self.state);
        let encoding = self.state.encoding();
        let items = self
            .state
            .run(move |analysis| match analysis.file(&path)? {
                Some(file) => diagnostics::file_diagnostics(&analysis, &filter, file, encoding),
                None => Ok(Vec::new()),
            })
            .await?;
        let digest = diagnostics::digest(&items, None);
        if let Some(version) = version {
            self.state.pulled.lock().unwrap_or_else(|e| e.into_inner()).insert(uri, (digest, version));
        }
        let result_id = format!("{digest:016x}");
        if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
                RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
                },
            )));
        }
        Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: Some(result_id), items },
            },
        )))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let path = convert::path_key(&params.text_document.uri);
        let filter = diagnostics::filter(&self.state);
        let encoding = self.state.encoding();
        let (range, only) = (params.range, params.context.only);
        let actions = self
            .state
            .run(move |analysis| match analysis.file(&path)? {
                Some(file) => code_actions::code_actions(&analysis, &filter, file, range, only.as_deref(), encoding),
                None => Ok(Vec::new()),
            })
            .await?;
        Ok(Some(actions))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let (path, position) = self.file_position(&params.text_document_position_params);
        let encoding = self.state.encoding();
        let link_support = self.state.support().definition_links;
        let links = self
            .state
            .run(move |analysis| match analysis.file(&path)? {
                Some(file) => {
                    let offset = navigation::offset_of(&analysis, file, position, encoding)?;
                    navigation::definition_links(&analysis, file, offset, encoding)
                }
                None => Ok(Vec::new()),
            })
            .await?;
        Ok((!links.is_empty()).then(|| navigation::definition_response(links, link_support)))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let (path, position) = self.file_position(&params.text_document_position);
        let include_declaration = params.context.include_declaration;
        let encoding = self.state.encoding();
        let found = self
            .state
            .run(move |analysis| match analysis.file(&path)? {
                Some(file) => {
                    let offset = navigation::offset_of(&analysis, file, position, encoding)?;
                    navigation::references(&analysis, file, offset, include_declaration, encoding)
                }
                None => Ok(Vec::new()),
            })
            .await?;
        Ok(Some(found))
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        let (path, position) = self.file_position(&params);
        let encoding = self.state.encoding();
        self.state
            .run(move |analysis| match analysis.file(&path)? {
                Some(file) => {
                    let offset = navigation::offset_of(&analysis, file, position, encoding)?;
                    navigation::prepare_rename(&analysis, file, offset, encoding)
                }
                None => Ok(None),
            })
            .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let (path, position) = self.file_position(&params.text_document_position);
        let encoding = self.state.encoding();
        let new_name = params.new_name;
        let outcome = self
            .state
            .run(move |analysis| match analysis.file(&path)? {
                Some(file) => {
                    let offset = navigation::offset_of(&analysis, file, position, encoding)?;
                    navigation::rename(&analysis, file, offset, &new_name, encoding).map(Some)
                }
                None => Ok(None),
            })
            .await?;
        match outcome {
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(refused)) => Err(Error::invalid_params(refused)),
            None => Ok(None),
        }
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let (path, position) = self.file_position(&params.text_document_position);
        let encoding = self.state.encoding();
        let items = self
            .state
            .run(move |analysis| match analysis.file(&path)? {
                Some(file) => {
                    let offset = navigation::offset_of(&analysis, file, position, encoding)?;
                    assists::completions(&analysis, file, offset, encoding)
                }
                None => Ok(Vec::new()),
            })
            .await?;
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        let (path, position) = self.file_position(&params.text_document_position_params);
        let encoding = self.state.encoding();
        self.state
            .run(move |analysis| match analysis.file(&path)? {
                Some(file) => {
                    let offset = navigation::offset_of(&analysis, file, position, encoding)?;
                    assists::signature_help(&analysis, file, offset)
                }
                None => Ok(None),
            })
            .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let path = convert::path_key(&params.text_document.uri);
        let encoding = self.state.encoding();
        let settings = self.state.settings();
        let config = analysis::ide::InlayHintsConfig {
            variable_types: settings.inlay_variable_types,
            foreign_keys: settings.inlay_foreign_keys,
        };
        let range = params.range;
        let hints = self
            .state
            .run(move |analysis| match analysis.file(&path)? {
                Some(file) => assists::inlay_hints(&analysis, file, range, config, encoding),
                None => Ok(Vec::new()),
            })
            .await?;
        Ok(Some(hints))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let path = convert::path_key(&params.text_document.uri);
        let encoding = self.state.encoding();
        let hierarchical = self.state.support().hierarchical_symbols;
        let symbols = self
            .state
            .run(move |analysis| match analysis.file(&path)? {
                Some(file) => navigation::document_symbols(&analysis, file, encoding),
                None => Ok(Vec::new()),
            })
            .await?;
        Ok(Some(if hierarchical {
            DocumentSymbolResponse::Nested(symbols)
        } else {
            DocumentSymbolResponse::Flat(navigation::flat_symbols(symbols, &params.text_document.uri))
        }))
    }

    /// `sqla.schema`: the workspace's schema as `{"schema": <sqla schema --format json>, "svg",
    /// "mermaid"}` (the editors show the SVG; tools read the JSON).
    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command != SCHEMA_COMMAND {
            return Err(Error::invalid_params(format!("unknown command `{}`", params.command)));
        }
        let answer = self
            .state
            .run(|analysis| {
                let view = analysis.schema()?;
                let diagram = crate::diagram::diagram(&view);
                Ok(json!({
                    "schema": crate::diagram::json::to_json(&view),
                    "svg": crate::diagram::svg::to_svg(&diagram),
                    "mermaid": crate::diagram::mermaid::to_mermaid(&view, &diagram),
                }))
            })
            .await?;
        Ok(Some(answer))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let encoding = self.state.encoding();
        let query = params.query;
        let symbols =
            self.state.run(move |analysis| navigation::workspace_symbols(&analysis, &query, encoding)).await?;
        Ok(Some(WorkspaceSymbolResponse::Nested(symbols)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_chosen_when_offered() {
        let mut params = InitializeParams::default();
        assert_eq!(negotiate_encoding(&params), Encoding::Utf16);
        params.capabilities.general = Some(GeneralClientCapabilities {
            position_encodings: Some(vec![PositionEncodingKind::UTF16, PositionEncodingKind::UTF8]),
            ..GeneralClientCapabilities::default()
        });
        assert_eq!(negotiate_encoding(&params), Encoding::Utf8);
    }
}
