//! Which table each mapped class maps, and the workspace's tables as SQLAlchemy would build them
//! (mapped classes and `Table(...)` calls, with their columns and foreign keys), with how sure we
//! are of each.
//!
//! Everything here errs towards knowing less: a table whose columns may come from somewhere we do
//! not see (a base class outside the workspace, reflection, a `@declared_attr` without annotation)
//! is *opaque*, and a table name we cannot prove is `None`; rules report nothing that depends on
//! what it lacks.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::tables::file_tables;
use crate::db::{Db, SourceFile};
use crate::hir::{Binding, Definition, Expr, Name, module_index, resolve_expr_symbol};
use crate::models::{AttrKind, Model, ModelAttr, ModelRegistry, declared_models};
use crate::types::ClassRef;

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
    /// The database schema of the table (`__table_args__ = {"schema": "oauth"}`): `Some(None)` for
    /// the default one, `None` when we cannot tell (`__table_args__` computed or inherited).
    pub db_schema: Option<Option<Name>>,
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
    /// The columns of each `Table(...)` that spells all of them out (what `__table__ = users` and
    /// imperative mappings map).
    pub core_columns: FxHashMap<Name, Vec<super::tables::ColumnInfo>>,
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
    let registry = declared_models(db);
    let mut out = Schema { names_complete: true, ..Default::default() };
    for model in &registry.models {
        let info = model_schema(db, registry, model);
        out.models.insert(model.class.clone(), info);
    }
    // Single-table inheritance: a subclass without a table of its own maps its parent's.
    for model in &registry.models {
        if out.models[&model.class].table.is_some()
            || out.models[&model.class].has_table_object
            || model.tablename_computed
        {
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
            view.references_opaque |=
                attr.value.as_deref().is_some_and(|v| has_opaque_foreign_key(db, attr.declared_in.file, v));
        }
        if let Some(args) = item.as_ref().and_then(|i| i.assigned("__table_args__")) {
            for constraint in table_arg_items(args) {
                if let Expr::Call { func, .. } = constraint
                    && callee_name(func) == Some("ForeignKeyConstraint")
                {
                    match foreign_key_constraint_columns(constraint) {
                        Some((_, refs)) => {
                            for reference in refs {
                                match crate::hir::foreign_key_target(db, model.class.file, reference) {
                                    Some(fk) => {
                                        view.references.insert(Name::from(referenced_table(&fk)));
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
            if let Some(columns) = &decl.columns {
                out.core_columns.entry(name.clone()).or_insert_with(|| columns.clone());
            }
            let view = out.tables.entry(name.clone()).or_default();
            match &decl.columns {
                Some(columns) => {
                    for column in columns {
                        view.add_column(column.name.clone());
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

pub(super) fn callee_name(func: &Expr) -> Option<&str> {
    match func {
        Expr::Name(name) => Some(name),
        Expr::Attr(_, name) => Some(name),
        _ => None,
    }
}

/// A `ForeignKey(...)` whose target we cannot read (`ForeignKey(make_target())`).
fn has_opaque_foreign_key(db: &dyn Db, file: SourceFile, expr: &Expr) -> bool {
    match expr {
        Expr::Call { func, args, kwargs } => {
            (callee_name(func) == Some("ForeignKey")
                && args.first().is_none_or(|a| crate::hir::foreign_key_target(db, file, a).is_none()))
                || args.iter().any(|a| has_opaque_foreign_key(db, file, a))
                || kwargs.iter().any(|(_, v)| has_opaque_foreign_key(db, file, v))
        }
        _ => false,
    }
}

/// A `ForeignKeyConstraint(columns, refcolumns)`'s local and referenced columns, given by position
/// or keyword; `None` for another call or lists we cannot read.
pub fn foreign_key_constraint_columns(constraint: &Expr) -> Option<(&[Expr], &[Expr])> {
    let Expr::Call { func, args, .. } = constraint else { return None };
    if callee_name(func) != Some("ForeignKeyConstraint") {
        return None;
    }
    let list = |position: usize, keyword: &str| match args.get(position).or_else(|| constraint.kwarg(keyword)) {
        Some(Expr::List(items) | Expr::Tuple(items)) => Some(items.as_slice()),
        _ => None,
    };
    Some((list(0, "columns")?, list(1, "refcolumns")?))
}

/// The items of `__table_args__`: a tuple (possibly ending with a dict of options) or a dict.
pub fn table_arg_items(args: &Expr) -> &[Expr] {
    match args {
        Expr::Tuple(items) | Expr::List(items) => items,
        _ => &[],
    }
}

fn model_schema(db: &dyn Db, registry: &ModelRegistry, model: &Model) -> ModelSchema {
    let item = crate::hir::index::class_item(db, model.class.file, &model.class.name);
    let own_tablename = item
        .as_ref()
        .and_then(|i| i.assigned("__tablename__"))
        .and_then(|v| crate::hir::const_str(db, model.class.file, v))
        .is_some();
    let table_object = item.as_ref().and_then(|i| i.assigned("__table__")).cloned();
    let mut opaque = columns_opaque(db, model);
    let mut extends_existing = false;
    if let Some(options) =
        item.as_ref().and_then(|i| i.assigned("__table_args__")).and_then(crate::hir::constants::table_args_options)
    {
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
        Some(table) => table_object_name(db, model.class.file, table),
        // An abstract class maps no table; a computed `__tablename__` is unknown.
        None if model.is_abstract || model.tablename_computed => None,
        None => model.tablename.clone().or_else(|| registry.flask_tablename(model)),
    };
    let declared_attr_columns = std::iter::once(&model.class).chain(model.bases.iter()).any(|class| {
        crate::hir::index::class_item(db, class.file, &class.name).is_some_and(|item| {
            item.body.iter().any(|stmt| {
                matches!(stmt, crate::hir::ClassStmt::Method(f)
                    if f.declares_attribute()
                        && model.attribute(&f.name).is_some_and(|a| a.kind == AttrKind::Column))
            })
        })
    });
    ModelSchema {
        table,
        own_tablename,
        opaque,
        // `__table__ = ...`, or `registry.map_imperatively(User, users)`: the columns are the Table's.
        has_table_object: table_object.is_some() || model.imperative_table.is_some(),
        extends_existing,
        db_schema: db_schema(db, model),
        metadata: metadata_key(db, registry, model),
        declared_attr_columns,
    }
}

/// The database schema a class's table lives in: from the `"schema"` option of the nearest
/// `__table_args__` written as a literal in the class or a base; unknown when one is computed.
fn db_schema(db: &dyn Db, model: &Model) -> Option<Option<Name>> {
    for class in std::iter::once(&model.class).chain(model.bases.iter()) {
        let item = crate::hir::index::class_item(db, class.file, &class.name)?;
        if item.method("__table_args__").is_some() {
            return None;
        }
        let Some(args) = item.assigned("__table_args__") else { continue };
        return crate::hir::constants::table_args_schema(db, class.file, args).map(|s| s.map(Name::from));
    }
    Some(None)
}

/// The name of the table `__table__` holds: `Table("users", ...)` written there, or a module-level
/// variable holding one (`__table__ = users`), followed across imports.
pub fn table_object_name(db: &dyn Db, file: SourceFile, table: &Expr) -> Option<Name> {
    match table {
        // `Table("users", ...)`: another call's first string is no table name.
        Expr::Call { func, args, .. } if super::tables::is_table_callee(db, file, func) => {
            args.first().and_then(|a| crate::hir::const_str(db, file, a)).map(Name::from)
        }
        Expr::Name(_) | Expr::Attr(..) => match resolve_expr_symbol(db, file, table)? {
            Definition::Variable { file, name } => match crate::hir::module_binding(db, file, name).as_ref()? {
                Binding::Variable { value: Some(value @ Expr::Call { .. }), .. } => table_object_name(db, file, value),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// Whether a class's attributes may come from somewhere we cannot see: a base class outside the
/// workspace (other than SQLAlchemy's own bases), `declarative_base(cls=...)`,
/// `SQLAlchemy(model_class=...)`, `DeferredReflection`, or a `@declared_attr` without annotation.
fn columns_opaque(db: &dyn Db, model: &Model) -> bool {
    for class in std::iter::once(&model.class).chain(model.bases.iter()) {
        let Some(item) = crate::hir::index::class_item(db, class.file, &class.name) else { return true };
        if item.body.iter().any(|stmt| {
            matches!(stmt, crate::hir::ClassStmt::Method(f)
                if f.declares_attribute() && model.attribute(&f.name).is_none())
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
                || symbol == "flask_sqlalchemy.db.Model"
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

/// The topmost mapped (not abstract) class of a class's inheritance hierarchy.
fn mapped_root<'r>(registry: &'r ModelRegistry, class: &'r ClassRef) -> &'r ClassRef {
    let Some(model) = registry.model(class) else { return class };
    model.bases.iter().rev().find(|b| registry.model(b).is_some_and(|m| !m.is_abstract)).unwrap_or(class)
}

/// Both classes map into one inheritance hierarchy (SQLAlchemy's `Mapper.common_parent`).
pub fn same_hierarchy(registry: &ModelRegistry, a: &ClassRef, b: &ClassRef) -> bool {
    mapped_root(registry, a) == mapped_root(registry, b)
}
