//! Model discovery: declarative bases → mapped classes → their attributes, in every style users
//! write (typed `Mapped[...]`, legacy `Column(...)`, `declarative_base()`, Flask-SQLAlchemy, mixins,
//! `Annotated` aliases, dataclass mapping, imperative `@registry.mapped`).
//!
//! The registry reads only the per-module summaries (`module_index`), so editing a function body
//! never re-runs it.

mod attributes;
mod bases;
mod column_factories;
mod declared_attrs;
mod imperative;
mod inheritance;
mod sqlmodel;
mod type_decorators;

use std::sync::Arc;

use rustc_hash::FxHashMap;

pub(crate) use attributes::sql_type_name;
pub(crate) use attributes::table_column;
pub use attributes::{AttrKind, Collection, ModelAttr};
pub use bases::{BaseKind, RegistryId};
pub use inheritance::Inheritance;

use crate::db::Db;
use crate::hir::{ClassItem, Expr, Name};
use crate::types::{ClassRef, Ty};

/// A mapped class (or an abstract base / mixin whose attributes mapped classes inherit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    pub class: ClassRef,
    pub base_kind: BaseKind,
    /// The registry (and MetaData) the class is mapped in; its relationship strings resolve there.
    pub registry: RegistryId,
    /// The table `reg.map_imperatively(User, user_table)` maps the class onto.
    pub imperative_table: Option<crate::hir::Definition>,
    /// Joined, single-table or concrete inheritance from a mapped parent class (or none).
    pub inheritance: Inheritance,
    /// The table the class maps, as `schema/` decides it (in `model_registry`); in
    /// `declared_models`, the `__tablename__` string written in the class or inherited from a base.
    pub tablename: Option<Name>,
    /// `__tablename__` is computed (`@declared_attr`, a function call): the table is unknown.
    pub tablename_computed: bool,
    pub is_abstract: bool,
    /// Own attributes first, then inherited ones (nearest base first); names are unique.
    pub attributes: Vec<ModelAttr>,
    /// Workspace classes this class derives from, nearest first.
    pub bases: Vec<ClassRef>,
}

impl Model {
    pub fn attribute(&self, name: &str) -> Option<&ModelAttr> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The attribute mapping a table column, by the column's name (`ForeignKey("users.zip")`).
    pub fn column(&self, column: &str) -> Option<&ModelAttr> {
        self.attributes
            .iter()
            .filter(|a| a.kind == AttrKind::Column)
            .find(|a| a.column_name.as_deref().unwrap_or(&a.name) == column)
    }

