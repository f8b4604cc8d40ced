//! Hover: the type of what is under the cursor as pyright would show it, plus what we know beyond
//! it (row columns, SQL details of model attributes, a model's table).

use std::fmt::Write;

use crate::db::{Db, SourceFile};
use crate::models::{AttrKind, Collection, Model, ModelAttr, model_registry};
use crate::settings::Series;
use crate::syntax::node_ext::field;
use crate::syntax::{Node, parse};
use crate::types::{Class, ClassRef, RowShape, RowTail, Ty, display};

use super::scopes::scope_at;

/// How hovers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HoverConfig {
    /// Open with the type as type checkers show it (`(variable) stmt: Select[...]`). Off beside a
    /// type checker's own hover (Pylance, pyright), which shows that line already: the hover then
    /// holds only what it lacks (our type where it sees `Unknown`, the note where it differs, rows'
    /// columns, model details), and is empty when there is nothing to add.
    pub type_line: bool,
}

impl Default for HoverConfig {
    fn default() -> Self {
        HoverConfig { type_line: true }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    /// Byte range of the hovered expression.
    pub start: u32,
    pub end: u32,
    pub markdown: String,
}

pub fn hover(db: &dyn Db, file: SourceFile, offset: u32, config: HoverConfig) -> Option<HoverResult> {
    let parsed = parse(db, file);
    let node = parsed.root().descendant_for_byte_range(offset as usize, offset as usize)?;
    let node = if node.kind() == "identifier" || node.parent().is_none() { node } else { nearest_named(node) };
    let series = db.project().settings(db).series;
    let registry = model_registry(db);

    // On a declaration in a model's body, or on a model's class name.
    if let Some((class, attr)) = declaration_under_cursor(db, file, node) {
        let model = registry.model(&class)?;
        let markdown = match attr {
            Some(attr) => attribute_hover(model, model.attribute(&attr)?, series),
            None => model_hover(model, series),
        };
        return Some(HoverResult { start: node.start_byte() as u32, end: node.end_byte() as u32, markdown });
    }

    let (scope, scope_start) = scope_at(db, file, offset);
    let precise = scope.infer(db, file, true);
    let checker = scope.infer(db, file, false);
    let relative = offset.checked_sub(scope_start)?;
    let (start, end, ty) = precise.type_at(relative)?;
    let checker_ty = checker.exprs.get(&(start, end)).cloned().unwrap_or(Ty::Unknown);
    let (abs_start, abs_end) = (start + scope_start, end + scope_start);
    let hovered = parsed.root().descendant_for_byte_range(abs_start as usize, abs_end as usize)?;

    // A model attribute reached through its class or an instance.
    if let Some(object) = hovered.parent().filter(|p| p.kind() == "attribute").and_then(|p| field(p, "object"))
        && hovered.start_byte() != object.start_byte()
    {
        let object_ty =
            precise.exprs.get(&(object.start_byte() as u32 - scope_start, object.end_byte() as u32 - scope_start));
        if let Some(class) = object_ty.and_then(model_class_of)
            && let Some(model) = registry.model(&class)
            && let Some(attr) = model.attribute(parsed.node_text(hovered))
        {
            let mut markdown = attribute_hover(model, attr, series);
            append_checker_note(&mut markdown, ty, &checker_ty, series);
            return Some(HoverResult { start: abs_start, end: abs_end, markdown });
        }
    }
    if let Ty::TypeOf(inner) = ty
        && let Ty::Instance(Class::User(class), _) = inner.as_ref()
        && let Some(model) = registry.model(class)
    {
        return Some(HoverResult { start: abs_start, end: abs_end, markdown: model_hover(model, series) });
    }
    let label = if let Ty::BoundMethod(receiver, name) = ty {
        // `select(User).filter_by`: the method of the receiver's class, not a variable.
        format!("(method) {}.{name}", display(receiver, series))
    } else if hovered.kind() == "identifier" {
        format!("(variable) {}: {}", parsed.node_text(hovered), display(&checker_ty_or(ty, &checker_ty), series))
    } else {
        format!("(expression) {}", display(&checker_ty_or(ty, &checker_ty), series))
    };
    // Beside a type checker, its hover has this line; where it sees `Unknown`, ours tells more.
    let mut markdown =
        if config.type_line || checker_ty.is_unknown() { format!("```python\n{label}\n```\n") } else { String::new() };
    append_checker_note(&mut markdown, ty, &checker_ty, series);
    let root = parsed.node_text(root_name(hovered));
    if checker_ty.is_unknown() && precise.assumed.iter().any(|name| name.as_str() == root) {
        let _ = write!(
            markdown,
            "\n`{root}` has no annotation: type checkers see `Unknown`; sqla-analyzer assumes this from its name. Annotate `{root}` to make it certain.\n"
        );
    }
    if let Some(shape) = row_of(ty) {
        append_row_table(&mut markdown, shape, series);
    }
    if markdown.is_empty() {
        return None;
    }
    Some(HoverResult { start: abs_start, end: abs_end, markdown: markdown.trim_start().to_owned() })
}

/// The name an expression chain starts from: `session` in `session.query(User).all()`.
fn root_name(mut node: Node<'_>) -> Node<'_> {
    while let Some(inner) = match node.kind() {
        "attribute" => field(node, "object"),
        "call" => field(node, "function"),
        "subscript" => field(node, "value"),
        _ => None,
    } {
        node = inner;
    }
    node
}

/// The first line shows what type checkers show (so it reads like Pylance's); what we know beyond
/// it follows.
fn checker_ty_or(precise: &Ty, checker: &Ty) -> Ty {
    if checker.is_unknown() { precise.clone() } else { checker.clone() }
}

fn append_checker_note(markdown: &mut String, precise: &Ty, checker: &Ty, series: Series) {
    let (precise_text, checker_text) = (display(precise, series), display(checker, series));
    // SQLAlchemy 1.x ships no annotations: what type checkers lose there is said, not implied.
    if !series.annotated() && checker.is_unknown() && !precise.is_unknown() {
        let _ = writeln!(
            markdown,
            "\nType checkers see `Unknown` here (SQLAlchemy {series} ships no type annotations); sqla-analyzer infers what runs."
        );
        return;
    }
    if precise_text != checker_text && !checker.is_unknown() {
        let _ = write!(
            markdown,
            "\nType checkers see `{checker_text}` here (SQLAlchemy {series}); sqla-analyzer infers:\n```python\n{precise_text}\n```\n"
        );
    }
}

fn row_of(ty: &Ty) -> Option<&RowShape> {
    match ty {
        Ty::Rows(_, shape) if shape.tail != RowTail::Opaque && !shape.cols.is_empty() => Some(shape),
        Ty::Instance(_, args) => args.iter().find_map(row_of),
        Ty::Union(parts) => parts.iter().find_map(row_of),
        _ => None,
    }
}

fn append_row_table(markdown: &mut String, shape: &RowShape, series: Series) {
    markdown.push_str("\n| # | column | type |\n|---|---|---|\n");
    for (i, col) in shape.cols.iter().enumerate() {
        let name = col.name.as_deref().unwrap_or("—");
        let _ = writeln!(markdown, "| {i} | `{name}` | {} |", cell(&display(&col.ty, series)));
    }
}

/// Code in a markdown table cell: `|` would end the cell.
fn cell(code: &str) -> String {
    if code.is_empty() { String::new() } else { format!("`{}`", code.replace('|', "\\|")) }
}

fn model_class_of(ty: &Ty) -> Option<ClassRef> {
    match ty {
        Ty::Instance(Class::User(class), _) => Some(class.clone()),
        Ty::TypeOf(inner) => model_class_of(inner),
        Ty::Union(parts) => parts.iter().find_map(model_class_of),
        _ => None,
    }
}

fn nearest_named(node: Node<'_>) -> Node<'_> {
    let mut node = node;
    while !node.is_named() {
        match node.parent() {
            Some(parent) => node = parent,
            None => break,
        }
    }
    node
}

/// A class name in `class User(Base):`, or an attribute name on the left of an assignment in its body.
fn declaration_under_cursor(
    db: &dyn Db,
    file: SourceFile,
    node: Node<'_>,
) -> Option<(ClassRef, Option<crate::hir::Name>)> {
    let parsed = parse(db, file);
    if node.kind() != "identifier" {
        return None;
    }
    let parent = node.parent()?;
    if parent.kind() == "class_definition" && field(parent, "name") == Some(node) {
        return Some((ClassRef { file, name: parsed.node_text(node).into() }, None));
    }
    let assignment = parent.kind() == "assignment" && field(parent, "left") == Some(node);
    let method = parent.kind() == "function_definition" && field(parent, "name") == Some(node);
    if !(assignment || method) {
        return None;
    }
    let mut ancestor = parent.parent();
    while let Some(current) = ancestor {
        if current.kind() == "class_definition" {
            let name = field(current, "name")?;
            return Some((ClassRef { file, name: parsed.node_text(name).into() }, Some(parsed.node_text(node).into())));
        }
        if current.kind() == "function_definition" && !method {
            return None;
        }
        ancestor = current.parent();
    }
    None
}

fn attribute_hover(model: &Model, attr: &ModelAttr, series: Series) -> String {
    let kind = attr.kind.label();
    let mut out =
        format!("```python\n({kind}) {}.{}: {}\n```\n", model.name(), attr.name, display(&attr.python, series));
    let mut facts: Vec<String> = Vec::new();
    if let Some(sql_type) = &attr.sql_type {
        facts.push(format!("SQL type `{sql_type}`"));
    }
    if attr.primary_key {
        facts.push("primary key".to_owned());
    }
    match attr.nullable {
        Some(true) => facts.push("nullable".to_owned()),
        Some(false) if attr.kind == AttrKind::Column => facts.push("not null".to_owned()),
        _ => {}
    }
    for fk in &attr.foreign_keys {
        facts.push(format!("foreign key → `{fk}`"));
    }
    if let Some(target) = &attr.target {
        let shape = match attr.collection {
            Some(Collection::Scalar) => "many-to-one / one-to-one",
            Some(Collection::WriteOnly) => "write-only collection",
            Some(Collection::Dynamic) => "dynamic collection (legacy)",
            _ => "collection",
        };
        facts.push(format!("→ `{}` ({shape})", target.name));
    }
    if let Some(lazy) = &attr.lazy {
        facts.push(format!("lazy=\"{lazy}\""));
    }
    if let Some(back) = &attr.back_populates {
        facts.push(format!("back_populates=\"{back}\""));
    }
    if let Some(backref) = &attr.backref {
        facts.push(format!("backref=\"{backref}\""));
    }
    if !attr.typed && matches!(attr.kind, AttrKind::Column | AttrKind::Relationship) {
        facts.push("declared without `Mapped[...]`: type checkers cannot see this type".to_owned());
    }
    if !facts.is_empty() {
        out.push('\n');
        out.push_str(&facts.join(" · "));
        out.push('\n');
    }
    if attr.declared_in != model.class {
        let _ = writeln!(out, "\nInherited from `{}`.", attr.declared_in.name);
    }
    out
}

fn model_hover(model: &Model, series: Series) -> String {
    let mut out = format!("```python\n(model) class {}\n```\n", model.name());
    match &model.tablename {
        Some(table) => {
            let _ = writeln!(out, "\nTable `{table}`");
        }
        None if model.is_abstract => out.push_str("\nAbstract (`__abstract__ = True`): no table of its own\n"),
        None => {}
    }
    out.push_str("\n| attribute | type | SQL | |\n|---|---|---|---|\n");
    for attr in &model.attributes {
        let mut notes = Vec::new();
        if attr.primary_key {
            notes.push("PK".to_owned());
        }
        for fk in &attr.foreign_keys {
            notes.push(format!("FK → {fk}"));
        }
        if attr.kind == AttrKind::Relationship {
            notes.push("relationship".to_owned());
        }
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            attr.name,
            cell(&display(&attr.python, series)),
            cell(attr.sql_type.as_deref().unwrap_or_default()),
            notes.join(", ")
        );
    }
    out
}
