//! `sqla schema`: the ER picture of every mapped class and Core `Table` of a project, as JSON (the
//! shape tools read), Mermaid, Graphviz or SVG.

use std::io::Write;

use anyhow::{Result, anyhow};

use super::{SchemaArgs, SchemaFormat};
use crate::diagram;
use crate::project::{Setup, workspace};

pub fn run(args: &SchemaArgs) -> Result<i32> {
    let (_, view) = load_view(&args.paths, &args.common)?;
    let text = render(&view, args.format);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(0)
}

pub fn render(view: &analysis::ide::SchemaView, format: SchemaFormat) -> String {
    match format {
        SchemaFormat::Json => {
            let mut text = serde_json::to_string_pretty(&diagram::json::to_json(view)).unwrap_or_default();
            text.push('\n');
            text
        }
        SchemaFormat::Mermaid => diagram::mermaid::to_mermaid(view, &diagram::diagram(view)),
        SchemaFormat::Dot => diagram::dot::to_dot(&diagram::diagram(view)),
        SchemaFormat::Svg => diagram::svg::to_svg(&diagram::diagram(view)),
    }
}

/// The schema of the files the user named (the whole project is loaded, for imports).
/// The project around `paths` loaded, and the schema of its requested files (`sqla schema`,
/// `sqla stats`).
pub fn load_view(
    paths: &[std::path::PathBuf],
    common: &super::CommonArgs,
) -> Result<(workspace::Workspace, analysis::ide::SchemaView)> {
    let first = paths.first().cloned().unwrap_or_else(|| ".".into());
    let setup = Setup::load(&first, common.sqlalchemy.as_deref())?;
    if common.verbose {
        eprintln!("sqla: SQLAlchemy {} ({})", setup.detected.series, setup.detected.reason);
    }
    let ws = workspace::load(
        paths,
        setup.settings(common.assume()),
        setup.installed.clone(),
        workspace::LibraryScope::Models,
    )?;
    let view = requested_view(&ws, &setup.root)?;
    Ok((ws, view))
}

pub fn requested_view(ws: &workspace::Workspace, root: &std::path::Path) -> Result<analysis::ide::SchemaView> {
    let analysis = ws.host.analysis();
    let mut view = analysis.schema().map_err(|e| anyhow!("{e}"))?;
    let paths: std::collections::HashSet<std::sync::Arc<str>> =
        ws.requested.iter().map(|f| analysis.path(*f)).collect::<Result<_, _>>().map_err(|e| anyhow!("{e}"))?;
    // The view's paths are relative to the project root (the first root `workspace::load` sets),
    // or absolute outside it.
    let root = workspace::path_key(&root.canonicalize().unwrap_or_else(|_| root.to_path_buf()));
    let requested = |file: &str| paths.contains(file) || paths.contains(format!("{root}/{file}").as_str());
    view.models.retain(|m| requested(&m.file));
    view.tables.retain(|t| requested(&t.file));
    Ok(view)
}
