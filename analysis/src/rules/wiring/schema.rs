//! What the wiring rules share: the workspace's tables as SQLAlchemy would build them (mapped
//! classes and `Table(...)` calls, with their columns and foreign keys), how sure we are of each,
//! and small helpers over the syntax of a model's declarations.
//!
//! Everything here errs towards knowing less: a table whose columns may come from somewhere we do
//! not see (a base class outside the workspace, reflection, a `@declared_attr` without annotation)
//! is *opaque*, and rules report nothing that depends on what it lacks.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::db::{Db, SourceFile};
use crate::hir::{Binding, Definition, Expr, Name, lower_expr, module_index, resolve_expr_symbol};
use crate::models::{AttrKind, Model, ModelAttr, ModelRegistry, model_registry};
use crate::rules::{Applicability, Edit, Fix, RuleContext, did_you_mean};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children, string_value, walk};
use crate::types::ClassRef;

/// A `Table("name", metadata, Column("id", ...), ...)` call somewhere in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableDecl {
    /// `None` when the name is not a string literal.
    pub name: Option<Name>,
    /// Column keys; `None` when some column is not spelled out (reflection, `*columns`).
    pub columns: Option<Vec<Name>>,
    /// The `table.column` strings of its foreign keys.
    pub foreign_keys: Vec<Name>,
    /// Some foreign key is not a string (`ForeignKey(users.c.id)`).
    pub foreign_keys_opaque: bool,
}

/// How a mapped class maps its table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelSchema {
    /// The table it maps: its `__tablename__`, its parent's (single-table inheritance), Flask's
    /// derived name, or the name in `__table__ = Table("name", ...)`.
    pub table: Option<Name>,
    /// `__tablename__ = "..."` written in the class itself.
    pub own_tablename: bool,
    /// Columns may come from somewhere we do not see.
    pub opaque: bool,
    /// `__table__ = ...`: the columns are the `Table`'s, not the attributes'.
    pub has_table_object: bool,
    /// `__table_args__` asks to extend or keep an existing table.
    pub extends_existing: bool,
    /// Which `MetaData` the table lives in, as far as we can tell (the declarative base).
    pub metadata: Option<String>,
    /// A `@declared_attr` declares a column: its foreign keys are in a function body.
    pub declared_attr_columns: bool,
}

/// A table as the mapped classes and `Table` calls that build it define it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableView {
    /// Column keys (a column's name unless `key=` says otherwise), in declaration order.
    pub columns: Vec<Name>,
    /// Attributes whose column is named differently (`zip_code = Column("zip", ...)`).
    pub aliases: Vec<(Name, Name)>,
    pub opaque: bool,
    /// The tables its foreign keys reference.
    pub references: FxHashSet<Name>,
    pub references_opaque: bool,
}

impl TableView {
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.iter().any(|c| c == column)
    }

    /// The column meant by a name that is not one: the column of an attribute of that name, else
    /// the one column whose name is close.
    pub fn suggest(&self, wanted: &str) -> Option<&str> {
        if let Some((_, column)) = self.aliases.iter().find(|(attr, _)| attr == wanted) {
            return Some(column);
        }
        did_you_mean(wanted, self.columns.iter().map(|c| c.as_str()))
    }

    fn add_column(&mut self, column: Name) {
        if !self.columns.contains(&column) {
            self.columns.push(column);
        }
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub models: FxHashMap<ClassRef, ModelSchema>,
    pub tables: FxHashMap<Name, TableView>,
    /// The classes mapping each table, in the registry's order.
    pub classes_by_table: FxHashMap<Name, Vec<ClassRef>>,
    /// Every table's name is known: a name that is not among them is unknown.
    pub names_complete: bool,
    /// Classes with a `__tablename__` that model discovery does not see (declared in functions,
    /// or on a declarative base outside the workspace).
    pub unmapped_classes: Vec<Name>,
}

impl Schema {
    pub fn model(&self, class: &ClassRef) -> Option<&ModelSchema> {
        self.models.get(class)
    }

    /// The classes that map `table` (a single-table hierarchy maps one table several times).
    pub fn classes_of_table(&self, table: &str) -> impl Iterator<Item = &ClassRef> {
        self.classes_by_table.get(table).into_iter().flatten()
    }

    pub fn table_of(&self, class: &ClassRef) -> Option<&Name> {
        self.models.get(class)?.table.as_ref()
    }

    /// The table of a class, with its columns, when we know them all.
    pub fn known_table(&self, class: &ClassRef) -> Option<(&Name, &TableView)> {
        let name = self.table_of(class)?;
        let view = self.tables.get(name)?;
        (!view.opaque).then_some((name, view))
    }
}

