//! Imports that fixes need, added in the file's own style: `sa.select` where the file does
//! `import sqlalchemy as sa`, a name merged into an existing `from sqlalchemy import ...`, else a new
//! `from ... import ...` line after the last top-level import.

use super::{Edit, RuleContext};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};

/// How a fix refers to `module.name`, and the edit (if any) that makes the name available.
pub struct ImportedName {
    pub expression: String,
    pub edit: Option<Edit>,
}

/// `module` is `sqlalchemy` or one of its submodules (`sqlalchemy.orm`).
pub fn import_name(cx: &RuleContext<'_>, module: &str, name: &str) -> ImportedName {
    let root = cx.parsed.root();
    let statements = named_children(root);
    // Already imported by name (possibly from another SQLAlchemy module: same object).
    for statement in statements.iter().filter(|s| s.kind() == "import_from_statement") {
        let Some(from) = field(*statement, "module_name") else { continue };
        if !cx.text(from).starts_with("sqlalchemy") {
            continue;
        }
        for imported in names(*statement) {
            let (original, bound) = match imported.kind() {
                "aliased_import" => {
                    (field(imported, "name").map(|n| cx.text(n)), field(imported, "alias").map(|a| cx.text(a)))
                }
                _ => (Some(cx.text(imported)), Some(cx.text(imported))),
            };
            if let (true, Some(bound)) = (original == Some(name), bound) {
                return ImportedName { expression: bound.to_owned(), edit: None };
            }
        }
    }
    // `import sqlalchemy as sa` / `import sqlalchemy.orm as so`.
    for statement in statements.iter().filter(|s| s.kind() == "import_statement") {
        for imported in names(*statement) {
            if imported.kind() != "aliased_import" {
                continue;
            }
            let (Some(dotted), Some(alias)) = (field(imported, "name"), field(imported, "alias")) else { continue };
            let (dotted, alias) = (cx.text(dotted), cx.text(alias));
            if dotted == module {
                return ImportedName { expression: format!("{alias}.{name}"), edit: None };
            }
            if dotted == "sqlalchemy" && module.starts_with("sqlalchemy.") {
                return ImportedName {
                    expression: format!("{alias}{}.{name}", &module["sqlalchemy".len()..]),
                    edit: None,
                };
            }
        }
    }
    // Merge into `from module import a, b`.
    let merge_into = statements
        .iter()
        .filter(|s| s.kind() == "import_from_statement")
        .find(|s| field(**s, "module_name").is_some_and(|m| cx.text(m) == module))
        .and_then(|statement| names(*statement).last().map(|last| last.end_byte() as u32));
    if let Some(at) = merge_into {
        return ImportedName {
            expression: name.to_owned(),
            edit: Some(Edit { file: cx.file, start: at, end: at, content: format!(", {name}") }),
        };
    }
    // A new line after the last top-level import (after the docstring and `__future__` otherwise).
    let anchor = statements
        .iter()
        .rfind(|s| matches!(s.kind(), "import_statement" | "import_from_statement" | "future_import_statement"))
        .or_else(|| {
            statements.first().filter(|s| s.kind() == "expression_statement" && cx.text(**s).starts_with(['"', '\'']))
        });
    let line = format!("from {module} import {name}\n");
    let edit = match anchor {
        Some(anchor) => {
            let end = line_end(cx.parsed.text(), anchor.end_byte());
            Edit { file: cx.file, start: end, end, content: line }
        }
        None => Edit { file: cx.file, start: 0, end: 0, content: line },
    };
    ImportedName { expression: name.to_owned(), edit: Some(edit) }
}

fn names<'t>(statement: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = statement.walk();
    statement.children_by_field_name("name", &mut cursor).collect()
}

/// The offset just after the line ending that follows `offset`.
fn line_end(text: &str, offset: usize) -> u32 {
    match text[offset..].find('\n') {
        Some(at) => (offset + at + 1) as u32,
        None => text.len() as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Series;
    use crate::fixture::Fixture;

    fn added(text: &str, module: &str, name: &str) -> (String, String) {
        let fixture = Fixture::new(&format!("#- /m.py\n{text}"), Series::V21);
        let file = fixture.host.file("/m.py").unwrap();
        let analysis = fixture.host.analysis();
        let (expression, edit) = analysis
            .with_db(|db| {
                let imported = import_name(&RuleContext::new(db, file), module, name);
                (imported.expression, imported.edit)
            })
            .unwrap();
        let source = analysis.text(file).unwrap().to_string();
        let after = match edit {
            Some(edit) => format!("{}{}{}", &source[..edit.start as usize], edit.content, &source[edit.end as usize..]),
            None => source,
        };
        (expression, after)
    }

    #[test]
    fn in_the_files_own_style() {
        assert_eq!(
            added("import sqlalchemy as sa\n", "sqlalchemy", "select"),
            ("sa.select".into(), "import sqlalchemy as sa\n".into())
        );
        assert_eq!(added("import sqlalchemy as sa\n", "sqlalchemy.orm", "Mapped").0, "sa.orm.Mapped");
        assert_eq!(
            added("from sqlalchemy import Column, Integer\nx = 1\n", "sqlalchemy", "select"),
            ("select".into(), "from sqlalchemy import Column, Integer, select\nx = 1\n".into())
        );
        assert_eq!(added("from sqlalchemy.orm import Mapped as M\n", "sqlalchemy.orm", "Mapped").0, "M");
        assert_eq!(
            added("\"\"\"Doc.\"\"\"\nimport os\n\nx = 1\n", "sqlalchemy.orm", "Mapped").1,
            "\"\"\"Doc.\"\"\"\nimport os\nfrom sqlalchemy.orm import Mapped\n\nx = 1\n"
        );
        assert_eq!(added("x = 1\n", "sqlalchemy", "select").1, "from sqlalchemy import select\nx = 1\n");
    }
}