    pub fn name(&self) -> &str {
        &self.class.name
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModelRegistry {
    pub models: Vec<Model>,
    by_class: FxHashMap<ClassRef, usize>,
    /// The models declared in each file (rules look at one file's models at a time).
    by_file: FxHashMap<crate::db::SourceFile, Vec<usize>>,
    /// The models with an attribute declared in each file: their own file's, and those that inherit
    /// from a mixin or base declared there.
    by_declaring_file: FxHashMap<crate::db::SourceFile, Vec<usize>>,
    /// Declarative bases (not mapped themselves), and the style of their subclasses.
    pub bases: FxHashMap<ClassRef, BaseKind>,
    /// Each registry's class names, as `relationship("User")` looks them up: mapped, non-abstract
    /// classes only; a name declared twice in one registry is ambiguous and absent.
    names: FxHashMap<RegistryId, FxHashMap<Name, ClassRef>>,
}

impl ModelRegistry {
    pub fn model(&self, class: &ClassRef) -> Option<&Model> {
        self.by_class.get(class).map(|&i| &self.models[i])
    }

    /// The models whose class is declared in `file`.
    pub fn in_file(&self, file: crate::db::SourceFile) -> impl Iterator<Item = &Model> {
        self.by_file.get(&file).into_iter().flatten().map(|&i| &self.models[i])
    }

    /// The models with attributes declared in `file` (a mixin's attributes live in every model
    /// that inherits them): what a rule about one file's declarations looks at.
    pub fn declaring_in(&self, file: crate::db::SourceFile) -> impl Iterator<Item = &Model> {
        self.by_declaring_file.get(&file).into_iter().flatten().map(|&i| &self.models[i])
    }

    /// The classes mapping `table` (a single-table hierarchy maps one table several times).
    pub fn by_table<'r>(&'r self, table: &'r str) -> impl Iterator<Item = &'r Model> {
        self.models.iter().filter(move |m| m.tablename.as_deref() == Some(table))
    }

    /// The model a relationship string names (`relationship("User")`) from a class of `registry`.
    pub fn resolve_in(&self, registry: &RegistryId, name: &str) -> Option<&Model> {
        self.names.get(registry)?.get(name).and_then(|class| self.model(class))
    }

    /// The class names of one registry, for evaluating annotation strings of its models.
    pub fn names_in(&self, registry: &RegistryId) -> Option<&FxHashMap<Name, ClassRef>> {
        self.names.get(registry)
    }

    pub fn by_name(&self, name: &str) -> impl Iterator<Item = &Model> {
        self.models.iter().filter(move |m| m.class.name == name)
    }

    /// The table Flask-SQLAlchemy names a model without `__tablename__` after: its class
    /// (`UserAccount` → `user_account`), unless the class shares its mapped parent's table
    /// (single-table inheritance: no primary key of its own). `None` outside Flask-SQLAlchemy.
    pub fn flask_tablename(&self, model: &Model) -> Option<Name> {
        let mut model = model;
        // Bounded: a cycle of bases in broken code must not loop.
        for _ in 0..16 {
            if model.base_kind != BaseKind::Flask || model.tablename_computed {
                return None;
            }
            let own_primary_key = model.attributes.iter().any(|a| a.primary_key && a.declared_in == model.class);
            match model.bases.iter().filter_map(|b| self.model(b)).find(|m| !m.is_abstract) {
                Some(parent) if !own_primary_key => match &parent.tablename {
                    Some(table) => return Some(table.clone()),
                    None => model = parent,
                },
                _ => return Some(Name::from(camel_to_snake_case(model.name()))),
            }
        }
        None
    }
}

/// Flask-SQLAlchemy 3's `camel_to_snake_case`.
pub(crate) fn camel_to_snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &ch) in chars.iter().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            let previous = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|c| c.is_ascii_lowercase());
            if previous.is_ascii_lowercase() || previous.is_ascii_digit() || next_lower {
                out.push('_');
            }
        }
        out.push(ch.to_ascii_lowercase());
    }
    out.trim_start_matches('_').to_owned()
}

/// The summaries model discovery reads from one file: its classes and imperative mappings.
type FileSummary = (crate::db::SourceFile, Arc<[ClassItem]>, Arc<[crate::hir::ImperativeMapping]>);

/// The class summaries of every file that may declare models, migration scripts left out. An edit
/// elsewhere re-runs only this (cheap, and equal afterwards), not the registry's verification of
/// everything it read.
#[salsa::tracked(returns(ref))]
fn model_sources(db: &dyn Db) -> Arc<[FileSummary]> {
    let project = db.project();
    let alembic_dirs = alembic_script_dirs(db);
    project
        .files(db)
        .iter()
        // Also a file subclassing an imported model with nothing else the needles see
        // (`class Admin(User): pass` is mapped, single-table).
        .filter(|&&file| crate::hir::prescan::may_subclass_models(db, file))
        .filter(|&&file| {
            !in_alembic_versions(file.path(db), &alembic_dirs) && !crate::hir::is_migration_script(db, file)
        })
        .map(|&file| {
            (
                file,
                crate::hir::module_classes(db, file).clone(),
                crate::hir::module_imperative_mappings(db, file).clone(),
            )
        })
        .collect()
}

/// The folders holding an Alembic environment (`env.py` beside a `versions/` folder).
fn alembic_script_dirs(db: &dyn Db) -> Vec<String> {
    db.project().files(db).iter().filter_map(|file| file.path(db).strip_suffix("/env.py").map(str::to_owned)).collect()
}

/// A revision file of an Alembic environment: `<env>/versions/...`.
fn in_alembic_versions(path: &str, alembic_dirs: &[String]) -> bool {
    alembic_dirs.iter().any(|dir| path.strip_prefix(dir.as_str()).is_some_and(|rest| rest.starts_with("/versions/")))
}