#[salsa::tracked(returns(ref))]
pub fn schema(db: &dyn Db) -> Arc<Schema> {
    let registry = model_registry(db);
    let mut out = Schema { names_complete: true, ..Default::default() };
    for model in &registry.models {
        let info = model_schema(db, registry, model);
        out.models.insert(model.class.clone(), info);
    }
    // Single-table inheritance: a subclass without a table of its own maps its parent's.
    for model in &registry.models {
        if out.models[&model.class].table.is_some() || out.models[&model.class].has_table_object {
            continue;
        }
        let inherited = model
            .bases
            .iter()
            .filter(|b| registry.model(b).is_some_and(|m| !m.is_abstract))
            .find_map(|b| out.models.get(b).and_then(|m| m.table.clone()));
        if let Some(model_info) = out.models.get_mut(&model.class) {
            model_info.table = inherited;
        }
    }
    // Tables of mapped classes.
    for model in &registry.models {
        if model.is_abstract {
            continue;
        }
        let info = &out.models[&model.class];
        let Some(table) = info.table.clone() else {
            out.names_complete = false;
            continue;
        };
        let item = crate::hir::index::class_item(db, model.class.file, &model.class.name);
        let mut view = out.tables.remove(&table).unwrap_or_default();
        view.opaque |= info.opaque;
        view.references_opaque |= info.declared_attr_columns;
        for attr in &model.attributes {
            if attr.kind != AttrKind::Column || attr.via_backref {
                continue;
            }
            if attr_table(&out.models, registry, model, attr).as_ref() != Some(&table) {
                continue;
            }
            if !info.has_table_object {
                let column = column_key(attr);
                if column != attr.name {
                    view.aliases.push((attr.name.clone(), column.clone()));
                }
                view.add_column(column);
            }
            for fk in &attr.foreign_keys {
                view.references.insert(Name::from(referenced_table(fk)));
            }
            view.references_opaque |= attr.value.as_deref().is_some_and(has_opaque_foreign_key);
        }
        if let Some(args) = item.as_ref().and_then(|i| i.assigned("__table_args__")) {
            for constraint in table_arg_items(args) {
                if let Expr::Call { func, args, .. } = constraint
                    && callee_name(func) == Some("ForeignKeyConstraint")
                {
                    match args.get(1) {
                        Some(Expr::List(refs) | Expr::Tuple(refs)) => {
                            for reference in refs {
                                match reference.as_str() {
                                    Some(fk) => {
                                        view.references.insert(Name::from(referenced_table(fk)));
                                    }
                                    None => view.references_opaque = true,
                                }
                            }
                        }
                        _ => view.references_opaque = true,
                    }
                }
            }
        }
        out.tables.insert(table, view);
    }
    // `Table(...)` calls.
    for &file in db.project().files(db).iter() {
        let declared = file_tables(db, file);
        out.names_complete &= !declared.reflects;
        // A class model discovery does not see (declared in a function, or on a base it cannot
        // follow) maps this table: its columns are unknown.
        for class in &declared.classes {
            let seen = !class.nested && registry.model(&ClassRef { file, name: class.name.clone() }).is_some();
            if seen {
                continue;
            }
            match &class.table {
                Some(table) => out.tables.entry(table.clone()).or_default().opaque = true,
                None => out.names_complete = false,
            }
            out.unmapped_classes.push(class.name.clone());
        }
        for decl in &declared.tables {
            let Some(name) = &decl.name else {
                out.names_complete = false;
                continue;
            };
            let view = out.tables.entry(name.clone()).or_default();
            match &decl.columns {
                Some(columns) => {
                    for column in columns {
                        view.add_column(column.clone());
                    }
                }
                None => view.opaque = true,
            }
            for fk in &decl.foreign_keys {
                view.references.insert(Name::from(referenced_table(fk)));
            }
            view.references_opaque |= decl.foreign_keys_opaque;
        }
    }
    // A mapped class with `__table__` but no table we could name leaves names incomplete.
    for model in &registry.models {
        let info = &out.models[&model.class];
        if info.has_table_object && info.table.as_ref().is_none_or(|t| !out.tables.contains_key(t)) {
            out.names_complete = false;
        }
        if let Some(table) = &info.table {
            out.classes_by_table.entry(table.clone()).or_default().push(model.class.clone());
        }
    }
    Arc::new(out)
}

/// A column's key in its table: `key=`, else its name, else the attribute's name.
pub fn column_key(attr: &ModelAttr) -> Name {
    if let Some(key) = attr.value.as_deref().and_then(|v| v.kwarg("key")).and_then(|k| k.as_str()) {
        return Name::from(key);
    }
    attr.column_name.clone().unwrap_or_else(|| attr.name.clone())
}

/// The table an attribute's column lives in: the topmost mapped parent that declares it (itself or
/// through a mixin) when there is one, else the model's own table.
pub fn attr_table(
    models: &FxHashMap<ClassRef, ModelSchema>,
    registry: &ModelRegistry,
    model: &Model,
    attr: &ModelAttr,
) -> Option<Name> {
    if attr.declared_in != model.class {
        for parent in model.bases.iter().rev() {
            let Some(parent_model) = registry.model(parent) else { continue };
            if parent_model.is_abstract {
                continue;
            }
            if *parent == attr.declared_in || parent_model.bases.contains(&attr.declared_in) {
                return models.get(parent).and_then(|m| m.table.clone());
            }
        }
    }
    models.get(&model.class).and_then(|m| m.table.clone())
}

