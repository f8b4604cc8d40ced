//! Which classes are declarative bases and which are mapped, and in which registry: following base
//! classes across modules and packages, bases made by factory functions or `type(...)`,
//! Flask-SQLAlchemy's `db.Model`, SQLModel's `table=True`, registry decorators and imperative
//! mappings. Only what the resolver proves counts: a base we cannot classify maps nothing.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::db::{Db, SourceFile};
use crate::hir::{Binding, ClassItem, Definition, Expr, ImperativeMapping, Name, ReturnedBase, resolve_expr_symbol};
use crate::types::ClassRef;

/// How a mapped class came to be mapped; it decides what type checkers can see of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BaseKind {
    /// `class Base(DeclarativeBase)`, `DeclarativeBaseNoMeta`, `@as_declarative`, `@registry.mapped`.
    Typed,
    /// `Base = declarative_base()` or `registry().generate_base()`: the base is `Any` to type checkers.
    Legacy,
    /// Flask-SQLAlchemy `db.Model`.
    Flask,
    /// `class Hero(SQLModel, table=True)`: annotations are the columns, `Field(...)` their options.
    SqlModel,
    /// A plain class given a table by `reg.map_imperatively(User, user_table)` (or 1.x `mapper`).
    Imperative,
}

/// The registry a mapped class belongs to (SQLAlchemy's `registry`: its class-name lookup and its
/// MetaData). A relationship's string target resolves among its own registry's classes only.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RegistryId {
    /// The base class owning it: `class Base(DeclarativeBase)`, `@as_declarative() class Base`.
    Class(ClassRef),
    /// The module variable holding the registry, a base made with its own registry, or the
    /// Flask-SQLAlchemy object: `reg = registry()`, `Base = declarative_base()`,
    /// `Base = versioned_base("plugin", 1)` (each call of a factory makes a new registry),
    /// `db = SQLAlchemy()`.
    Variable { file: SourceFile, name: Name },
    /// SQLModel's default registry, shared by every `SQLModel` class.
    SqlModel,
    /// The global registry of SQLAlchemy 1.x's classical `mapper(User, user_table)`.
    Classical,
    /// The base of an installed package we know ([`KNOWN_PACKAGE_BASES`]).
    Package(&'static str),
}

/// Declarative bases that installed packages export, which we do not read: their symbol, and the
/// registry all their subclasses share. Flask-AppBuilder's `Model` is an abstract subclass of its
/// own `declarative_base()` (`flask_appbuilder/models/sqla/__init__.py`), with explicit table names.
pub const KNOWN_PACKAGE_BASES: &[(&str, &str)] =
    &[("flask_appbuilder.Model", "flask_appbuilder"), ("flask_appbuilder.models.sqla.Model", "flask_appbuilder")];

/// A mapped class (or an abstract class under a base, mapped by its subclasses).
#[derive(Clone, Debug)]
pub struct MappedClass {
    pub class: ClassRef,
    pub kind: BaseKind,
    pub registry: RegistryId,
    /// The table an imperative mapping gives it (`user_table` of `map_imperatively(User, user_table)`).
    pub imperative_table: Option<Definition>,
    /// The mapping's `properties={...}`, and the file it is written in.
    pub imperative_properties: Option<(SourceFile, Expr)>,
}

#[derive(Default)]
pub struct Classification {
    pub mapped: Vec<MappedClass>,
    pub bases: FxHashMap<ClassRef, BaseKind>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Role {
    Base(BaseKind, RegistryId),
    /// Mapped, and so are its subclasses (a declarative base's metaclass or `__init_subclass__`).
    Mapped(BaseKind, RegistryId),
    /// Mapped by a decorator or an imperative call: subclasses are mapped only by their own.
    MappedAlone(BaseKind, RegistryId),
    Plain,
}

/// What a class's base expression makes of the class.
enum Parent {
    /// `DeclarativeBase`, `DeclarativeBaseNoMeta`: the subclass is a base with a registry of its own.
    Root,
    /// `SQLModel`: the subclass is mapped when declared with `table=True`.
    SqlModel,
    Role(Role),
}

/// Bounds alias and factory chains (`Base = other.Base`, factories calling factories).
const MAX_DEPTH: u32 = 8;

/// What an imperative mapping call gives its class.
struct Imperative {
    registry: RegistryId,
    table: Option<Definition>,
    properties: Option<(SourceFile, Expr)>,
}

struct Classifier<'a> {
    db: &'a dyn Db,
    items: FxHashMap<&'a ClassRef, &'a ClassItem>,
    /// Imperatively mapped classes.
    imperative: FxHashMap<ClassRef, Imperative>,
    roles: FxHashMap<ClassRef, Role>,
    visiting: FxHashSet<ClassRef>,
}