#[salsa::tracked(returns(ref))]
pub fn declared_models(db: &dyn Db) -> Arc<ModelRegistry> {
    // Pass 1: which classes are mapped, by which base style, in which registry.
    let sources = model_sources(db);
    let mut classes: Vec<(ClassRef, &ClassItem)> = Vec::new();
    let mut mappings: Vec<(crate::db::SourceFile, &crate::hir::ImperativeMapping)> = Vec::new();
    for (file, classes_of_file, mappings_of_file) in sources.iter() {
        for class in classes_of_file.iter() {
            classes.push((ClassRef { file: *file, name: class.name.clone() }, class));
        }
        mappings.extend(mappings_of_file.iter().map(|m| (*file, m)));
    }
    // The classes factories return (`Base = versioned_base(...)`) and the plain classes imperative
    // mappings map (often declared in a module that never mentions SQLAlchemy).
    let mut extra: Vec<(ClassRef, &ClassItem)> = Vec::new();
    for (class, item) in &classes {
        for base in &item.bases {
            if let Some(found) = bases::factory_class(db, class.file, base)
                && !classes.iter().chain(&extra).any(|(c, _)| *c == found.0)
            {
                extra.push(found);
            }
        }
    }
    for class in bases::imperative_classes(db, &mappings) {
        if classes.iter().chain(&extra).any(|(c, _)| *c == class) {
            continue;
        }
        if let Some(item) = crate::hir::module_classes(db, class.file).iter().rfind(|c| c.name == class.name) {
            extra.push((class, item));
        }
    }
    classes.extend(extra);
    let classification = bases::classify(db, &classes, &mappings);
    let items: FxHashMap<&ClassRef, &ClassItem> = classes.iter().map(|(c, i)| (c, *i)).collect();
    let is_abstract = |class: &ClassRef| {
        items.get(class).and_then(|item| item.assigned("__abstract__")).and_then(|v| v.as_bool()).unwrap_or(false)
    };
    let mut names: FxHashMap<RegistryId, FxHashMap<Name, ClassRef>> = FxHashMap::default();
    let mut ambiguous: rustc_hash::FxHashSet<(RegistryId, Name)> = Default::default();
    for mapped in classification.mapped.iter().filter(|m| !is_abstract(&m.class)) {
        let registry_names = names.entry(mapped.registry.clone()).or_default();
        if registry_names.insert(mapped.class.name.clone(), mapped.class.clone()).is_some() {
            ambiguous.insert((mapped.registry.clone(), mapped.class.name.clone()));
        }
    }
    for (registry, name) in &ambiguous {
        names.get_mut(registry).map(|n| n.remove(name));
    }
    let no_names = FxHashMap::default();
    let mapped_classes: rustc_hash::FxHashSet<&ClassRef> =
        classification.mapped.iter().map(|m| &m.class).filter(|c| !is_abstract(c)).collect();

    // Pass 2: attributes, own and inherited.
    let mut registry = ModelRegistry { bases: classification.bases.clone(), ..Default::default() };
    for mapped in &classification.mapped {
        let (class, base_kind) = (&mapped.class, &mapped.kind);
        let Some(item) = items.get(class) else { continue };
        let lineage = bases::workspace_lineage(db, class, &items);
        let own_names = names.get(&mapped.registry).unwrap_or(&no_names);
        let mut attributes: Vec<ModelAttr> = Vec::new();
        let bodies = declared_attrs::MappedClass {
            db,
            chain: std::iter::once(class).chain(lineage.iter()).filter_map(|c| Some((c, *items.get(c)?))).collect(),
        };
        for ancestor in std::iter::once(class).chain(lineage.iter()) {
            let Some(ancestor_item) = items.get(ancestor) else { continue };
            let declared = match base_kind {
                BaseKind::SqlModel => sqlmodel::collect(db, ancestor, ancestor_item, own_names),
                _ => attributes::collect(db, ancestor, ancestor_item, *base_kind, own_names, &bodies),
            };
            for attr in declared {
                if !attributes.iter().any(|a| a.name == attr.name) {
                    attributes.push(attr);
                }
            }
        }
        if let Some((file, properties)) = &mapped.imperative_properties {
            for mut attr in imperative::collect(db, class, *file, properties, own_names) {
                // `owner: Mapped[Optional[User]]` in the class body types what `properties` maps.
                if let Some(declared) = attributes.iter().find(|a| a.name == attr.name && a.typed) {
                    attr.typed = true;
                    attr.annotation = declared.annotation.clone();
                    attr.python = declared.python.clone();
                    attr.collection = attr.collection.or(declared.collection);
                    attr.checker_class = declared.checker_class.clone();
                    attr.checker_instance = declared.checker_instance.clone();
                }
                attributes.retain(|a| a.name != attr.name);
                attributes.push(attr);
            }
        }
        primary_key_constraint(item, &mut attributes);
        let is_abstract = is_abstract(class);
        let flask_names_table =
            *base_kind == BaseKind::Flask && attributes.iter().any(|a| a.primary_key && a.declared_in == *class);
        let (declared, tablename_computed) = declared_tablename(db, &bodies, class, &lineage, item, &items);
        let tablename = declared.or_else(|| {
            if tablename_computed {
                return None;
            }
            // SQLModel's default `__tablename__` is the class name lowercased.
            (*base_kind == BaseKind::SqlModel)
                .then(|| Name::from(class.name.to_lowercase()))
                // `map_imperatively(User, user_table)` with `user_table = Table("users", ...)`.
                .or_else(|| imperative_table_name(db, mapped.imperative_table.as_ref()?))
        });
        registry.models.push(Model {
            class: class.clone(),
            base_kind: *base_kind,
            registry: mapped.registry.clone(),
            imperative_table: mapped.imperative_table.clone(),
            inheritance: inheritance::inheritance(
                db,
                class,
                &lineage,
                &items,
                |c| mapped_classes.contains(c),
                flask_names_table,
            ),
            tablename,
            tablename_computed,
            is_abstract,
            attributes,
            bases: lineage,
        });
    }
    registry.names = names;
    default_sql_types(db, &mut registry, &items);
    registry.index();
    Arc::new(registry)
}