/// `users.id` → `users`; `auth.users.id` → `users`; `users` → `users`.
pub fn referenced_table(fk: &str) -> &str {
    let table = fk.rsplit_once('.').map(|(t, _)| t).unwrap_or(fk);
    table.rsplit('.').next().unwrap_or(table)
}

fn callee_name(func: &Expr) -> Option<&str> {
    match func {
        Expr::Name(name) => Some(name),
        Expr::Attr(_, name) => Some(name),
        _ => None,
    }
}

/// `ForeignKey(users.c.id)` / `ForeignKey(User.id)`: a foreign key we cannot read.
fn has_opaque_foreign_key(expr: &Expr) -> bool {
    match expr {
        Expr::Call { func, args, kwargs } => {
            (callee_name(func) == Some("ForeignKey") && args.first().is_none_or(|a| a.as_str().is_none()))
                || args.iter().any(has_opaque_foreign_key)
                || kwargs.iter().any(|(_, v)| has_opaque_foreign_key(v))
        }
        _ => false,
    }
}

/// The items of `__table_args__`: a tuple (possibly ending with a dict of options) or a dict.
pub fn table_arg_items(args: &Expr) -> &[Expr] {
    match args {
        Expr::Tuple(items) | Expr::List(items) => items,
        _ => &[],
    }
}

/// The options dict of `__table_args__` (`{"schema": ...}`), alone or last in the tuple.
fn table_arg_options(args: &Expr) -> Option<&[(Expr, Expr)]> {
    match args {
        Expr::Dict(pairs) => Some(pairs),
        Expr::Tuple(items) | Expr::List(items) => match items.last() {
            Some(Expr::Dict(pairs)) => Some(pairs),
            _ => None,
        },
        _ => None,
    }
}

fn model_schema(db: &dyn Db, registry: &ModelRegistry, model: &Model) -> ModelSchema {
    let item = crate::hir::index::class_item(db, model.class.file, &model.class.name);
    let own_tablename = item.as_ref().and_then(|i| i.assigned("__tablename__")).and_then(|v| v.as_str()).is_some();
    let table_object = item.as_ref().and_then(|i| i.assigned("__table__")).cloned();
    let mut opaque = columns_opaque(db, model);
    let mut extends_existing = false;
    if let Some(options) = item.as_ref().and_then(|i| i.assigned("__table_args__")).and_then(table_arg_options) {
        for (key, value) in options {
            match key.as_str() {
                Some("autoload" | "autoload_with" | "autoload_replace") => opaque = true,
                Some("extend_existing" | "keep_existing") if value.as_bool() != Some(false) => {
                    extends_existing = true;
                    opaque = true;
                }
                _ => {}
            }
        }
    }
    let table = match &table_object {
        Some(Expr::Call { args, .. }) => args.first().and_then(|a| a.as_str()).map(Name::from),
        Some(_) => None,
        None => model.tablename.clone().or_else(|| registry.flask_tablename(model)),
    };
    let declared_attr_columns = std::iter::once(&model.class).chain(model.bases.iter()).any(|class| {
        crate::hir::index::class_item(db, class.file, &class.name).is_some_and(|item| {
            item.body.iter().any(|stmt| {
                matches!(stmt, crate::hir::ClassStmt::Method(f)
                    if f.has_decorator("declared_attr") && !f.has_decorator("directive")
                        && model.attribute(&f.name).is_some_and(|a| a.kind == AttrKind::Column))
            })
        })
    });
    ModelSchema {
        table,
        own_tablename,
        opaque,
        has_table_object: table_object.is_some(),
        extends_existing,
        metadata: metadata_key(db, registry, model),
        declared_attr_columns,
    }
}

/// Whether a class's attributes may come from somewhere we cannot see: a base class outside the
/// workspace (other than SQLAlchemy's own bases), `declarative_base(cls=...)`,
/// `SQLAlchemy(model_class=...)`, `DeferredReflection`, or a `@declared_attr` without annotation.
pub fn columns_opaque(db: &dyn Db, model: &Model) -> bool {
    for class in std::iter::once(&model.class).chain(model.bases.iter()) {
        let Some(item) = crate::hir::index::class_item(db, class.file, &class.name) else { return true };
        if item.body.iter().any(|stmt| {
            matches!(stmt, crate::hir::ClassStmt::Method(f)
                if f.has_decorator("declared_attr") && !f.has_decorator("directive") && f.returns.is_none())
        }) {
            return true;
        }
        if item.bases.iter().any(|base| base_is_opaque(db, class.file, base)) {
            return true;
        }
    }
    false
}

