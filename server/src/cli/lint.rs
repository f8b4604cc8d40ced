//! `sqla lint`: run the rules over a project and report findings in the chosen format.

use std::collections::BTreeMap;
use std::io::Write;

use analysis::rules::{Diagnostic, Fix, PackageFinding, Rule, Selection, Severity};
use analysis::syntax::{Encoding, LineIndex};
use analysis::{Analysis, FileId};
use anyhow::{Result, anyhow, bail};
use serde_json::{Value, json};

use super::{LintArgs, LintFormat};
use crate::project::workspace::{self, display_path};
use crate::project::{Filter, Setup};

/// A finding with everything a reporter needs, positions 1-based (columns in characters).
struct Finding {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    source_line: String,
    rule: &'static Rule,
    severity: Severity,
    message: String,
    fix: Option<Value>,
    /// Further fixes (`Diagnostic::alternatives`), in the same form as `fix`.
    alternatives: Vec<Value>,
    related: Vec<RelatedLocation>,
}

/// A diagnostic's related information, positions 1-based like the finding's.
struct RelatedLocation {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: String,
}

pub fn run(args: &LintArgs) -> Result<i32> {
    let first = args.paths.first().cloned().unwrap_or_else(|| ".".into());
    let setup = Setup::load(&first, args.common.sqlalchemy.as_deref())?;
    let detected = &setup.detected;
    if args.common.verbose {
        eprintln!("sqla: SQLAlchemy {} ({})", detected.series, detected.reason);
    }
    let selection = Selection {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
    };
    let filter = Filter::new(&setup.config, Some(setup.root.clone()), &selection);
    let unknown = filter.selection.unknown();
    if !unknown.is_empty() {
        bail!("unknown rule selector(s): {}; see `sqla rule`", unknown.join(", "));
    }
    let ws = workspace::load(
        &args.paths,
        setup.settings(args.common.assume()),
        setup.installed.clone(),
        workspace::LibraryScope::Models,
    )?;
    let analysis = ws.host.analysis();
    let results = analysis.diagnostics_in(&ws.requested).map_err(|e| anyhow!("{e}"))?;
    let mut findings = Vec::new();
    for (file, diagnostics) in results {
        if diagnostics.is_empty() {
            continue;
        }
        let path = analysis.path(file).map_err(|e| anyhow!("{e}"))?;
        for diagnostic in filter.apply(&path, &diagnostics) {
            findings.push(finding(&analysis, file, &display_path(&path), &diagnostic)?);
        }
    }
    if ws.whole_project {
        for package in analysis.installed_findings().map_err(|e| anyhow!("{e}"))?.iter() {
            findings.extend(package_finding(&filter, package));
        }
    }
    findings.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    report(&mut out, args.format, &findings)?;
    if args.statistics {
        statistics(&mut out, &findings)?;
    }
    out.flush()?;
    Ok(if findings.is_empty() || args.exit_zero { 0 } else { 1 })
}

fn position(index: &LineIndex, offset: u32) -> (u32, u32) {
    let pos = index.line_col(offset, Encoding::Utf32);
    (pos.line + 1, pos.col + 1)
}

fn finding(analysis: &Analysis, file: FileId, path: &str, diagnostic: &Diagnostic) -> Result<Finding> {
    let index = analysis.line_index(file).map_err(|e| anyhow!("{e}"))?;
    let text = analysis.text(file).map_err(|e| anyhow!("{e}"))?;
    let (line, column) = position(&index, diagnostic.start);
    let (end_line, end_column) = position(&index, diagnostic.end);
    let source_line = text.lines().nth(line as usize - 1).unwrap_or("").to_owned();
    let fix = diagnostic.fix.as_ref().map(|fix| fix_json(analysis, file, fix)).transpose()?;
    let alternatives =
        diagnostic.alternatives.iter().map(|fix| fix_json(analysis, file, fix)).collect::<Result<Vec<_>>>()?;
    let mut related = Vec::new();
    for item in &diagnostic.related {
        let index = analysis.line_index(item.file).map_err(|e| anyhow!("{e}"))?;
        let (line, column) = position(&index, item.start);
        let (end_line, end_column) = position(&index, item.end);
        let path = analysis.path(item.file).map_err(|e| anyhow!("{e}"))?;
        related.push(RelatedLocation {
            path: display_path(&path),
            line,
            column,
            end_line,
            end_column,
            message: item.message.clone(),
        });
    }
    Ok(Finding {
        path: path.to_owned(),
        line,
        column,
        end_line,
        end_column,
        source_line,
        rule: diagnostic.rule,
        severity: diagnostic.severity,
        message: diagnostic.message.clone(),
        fix,
        alternatives,
        related,
    })
}