/// The mapped classes with the schema's facts applied: the table each maps, foreign key columns
/// typed like the column they reference, relationships shaped as SQLAlchemy shapes them, and the
/// attributes `backref=` creates. What everything past discovery reads.
#[salsa::tracked(returns(ref))]
pub fn model_registry(db: &dyn Db) -> Arc<ModelRegistry> {
    let declared = declared_models(db);
    let schema = crate::schema::schema(db);
    let mut registry = ModelRegistry::clone(declared);
    for model in &mut registry.models {
        model.tablename = schema.table_of(&model.class).cloned();
        table_object_columns(schema, model);
    }
    registry.index();
    if crate::manifest::pins_sqlalchemy_1(db) {
        uuid_defaults_of_1x(&mut registry);
    }
    resolve_foreign_key_types(&mut registry);
    shape_relationships(db, schema, &mut registry);
    add_backrefs(db, schema, &mut registry);
    registry.index();
    Arc::new(registry)
}

impl ModelRegistry {
    fn index(&mut self) {
        self.by_class.clear();
        self.by_file.clear();
        self.by_declaring_file.clear();
        for (i, model) in self.models.iter().enumerate() {
            self.by_class.insert(model.class.clone(), i);
            self.by_file.entry(model.class.file).or_default().push(i);
            let mut declaring = rustc_hash::FxHashSet::default();
            for attr in &model.attributes {
                if declaring.insert(attr.declared_in.file) {
                    self.by_declaring_file.entry(attr.declared_in.file).or_default().push(i);
                }
            }
        }
    }
}

/// The name a module-level `Table("users", ...)` gives the table an imperative mapping names.
fn imperative_table_name(db: &dyn Db, table: &crate::hir::Definition) -> Option<Name> {
    let crate::hir::Definition::Variable { file, name } = table else { return None };
    match crate::hir::module_binding(db, *file, name.clone()).as_ref()? {
        crate::hir::Binding::Variable { value: Some(value), .. } => crate::schema::table_object_name(db, *file, value),
        _ => None,
    }
}