fn base_is_opaque(db: &dyn Db, file: SourceFile, base: &Expr) -> bool {
    let base = match base {
        Expr::Subscript(inner, _) => inner.as_ref(),
        other => other,
    };
    if let Expr::Attr(owner, attr) = base
        && attr == "Model"
        && let Some(Definition::Variable { file, name }) = resolve_expr_symbol(db, file, owner)
        && let Some(Binding::Variable { value: Some(value), .. }) = module_index(db, file).bindings.get(&name)
    {
        // `db = SQLAlchemy(model_class=Custom)`.
        return value.kwarg("model_class").is_some();
    }
    match resolve_expr_symbol(db, file, base) {
        Some(Definition::Class { .. }) => false,
        Some(Definition::External(symbol)) => {
            let known = symbol.starts_with("typing.")
                || symbol.starts_with("builtins.")
                || symbol.starts_with("abc.")
                || symbol == "flask_sqlalchemy.Model"
                || symbol.starts_with("sqlalchemy.");
            !known || symbol == "sqlalchemy.DeferredReflection"
        }
        Some(Definition::Variable { file, name }) => match module_index(db, file).bindings.get(&name) {
            Some(Binding::Variable { value: Some(value @ Expr::Call { args, .. }), .. }) => {
                !args.is_empty() || value.kwarg("cls").is_some() || value.kwarg("metaclass").is_some()
            }
            _ => true,
        },
        _ => !matches!(base, Expr::Name(n) if n == "object"),
    }
}

/// The declarative base (its `MetaData`) a mapped class belongs to: the typed base class, the
/// `Base = declarative_base()` variable, or Flask's `db` (with its `__bind_key__`).
fn metadata_key(db: &dyn Db, registry: &ModelRegistry, model: &Model) -> Option<String> {
    if let Some(base) = model.bases.iter().find(|b| registry.bases.contains_key(*b)) {
        return Some(format!("{:?}:{}", base.file, base.name));
    }
    let root = std::iter::once(&model.class).chain(model.bases.iter()).last()?;
    let item = crate::hir::index::class_item(db, root.file, &root.name)?;
    let bind_key = std::iter::once(&model.class)
        .chain(model.bases.iter())
        .filter_map(|c| crate::hir::index::class_item(db, c.file, &c.name))
        .find_map(|i| i.assigned("__bind_key__").cloned());
    for base in &item.bases {
        let owner = match base {
            Expr::Attr(owner, attr) if attr == "Model" => owner.as_ref(),
            other => other,
        };
        if let Some(Definition::Variable { file, name }) = resolve_expr_symbol(db, root.file, owner) {
            return Some(format!("{file:?}:{name}:{bind_key:?}"));
        }
    }
    // `@registry.mapped` classes share their registry's metadata; we do not follow it.
    None
}

/// What a file declares of the schema outside mapped classes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileTables {
    /// `Table(...)` calls (module level, class bodies, functions).
    pub tables: Vec<TableDecl>,
    /// `metadata.reflect(...)` or `automap_base()`: tables we cannot name.
    pub reflects: bool,
    /// Classes that name a table with `__tablename__`.
    pub classes: Vec<TableClass>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableClass {
    pub name: Name,
    /// `None` when `__tablename__` is not a string literal.
    pub table: Option<Name>,
    /// Declared inside a function or another class, where model discovery does not look.
    pub nested: bool,
}

#[salsa::tracked(returns(ref))]
pub fn file_tables(db: &dyn Db, file: SourceFile) -> Arc<FileTables> {
    if !crate::hir::prescan::declares_tables(db, file) || !crate::hir::prescan::involves_sqlalchemy(db, file) {
        return Arc::default();
    }
    let parsed = crate::syntax::parse(db, file);
    let source = parsed.text();
    let mut out = FileTables::default();
    walk(parsed.root(), |node| {
        if node.kind() == "class_definition" {
            table_class(parsed, node, &mut out);
        }
        if node.kind() == "call"
            && let Some(arguments) = field(node, "arguments")
            && let Some(function) = field(node, "function")
            && matches!(function.kind(), "identifier" | "attribute")
        {
            if function.kind() == "attribute"
                && field(function, "attribute").is_some_and(|a| parsed.node_text(a) == "reflect")
            {
                out.reflects = true;
            } else if named_children(arguments).len() >= 2 || parsed.node_text(function).ends_with("automap_base") {
                let func = lower_expr(function, source);
                match resolve_expr_symbol(db, file, &func) {
                    Some(Definition::External(s)) if s == "sqlalchemy.Table" => {
                        out.tables.push(table_decl(db, file, &lower_expr(node, source)));
                    }
                    Some(Definition::External(s)) if s == "sqlalchemy.automap_base" => out.reflects = true,
                    _ => {}
                }
            }
        }
        true
    });
    Arc::new(out)
}

fn is_nested(node: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(parent) = current {
        if matches!(parent.kind(), "function_definition" | "class_definition") {
            return true;
        }
        current = parent.parent();
    }
    false
}

fn table_class(parsed: &crate::syntax::Parsed, class: Node<'_>, out: &mut FileTables) {
    let (Some(name), Some(body)) = (field(class, "name"), field(class, "body")) else { return };
    for statement in named_children(body) {
        let Some(assignment) = named_children(statement).into_iter().find(|c| c.kind() == "assignment") else {
            continue;
        };
        let (Some(left), Some(right)) = (field(assignment, "left"), field(assignment, "right")) else { continue };
        if parsed.node_text(left) == "__tablename__" {
            out.classes.push(TableClass {
                name: Name::from(parsed.node_text(name)),
                table: string_value(right, parsed.text()).map(Name::from),
                nested: is_nested(class),
            });
        }
    }
}

