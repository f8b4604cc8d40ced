//! `sqla reveal`: the type of every `reveal_type(expr)` call.

use std::io::Write;
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;

use super::{RevealArgs, RevealFormat};
use crate::project::Setup;
use crate::project::workspace::{self, display_path};

#[derive(Serialize)]
struct RevealJson<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    expr: &'a str,
    #[serde(rename = "type")]
    ty: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    checker_type: Option<&'a str>,
}

pub fn run(args: &RevealArgs) -> Result<i32> {
    let started = Instant::now();
    let first = args.paths.first().cloned().unwrap_or_else(|| ".".into());
    let setup = Setup::load(&first, args.common.sqlalchemy.as_deref())?;
    let detected = &setup.detected;
    let ws = workspace::load(
        &args.paths,
        setup.settings(args.common.assume()),
        setup.installed.clone(),
        workspace::LibraryScope::Values,
    )?;
    if args.common.verbose {
        eprintln!("sqla: SQLAlchemy {} ({})", detected.series, detected.reason);
    }
    let analysis = ws.host.analysis();
    let all_reveals = analysis.reveals_in(&ws.requested).map_err(|e| anyhow::anyhow!("{e}"))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut count = 0usize;
    for (file, reveals) in all_reveals {
        if reveals.is_empty() {
            continue;
        }
        let path = display_path(&analysis.path(file).map_err(|e| anyhow::anyhow!("{e}"))?);
        let index = analysis.line_index(file).map_err(|e| anyhow::anyhow!("{e}"))?;
        for reveal in &reveals {
            count += 1;
            let pos = index.line_col(reveal.start, analysis::syntax::Encoding::Utf32);
            let (line, column) = (pos.line + 1, pos.col + 1);
            let differs = reveal.checker_ty != reveal.ty;
            match args.format {
                RevealFormat::Text => {
                    writeln!(out, "{path}:{line}:{column}: note: Revealed type is \"{}\"", reveal.ty)?;
                    if differs {
                        writeln!(out, "{path}:{line}:{column}: note: Type checkers see \"{}\"", reveal.checker_ty)?;
                    }
                }
                RevealFormat::Json => {
                    let record = RevealJson {
                        file: &path,
                        line,
                        column,
                        expr: &reveal.expr,
                        ty: &reveal.ty,
                        checker_type: differs.then_some(reveal.checker_ty.as_str()),
                    };
                    serde_json::to_writer(&mut out, &record)?;
                    writeln!(out)?;
                }
            }
        }
    }
    out.flush()?;
    if args.common.verbose {
        eprintln!("sqla: {count} reveals in {} files, {:.0?}", ws.requested.len(), started.elapsed());
    }
    Ok(0)
}