/// A finding on an installed package, at the start of its `*.dist-info` folder (no fix: it is
/// uninstalled, not edited), when the filter shows it.
fn package_finding(filter: &Filter, package: &PackageFinding) -> Option<Finding> {
    let severity = filter.shown(&package.location, package.rule, package.severity)?;
    Some(Finding {
        path: display_path(&package.location),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
        source_line: String::new(),
        rule: package.rule,
        severity,
        message: package.message.clone(),
        fix: None,
        alternatives: Vec::new(),
        related: Vec::new(),
    })
}

/// A fix as JSON. Edits may touch other files than the finding's (a migration rewriting the uses
/// of a model attribute): those carry their `file`.
fn fix_json(analysis: &Analysis, file: FileId, fix: &Fix) -> Result<Value> {
    let mut edits = Vec::new();
    for edit in &fix.edits {
        let index = analysis.line_index(edit.file).map_err(|e| anyhow!("{e}"))?;
        let (line, column) = position(&index, edit.start);
        let (end_line, end_column) = position(&index, edit.end);
        let mut value = json!({"line": line, "column": column, "end_line": end_line, "end_column": end_column, "content": edit.content});
        if edit.file != file {
            value["file"] = json!(display_path(&analysis.path(edit.file).map_err(|e| anyhow!("{e}"))?));
        }
        edits.push(value);
    }
    Ok(json!({"applicability": fix.applicability.as_str(), "message": fix.message, "edits": edits}))
}

fn json_of(f: &Finding) -> Value {
    json!({
        "code": f.rule.code,
        "name": f.rule.name,
        "severity": f.severity.as_str(),
        "message": f.message,
        "file": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "fix": f.fix.clone().unwrap_or(Value::Null),
        "alternatives": f.alternatives,
        "related": f.related.iter().map(|r| json!({
            "file": r.path,
            "line": r.line,
            "column": r.column,
            "end_line": r.end_line,
            "end_column": r.end_column,
            "message": r.message,
        })).collect::<Vec<_>>(),
    })
}