fn table_decl(db: &dyn Db, file: SourceFile, call: &Expr) -> TableDecl {
    let Expr::Call { args, kwargs, .. } = call else {
        return TableDecl { name: None, columns: None, foreign_keys: Vec::new(), foreign_keys_opaque: true };
    };
    let symbol = |e: &Expr| match resolve_expr_symbol(db, file, e) {
        Some(Definition::External(s)) => s.strip_prefix("sqlalchemy.").map(Name::from),
        _ => None,
    };
    let mut columns = Some(Vec::new());
    let mut foreign_keys = Vec::new();
    let mut opaque_fk = false;
    for arg in args.iter().skip(2) {
        let Expr::Call { func, args: inner, .. } = arg else {
            columns = None;
            opaque_fk = true;
            continue;
        };
        match symbol(func).as_deref() {
            Some("Column") => {
                match inner.first().and_then(|a| a.as_str()) {
                    Some(name) => {
                        if let Some(columns) = &mut columns {
                            columns.push(Name::from(name));
                        }
                    }
                    None => columns = None,
                }
                for inner_arg in inner {
                    if let Expr::Call { func, args: fk_args, .. } = inner_arg
                        && symbol(func).as_deref() == Some("ForeignKey")
                    {
                        match fk_args.first().and_then(|a| a.as_str()) {
                            Some(fk) => foreign_keys.push(Name::from(fk)),
                            None => opaque_fk = true,
                        }
                    }
                }
            }
            Some("ForeignKeyConstraint") => match inner.get(1) {
                Some(Expr::List(refs) | Expr::Tuple(refs)) => {
                    for reference in refs {
                        match reference.as_str() {
                            Some(fk) => foreign_keys.push(Name::from(fk)),
                            None => opaque_fk = true,
                        }
                    }
                }
                _ => opaque_fk = true,
            },
            Some(
                "PrimaryKeyConstraint" | "UniqueConstraint" | "CheckConstraint" | "Index" | "Computed" | "Identity",
            ) => {}
            _ => {
                columns = None;
                opaque_fk = true;
            }
        }
    }
    if kwargs.iter().any(|(k, v)| k.starts_with("autoload") || (k == "extend_existing" && v.as_bool() != Some(false))) {
        columns = None;
    }
    TableDecl {
        name: args.first().and_then(|a| a.as_str()).map(Name::from),
        columns,
        foreign_keys,
        foreign_keys_opaque: opaque_fk,
    }
}

// ---- Syntax helpers -------------------------------------------------------------------------------

/// The value node of `name=` in a call.
pub fn kwarg_node<'t>(call: Node<'t>, name: &str, source: &str) -> Option<Node<'t>> {
    let arguments = field(call, "arguments")?;
    named_children(arguments).into_iter().find_map(|arg| {
        (arg.kind() == "keyword_argument"
            && field(arg, "name").is_some_and(|n| source.get(n.byte_range()) == Some(name)))
        .then(|| field(arg, "value"))
        .flatten()
    })
}

/// The whole `name=value` node of a call.
pub fn keyword_argument<'t>(call: Node<'t>, name: &str, source: &str) -> Option<Node<'t>> {
    let arguments = field(call, "arguments")?;
    named_children(arguments).into_iter().find(|arg| {
        arg.kind() == "keyword_argument"
            && field(*arg, "name").is_some_and(|n| source.get(n.byte_range()) == Some(name))
    })
}

/// The byte range of a plain string literal's content (`"abc"` → `abc`), when the content is
/// exactly its value (no escapes, no concatenation), so an edit inside it keeps the quotes.
pub fn string_content(node: Node<'_>, source: &str) -> Option<(u32, u32, String)> {
    if node.kind() != "string" {
        return None;
    }
    let value = string_value(node, source)?;
    let children = named_children(node);
    let contents: Vec<Node<'_>> = children.iter().copied().filter(|c| c.kind() == "string_content").collect();
    match contents.as_slice() {
        [content]
            if source.get(content.byte_range()) == Some(value.as_str()) && named_children(*content).is_empty() =>
        {
            Some((content.start_byte() as u32, content.end_byte() as u32, value))
        }
        [] if value.is_empty() => {
            let start = children.iter().find(|c| c.kind() == "string_start")?.end_byte() as u32;
            Some((start, start, value))
        }
        _ => None,
    }
}

/// An edit replacing the bytes `from..to` of a string literal's value with `with`.
pub fn string_edit(cx: &RuleContext<'_>, node: Node<'_>, from: usize, to: usize, with: &str) -> Option<Edit> {
    let (start, _, value) = string_content(node, cx.parsed.text())?;
    (to <= value.len()).then(|| Edit {
        file: cx.file,
        start: start + from as u32,
        end: start + to as u32,
        content: with.to_owned(),
    })
}

