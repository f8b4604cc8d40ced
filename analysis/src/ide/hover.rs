//! Hover: what is under the cursor. A model, an attribute, a table or a column gets its card,
//! wherever it is named (in code, a constructor keyword, or one of SQLAlchemy's strings:
//! `back_populates="posts"`, `ForeignKey("users.id")`); anything else its type as pyright would
//! show it, plus what we know beyond it (row columns, the precise view where it differs).

use std::fmt::Write;

use crate::db::{Db, SourceFile};
use crate::hir::Name;
use crate::models::{AttrKind, Collection, Model, ModelAttr, ModelRegistry, model_registry};
use crate::semantics::{
    RefKind, Semantics, Symbol, SymbolRef, TextRange, TextSize, View, clamp_offset, model_class_of, range_of,
};
use crate::settings::Series;
use crate::syntax::node_ext::field;
use crate::syntax::{Node, parse};
use crate::types::{Class, ClassRef, RowShape, RowTail, Ty, display, literal};

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
    /// Range of the hovered name or expression.
    pub range: TextRange,
    pub markdown: String,
}

/// What is under the cursor, first as a symbol (`Semantics::symbol_at`: a model, an attribute, a
/// table or a column, named in code or in a string, which goto follows too), then as a type.
pub fn hover(db: &dyn Db, file: SourceFile, offset: TextSize, config: HoverConfig) -> Option<HoverResult> {
    let sema = Semantics::new(db, file);
    let parsed = sema.parsed();
    let offset = clamp_offset(file.text(db), offset);
    let node = parsed.root().descendant_for_byte_range(offset.into(), offset.into())?;
    let node = if node.kind() == "identifier" || node.parent().is_none() { node } else { nearest_named(node) };
    let series = db.project().settings(db).series;
    let registry = model_registry(db);

    if let Some(reference) = sema.symbol_at(offset)
        && let Some(markdown) = symbol_hover(db, &sema, &reference, series)
    {
        return Some(HoverResult { range: reference.range, markdown });
    }

    // On a declaration in a model's body, or on a model's class name, that declares no symbol.
    if let Some((class, attr)) = declaration_under_cursor(db, file, node) {
        let model = registry.model(&class)?;
        let markdown = match attr {
            Some(attr) => attribute_hover(model, model.attribute(&attr)?, series),
            None => model_hover(model, series),
        };
        return Some(HoverResult { range: range_of(node), markdown });
    }

    let (range, ty) = sema.type_at(offset, View::Precise)?;
    // A function value is shown by its signature, as type checkers show it.
    let ty = &crate::infer::signatures::shown(db, ty, View::Precise);
    let checker_ty = sema.type_of_range(range, View::Checker).cloned().unwrap_or(Ty::Unknown);
    let checker_ty = crate::infer::signatures::shown(db, &checker_ty, View::Checker);
    let hovered = parsed.root().descendant_for_byte_range(range.start().into(), range.end().into())?;

    if let Ty::TypeOf(inner) = ty
        && let Ty::Instance(Class::User(class), _) = inner.as_ref()
        && let Some(model) = registry.model(class)
    {
        return Some(HoverResult { range, markdown: model_hover(model, series) });
    }
    let label = if let Ty::BoundMethod(receiver, name) = ty {
        // `select(User).filter_by`: the method of the receiver's class, not a variable.
        format!("(method) {}.{name}", display(receiver, series))
    } else if hovered.kind() == "identifier" {
        let name = parsed.node_text(hovered);
        let shown = checker_ty_or(ty, &checker_ty);
        // On the name an assignment binds, the variable's declared type: `x = 1` is an `int`
        // (a constant's `Literal[1]`), as type checkers show a declaration.
        let assigned = hovered.parent().is_some_and(|p| {
            p.kind() == "assignment" && p.child_by_field_name("left").is_some_and(|left| left.id() == hovered.id())
        });
        let shown = if assigned && !literal::is_constant_name(name) { literal::widen(shown) } else { shown };
        format!("(variable) {name}: {}", super::reveal::shown_text(db, &shown, series))
    } else {
        format!("(expression) {}", super::reveal::shown_text(db, &checker_ty_or(ty, &checker_ty), series))
    };
    // Beside a type checker, its hover has this line; where it sees `Unknown`, ours tells more.
    let mut markdown =
        if config.type_line || checker_ty.is_unknown() { format!("```python\n{label}\n```\n") } else { String::new() };
    append_checker_note(&mut markdown, ty, &checker_ty, series);
    let root = parsed.node_text(root_name(hovered));
    if checker_ty.is_unknown() && sema.assumed_at(offset).iter().any(|name| name.as_str() == root) {
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
    Some(HoverResult { range, markdown: markdown.trim_start().to_owned() })
}

/// The card of the symbol a reference names: the same wherever it is named.
fn symbol_hover(db: &dyn Db, sema: &Semantics<'_>, reference: &SymbolRef, series: Series) -> Option<String> {
    let registry = model_registry(db);
    match &reference.symbol {
        Symbol::Class(class) => Some(model_hover(registry.model(class)?, series)),
        Symbol::Attr(declared_in, name) => {
            let model = attribute_owner(sema, registry, reference, declared_in, name)?;
            let mut markdown = attribute_hover(model, model.attribute(name)?, series);
            // In code, the expression's type may differ between the views (`Column[int]` for an
            // untyped column read through the class).
            if reference.kind == RefKind::Code
                && let Some(range) = attribute_expression(sema, reference.range)
                && let Some(ty) = sema.type_of_range(range, View::Precise)
            {
                let checker = sema.type_of_range(range, View::Checker).cloned().unwrap_or(Ty::Unknown);
                append_checker_note(&mut markdown, ty, &checker, series);
            }
            Some(markdown)
        }
        Symbol::Table(table) => Some(table_hover(db, registry, table, series)),
        Symbol::TableColumn(table, column) => table_column_hover(db, table, column),
    }
}

/// The model whose attribute a reference shows: the one the object's type names in code
/// (`admin.name` is `Admin`'s, inherited from `User`), else the declaring class, else the first
/// model inheriting it (an attribute a mixin declares).
fn attribute_owner<'r>(
    sema: &Semantics<'_>,
    registry: &'r ModelRegistry,
    reference: &SymbolRef,
    declared_in: &ClassRef,
    name: &str,
) -> Option<&'r Model> {
    let through_object = (reference.kind == RefKind::Code)
        .then(|| {
            let node = sema
                .parsed()
                .root()
                .descendant_for_byte_range(reference.range.start().into(), reference.range.end().into())?;
            let object = node.parent().filter(|p| p.kind() == "attribute").and_then(|p| field(p, "object"))?;
            let class = model_class_of(sema.type_of(object, View::Precise)?)?;
            registry.model(&class).filter(|m| m.attribute(name).is_some())
        })
        .flatten();
    through_object
        .or_else(|| registry.model(declared_in))
        .or_else(|| registry.models.iter().find(|m| m.attribute(name).is_some_and(|a| &a.declared_in == declared_in)))
}