/// Classifies every class of `classes` (workspace classes, factory classes and imperatively mapped
/// ones); `mappings` are the imperative mapping calls of the files that may declare models.
pub fn classify(
    db: &dyn Db,
    classes: &[(ClassRef, &ClassItem)],
    mappings: &[(SourceFile, &ImperativeMapping)],
) -> Classification {
    let mut classifier = Classifier {
        db,
        items: classes.iter().map(|(c, i)| (c, *i)).collect(),
        imperative: FxHashMap::default(),
        roles: FxHashMap::default(),
        visiting: FxHashSet::default(),
    };
    for (file, mapping) in mappings {
        let Some(Definition::Class { file: class_file, name }) = resolve_expr_symbol(db, *file, &mapping.class) else {
            continue;
        };
        let Some(registry) = classifier.imperative_registry(*file, &mapping.callee) else { continue };
        let table = mapping.table.as_ref().and_then(|t| resolve_expr_symbol(db, *file, t));
        let properties = mapping.properties.clone().map(|p| (*file, p));
        classifier.imperative.insert(ClassRef { file: class_file, name }, Imperative { registry, table, properties });
    }
    let mut out = Classification::default();
    for (class, _) in classes {
        match classifier.role(class) {
            Role::Base(kind, _) => {
                out.bases.insert(class.clone(), kind);
            }
            Role::Mapped(kind, registry) | Role::MappedAlone(kind, registry) => {
                let imperative = classifier.imperative.get(class);
                out.mapped.push(MappedClass {
                    class: class.clone(),
                    kind,
                    registry,
                    imperative_table: imperative.and_then(|i| i.table.clone()),
                    imperative_properties: imperative.and_then(|i| i.properties.clone()),
                });
            }
            Role::Plain => {}
        }
    }
    out
}