/// The relationship (or column) call of a model attribute declared in this file, as written.
pub fn declaration_call<'db>(cx: &RuleContext<'db>, attr: &ModelAttr) -> Option<Node<'db>> {
    let value = cx.attribute_value(&attr.declared_in, &attr.name)?;
    (value.kind() == "call").then_some(value)
}

/// The byte range of an attribute's name in this file.
pub fn name_range(cx: &RuleContext<'_>, class: &ClassRef, attribute: Option<&str>) -> Option<(u32, u32)> {
    let (file, start, end) = crate::ide::declaration_range(cx.db, class, attribute)?;
    (file == cx.file).then_some((start, end))
}

/// A safe fix replacing `from..to` of a string literal's value.
pub fn string_fix(cx: &RuleContext<'_>, node: Node<'_>, from: usize, to: usize, with: &str) -> Option<Fix> {
    Some(Fix {
        applicability: Applicability::Safe,
        message: format!("Use `{with}`"),
        edits: vec![string_edit(cx, node, from, to, with)?],
    })
}

/// The topmost mapped (not abstract) class of a class's inheritance hierarchy.
pub fn mapped_root<'r>(registry: &'r ModelRegistry, class: &'r ClassRef) -> &'r ClassRef {
    let Some(model) = registry.model(class) else { return class };
    model.bases.iter().rev().find(|b| registry.model(b).is_some_and(|m| !m.is_abstract)).unwrap_or(class)
}

/// Both classes map into one inheritance hierarchy (SQLAlchemy's `Mapper.common_parent`).
pub fn same_hierarchy(registry: &ModelRegistry, a: &ClassRef, b: &ClassRef) -> bool {
    mapped_root(registry, a) == mapped_root(registry, b)
}

/// An edit adding `text` as the last argument of a call.
pub fn append_argument(cx: &RuleContext<'_>, call: Node<'_>, text: &str) -> Option<Edit> {
    let arguments = field(call, "arguments").filter(|a| a.kind() == "argument_list")?;
    let (at, content) = match named_children(arguments).last() {
        Some(last) => (last.end_byte() as u32, format!(", {text}")),
        None => (arguments.start_byte() as u32 + 1, text.to_owned()),
    };
    Some(Edit { file: cx.file, start: at, end: at, content })
}

/// An edit removing one argument of a call, with the comma that separates it from its neighbour.
pub fn remove_argument(cx: &RuleContext<'_>, argument: Node<'_>) -> Option<Edit> {
    let arguments = argument.parent().filter(|a| a.kind() == "argument_list")?;
    let siblings = named_children(arguments);
    let index = siblings.iter().position(|s| *s == argument)?;
    let (start, end) = match (index.checked_sub(1).map(|i| siblings[i]), siblings.get(index + 1)) {
        (Some(previous), _) => (previous.end_byte(), argument.end_byte()),
        (None, Some(next)) => (argument.start_byte(), next.start_byte()),
        (None, None) => (argument.start_byte(), argument.end_byte()),
    };
    Some(Edit { file: cx.file, start: start as u32, end: end as u32, content: String::new() })
}

/// The value of a string literal node.
pub fn string_value_node(cx: &RuleContext<'_>, node: Node<'_>) -> Option<String> {
    string_value(node, cx.parsed.text())
}

/// The `cascade="..."` strings of `relationship()` and `backref()` calls in this file.
pub fn cascade_strings<'db>(cx: &RuleContext<'db>) -> Vec<(Node<'db>, String)> {
    let mut out = Vec::new();
    for argument in cx.nodes("keyword_argument") {
        let (Some(name), Some(value)) = (field(argument, "name"), field(argument, "value")) else { continue };
        if cx.text(name) != "cascade" || value.kind() != "string" {
            continue;
        }
        let Some(call) = argument.parent().and_then(|a| a.parent()).filter(|c| c.kind() == "call") else { continue };
        let Some(function) = field(call, "function") else { continue };
        const NAMES: &[&str] =
            &["sqlalchemy.relationship", "sqlalchemy.relation", "sqlalchemy.backref", "sqlalchemy.dynamic_loader"];
        let is_relationship = calls(cx, function, NAMES);
        if let (true, Some(text)) = (is_relationship, string_value(value, cx.parsed.text())) {
            out.push((value, text));
        }
    }
    out
}

/// Whether a callee is one of SQLAlchemy's `names` (`sqlalchemy.ForeignKey`): the module-level
/// binding it names answers; a name bound only locally (a parameter, an alias made in a function) is
/// left to inference (`cx.symbol_of`), which costs a scope lookup per call.
pub fn calls(cx: &RuleContext<'_>, function: Node<'_>, names: &[&str]) -> bool {
    if !matches!(function.kind(), "identifier" | "attribute") {
        return false;
    }
    let expr = lower_expr(function, cx.parsed.text());
    match resolve_expr_symbol(cx.db, cx.file, &expr) {
        Some(Definition::External(symbol)) => names.contains(&symbol.as_str()),
        None => cx.symbol_of(function).is_some_and(|symbol| names.contains(&symbol.as_str())),
        _ => false,
    }
}

