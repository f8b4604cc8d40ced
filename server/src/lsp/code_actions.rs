//! Code actions: each finding's fixes (`quickfix`, the safe one preferred), "fix all of this rule in
//! the file" when a rule has several fixable findings there, and `source.fixAll.sqla` (every safe
//! fix of the file). Edits may span files (`backref-argument` edits both classes).

use std::collections::HashMap;

use analysis::rules::{Applicability, Diagnostic, Fix, choose_fixes};
use analysis::syntax::Encoding;
use analysis::{Analysis, Cancellable, FileId};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::convert;
use crate::project::Filter;

pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.sqla")
}

/// The actions for `range` of `file`; `only` as the client asked (`None`: all kinds).
pub fn code_actions(
    analysis: &Analysis,
    filter: &Filter,
    file: FileId,
    range: Range,
    only: Option<&[CodeActionKind]>,
    encoding: Encoding,
) -> Cancellable<Vec<CodeActionOrCommand>> {
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str())))
        })
    };
    let path = analysis.path(file)?;
    let index = analysis.line_index(file)?;
    let diagnostics = filter.apply(&path, &analysis.diagnostics(file)?);
    let (start, end) = (convert::offset(&index, range.start, encoding), convert::offset(&index, range.end, encoding));
    let mut actions = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        for d in diagnostics.iter().filter(|d| d.start <= end && start <= d.end) {
            let shown = convert::diagnostic(analysis, d, encoding)?;
            for (i, fix) in d.fixes().enumerate() {
                let safe = fix.applicability == Applicability::Safe;
                let title = if safe {
                    format!("{} ({})", fix.message, d.rule.code)
                } else {
                    format!("{} ({}, unsafe: review the change)", fix.message, d.rule.code)
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(workspace_edit(convert::fix_edits(analysis, fix, encoding)?)),
                    is_preferred: Some(safe && i == 0),
                    ..CodeAction::default()
                }));
            }
            let same_rule: Vec<Diagnostic> =
                diagnostics.iter().filter(|o| o.rule.code == d.rule.code && o.fix.is_some()).cloned().collect();
            if same_rule.len() > 1
                && d.fix.is_some()
                && let Some(edit) = combined(analysis, &same_rule, encoding)?
            {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Fix all {} ({}) in this file", d.rule.name, d.rule.code),
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(edit),
                    ..CodeAction::default()
                }));
            }
        }
        dedup_titles(&mut actions);
    }
    if wants(&fix_all_kind())
        && let Some(edit) = combined(analysis, &diagnostics, encoding)?
    {
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: "Fix all safe sqla findings in this file".to_owned(),
            kind: Some(fix_all_kind()),
            edit: Some(edit),
            ..CodeAction::default()
        }));
    }
    Ok(actions)
}

/// The safe fixes of `diagnostics` that do not overlap, as one edit (`sqla fix` would apply the
/// rest in its next round). `None` when there is nothing to do.
fn combined(analysis: &Analysis, diagnostics: &[Diagnostic], encoding: Encoding) -> Cancellable<Option<WorkspaceEdit>> {
    let (edits, count) = choose_fixes(diagnostics, false);
    if count == 0 {
        return Ok(None);
    }
    let fix = Fix { applicability: Applicability::Safe, message: String::new(), edits };
    Ok(Some(workspace_edit(convert::fix_edits(analysis, &fix, encoding)?)))
}

fn workspace_edit(edits: Vec<(Uri, Vec<TextEdit>)>) -> WorkspaceEdit {
    let changes: HashMap<Uri, Vec<TextEdit>> = edits.into_iter().collect();
    WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }
}

/// "Fix all of this rule" is offered once per rule, however many findings the range covers.
fn dedup_titles(actions: &mut Vec<CodeActionOrCommand>) {
    let mut seen = std::collections::HashSet::new();
    actions.retain(|a| match a {
        CodeActionOrCommand::CodeAction(action) if action.title.starts_with("Fix all ") => {
            seen.insert(action.title.clone())
        }
        _ => true,
    });
}