impl Classifier<'_> {
    fn role(&mut self, class: &ClassRef) -> Role {
        if let Some(role) = self.roles.get(class) {
            return role.clone();
        }
        if let Some(imperative) = self.imperative.get(class) {
            return Role::MappedAlone(BaseKind::Imperative, imperative.registry.clone());
        }
        let Some(item) = self.items.get(class).copied() else { return Role::Plain };
        if !self.visiting.insert(class.clone()) {
            return Role::Plain;
        }
        let result = match self.decorator_role(class, item).or_else(|| self.metaclass_role(class, item)) {
            Some(role) => role,
            None => self.role_from_bases(class, item),
        };
        self.visiting.remove(class);
        self.roles.insert(class.clone(), result.clone());
        result
    }

    /// `@as_declarative(...)`, `@reg.mapped`, `@reg.mapped_as_dataclass(...)`, `@Base.registry.mapped`.
    fn decorator_role(&mut self, class: &ClassRef, item: &ClassItem) -> Option<Role> {
        for decorator in &item.decorators {
            let callee = match decorator {
                Expr::Call { func, .. } => func.as_ref(),
                other => other,
            };
            match resolve_expr_symbol(self.db, class.file, callee) {
                Some(Definition::External(sym)) if sym == "sqlalchemy.as_declarative" => {
                    return Some(Role::Base(BaseKind::Typed, RegistryId::Class(class.clone())));
                }
                // 2.1's `@mapped_as_dataclass(reg)` function.
                Some(Definition::External(sym)) if sym == "sqlalchemy.mapped_as_dataclass" => {
                    let registry = match decorator {
                        Expr::Call { args, .. } => args.first().and_then(|r| self.registry_of(class.file, r, 0)),
                        _ => None,
                    };
                    if let Some(registry) = registry {
                        return Some(Role::MappedAlone(BaseKind::Typed, registry));
                    }
                }
                _ => {}
            }
            if let Expr::Attr(owner, method) = callee
                && (method == "mapped" || method == "mapped_as_dataclass")
                && let Some(registry) = self.registry_of(class.file, owner, 0)
            {
                return Some(Role::MappedAlone(BaseKind::Typed, registry));
            }
        }
        None
    }

    /// `class Base(metaclass=DeclarativeMeta)` with `registry = mapper_registry` in its body: a base
    /// written out by hand (SQLAlchemy's documented recipe for type checkers).
    fn metaclass_role(&mut self, class: &ClassRef, item: &ClassItem) -> Option<Role> {
        let (_, metaclass) = item.keywords.iter().find(|(k, _)| k == "metaclass")?;
        if !is_declarative_meta(self.db, class.file, metaclass, 0) {
            return None;
        }
        let registry = match item.assigned("registry") {
            Some(registry) => self.registry_of(class.file, registry, 0)?,
            None => RegistryId::Class(class.clone()),
        };
        Some(Role::Base(BaseKind::Legacy, registry))
    }

    /// The first base (in MRO order) that is a base or a mapped class decides.
    fn role_from_bases(&mut self, class: &ClassRef, item: &ClassItem) -> Role {
        let table = item.keywords.iter().any(|(k, v)| k == "table" && v.as_bool() == Some(true));
        for base in &item.bases {
            let role = match self.parent(class.file, base) {
                // `registry = orm_registry` in the body: the base uses (and shares) that registry.
                Parent::Root => {
                    let own = item.assigned("registry").and_then(|r| self.registry_of(class.file, r, 0));
                    Role::Base(BaseKind::Typed, own.unwrap_or_else(|| RegistryId::Class(class.clone())))
                }
                Parent::SqlModel | Parent::Role(Role::Base(BaseKind::SqlModel, _)) => {
                    if table {
                        Role::Mapped(BaseKind::SqlModel, RegistryId::SqlModel)
                    } else {
                        // A data model whose fields table models inherit (`class HeroBase(SQLModel)`).
                        Role::Base(BaseKind::SqlModel, RegistryId::SqlModel)
                    }
                }
                Parent::Role(Role::Base(kind, registry)) => Role::Mapped(kind, registry),
                // A subclass of a decorated or imperatively mapped class is mapped only by its own
                // decorator or call; a subclass of a table model without `table=True` is not
                // proven mapped.
                Parent::Role(Role::MappedAlone(..)) => continue,
                Parent::Role(Role::Mapped(BaseKind::SqlModel, registry)) if table => {
                    Role::Mapped(BaseKind::SqlModel, registry)
                }
                Parent::Role(Role::Mapped(BaseKind::SqlModel, _)) => Role::Plain,
                Parent::Role(Role::Mapped(kind, registry)) => Role::Mapped(kind, registry),
                Parent::Role(Role::Plain) => continue,
            };
            return role;
        }
        Role::Plain
    }

    fn parent(&mut self, file: SourceFile, base: &Expr) -> Parent {
        match resolve_expr_symbol(self.db, file, base) {
            Some(Definition::External(sym)) => match sym.as_str() {
                "sqlalchemy.DeclarativeBase" | "sqlalchemy.DeclarativeBaseNoMeta" => Parent::Root,
                "sqlmodel.SQLModel" => Parent::SqlModel,

                "flask_sqlalchemy.db.Model" => match self.flask_registry(file, base) {
                    Some(registry) => Parent::Role(Role::Base(BaseKind::Flask, registry)),
                    None => Parent::Role(Role::Plain),
                },
                other => match KNOWN_PACKAGE_BASES.iter().find(|(symbol, _)| *symbol == other) {
                    Some((_, package)) => Parent::Role(Role::Base(BaseKind::Legacy, RegistryId::Package(package))),
                    None => Parent::Role(Role::Plain),
                },
            },
            Some(Definition::Class { file, name }) => Parent::Role(self.role(&ClassRef { file, name })),
            Some(Definition::Variable { file, name }) => match self.variable_base(file, &name, 0) {
                Some((kind, registry)) => Parent::Role(Role::Base(kind, registry)),
                None => Parent::Role(Role::Plain),
            },
            _ => Parent::Role(Role::Plain),
        }
    }

    /// A module variable holding a declarative base: its style and registry.
    fn variable_base(&mut self, file: SourceFile, name: &Name, depth: u32) -> Option<(BaseKind, RegistryId)> {
        let Some(Binding::Variable { value: Some(value), .. }) =
            crate::hir::module_binding(self.db, file, name.clone())
        else {
            return None;
        };
        let registry = RegistryId::Variable { file, name: name.clone() };
        self.value_base(file, value, registry, depth)
    }

    /// The base an expression evaluates to, `registry` being the one a new base made here gets.
    fn value_base(
        &mut self,
        file: SourceFile,
        value: &Expr,
        registry: RegistryId,
        depth: u32,
    ) -> Option<(BaseKind, RegistryId)> {
        if depth > MAX_DEPTH {
            return None;
        }
        match value {
            Expr::Call { func, args, .. } => {
                // `registry().generate_base()`, `reg.generate_base()`: the base shares that registry.
                if let Expr::Attr(owner, method) = func.as_ref()
                    && method == "generate_base"
                {
                    let owner_registry = match owner.as_ref() {
                        Expr::Call { func: make, .. } if is_symbol(self.db, file, make, "sqlalchemy.registry") => {
                            Some(registry)
                        }
                        other => self.registry_of(file, other, depth + 1),
                    };
                    return owner_registry.map(|r| (BaseKind::Legacy, r));
                }
                match resolve_expr_symbol(self.db, file, func)? {
                    Definition::External(sym)
                        if sym == "sqlalchemy.declarative_base" || sym == "sqlalchemy.automap_base" =>
                    {
                        Some((BaseKind::Legacy, registry))
                    }
                    // `type("Base", (DeclarativeBase,), {})`.
                    Definition::External(sym) if sym == "builtins.type" => {
                        let Some(Expr::Tuple(bases)) = args.get(1) else { return None };
                        bases
                            .iter()
                            .any(|b| matches!(self.parent(file, b), Parent::Root))
                            .then_some((BaseKind::Typed, registry))
                    }
                    Definition::Function { file: function_file, name } => {
                        match crate::hir::returned_base(self.db, function_file, name.clone()).as_ref()? {
                            ReturnedBase::Call(call) => self.value_base(function_file, call, registry, depth + 1),
                            ReturnedBase::Class(item) => {
                                let class = factory_class_ref(function_file, &name, item);
                                match self.role(&class) {
                                    // A new base per call: its registry is the variable holding it.
                                    Role::Base(kind, RegistryId::Class(root)) if root == class => {
                                        Some((kind, registry))
                                    }
                                    // An abstract subclass of a module's base stays in that base's registry.
                                    Role::Base(kind, inherited) | Role::Mapped(kind, inherited) => {
                                        Some((kind, inherited))
                                    }
                                    Role::MappedAlone(..) | Role::Plain => None,
                                }
                            }
                        }
                    }
                    _ => None,
                }
            }
            Expr::Name(_) | Expr::Attr(..) => match resolve_expr_symbol(self.db, file, value)? {
                // `Base = other.Base`: the same base, the same registry.
                Definition::Variable { file, name } => self.variable_base(file, &name, depth + 1),
                Definition::Class { file, name } => match self.role(&ClassRef { file, name }) {
                    Role::Base(kind, registry) | Role::Mapped(kind, registry) => Some((kind, registry)),
                    Role::MappedAlone(..) | Role::Plain => None,
                },
                Definition::External(sym) if sym == "flask_sqlalchemy.db.Model" => {
                    self.flask_registry(file, value).map(|db| (BaseKind::Flask, db))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The registry an expression names: `reg` (`reg = registry()`), `Base.registry`, `db.Model.registry`.
    fn registry_of(&mut self, file: SourceFile, expr: &Expr, depth: u32) -> Option<RegistryId> {
        if depth > MAX_DEPTH {
            return None;
        }
        // `meta.registry` is a module's variable; `Base.registry` a base's attribute.
        let symbol = resolve_expr_symbol(self.db, file, expr);
        if let Expr::Attr(owner, attr) = expr
            && attr == "registry"
            && !matches!(symbol, Some(Definition::Variable { .. }))
        {
            return match resolve_expr_symbol(self.db, file, owner)? {
                Definition::Class { file, name } => match self.role(&ClassRef { file, name }) {
                    Role::Base(_, registry) | Role::Mapped(_, registry) | Role::MappedAlone(_, registry) => {
                        Some(registry)
                    }
                    Role::Plain => None,
                },
                Definition::Variable { file, name } => self.variable_base(file, &name, depth + 1).map(|(_, r)| r),
                Definition::External(sym) if sym == "flask_sqlalchemy.db.Model" => self.flask_registry(file, owner),
                _ => None,
            };
        }
        let Definition::Variable { file, name } = symbol? else { return None };
        match crate::hir::module_binding(self.db, file, name.clone()).as_ref()? {
            Binding::Variable { value: Some(call @ Expr::Call { .. }), .. }
                if self.makes_registry(file, call, depth) =>
            {
                Some(RegistryId::Variable { file, name })
            }
            Binding::Variable { value: Some(alias @ (Expr::Name(_) | Expr::Attr(..))), .. } => {
                self.registry_of(file, &alias.clone(), depth + 1)
            }
            _ => None,
        }
    }

    /// `registry(...)`, or a call of a factory returning one (`orm_registry = create_registry()`).
    fn makes_registry(&mut self, file: SourceFile, call: &Expr, depth: u32) -> bool {
        let Expr::Call { func, .. } = call else { return false };
        if depth > MAX_DEPTH {
            return false;
        }
        match resolve_expr_symbol(self.db, file, func) {
            Some(Definition::External(sym)) => sym == "sqlalchemy.registry",
            Some(Definition::Function { file, name }) => {
                match crate::hir::returned_base(self.db, file, name).as_ref() {
                    Some(ReturnedBase::Call(inner)) => self.makes_registry(file, &inner.clone(), depth + 1),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// The registry of `reg.map_imperatively(...)`, or the classical one of 1.x `mapper(...)`.
    /// Follows module aliases: `mapper = mapper_registry.map_imperatively` then `meta.mapper(...)`.
    fn imperative_registry(&mut self, file: SourceFile, callee: &Expr) -> Option<RegistryId> {
        let (mut file, mut callee) = (file, callee.clone());
        for _ in 0..MAX_DEPTH {
            if let Expr::Attr(owner, method) = &callee
                && method == "map_imperatively"
            {
                return self.registry_of(file, owner, 0);
            }
            match resolve_expr_symbol(self.db, file, &callee)? {
                Definition::External(sym) if sym == "sqlalchemy.mapper" => return Some(RegistryId::Classical),
                Definition::Variable { file: f, name } => {
                    match crate::hir::module_binding(self.db, f, name).as_ref()? {
                        Binding::Variable { value: Some(value @ (Expr::Name(_) | Expr::Attr(..))), .. } => {
                            (file, callee) = (f, value.clone());
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
        None
    }

    /// The registry of `db.Model`: the Flask-SQLAlchemy object's own, or that of the
    /// `DeclarativeBase` subclass it was given (`SQLAlchemy(model_class=Base)`, Flask-SQLAlchemy 3.1),
    /// which classes deriving `Base` directly share.
    fn flask_registry(&mut self, file: SourceFile, model: &Expr) -> Option<RegistryId> {
        let Expr::Attr(owner, _) = model else { return None };
        let Definition::Variable { file, name } = resolve_expr_symbol(self.db, file, owner)? else { return None };
        if !crate::hir::is_flask_db(self.db, file, &name) {
            return None;
        }
        let model_class = match crate::hir::module_binding(self.db, file, name.clone()) {
            Some(Binding::Variable { value: Some(call), .. }) => call.kwarg("model_class").cloned(),
            _ => None,
        };
        if let Some(model_class) = model_class
            && let Some(Definition::Class { file, name }) = resolve_expr_symbol(self.db, file, &model_class)
            && let Role::Base(_, registry) = self.role(&ClassRef { file, name })
        {
            return Some(registry);
        }
        Some(RegistryId::Variable { file, name })
    }
}

/// `DeclarativeMeta`, or a workspace metaclass deriving it.
fn is_declarative_meta(db: &dyn Db, file: SourceFile, expr: &Expr, depth: u32) -> bool {
    match resolve_expr_symbol(db, file, expr) {
        Some(Definition::External(sym)) => sym == "sqlalchemy.DeclarativeMeta",
        Some(Definition::Class { file, name }) if depth < MAX_DEPTH => crate::hir::index::class_item(db, file, &name)
            .is_some_and(|item| item.bases.iter().any(|b| is_declarative_meta(db, file, b, depth + 1))),
        _ => false,
    }
}

fn is_symbol(db: &dyn Db, file: SourceFile, expr: &Expr, symbol: &str) -> bool {
    matches!(resolve_expr_symbol(db, file, expr), Some(Definition::External(sym)) if sym == symbol)
}

/// A class defined inside a factory function is named as Python names it:
/// `versioned_base.<locals>.VersionedBase`.
fn factory_class_ref(file: SourceFile, function: &str, item: &ClassItem) -> ClassRef {
    ClassRef { file, name: Name::from(format!("{function}.<locals>.{}", item.name)) }
}

/// The class behind a base variable, whose attributes every model inherits: the class a factory
/// function defines and returns (`Base = versioned_base("plugin", 1)`), or the `cls=` a base is
/// made from (`Base = declarative_base(cls=ModelBase)`).
pub fn factory_class<'db>(db: &'db dyn Db, file: SourceFile, base: &Expr) -> Option<(ClassRef, &'db ClassItem)> {
    let mut file = file;
    let mut value = base.clone();
    for _ in 0..MAX_DEPTH {
        match &value {
            Expr::Name(_) | Expr::Attr(..) => {
                let Definition::Variable { file: f, name } = resolve_expr_symbol(db, file, &value)? else {
                    return None;
                };
                let Binding::Variable { value: Some(v), .. } = crate::hir::module_binding(db, f, name).as_ref()? else {
                    return None;
                };
                (file, value) = (f, v.clone());
            }
            Expr::Call { func, kwargs, .. } => {
                // `declarative_base(cls=ModelBase)`, `reg.generate_base(cls=ModelBase)`: the base is
                // made from that class, and every model inherits its attributes.
                let makes_base = matches!(func.as_ref(), Expr::Attr(_, m) if m == "generate_base")
                    || is_symbol(db, file, func, "sqlalchemy.declarative_base");
                if makes_base {
                    let cls = kwargs.iter().find(|(k, _)| k == "cls").map(|(_, v)| v)?;
                    let Definition::Class { file: f, name } = resolve_expr_symbol(db, file, cls)? else { return None };
                    let item = crate::hir::module_classes(db, f).iter().rfind(|c| c.name == name)?;
                    return Some((ClassRef { file: f, name }, item));
                }
                let Definition::Function { file: f, name } = resolve_expr_symbol(db, file, func)? else { return None };
                match crate::hir::returned_base(db, f, name.clone()).as_ref()? {
                    ReturnedBase::Class(item) => return Some((factory_class_ref(f, &name, item), item)),
                    ReturnedBase::Call(call) => (file, value) = (f, call.clone()),
                }
            }
            _ => return None,
        }
    }
    None
}

/// The classes imperative mapping calls map (`map_imperatively(User, ...)`), wherever declared.
pub fn imperative_classes(db: &dyn Db, mappings: &[(SourceFile, &ImperativeMapping)]) -> Vec<ClassRef> {
    mappings
        .iter()
        .filter_map(|(file, mapping)| match resolve_expr_symbol(db, *file, &mapping.class)? {
            Definition::Class { file, name } => Some(ClassRef { file, name }),
            _ => None,
        })
        .collect()
}

/// The workspace classes a class derives from, nearest first (depth-first, left to right),
/// including the class a factory made its base from (`class User(Base)` with
/// `Base = versioned_base(...)` inherits `VersionedBase`'s attributes).
pub fn workspace_lineage(db: &dyn Db, class: &ClassRef, items: &FxHashMap<&ClassRef, &ClassItem>) -> Vec<ClassRef> {
    let mut out: Vec<ClassRef> = Vec::new();
    let mut stack = vec![class.clone()];
    while let Some(current) = stack.pop() {
        if out.len() > 64 {
            break;
        }
        let Some(item) = items.get(&current) else { continue };
        let mut direct = Vec::new();
        for base in &item.bases {
            let base_ref = match resolve_expr_symbol(db, current.file, base) {
                Some(Definition::Class { file, name }) => ClassRef { file, name },
                Some(Definition::Variable { .. }) => match factory_class(db, current.file, base) {
                    Some((factory, _)) => factory,
                    None => continue,
                },
                _ => continue,
            };
            if base_ref != *class && !out.contains(&base_ref) {
                out.push(base_ref.clone());
                direct.push(base_ref);
            }
        }
        stack.extend(direct.into_iter().rev());
    }
    out
}