/// `name: Mapped[str]` without a SQL type gets one from `type_annotation_map` on a base class, else
/// from SQLAlchemy's default map (`str` → `String`, `datetime` → `DateTime`, …).
fn default_sql_types(db: &dyn Db, registry: &mut ModelRegistry, items: &FxHashMap<&ClassRef, &ClassItem>) {
    for model in &mut registry.models {
        // (key as written, key's type, SQL type); an `Annotated` alias key matches only itself.
        let type_map: Vec<(crate::hir::Expr, Option<Ty>, Name)> = std::iter::once(&model.class)
            .chain(model.bases.iter())
            .find_map(|c| Some((c, items.get(c)?.assigned("type_annotation_map")?)))
            .map(|(owner, map)| {
                let scope = crate::types::annotation::TypeScope { db, file: owner.file, registry_names: None };
                let crate::hir::Expr::Dict(pairs) = map else { return Vec::new() };
                pairs
                    .iter()
                    .filter_map(|(key, value)| {
                        let is_alias = matches!(
                            crate::hir::resolve_expr_symbol(db, owner.file, key),
                            Some(crate::hir::Definition::Variable { .. })
                        );
                        let ty = (!is_alias).then(|| scope.eval(key));
                        Some((key.clone(), ty, attributes::sql_type_name(db, owner.file, value)?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for attr in &mut model.attributes {
            // A foreign key column without a SQL type takes the referenced column's, whatever the
            // annotation says (`resolve_foreign_key_types`).
            if attr.kind != AttrKind::Column || attr.sql_type.is_some() || !attr.typed || !attr.foreign_keys.is_empty()
            {
                continue;
            }
            let written = match attr.annotation.as_deref() {
                Some(crate::hir::Expr::Subscript(_, args)) => args.first().cloned(),
                _ => None,
            };
            let value = attr.python.without_none();
            attr.sql_type = type_map
                .iter()
                .find(|(key, _, _)| Some(key) == written.as_ref())
                .or_else(|| type_map.iter().find(|(_, ty, _)| ty.as_ref() == Some(&value)))
                .map(|(_, _, sql)| sql.clone())
                .or_else(|| default_sql_type(&value).map(Name::from));
        }
    }
}

/// SQLAlchemy's default `type_annotation_map`.
fn default_sql_type(ty: &Ty) -> Option<&'static str> {
    Some(match ty.ext_name()? {
        "builtins.int" => "Integer",
        "builtins.str" => "String",
        "builtins.float" => "Float",
        "builtins.bool" => "Boolean",
        "builtins.bytes" => "LargeBinary",
        "datetime.datetime" => "DateTime",
        "datetime.date" => "Date",
        "datetime.time" => "Time",
        "datetime.timedelta" => "Interval",
        "decimal.Decimal" => "Numeric",
        "uuid.UUID" => "Uuid",
        _ => return None,
    })
}

/// A project pinned to SQLAlchemy 1.x runs `postgresql.UUID()` with `as_uuid=False` (strings; 2.0
/// made `True` the default): without `as_uuid=` written, what loads depends on the version run, so
/// it is unknown.
fn uuid_defaults_of_1x(registry: &mut ModelRegistry) {
    for attr in registry.models.iter_mut().flat_map(|m| m.attributes.iter_mut()) {
        let dialect_uuid = attr.sql_type.as_deref().is_some_and(|t| t == "UUID" || t.starts_with("UUID("));
        if attr.kind == AttrKind::Column
            && !attr.typed
            && dialect_uuid
            && !attr.sql_type.as_deref().unwrap_or("").contains("as_uuid=")
        {
            attr.python = Ty::Unknown;
        }
    }
}

/// `Column(ForeignKey("users.id"))` without a type takes the referenced column's type, as
/// SQLAlchemy does when it creates the table; so does `mapped_column(ForeignKey(...))` under any
/// annotation (`Mapped[str]` over an integer key loads ints; type checkers believe the annotation).
fn resolve_foreign_key_types(registry: &mut ModelRegistry) {
    let mut updates: Vec<(usize, usize, Ty, Option<Name>)> = Vec::new();
    for (m, model) in registry.models.iter().enumerate() {
        for (a, attr) in model.attributes.iter().enumerate() {
            if attr.kind != AttrKind::Column || attr.sql_type.is_some() {
                continue;
            }
            let Some(fk) = attr.foreign_keys.first() else { continue };
            let Some((_, column)) = fk.rsplit_once('.') else { continue };
            let table = crate::schema::referenced_table(fk);
            // The table of the model's own registry first (another registry may share its name); two
            // of them sharing it (`events.roles`, `categories.roles`) leave the key's type unknown.
            let mut own = registry
                .models
                .iter()
                .filter(|m| m.registry == model.registry && m.tablename.as_deref() == Some(table));
            let target = match (own.next(), own.next()) {
                (Some(only), None) => Some(only),
                (Some(_), Some(_)) => continue,
                (None, _) => registry.by_table(table).next(),
            };
            let Some(target) = target.and_then(|t| t.column(column)) else {
                continue;
            };
            let value = target.python.without_none();
            if value.is_unknown() {
                continue;
            }
            let nullable = crate::schema::column_nullable(attr).unwrap_or(true);
            let python = if nullable { value.optional() } else { value };
            updates.push((m, a, python, target.sql_type.clone()));
        }
    }
    for (m, a, python, sql_type) in updates {
        let attr = &mut registry.models[m].attributes[a];
        attr.python = python;
        attr.sql_type = sql_type;
    }
}

/// A class mapped onto a `Table(...)` (`__table__ = users`, an imperative mapping) has its columns
/// as attributes, unless the class body declares an attribute of that name itself.
fn table_object_columns(schema: &crate::schema::Schema, model: &mut Model) {
    let Some(info) = schema.model(&model.class).filter(|m| m.has_table_object) else { return };
    let Some(columns) = info.table.as_ref().and_then(|t| schema.core_columns.get(t)) else { return };
    for column in columns {
        let from_table = attributes::table_column(&model.class, column);
        match model.attributes.iter_mut().find(|a| a.name == column.name) {
            None => model.attributes.push(from_table),
            // `name: Mapped[str]` beside `__table__` only annotates the table's column: the value
            // loads as the column's type says (type checkers keep believing the annotation).
            Some(attr) if attr.kind == AttrKind::Column && attr.value.is_none() => {
                attr.sql_type = from_table.sql_type;
                // The table's column decides: `nullable=` as written, else NULL unless a primary key.
                attr.nullable = Some(from_table.nullable.unwrap_or(!from_table.primary_key));
                attr.primary_key = from_table.primary_key;
                attr.foreign_keys = from_table.foreign_keys;
                attr.python = from_table.python;
            }
            Some(_) => {}
        }
    }
    // An imperatively mapped class's bare annotations (`tags: Mapped[list[Tag]]`) only type what
    // the table, `properties` or another class's backref map; alone they map nothing.
    if model.imperative_table.is_some() {
        model
            .attributes
            .retain(|a| a.kind != AttrKind::Column || a.value.is_some() || columns.iter().any(|c| c.name == a.name));
    }
}

/// Every relationship's direction, collection and optionality, as `schema/` decides them; an
/// untyped relationship's type follows (unknown when its shape is).
fn shape_relationships(db: &dyn Db, schema: &crate::schema::Schema, registry: &mut ModelRegistry) {
    let mut shapes = Vec::new();
    for (m, model) in registry.models.iter().enumerate() {
        for (a, attr) in model.attributes.iter().enumerate() {
            if attr.kind == AttrKind::Relationship {
                shapes.push((m, a, crate::schema::relationship_shape(db, registry, schema, model, attr)));
            }
        }
    }
    for (m, a, shape) in shapes {
        let attr = &mut registry.models[m].attributes[a];
        // An untyped relationship's type is its shape's; so is a typed one's whose collection
        // annotation sits on a many-to-one (SQLAlchemy loads one object there).
        // (`uselist=False` against the annotation is SQA310's to report.)
        let scalar_despite_annotation = attr.typed
            && shape.collection == Some(Collection::Scalar)
            && attr.value.as_deref().and_then(|v| v.kwarg("uselist")).is_none()
            && matches!(attr.collection, Some(Collection::List | Collection::Set | Collection::Dict));
        if !attr.typed || scalar_despite_annotation {
            attr.collection = shape.collection;
            attr.python = attributes::untyped_python_type(attr, shape.optional);
        }
        attr.shape = Some(shape);
    }
}

/// `relationship("Address", backref="customer")` also declares `Address.customer`, shaped as the
/// reverse of the declaring side.
fn add_backrefs(db: &dyn Db, schema: &crate::schema::Schema, registry: &mut ModelRegistry) {
    let mut added: Vec<(ClassRef, ModelAttr)> = Vec::new();
    for model in &registry.models {
        for attr in &model.attributes {
            let (Some(backref), Some(target), Some(forward)) = (&attr.backref, &attr.target, &attr.shape) else {
                continue;
            };
            // A mapped parent's relationship made its backref once; a mixin's `@declared_attr` (or an
            // abstract base's) makes one per class mapped with it.
            if attr.declared_in != model.class && registry.model(&attr.declared_in).is_some_and(|m| !m.is_abstract) {
                continue;
            }
            // A many-to-one backref (the forward side is one-to-many) may be NULL unless the
            // target's foreign key columns are all NOT NULL.
            let reverse_optional = crate::schema::backref_optional(db, registry, schema, model, attr);
            let shape = crate::schema::backref_shape(forward, attr, reverse_optional);
            let mut reverse = attr.clone();
            reverse.name = backref.clone();
            reverse.declared_in = target.clone();
            reverse.target = Some(model.class.clone());
            reverse.backref = None;
            reverse.via_backref = true;
            reverse.back_populates = Some(attr.name.clone());
            reverse.foreign_keys = Vec::new();
            reverse.lazy = attr.backref_lazy.clone();
            reverse.typed = false;
            reverse.collection = shape.collection;
            reverse.python = attributes::untyped_python_type(&reverse, shape.optional);
            reverse.shape = Some(shape);
            // A backref is invisible to type checkers: the attribute does not exist for them.
            reverse.checker_class = Ty::Unknown;
            reverse.checker_instance = Ty::Unknown;
            added.push((target.clone(), reverse));
        }
    }
    for (target, attr) in added {
        // The target's mapped subclasses inherit the attribute, as SQLAlchemy's mappers do.
        for model in registry.models.iter_mut().filter(|m| m.class == target || m.bases.contains(&target)) {
            if model.attribute(&attr.name).is_none() {
                model.attributes.push(attr.clone());
            }
        }
    }
}

/// `__table_args__ = (PrimaryKeyConstraint("key", "run_uuid"), ...)` makes those columns the
/// primary key (and so NOT NULL), as `primary_key=True` on each would.
fn primary_key_constraint(item: &ClassItem, attributes: &mut [ModelAttr]) {
    let Some(crate::hir::Expr::Tuple(items) | crate::hir::Expr::List(items)) = item.assigned("__table_args__") else {
        return;
    };
    for constraint in items {
        let crate::hir::Expr::Call { func, args, .. } = constraint else { continue };
        let is_primary_key = matches!(func.as_ref(), crate::hir::Expr::Name(n) | crate::hir::Expr::Attr(_, n) if n == "PrimaryKeyConstraint");
        if !is_primary_key {
            continue;
        }
        for arg in args {
            let column = match arg {
                crate::hir::Expr::Str(name) => name.as_str(),
                crate::hir::Expr::Name(name) => name.as_str(),
                _ => continue,
            };
            let attr = attributes.iter_mut().find(|a| {
                a.kind == AttrKind::Column
                    && (a.column_name.as_deref().unwrap_or(&a.name) == column || a.name == column)
            });
            if let Some(attr) = attr.filter(|a| !a.primary_key) {
                attr.primary_key = true;
                if !attr.typed {
                    attr.python = attributes::untyped_python_type(attr, None);
                }
            }
        }
    }
}

/// The `__tablename__` a class declares: a string written in the class (or a module constant),
/// else inherited from a base (a mixin's, or a mapped parent's for single-table inheritance). A
/// value that is not proven (`@declared_attr`, a naming function) is computed: the table is
/// unknown, never guessed.
fn declared_tablename(
    db: &dyn Db,
    bodies: &declared_attrs::MappedClass<'_>,
    own: &ClassRef,
    lineage: &[ClassRef],
    item: &ClassItem,
    items: &FxHashMap<&ClassRef, &ClassItem>,
) -> (Option<Name>, bool) {
    let classes = std::iter::once((own, item)).chain(lineage.iter().filter_map(|c| Some((c, *items.get(c)?))));
    for (class_ref, class) in classes {
        if let Some(method) = class.method("__tablename__") {
            // `@declared_attr def __tablename__(cls): return cls.__name__.lower()`, evaluated for
            // this class when it is one unconditional `return` we can compute.
            let cls = method.params.first().map(|p| p.name.clone()).unwrap_or_default();
            let value = method
                .declared_value
                .as_ref()
                .filter(|_| method.is_declared_attr() && method.declared_guards.is_empty())
                .map(|v| bodies.substitute(&cls, &method.local_imports, v));
            return match value {
                Some(Expr::Str(name)) => (Some(Name::from(name.as_str())), false),
                _ => (None, true),
            };
        }
        if let Some(value) = class.assigned("__tablename__") {
            return match crate::hir::const_str(db, class_ref.file, value) {
                Some(name) => (Some(Name::from(name.as_str())), false),
                None => (None, true),
            };
        }
    }
    (None, false)
}