// ---- Relationships and the foreign keys between tables -------------------------------------------

/// Arguments that give SQLAlchemy the join without reading it off the tables' foreign keys.
pub const JOIN_ARGUMENTS: &[&str] =
    &["primaryjoin", "secondary", "secondaryjoin", "foreign_keys", "_local_remote_pairs"];

/// The relationship says how to join (`primaryjoin=`, `secondary=`, `foreign_keys=`, or
/// `relationship("Tag", tags_table)` with `secondary` second).
pub fn join_given(value: &Expr) -> bool {
    let positional_secondary = matches!(value, Expr::Call { args, .. } if args.len() > 1);
    positional_secondary || JOIN_ARGUMENTS.iter().any(|k| value.kwarg(k).is_some())
}

/// The tables a class maps into (its own, then its mapped parents'), when we know all of them and
/// all their foreign keys.
pub fn class_tables(models: &ModelRegistry, schema: &Schema, model: &Model) -> Option<Vec<Name>> {
    let mut out: Vec<Name> = Vec::new();
    for class in std::iter::once(&model.class).chain(model.bases.iter()) {
        let Some(m) = models.model(class) else { continue };
        if m.is_abstract {
            continue;
        }
        let table = schema.table_of(class)?;
        let view = schema.tables.get(table)?;
        if view.opaque || view.references_opaque {
            return None;
        }
        if !out.contains(table) {
            out.push(table.clone());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The mapped (not abstract) classes declared in this file.
pub fn file_models<'db>(cx: &RuleContext<'db>) -> impl Iterator<Item = &'db Model> + use<'db> {
    let file = cx.file;
    cx.models().in_file(file).filter(|m| !m.is_abstract)
}

/// The relationships a class declares itself (not inherited, not made by another class's `backref=`).
pub fn own_relationships(model: &Model) -> impl Iterator<Item = &ModelAttr> {
    model
        .attributes
        .iter()
        .filter(|a| a.kind == AttrKind::Relationship && !a.via_backref && a.declared_in == model.class)
}

/// A relationship whose join SQLAlchemy derives from the foreign keys between two mapped classes'
/// tables, with both sides' tables known.
pub struct DerivedJoin<'db> {
    pub model: &'db Model,
    pub attr: &'db ModelAttr,
    /// The `relationship(...)` call.
    pub value: &'db Expr,
    pub target: &'db Model,
    /// The tables each side maps into, its own first (`class_tables`).
    pub ours: Vec<Name>,
    pub theirs: Vec<Name>,
}

/// The relationships of this file's mapped classes that give no join (`join_given`), to a mapped
/// class, when we know the tables of both sides and all their foreign keys.
pub fn derived_joins<'db>(cx: &RuleContext<'db>) -> impl Iterator<Item = DerivedJoin<'db>> + use<'db> {
    let models = cx.models();
    let schema: &'db Schema = schema(cx.db);
    let relationships = file_models(cx).flat_map(|model| own_relationships(model).map(move |attr| (model, attr)));
    relationships.filter_map(move |(model, attr)| {
        let value = attr.value.as_deref().filter(|v| !join_given(v))?;
        let target = attr.target.as_ref().and_then(|t| models.model(t)).filter(|t| !t.is_abstract)?;
        let ours = class_tables(models, schema, model)?;
        let theirs = class_tables(models, schema, target)?;
        Some(DerivedJoin { model, attr, value, target, ours, theirs })
    })
}

/// One foreign key constraint of a mapped table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKeyLink {
    /// The table holding the key.
    pub table: Name,
    /// The class whose attribute declares it (for a single-column key written on a column).
    pub class: Option<ClassRef>,
    /// That attribute (`author_id`).
    pub attribute: Option<Name>,
    /// The local column(s), as written.
    pub columns: Vec<Name>,
    /// The table it references.
    pub references: Name,
}

/// The foreign key constraints of the tables a class maps into (its own and its mapped parents'):
/// keys written on columns (`ForeignKey("users.id")`) and `ForeignKeyConstraint`s in
/// `__table_args__`. Callers check the tables are not opaque (`class_tables`).
pub fn foreign_key_links(db: &dyn Db, models: &ModelRegistry, schema: &Schema, model: &Model) -> Vec<ForeignKeyLink> {
    let mut out: Vec<ForeignKeyLink> = Vec::new();
    for class in std::iter::once(&model.class).chain(model.bases.iter()) {
        let Some(owner) = models.model(class) else { continue };
        if owner.is_abstract {
            continue;
        }
        let Some(table) = schema.table_of(class).cloned() else { continue };
        if out.iter().any(|l| l.table == table) {
            continue;
        }
        for attr in &owner.attributes {
            if attr.kind != AttrKind::Column || attr.via_backref || attr.foreign_keys.is_empty() {
                continue;
            }
            if attr_table(&schema.models, models, owner, attr).as_ref() != Some(&table) {
                continue;
            }
            for fk in &attr.foreign_keys {
                out.push(ForeignKeyLink {
                    table: table.clone(),
                    class: Some(attr.declared_in.clone()),
                    attribute: Some(attr.name.clone()),
                    columns: vec![column_key(attr)],
                    references: Name::from(referenced_table(fk)),
                });
            }
        }
        let item = crate::hir::index::class_item(db, class.file, &class.name);
        if let Some(args) = item.as_ref().and_then(|i| i.assigned("__table_args__")) {
            for constraint in table_arg_items(args) {
                let Expr::Call { func, args, .. } = constraint else { continue };
                if callee_name(func) != Some("ForeignKeyConstraint") {
                    continue;
                }
                let (Some(Expr::List(local) | Expr::Tuple(local)), Some(Expr::List(refs) | Expr::Tuple(refs))) =
                    (args.first(), args.get(1))
                else {
                    continue;
                };
                let Some(reference) = refs.first().and_then(|r| r.as_str()) else { continue };
                out.push(ForeignKeyLink {
                    table: table.clone(),
                    class: None,
                    attribute: None,
                    columns: local.iter().filter_map(|c| c.as_str()).map(Name::from).collect(),
                    references: Name::from(referenced_table(reference)),
                });
            }
        }
    }
    out
}