/// The range whose type an attribute reference has: the name itself when inference recorded it,
/// else the `object.name` expression around it.
fn attribute_expression(sema: &Semantics<'_>, range: TextRange) -> Option<TextRange> {
    if sema.type_of_range(range, View::Precise).is_some() {
        return Some(range);
    }
    let node = sema.parsed().root().descendant_for_byte_range(range.start().into(), range.end().into())?;
    node.parent().filter(|p| p.kind() == "attribute").map(range_of)
}

/// A table: the card of the model mapping it, or its columns as its `Table(...)` spells them.
fn table_hover(db: &dyn Db, registry: &ModelRegistry, table: &Name, series: Series) -> String {
    if let Some(model) = registry.by_table(table).next() {
        return model_hover(model, series);
    }
    let mut out = format!("```python\n(table) {table}\n```\n");
    if let Some(columns) = crate::schema::schema(db).core_columns.get(table) {
        out.push_str("\n| column | SQL | |\n|---|---|---|\n");
        for column in columns {
            let mut notes = Vec::new();
            if column.primary_key {
                notes.push("PK".to_owned());
            }
            for fk in &column.foreign_keys {
                notes.push(format!("FK → {fk}"));
            }
            let sql_type = column.sql_type.as_deref().unwrap_or_default();
            let _ = writeln!(out, "| `{}` | {} | {} |", column.name, cell(sql_type), notes.join(", "));
        }
    }
    out
}

/// A column of a `Table(...)` object.
fn table_column_hover(db: &dyn Db, table: &Name, column: &Name) -> Option<String> {
    let schema = crate::schema::schema(db);
    let info = schema.core_columns.get(table)?.iter().find(|c| &c.name == column)?;
    let mut out = format!("```python\n(column) {table}.{column}\n```\n");
    let facts = column_facts(info.sql_type.as_deref(), info.primary_key, info.nullable, &info.foreign_keys);
    append_facts(&mut out, &facts);
    Some(out)
}

/// What a column declares: `SQL type `Integer` · primary key · not null · foreign key → `users.id``.
fn column_facts(
    sql_type: Option<&str>,
    primary_key: bool,
    nullable: Option<bool>,
    foreign_keys: &[Name],
) -> Vec<String> {
    let mut facts: Vec<String> = Vec::new();
    if let Some(sql_type) = sql_type {
        facts.push(format!("SQL type `{sql_type}`"));
    }
    if primary_key {
        facts.push("primary key".to_owned());
    }
    match nullable {
        Some(true) => facts.push("nullable".to_owned()),
        Some(false) => facts.push("not null".to_owned()),
        None => {}
    }
    for fk in foreign_keys {
        facts.push(format!("foreign key → `{fk}`"));
    }
    facts
}

fn append_facts(out: &mut String, facts: &[String]) {
    if !facts.is_empty() {
        out.push('\n');
        out.push_str(&facts.join(" · "));
        out.push('\n');
    }
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
    // "not null" is a column's fact; a relationship's `nullable` is not declared.
    let nullable = attr.nullable.filter(|nullable| *nullable || attr.kind == AttrKind::Column);
    let mut facts = column_facts(attr.sql_type.as_deref(), attr.primary_key, nullable, &attr.foreign_keys);
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
    append_facts(&mut out, &facts);
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