fn report(out: &mut impl Write, format: LintFormat, findings: &[Finding]) -> Result<()> {
    match format {
        LintFormat::Text | LintFormat::Concise => {
            for f in findings {
                let mark = if f.fix.is_some() { " [*]" } else { "" };
                writeln!(out, "{}:{}:{}: {}{mark} {}", f.path, f.line, f.column, f.rule.code, f.message)?;
                if format == LintFormat::Text {
                    code_frame(out, f)?;
                }
            }
            let fixable = findings.iter().filter(|f| f.fix.is_some()).count();
            match findings.len() {
                0 => writeln!(out, "All checks passed!")?,
                n => {
                    writeln!(out, "Found {n} finding{}.", if n == 1 { "" } else { "s" })?;
                    if fixable > 0 {
                        writeln!(
                            out,
                            "[*] {fixable} fixable with `sqla fix` (safe fixes; `--unsafe` for the others)."
                        )?;
                    }
                }
            }
        }
        LintFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &findings.iter().map(json_of).collect::<Vec<_>>())?;
            writeln!(out)?;
        }
        LintFormat::JsonLines => {
            for f in findings {
                serde_json::to_writer(&mut *out, &json_of(f))?;
                writeln!(out)?;
            }
        }
        LintFormat::Github => {
            for f in findings {
                let level = match f.severity {
                    analysis::rules::Severity::Error => "error",
                    analysis::rules::Severity::Warning => "warning",
                    _ => "notice",
                };
                writeln!(
                    out,
                    "::{level} title=sqla ({}),file={},line={},col={},endLine={},endColumn={}::{} {}",
                    f.rule.name,
                    f.path,
                    f.line,
                    f.column,
                    f.end_line,
                    f.end_column,
                    f.rule.code,
                    github_escape(&with_related(f))
                )?;
            }
        }
        LintFormat::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif(findings))?;
            writeln!(out)?;
        }
        LintFormat::Gitlab => {
            let issues: Vec<Value> = findings
                .iter()
                .map(|f| {
                    let severity = match f.severity {
                        analysis::rules::Severity::Error => "major",
                        analysis::rules::Severity::Warning => "minor",
                        _ => "info",
                    };
                    let fingerprint = format!(
                        "{:016x}",
                        fingerprint(&format!("{}:{}:{}", f.path, f.rule.code, f.source_line.trim()))
                    );
                    json!({
                        "description": format!("{} {}", f.rule.code, f.message),
                        "check_name": f.rule.name,
                        "fingerprint": fingerprint,
                        "severity": severity,
                        "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &issues)?;
            writeln!(out)?;
        }
        LintFormat::Junit => junit(out, findings)?,
    }
    Ok(())
}

fn code_frame(out: &mut impl Write, f: &Finding) -> Result<()> {
    let gutter = f.line.to_string().len();
    let width = if f.end_line == f.line { (f.end_column.saturating_sub(f.column)).max(1) } else { 1 };
    let indent: String =
        f.source_line.chars().take(f.column as usize - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    writeln!(out, "{:gutter$} |", "")?;
    writeln!(out, "{} | {}", f.line, f.source_line)?;
    writeln!(out, "{:gutter$} | {indent}{}", "", "^".repeat(width as usize))?;
    writeln!(out, "{:gutter$} |", "")?;
    if let Some(message) = f.fix.as_ref().and_then(|fix| fix["message"].as_str()) {
        writeln!(
            out,
            "  = fix ({}): {message}",
            f.fix.as_ref().and_then(|fix| fix["applicability"].as_str()).unwrap_or("")
        )?;
    }
    for alternative in &f.alternatives {
        writeln!(
            out,
            "  = fix ({}): {}",
            alternative["applicability"].as_str().unwrap_or(""),
            alternative["message"].as_str().unwrap_or("")
        )?;
    }
    for r in &f.related {
        writeln!(out, "  = related: {}:{}:{}: {}", r.path, r.line, r.column, r.message)?;
    }
    writeln!(out)?;
    Ok(())
}

fn statistics(out: &mut impl Write, findings: &[Finding]) -> Result<()> {
    let mut counts: BTreeMap<&str, (usize, &str, bool)> = BTreeMap::new();
    for f in findings {
        let entry = counts.entry(f.rule.code).or_insert((0, f.rule.name, false));
        entry.0 += 1;
        entry.2 |= f.fix.is_some();
    }
    for (code, (count, name, fixable)) in counts {
        writeln!(out, "{count:5}  {code}  {}{name}", if fixable { "[*] " } else { "" })?;
    }
    Ok(())
}

fn sarif(findings: &[Finding]) -> Value {
    let rules: Vec<Value> = analysis::rules::RULES
        .iter()
        .map(|r| json!({"id": r.code, "name": r.name, "shortDescription": {"text": r.summary}, "fullDescription": {"text": r.doc}}))
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let level = match f.severity {
                analysis::rules::Severity::Error => "error",
                analysis::rules::Severity::Warning => "warning",
                _ => "note",
            };
            let mut result = json!({
                "ruleId": f.rule.code,
                "level": level,
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.path},
                    "region": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}
                }}]
            });
            if !f.related.is_empty() {
                let related: Vec<Value> = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, r)| {
                        json!({
                            "id": id,
                            "message": {"text": r.message},
                            "physicalLocation": {
                                "artifactLocation": {"uri": r.path},
                                "region": {"startLine": r.line, "startColumn": r.column, "endLine": r.end_line, "endColumn": r.end_column}
                            }
                        })
                    })
                    .collect();
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "sqla", "version": env!("CARGO_PKG_VERSION"), "rules": rules}}, "results": results}]
    })
}

/// The message followed by one `related: path:line:col: message` line per related location.
fn with_related(f: &Finding) -> String {
    let mut text = f.message.clone();
    for r in &f.related {
        text.push_str(&format!("\nrelated: {}:{}:{}: {}", r.path, r.line, r.column, r.message));
    }
    text
}

fn github_escape(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn junit(out: &mut impl Write, findings: &[Finding]) -> Result<()> {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<testsuites name=\"sqla\" tests=\"{0}\" failures=\"{0}\">", findings.len())?;
    writeln!(out, "  <testsuite name=\"sqla lint\" tests=\"{0}\" failures=\"{0}\">", findings.len())?;
    for f in findings {
        writeln!(
            out,
            "    <testcase name=\"{} {}:{}:{}\" classname=\"{}\"><failure message=\"{}\">{}</failure></testcase>",
            f.rule.code,
            escape(&f.path),
            f.line,
            f.column,
            escape(f.rule.name),
            escape(&f.message),
            escape(&f.source_line)
        )?;
    }
    writeln!(out, "  </testsuite>\n</testsuites>")?;
    Ok(())
}

/// A stable fingerprint (FNV-1a) for GitLab to track findings across runs.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}