/// The foreign keys linking two sets of tables, in either direction; `true` for the keys held by
/// the first set.
pub fn links_between<'l>(
    ours: &'l [ForeignKeyLink],
    theirs: &'l [ForeignKeyLink],
    our_tables: &[Name],
    their_tables: &[Name],
) -> Vec<(&'l ForeignKeyLink, bool)> {
    let mut out: Vec<(&ForeignKeyLink, bool)> = ours
        .iter()
        .filter(|l| our_tables.contains(&l.table) && their_tables.contains(&l.references))
        .map(|l| (l, true))
        .collect();
    out.extend(
        theirs
            .iter()
            .filter(|l| their_tables.contains(&l.table) && our_tables.contains(&l.references))
            .map(|l| (l, false)),
    );
    out
}

/// The class a relationship's `Mapped[...]` annotation names, as written: `Mapped[List["Address"]]`
/// → `Address`, `Mapped[Optional["User"]]`, `Mapped["User | None"]` → `User`. `None` when the
/// annotation holds something else (a union of classes, a type alias).
pub fn annotation_class_name(annotation: &Expr) -> Option<Expr> {
    const WRAPPERS: &[&str] = &[
        "Mapped",
        "WriteOnlyMapped",
        "DynamicMapped",
        "Optional",
        "List",
        "list",
        "Set",
        "set",
        "FrozenSet",
        "frozenset",
        "Sequence",
        "MutableSequence",
        "MutableSet",
        "Collection",
        "Iterable",
    ];
    fn inner(expr: &Expr, depth: u32) -> Option<Expr> {
        if depth > 8 {
            return None;
        }
        match expr {
            Expr::Subscript(base, args) => {
                let name = callee_name(base)?;
                if name == "Union" {
                    let parts: Vec<&Expr> = args.iter().filter(|a| !is_none(a)).collect();
                    return match parts.as_slice() {
                        [only] => inner(only, depth + 1),
                        _ => None,
                    };
                }
                if !WRAPPERS.contains(&name) || args.len() != 1 {
                    return None;
                }
                inner(&args[0], depth + 1)
            }
            Expr::BitOr(left, right) => match (is_none(left), is_none(right)) {
                (false, true) => inner(left, depth + 1),
                (true, false) => inner(right, depth + 1),
                _ => None,
            },
            Expr::Str(text) => {
                let parsed = crate::syntax::parse_text(Arc::from(text.trim()));
                let node = parsed.root().named_child(0).and_then(|stmt| stmt.named_child(0))?;
                inner(&lower_expr(node, parsed.text()), depth + 1)
            }
            Expr::Name(_) | Expr::Attr(..) => Some(expr.clone()),
            _ => None,
        }
    }
    fn is_none(expr: &Expr) -> bool {
        matches!(expr, Expr::NoneLit) || matches!(expr, Expr::Name(n) if n == "None")
    }
    inner(annotation, 0)
}

/// The mapped class a name in a relationship's annotation or string argument means: the class it
/// resolves to in the file, else the one mapped class of that name. `None` when unknown.
pub fn mapped_class_named<'r>(
    db: &dyn Db,
    file: SourceFile,
    models: &'r ModelRegistry,
    name: &Expr,
) -> Option<&'r Model> {
    if let Some(Definition::Class { file, name }) = resolve_expr_symbol(db, file, name) {
        return models.model(&ClassRef { file, name });
    }
    let short = match name {
        Expr::Name(n) => n.as_str(),
        Expr::Attr(_, n) => n.as_str(),
        _ => return None,
    };
    let mut named = models.by_name(short);
    let first = named.next()?;
    named.next().is_none().then_some(first)
}

/// `cls` is `ancestor` or one of its mapped subclasses.
pub fn is_subclass(models: &ModelRegistry, cls: &ClassRef, ancestor: &ClassRef) -> bool {
    cls == ancestor || models.model(cls).is_some_and(|m| m.bases.contains(ancestor))
}
