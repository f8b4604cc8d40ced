//! The per-module summary: what each top-level name is bound to, classes with their bodies' attribute
//! declarations, and function signatures. No positions and no function bodies, so it is stable under
//! edits inside function bodies.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tree_sitter::Node;

use super::Name;
use super::expr::{Expr, lower_expr};
use crate::db::{Db, SourceFile};
use crate::syntax::node_ext::{descendants, field, named_children, unparenthesize};
use crate::syntax::{Parsed, parse};

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ModuleIndex {
    /// The last binding of each top-level name.
    pub bindings: FxHashMap<Name, Binding>,
    /// What an `if TYPE_CHECKING:` block binds a name to where a runtime binding replaces it
    /// (`else: sa_orm = LazyImport("sqlalchemy.orm")`): annotations read these, as type checkers do.
    pub type_checking_bindings: FxHashMap<Name, Binding>,
    /// What the `except` of a `try:` importing SQLAlchemy binds a name to (`def mapped_column(...)`
    /// for old versions) where the import wins: type checkers see both.
    pub try_fallbacks: FxHashMap<Name, Binding>,
    pub star_imports: Vec<ImportFrom>,
    /// `__all__`, when the module spells it out as a list or tuple of strings.
    pub all: Option<Vec<Name>>,
    pub classes: Vec<ClassItem>,
    pub functions: Vec<FunctionItem>,
    /// Names given a legacy query property: `Base.query = Session.query_property()`.
    pub query_property_owners: Vec<Name>,
    /// `reg.map_imperatively(User, user_table)` and classical `mapper(User, user_table)` calls, at
    /// module level or in a top-level function's body (`def start_mappers(): ...`).
    pub imperative_mappings: Vec<ImperativeMapping>,
}

/// One imperative mapping call, as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImperativeMapping {
    /// `mapper_registry.map_imperatively`, `mapper`.
    pub callee: Expr,
    pub class: Expr,
    pub table: Option<Expr>,
    /// `properties={"lines": relationship(OrderLine)}`.
    pub properties: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImportFrom {
    /// Number of leading dots.
    pub level: u32,
    pub module: Option<Name>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Binding {
    Class(u32),
    Function(u32),
    Variable {
        annotation: Option<Expr>,
        value: Option<Expr>,
    },
    /// `import a.b.c as x` binds x to `a.b.c`; `import a.b.c` binds `a` to `a`.
    ImportModule {
        module: Name,
    },
    /// `from m import name`.
    ImportFrom {
        from: ImportFrom,
        name: Name,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClassItem {
    pub name: Name,
    pub bases: Vec<Expr>,
    pub keywords: Vec<(Name, Expr)>,
    pub decorators: Vec<Expr>,
    pub body: Vec<ClassStmt>,
}

impl ClassItem {
    /// The value assigned to a class-level name (`__tablename__ = "users"`).
    pub fn assigned(&self, name: &str) -> Option<&Expr> {
        self.body.iter().rev().find_map(|stmt| match stmt {
            ClassStmt::Attr { name: n, value: Some(value), .. } if n == name => Some(value),
            _ => None,
        })
    }

    /// A class defined in another's body, named by its path (`Outer.Inner`).
    pub fn is_nested(&self) -> bool {
        self.name.contains('.')
    }

    /// Every method defined in the body, in order (a name defined twice, twice).
    pub fn methods(&self) -> impl DoubleEndedIterator<Item = &FunctionItem> {
        self.body.iter().filter_map(|stmt| match stmt {
            ClassStmt::Method(f) => Some(f),
            _ => None,
        })
    }

    /// The method a scope key names (the last definition of a name, or an earlier one by its
    /// `name#i` key); a property's `@name.setter` stands for no method, and is found by its own key
    /// (`name.setter`).
    pub fn method(&self, name: &str) -> Option<&FunctionItem> {
        if name.contains('.') {
            return self.methods().rfind(|f| f.accessor_key().as_deref() == Some(name));
        }
        super::scope_keys::definition_for_key(self.methods(), name, |f| {
            (!f.is_property_accessor()).then_some(f.name.as_str())
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClassStmt {
    Attr { name: Name, annotation: Option<Expr>, value: Option<Expr> },
    Method(FunctionItem),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FunctionItem {
    pub name: Name,
    pub params: Vec<Param>,
    pub returns: Option<Expr>,
    pub is_async: bool,
    /// Its body yields: a generator (an `async def` one is called without awaiting).
    pub is_generator: bool,
    pub decorators: Vec<Expr>,
    /// `@declared_attr def owner_id(cls): return Column(...)`: the expression the body returns (its
    /// one top-level `return`), so a mixin's declared column reads like an assignment. Also a
    /// top-level column factory's one returned `Column(...)`/`Field(...)`/`relationship(...)`
    /// call, so a call of it reads as that column. `None` for other functions, whose bodies
    /// summaries never keep.
    pub declared_value: Option<Expr>,
    /// `if not cls.allow_networks: return` before a `@declared_attr`'s return: when a guard holds
    /// for the class being mapped, the attribute is not declared.
    pub declared_guards: Vec<Guard>,
    /// `from app.users import User` inside a `@declared_attr` body: the local name and the
    /// qualified name it binds (`app.users.User`).
    pub local_imports: Vec<(Name, Name)>,
    /// What a top-level function returns when that may be a declarative base; `None` for methods
    /// and for every other function.
    pub returns_base: Option<Box<ReturnedBase>>,
}

/// `if <condition>: return` (or `return None`), `negated` for `if not <condition>:`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Guard {
    pub negated: bool,
    pub condition: Expr,
}

/// The one value a factory function returns, when it may be a declarative base
/// (`def versioned_base(...): ... return VersionedBase`). Read from the body at summary time so
/// model discovery follows `Base = versioned_base("plugin", 1)` without reading function bodies;
/// any other return keeps the summary unchanged, so editing bodies still never re-runs discovery.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ReturnedBase {
    /// `return declarative_base(...)`, `return registry().generate_base()`, `return type(...)`, or a
    /// call of another function of the same module.
    Call(Expr),
    /// A class defined in the body and returned by name (`@as_declarative(...) class VersionedBase`).
    Class(ClassItem),
}

impl FunctionItem {
    /// `@declared_attr`, `@declared_attr.directive`, `@declared_attr.cascading`, `@sa.orm.declared_attr`.
    pub fn is_declared_attr(&self) -> bool {
        self.decorators.iter().any(|d| d.dotted_path().is_some_and(|path| path.iter().any(|p| p == "declared_attr")))
    }

    /// `@declared_attr` declaring a mapped attribute; `@declared_attr.directive` (or any
    /// `@declared_attr` of a dunder name) declares a class-level setting (`__tablename__`,
    /// `__table_args__`, `__mapper_args__`) instead.
    pub fn declares_attribute(&self) -> bool {
        let dunder = self.name.starts_with("__") && self.name.ends_with("__");
        self.is_declared_attr() && !self.has_decorator("directive") && !dunder
    }

    /// `@name.setter`, `@name.expression`, `@name.inplace.comparator`: an accessor of the property
    /// (or hybrid) the getter of the same name defines, which stands for the attribute.
    pub fn is_property_accessor(&self) -> bool {
        self.accessor_key().is_some()
    }

    /// An accessor's scope of its own, named by its decorator (`name.setter`): its body is inferred
    /// beside the getter's.
    pub fn accessor_key(&self) -> Option<Name> {
        self.decorators.iter().find_map(|d| {
            let path = d.dotted_path()?;
            (path.len() > 1 && path[0] == self.name).then(|| Name::from(path.join(".")))
        })
    }

    pub fn has_decorator(&self, name: &str) -> bool {
        self.decorators.iter().any(|d| match d {
            Expr::Name(n) => n == name,
            Expr::Attr(_, n) => n == name,
            Expr::Call { func, .. } => func.dotted_path().and_then(|p| p.last().cloned()).is_some_and(|n| n == name),
            _ => false,
        })
    }

    /// Whether its decorators, if any, only say what it binds to (`staticmethod`, `classmethod`):
    /// the name is the function itself, not what another decorator made of it.
    pub fn is_plain_function(&self) -> bool {
        self.decorators.iter().all(|d| matches!(d, Expr::Name(n) if n == "classmethod" || n == "staticmethod"))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamKind {
    Normal,
    Star,
    DoubleStar,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Param {
    pub name: Name,
    pub annotation: Option<Expr>,
    pub default: Option<Expr>,
    pub kind: ParamKind,
    /// After a bare `*` or `*args`: passed by name only.
    pub keyword_only: bool,
}

impl Param {
    /// A parameter a positional argument may fill.
    pub fn is_positional(&self) -> bool {
        self.kind == ParamKind::Normal && !self.keyword_only
    }
}

/// A class of a module summary, shared rather than copied.
#[derive(Clone)]
pub struct ClassHandle {
    index: Arc<ModuleIndex>,
    position: usize,
}

impl std::ops::Deref for ClassHandle {
    type Target = ClassItem;

    fn deref(&self) -> &ClassItem {
        &self.index.classes[self.position]
    }
}

/// The last class of that name in a module (the one Python binds).
pub fn class_item(db: &dyn Db, file: SourceFile, name: &str) -> Option<ClassHandle> {
    let index = module_index(db, file).clone();
    let position = index.classes.iter().rposition(|c| c.name == name)?;
    Some(ClassHandle { index, position })
}

/// The top-level classes of a module's summary alone: model discovery reads these, so a new
/// top-level binding elsewhere in the file does not re-run it. (A class nested in another is no
/// model we discover.)
#[salsa::tracked(returns(ref))]
pub fn module_classes(db: &dyn Db, file: SourceFile) -> Arc<[ClassItem]> {
    module_index(db, file).classes.iter().filter(|c| !c.is_nested()).cloned().collect()
}

/// One top-level binding of a module's summary (`Base = declarative_base()`), read without
/// depending on the rest of the module.
#[salsa::tracked(returns(ref))]
pub fn module_binding(db: &dyn Db, file: SourceFile, name: Name) -> Option<Binding> {
    module_index(db, file).bindings.get(&name).cloned()
}

/// A top-level column factory (`def fk_field(target, nullable): return Field(sa_column=Column(...))`):
/// its parameters, the call it returns and its return annotation, read without depending on the
/// rest of its module.
#[salsa::tracked(returns(ref))]
pub fn column_factory(db: &dyn Db, file: SourceFile, function: Name) -> Option<ColumnFactory> {
    let index = module_index(db, file);
    let Some(Binding::Function(position)) = index.bindings.get(&function) else { return None };
    let item = index.functions.get(*position as usize)?;
    Some(ColumnFactory {
        params: item.params.clone(),
        returned: item.declared_value.clone()?,
        annotation: item.returns.clone(),
    })
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ColumnFactory {
    pub params: Vec<Param>,
    pub returned: Expr,
    /// `-> SynonymProperty`: what type checkers take a call to return.
    pub annotation: Option<Expr>,
}

/// What a top-level function returns when that may be a declarative base, read without depending
/// on the rest of its module.
#[salsa::tracked(returns(ref))]
pub fn returned_base(db: &dyn Db, file: SourceFile, function: Name) -> Option<ReturnedBase> {
    let index = module_index(db, file);
    let Some(Binding::Function(position)) = index.bindings.get(&function) else { return None };
    index.functions.get(*position as usize)?.returns_base.as_deref().cloned()
}

/// A module's imperative mapping calls alone.
#[salsa::tracked(returns(ref))]
pub fn module_imperative_mappings(db: &dyn Db, file: SourceFile) -> Arc<[ImperativeMapping]> {
    Arc::from(module_index(db, file).imperative_mappings.as_slice())
}

/// An Alembic revision (or any migration script written like one): module-level `revision = "..."`
/// and `down_revision = ...`. Its classes describe the schema at one point in history, in a
/// registry of their own, and never provide the application's models.
#[salsa::tracked(returns(copy))]
pub fn is_migration_script(db: &dyn Db, file: SourceFile) -> bool {
    let is_variable = |name: &str| matches!(module_binding(db, file, Name::from(name)), Some(Binding::Variable { .. }));
    let revision_is_text = matches!(
        module_binding(db, file, Name::from("revision")),
        Some(Binding::Variable { value: Some(Expr::Str(_)), .. })
    );
    revision_is_text && is_variable("down_revision")
}

#[salsa::tracked(returns(ref))]
pub fn module_index(db: &dyn Db, file: SourceFile) -> Arc<ModuleIndex> {
    let parsed = parse(db, file);
    let mut index = ModuleIndex::default();
    collect_block(parsed, parsed.root(), &mut index, 0);
    keep_base_calls(&mut index);
    let ModuleIndex { bindings, type_checking_bindings, .. } = &mut index;
    type_checking_bindings.retain(|name, binding| bindings.get(name) != Some(binding));
    Arc::new(index)
}

/// Names of the calls that make a declarative base or its registry (resolved later; this only keeps
/// the summary small): `declarative_base(...)`, `reg.generate_base()`,
/// `type("Base", (DeclarativeBase,), {})`, `registry(metadata=...)`.
const BASE_MAKERS: &[&str] = &["declarative_base", "generate_base", "type", "registry"];

/// Drops returned calls that cannot make a base, so an edited `return select(...)` leaves the
/// summary equal. A call of another function of the module stays when that one may return a base
/// (factories call factories).
fn keep_base_calls(index: &mut ModuleIndex) {
    let makes_base = |func: &Expr, bindings: &FxHashMap<Name, Binding>| match func {
        Expr::Name(name) => {
            BASE_MAKERS.contains(&name.as_str())
                || matches!(bindings.get(name), Some(Binding::ImportFrom { name: imported, .. }) if BASE_MAKERS.contains(&imported.as_str()))
        }
        Expr::Attr(_, attr) => BASE_MAKERS.contains(&attr.as_str()),
        _ => false,
    };
    // Which functions may return a base, to a fixed point over same-module calls.
    let mut keep: Vec<bool> = index
        .functions
        .iter()
        .map(|f| match f.returns_base.as_deref() {
            Some(ReturnedBase::Call(Expr::Call { func, .. })) => makes_base(func, &index.bindings),
            Some(ReturnedBase::Class(_)) => true,
            _ => false,
        })
        .collect();
    loop {
        let mut changed = false;
        for (position, function) in index.functions.iter().enumerate() {
            if keep[position] {
                continue;
            }
            let Some(ReturnedBase::Call(Expr::Call { func, .. })) = function.returns_base.as_deref() else { continue };
            let Expr::Name(callee) = func.as_ref() else { continue };
            if let Some(Binding::Function(target)) = index.bindings.get(callee)
                && keep.get(*target as usize).copied().unwrap_or(false)
            {
                keep[position] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (function, keep) in index.functions.iter_mut().zip(keep) {
        if !keep {
            function.returns_base = None;
        }
    }
}

fn collect_block(parsed: &Parsed, block: Node<'_>, index: &mut ModuleIndex, depth: u32) {
    if depth > 16 {
        return;
    }
    let source = parsed.text();
    for stmt in named_children(block) {
        match stmt.kind() {
            "import_statement" => collect_import(parsed, stmt, index),
            "import_from_statement" => collect_import_from(parsed, stmt, index),
            "class_definition" => collect_class(parsed, stmt, Vec::new(), index),
            "function_definition" => {
                let item = lower_top_level_function(parsed, stmt, Vec::new(), index);
                bind_function(item, index);
            }
            "decorated_definition" => {
                let decorators = decorators_of(stmt, source);
                match field(stmt, "definition") {
                    Some(def) if def.kind() == "class_definition" => collect_class(parsed, def, decorators, index),
                    Some(def) if def.kind() == "function_definition" => {
                        let item = lower_top_level_function(parsed, def, decorators, index);
                        bind_function(item, index);
                    }
                    _ => {}
                }
            }
            "expression_statement" => {
                for child in named_children(stmt) {
                    if child.kind() == "assignment" {
                        collect_assignment(parsed, child, index);
                    } else if let Some(mapping) = imperative_mapping(parsed, child) {
                        index.imperative_mappings.push(mapping);
                    }
                }
            }
            // What runs only as a script is not part of the module others import.
            "if_statement" if is_main_guard(parsed, stmt) => {}
            "if_statement" if is_type_checking_guard(parsed, stmt) => {
                let before = index.bindings.clone();
                if let Some(consequence) = field(stmt, "consequence") {
                    collect_block(parsed, consequence, index, depth + 1);
                }
                for (name, binding) in &index.bindings {
                    if before.get(name) != Some(binding) {
                        index.type_checking_bindings.insert(name.clone(), binding.clone());
                    }
                }
                for clause in
                    named_children(stmt).into_iter().filter(|c| matches!(c.kind(), "else_clause" | "elif_clause"))
                {
                    collect_block(parsed, clause, index, depth + 1);
                }
            }
            // `try: from sqlalchemy.orm import mapped_column` / `except ImportError: def
            // mapped_column(...)`: SQLAlchemy is there, and so is the standard library (`try: from
            // functools import cached_property` / `except ImportError: class cached_property`), so
            // what the `try` binds wins. An import of anything else may fail (`try: from sqlmodelx
            // import SQLModel`): the fallback, bound last, stands for it.
            "try_statement" if imports_only_sqlalchemy_or_stdlib(parsed, stmt) => {
                let (fallbacks, rest): (Vec<Node<'_>>, Vec<Node<'_>>) =
                    named_children(stmt).into_iter().partition(|c| c.kind() == "except_clause");
                let before = index.bindings.clone();
                for clause in fallbacks {
                    collect_block(parsed, clause, index, depth + 1);
                }
                let fallback: Vec<(Name, Binding)> = index
                    .bindings
                    .iter()
                    .filter(|(name, binding)| before.get(*name) != Some(*binding))
                    .map(|(name, binding)| (name.clone(), binding.clone()))
                    .collect();
                for clause in rest {
                    collect_block(parsed, clause, index, depth + 1);
                }
                for (name, binding) in fallback {
                    if index.bindings.get(&name) != Some(&binding) {
                        index.try_fallbacks.insert(name, binding);
                    }
                }
            }
            // A module-level loop binds its target (`for`) and what its body assigns.
            "for_statement" | "while_statement" => {
                if let Some(target) = field(stmt, "left") {
                    bind_targets(parsed, target, index);
                }
                for part in ["body", "alternative"] {
                    if let Some(block) = field(stmt, part) {
                        collect_block(parsed, block, index, depth + 1);
                    }
                }
            }
            "with_statement" => {
                let clause = named_children(stmt).into_iter().find(|c| c.kind() == "with_clause");
                for item in clause.map(named_children).unwrap_or_default() {
                    if let Some(target) = named_children(item).first().and_then(|value| field(*value, "alias")) {
                        bind_targets(parsed, target, index);
                    }
                }
                collect_block(parsed, stmt, index, depth + 1);
            }
            // Conditional and guarded definitions (`if TYPE_CHECKING:`) still bind names.
            "if_statement" | "try_statement" | "elif_clause" | "else_clause" | "except_clause" | "finally_clause"
            | "block" => collect_block(parsed, stmt, index, depth + 1),
            _ => {
                if let Some(body) = field(stmt, "body").or_else(|| field(stmt, "consequence"))
                    && matches!(stmt.kind(), "if_statement")
                {
                    collect_block(parsed, body, index, depth + 1);
                }
            }
        }
    }
}

/// A `try:` whose body imports, and imports only from SQLAlchemy (or SQLModel, Flask-SQLAlchemy) or
/// the standard library.
fn imports_only_sqlalchemy_or_stdlib(parsed: &Parsed, stmt: Node<'_>) -> bool {
    let Some(body) = field(stmt, "body") else { return false };
    let statements = named_children(body);
    let imports: Vec<Node<'_>> = statements
        .iter()
        .copied()
        .filter(|s| matches!(s.kind(), "import_from_statement" | "import_statement"))
        .collect();
    !imports.is_empty()
        && imports.iter().all(|import| {
            let module = match import.kind() {
                "import_from_statement" => field(*import, "module_name").map(|m| parsed.node_text(m)),
                _ => field(*import, "name").map(|n| parsed.node_text(n)),
            };
            module.map(|m| m.split(" as ").next().unwrap_or(m)).is_some_and(|m| {
                super::resolve::is_external_root(m) || !m.starts_with('.') && super::modules::is_stdlib(m)
            })
        })
}

/// A top-level function with what it returns when that may be a base, and the imperative
/// mappings its body makes.
fn lower_top_level_function(
    parsed: &Parsed,
    def: Node<'_>,
    decorators: Vec<Expr>,
    index: &mut ModuleIndex,
) -> FunctionItem {
    let mut item = lower_function(parsed, def, decorators);
    let Some(body) = field(def, "body") else { return item };
    let mut scan = BodyScan::default();
    scan_body(parsed, body, &mut scan, 0);
    index.imperative_mappings.append(&mut scan.mappings);
    // One return only: a factory returning one of several values is not proven to return a base.
    if let [Some(returned)] = scan.returns.as_slice() {
        let returned = unparenthesize(*returned);
        if returned.kind() == "call" {
            let value = lower_expr(returned, parsed.text());
            if declares_attribute(&value) {
                item.declared_value = Some(value);
            }
        }
        item.returns_base = match returned.kind() {
            "call" => Some(Box::new(ReturnedBase::Call(lower_expr(returned, parsed.text())))),
            "identifier" => {
                let name = parsed.node_text(returned);
                scan.classes
                    .iter()
                    .rev()
                    .find(|(class, _)| field(*class, "name").is_some_and(|n| parsed.node_text(n) == name))
                    .map(|(class, decorators)| {
                        Box::new(ReturnedBase::Class(lower_class(parsed, *class, decorators.clone())))
                    })
            }
            _ => None,
        };
    }
    item
}

/// What a column factory may return (`def fk_field(...): return Field(sa_column=Column(...))`):
/// a call of a constructor of mapped attributes (or of a SQL type: `def StringID(): return
/// String(250)`), by its last name. Only these bodies are kept, so
/// editing any other function never changes its module's summary.
const ATTRIBUTE_MAKERS: &[&str] =
    &["Column", "mapped_column", "Field", "relationship", "Relationship", "column_property", "deferred", "synonym"];

fn declares_attribute(value: &Expr) -> bool {
    let Expr::Call { func, .. } = value else { return false };
    // `return Text().with_variant(MEDIUMTEXT, "mysql")`.
    if let Expr::Attr(base, method) = func.as_ref()
        && method == "with_variant"
    {
        return declares_attribute(base);
    }
    let last = match func.as_ref() {
        Expr::Name(name) | Expr::Attr(_, name) => name,
        _ => return false,
    };
    ATTRIBUTE_MAKERS.contains(&last.as_str()) || crate::sqlalchemy::sql_types::is_sql_type(last)
}

#[derive(Default)]
struct BodyScan<'t> {
    /// The value of each `return` (None for a bare `return`).
    returns: Vec<Option<Node<'t>>>,
    /// Classes defined in the body, with their decorators.
    classes: Vec<(Node<'t>, Vec<Expr>)>,
    mappings: Vec<ImperativeMapping>,
}

/// The statements of a function body, through its blocks but not into nested functions or classes.
fn scan_body<'t>(parsed: &Parsed, block: Node<'t>, scan: &mut BodyScan<'t>, depth: u32) {
    if depth > 16 {
        return;
    }
    for stmt in named_children(block) {
        match stmt.kind() {
            "return_statement" => scan.returns.push(named_children(stmt).into_iter().next()),
            "class_definition" => scan.classes.push((stmt, Vec::new())),
            "decorated_definition" => {
                if let Some(def) = field(stmt, "definition").filter(|d| d.kind() == "class_definition") {
                    scan.classes.push((def, decorators_of(stmt, parsed.text())));
                }
            }
            "function_definition" => {}
            "expression_statement" => {
                for child in named_children(stmt) {
                    if let Some(mapping) = imperative_mapping(parsed, child) {
                        scan.mappings.push(mapping);
                    }
                }
            }
            _ => {
                for child in named_children(stmt) {
                    if matches!(
                        child.kind(),
                        "block" | "else_clause" | "elif_clause" | "except_clause" | "finally_clause"
                    ) {
                        scan_body(parsed, child, scan, depth + 1);
                    }
                }
            }
        }
    }
}

/// `reg.map_imperatively(User, user_table, ...)` or `mapper(User, user_table)` as a statement.
fn imperative_mapping(parsed: &Parsed, call: Node<'_>) -> Option<ImperativeMapping> {
    if call.kind() != "call" {
        return None;
    }
    let func = field(call, "function")?;
    let name = match func.kind() {
        "identifier" => parsed.node_text(func),
        "attribute" => parsed.node_text(field(func, "attribute")?),
        _ => return None,
    };
    if name != "map_imperatively" && name != "mapper" {
        return None;
    }
    let Expr::Call { func, args, kwargs } = lower_expr(call, parsed.text()) else { return None };
    let mut args = args.into_iter();
    let mut kwargs = kwargs.into_iter();
    let properties = kwargs.find(|(k, _)| k == "properties").map(|(_, v)| v);
    Some(ImperativeMapping { callee: *func, class: args.next()?, table: args.next(), properties })
}

fn bind_function(item: FunctionItem, index: &mut ModuleIndex) {
    index.bindings.insert(item.name.clone(), Binding::Function(index.functions.len() as u32));
    index.functions.push(item);
}

fn collect_import(parsed: &Parsed, stmt: Node<'_>, index: &mut ModuleIndex) {
    let mut cursor = stmt.walk();
    for name in stmt.children_by_field_name("name", &mut cursor) {
        match name.kind() {
            "dotted_name" => {
                let module = Name::from(parsed.node_text(name));
                let root = Name::from(module.split('.').next().unwrap_or(""));
                index.bindings.insert(root.clone(), Binding::ImportModule { module: root });
            }
            "aliased_import" => {
                if let (Some(module), Some(alias)) = (field(name, "name"), field(name, "alias")) {
                    let module = Name::from(parsed.node_text(module));
                    index.bindings.insert(Name::from(parsed.node_text(alias)), Binding::ImportModule { module });
                }
            }
            _ => {}
        }
    }
}

/// The names an `import ...` statement binds, each with its binding.
pub fn import_bindings(parsed: &Parsed, stmt: Node<'_>) -> Vec<(Name, Binding)> {
    let mut index = ModuleIndex::default();
    collect_import(parsed, stmt, &mut index);
    index.bindings.into_iter().collect()
}

/// The names a `from ... import ...` statement binds, each with its binding.
pub fn import_from_bindings(parsed: &Parsed, stmt: Node<'_>) -> Vec<(Name, Binding)> {
    let mut index = ModuleIndex::default();
    collect_import_from(parsed, stmt, &mut index);
    index.bindings.into_iter().collect()
}

fn collect_import_from(parsed: &Parsed, stmt: Node<'_>, index: &mut ModuleIndex) {
    let Some(module_node) = field(stmt, "module_name") else { return };
    let from = match module_node.kind() {
        "relative_import" => {
            let children = named_children(module_node);
            let level = children
                .iter()
                .find(|c| c.kind() == "import_prefix")
                .map(|p| parsed.node_text(*p).chars().filter(|c| *c == '.').count() as u32)
                .unwrap_or(1);
            let module = children.iter().find(|c| c.kind() == "dotted_name").map(|m| Name::from(parsed.node_text(*m)));
            ImportFrom { level, module }
        }
        _ => ImportFrom { level: 0, module: Some(Name::from(parsed.node_text(module_node))) },
    };
    if named_children(stmt).iter().any(|c| c.kind() == "wildcard_import") {
        index.star_imports.push(from);
        return;
    }
    let mut cursor = stmt.walk();
    for name in stmt.children_by_field_name("name", &mut cursor) {
        let (imported, bound) = match name.kind() {
            "dotted_name" => (parsed.node_text(name), parsed.node_text(name)),
            "aliased_import" => match (field(name, "name"), field(name, "alias")) {
                (Some(n), Some(a)) => (parsed.node_text(n), parsed.node_text(a)),
                _ => continue,
            },
            _ => continue,
        };
        index
            .bindings
            .insert(Name::from(bound), Binding::ImportFrom { from: from.clone(), name: Name::from(imported) });
    }
}

fn collect_assignment(parsed: &Parsed, assignment: Node<'_>, index: &mut ModuleIndex) {
    let source = parsed.text();
    let Some(left) = field(assignment, "left") else { return };
    let annotation = field(assignment, "type").map(|t| lower_expr(t, source));
    let right = field(assignment, "right");
    // `a = b = value` nests assignments on the right.
    let value_node = right.map(|mut r| {
        while r.kind() == "assignment" {
            if let Some(inner_left) = field(r, "left")
                && inner_left.kind() == "identifier"
            {
                let value = field(r, "right").map(|v| lower_expr(v, source));
                index
                    .bindings
                    .insert(Name::from(parsed.node_text(inner_left)), Binding::Variable { annotation: None, value });
            }
            match field(r, "right") {
                Some(next) => r = next,
                None => break,
            }
        }
        r
    });
    match left.kind() {
        "attribute" => {
            let is_query = field(left, "attribute").is_some_and(|a| parsed.node_text(a) == "query");
            let owner = field(left, "object").filter(|o| o.kind() == "identifier");
            let value = value_node.map(|v| lower_expr(v, source));
            let is_property = matches!(&value, Some(Expr::Call { func, .. }) if matches!(func.as_ref(), Expr::Attr(_, m) if m == "query_property"));
            if let (true, Some(owner), true) = (is_query, owner, is_property) {
                index.query_property_owners.push(Name::from(parsed.node_text(owner)));
            }
            // `Dataset.table = Table(...)` on a class of this module: bound as `Dataset.table`, a
            // key no identifier can spell, so only `member_of_definition` finds it.
            if let (Some(owner), Some(attr)) = (owner, field(left, "attribute")) {
                let owner = Name::from(parsed.node_text(owner));
                if matches!(index.bindings.get(&owner), Some(Binding::Class(_))) {
                    let key = Name::from(format!("{owner}.{}", parsed.node_text(attr)));
                    index.bindings.insert(key, Binding::Variable { annotation, value });
                }
            }
        }
        "identifier" => {
            let name = Name::from(parsed.node_text(left));
            let value = value_node.map(|v| lower_expr(v, source));
            if name == "__all__" {
                index.all = value.as_ref().and_then(string_list);
            }
            if let Some(item) = value.as_ref().and_then(|value| new_type_class(&name, value)) {
                index.bindings.insert(name, Binding::Class(index.classes.len() as u32));
                index.classes.push(item);
                return;
            }
            index.bindings.insert(name, Binding::Variable { annotation, value });
        }
        "pattern_list" | "tuple_pattern" | "list_pattern" => bind_targets(parsed, left, index),
        _ => {}
    }
}

/// The names a target binds without a value of their own (`for key, value in ...`, `with ... as
/// session`, `a, b = pair`).
fn bind_targets(parsed: &Parsed, target: Node<'_>, index: &mut ModuleIndex) {
    match target.kind() {
        "identifier" => {
            index
                .bindings
                .insert(Name::from(parsed.node_text(target)), Binding::Variable { annotation: None, value: None });
        }
        "pattern_list"
        | "tuple_pattern"
        | "list_pattern"
        | "tuple"
        | "list"
        | "parenthesized_expression"
        | "as_pattern_target" => {
            for part in named_children(target) {
                bind_targets(parsed, part, index);
            }
        }
        _ => {}
    }
}

/// `UserId = NewType("UserId", int)`: to type checkers a class of its own deriving from its base,
/// with no body.
fn new_type_class(name: &Name, value: &Expr) -> Option<ClassItem> {
    let Expr::Call { func, args, kwargs } = value else { return None };
    let is_new_type = match func.as_ref() {
        Expr::Name(callee) => callee == "NewType",
        Expr::Attr(_, attr) => attr == "NewType",
        _ => false,
    };
    let [Expr::Str(spelled), base] = args.as_slice() else { return None };
    (is_new_type && kwargs.is_empty() && spelled.as_str() == name.as_str()).then(|| ClassItem {
        name: name.clone(),
        bases: vec![base.clone()],
        keywords: Vec::new(),
        decorators: Vec::new(),
        body: Vec::new(),
    })
}

fn string_list(expr: &Expr) -> Option<Vec<Name>> {
    match expr {
        Expr::List(items) | Expr::Tuple(items) => items.iter().map(|item| item.as_str().map(Name::from)).collect(),
        _ => None,
    }
}

fn decorators_of(decorated: Node<'_>, source: &str) -> Vec<Expr> {
    named_children(decorated)
        .into_iter()
        .filter(|c| c.kind() == "decorator")
        .filter_map(|d| named_children(d).into_iter().next().map(|e| lower_expr(e, source)))
        .collect()
}

fn collect_class(parsed: &Parsed, class: Node<'_>, decorators: Vec<Expr>, index: &mut ModuleIndex) {
    let item = lower_class(parsed, class, decorators);
    index.bindings.insert(item.name.clone(), Binding::Class(index.classes.len() as u32));
    index.classes.push(item);
    collect_nested_classes(parsed, class, index.classes.len() - 1, index, 0);
}

/// The classes a class body defines, each an item named by its path (`Outer.Inner`), bound under
/// that path (no Python name has a dot, so it shadows nothing) and held by an attribute of the
/// outer class (`Outer.Inner`). Names in the outer body's annotations and values that spell a
/// nested class are rewritten to its path, as the class scope resolves them.
fn collect_nested_classes(parsed: &Parsed, class: Node<'_>, outer: usize, index: &mut ModuleIndex, depth: u32) {
    let Some(body) = field(class, "body") else { return };
    let nested: Vec<(Node<'_>, Vec<Expr>)> = named_children(body)
        .into_iter()
        .filter_map(|stmt| match stmt.kind() {
            "class_definition" => Some((stmt, Vec::new())),
            "decorated_definition" => field(stmt, "definition")
                .filter(|d| d.kind() == "class_definition")
                .map(|d| (d, decorators_of(stmt, parsed.text()))),
            _ => None,
        })
        .collect();
    if nested.is_empty() || depth >= MAX_NESTED_CLASS_DEPTH {
        return;
    }
    let outer_name = index.classes[outer].name.clone();
    let names: Vec<Name> =
        nested.iter().filter_map(|(n, _)| field(*n, "name")).map(|n| Name::from(parsed.node_text(n))).collect();
    qualify_nested_names(&mut index.classes[outer], &names);
    for (node, decorators) in nested {
        let mut item = lower_class(parsed, node, decorators);
        let path = nested_class_path(&outer_name, &item.name);
        let own_name = std::mem::replace(&mut item.name, path);
        let path = item.name.clone();
        index.bindings.insert(path.clone(), Binding::Class(index.classes.len() as u32));
        index.classes[outer].body.push(ClassStmt::Attr {
            name: own_name,
            annotation: None,
            value: Some(Expr::Name(path)),
        });
        index.classes.push(item);
        collect_nested_classes(parsed, node, index.classes.len() - 1, index, depth + 1);
    }
}

/// How deep classes nested in classes are followed (`A.B.C.D.E`).
pub const MAX_NESTED_CLASS_DEPTH: u32 = 5;

/// The own names of the classes nested directly in `class` (`Status` of `Task.Status`).
pub fn nested_class_names(index: &ModuleIndex, class: &str) -> Vec<Name> {
    index
        .classes
        .iter()
        .filter_map(|c| c.name.strip_prefix(class)?.strip_prefix('.').filter(|own| !own.contains('.')))
        .map(Name::from)
        .collect()
}

/// The path a class nested in `outer` is named by.
pub fn nested_class_path(outer: &str, name: &str) -> Name {
    Name::from(format!("{outer}.{name}").as_str())
}

/// A class's annotations, parameter defaults and values that name a class nested in it (`names`)
/// name it by its path (`Mapped[Status]` in `Task` is `Mapped[Task.Status]`). Method bodies do not
/// see the class scope and are not touched.
fn qualify_nested_names(class: &mut ClassItem, names: &[Name]) {
    let outer = class.name.clone();
    let qualify = |expr: &Expr| qualify_expr(expr, &outer, names);
    for stmt in &mut class.body {
        match stmt {
            ClassStmt::Attr { annotation, value, .. } => {
                *annotation = annotation.as_ref().map(qualify);
                *value = value.as_ref().map(qualify);
            }
            ClassStmt::Method(method) => {
                method.returns = method.returns.as_ref().map(qualify);
                for param in &mut method.params {
                    param.annotation = param.annotation.as_ref().map(qualify);
                    param.default = param.default.as_ref().map(qualify);
                }
            }
        }
    }
}

/// `expr` with each name of a class nested in `outer` (`names`) spelled by its path; an attribute's
/// base too (`Status.DONE` is `Task.Status.DONE`).
pub fn qualify_expr(expr: &Expr, outer: &str, names: &[Name]) -> Expr {
    match expr {
        Expr::Name(name) if names.contains(name) => Expr::Name(nested_class_path(outer, name)),
        other => other.map_children(|child| qualify_expr(child, outer, names)),
    }
}

pub fn lower_class(parsed: &Parsed, class: Node<'_>, decorators: Vec<Expr>) -> ClassItem {
    let source = parsed.text();
    let name = field(class, "name").map(|n| Name::from(parsed.node_text(n))).unwrap_or_default();
    let mut bases = Vec::new();
    let mut keywords = Vec::new();
    if let Some(args) = field(class, "superclasses") {
        for arg in named_children(args) {
            if arg.kind() == "keyword_argument" {
                if let (Some(n), Some(v)) = (field(arg, "name"), field(arg, "value")) {
                    keywords.push((Name::from(parsed.node_text(n)), lower_expr(v, source)));
                }
            } else {
                bases.push(lower_expr(arg, source));
            }
        }
    }
    let mut body = Vec::new();
    if let Some(block) = field(class, "body") {
        collect_class_body(parsed, block, &mut body, 0);
    }
    ClassItem { name, bases, keywords, decorators, body }
}

fn collect_class_body(parsed: &Parsed, block: Node<'_>, body: &mut Vec<ClassStmt>, depth: u32) {
    let source = parsed.text();
    for stmt in named_children(block) {
        match stmt.kind() {
            "expression_statement" => {
                for child in named_children(stmt) {
                    if child.kind() != "assignment" {
                        continue;
                    }
                    let Some(left) = field(child, "left") else { continue };
                    if left.kind() != "identifier" {
                        continue;
                    }
                    body.push(ClassStmt::Attr {
                        name: Name::from(parsed.node_text(left)),
                        annotation: field(child, "type").map(|t| lower_expr(t, source)),
                        value: field(child, "right").map(|v| lower_expr(v, source)),
                    });
                }
            }
            "function_definition" => body.push(ClassStmt::Method(lower_function(parsed, stmt, Vec::new()))),
            "decorated_definition" => {
                let decorators = decorators_of(stmt, source);
                if let Some(def) = field(stmt, "definition").filter(|d| d.kind() == "function_definition") {
                    body.push(ClassStmt::Method(lower_function(parsed, def, decorators)));
                }
            }
            "if_statement" | "block" | "else_clause" if depth < 4 => {
                if let Some(inner) = field(stmt, "consequence").or(Some(stmt)) {
                    collect_class_body(parsed, inner, body, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// `if __name__ == "__main__":`.
pub(crate) fn is_main_guard(parsed: &Parsed, stmt: Node<'_>) -> bool {
    let Some(condition) = field(stmt, "condition") else { return false };
    let text: String = parsed.node_text(condition).chars().filter(|c| !c.is_whitespace()).collect();
    matches!(
        text.as_str(),
        "__name__=='__main__'" | "__name__==\"__main__\"" | "'__main__'==__name__" | "\"__main__\"==__name__"
    )
}

/// `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:`.
fn is_type_checking_guard(parsed: &Parsed, stmt: Node<'_>) -> bool {
    field(stmt, "condition").is_some_and(|c| {
        let text = parsed.node_text(c);
        text == "TYPE_CHECKING" || text.ends_with(".TYPE_CHECKING")
    })
}

/// `# type: (int, str) -> bool` under an unannotated `def`: its parameters' annotations (a method's
/// comment may leave out `self`) and its return's, as type checkers read them.
fn apply_signature_comment(parsed: &Parsed, def: Node<'_>, item: &mut FunctionItem) {
    if item.returns.is_some() || item.params.iter().any(|p| p.annotation.is_some()) {
        return;
    }
    let Some((types, returns)) = super::type_comments::signature_comment(parsed, def) else { return };
    let skipped = match item.params.len().checked_sub(types.len()) {
        Some(skipped @ (0 | 1)) => skipped,
        _ => return,
    };
    for (param, ty) in item.params.iter_mut().skip(skipped).zip(types) {
        param.annotation = Some(ty);
    }
    item.returns = Some(returns);
}

/// Whether a function body yields, outside the functions, lambdas and classes it defines. Walked
/// with a stack of its own: deeply nested code must not exhaust the thread's.
fn yields(body: Node<'_>) -> bool {
    let mut pending = vec![body];
    while let Some(node) = pending.pop() {
        for child in named_children(node) {
            match child.kind() {
                "yield" => return true,
                "function_definition" | "lambda" | "class_definition" => {}
                _ => pending.push(child),
            }
        }
    }
    false
}

pub fn lower_function(parsed: &Parsed, def: Node<'_>, decorators: Vec<Expr>) -> FunctionItem {
    let source = parsed.text();
    let name = field(def, "name").map(|n| Name::from(parsed.node_text(n))).unwrap_or_default();
    let is_async = def.child(0).is_some_and(|c| c.kind() == "async");
    let returns = field(def, "return_type").map(|t| lower_expr(t, source));
    let params = field(def, "parameters").map(|p| lower_params(parsed, p)).unwrap_or_default();
    let mut item = FunctionItem {
        name,
        params,
        returns,
        is_async,
        is_generator: field(def, "body").is_some_and(yields),
        decorators,
        declared_value: None,
        declared_guards: Vec::new(),
        local_imports: Vec::new(),
        returns_base: None,
    };
    apply_signature_comment(parsed, def, &mut item);
    if item.is_declared_attr() {
        match (guards(parsed, def), conditional_return(parsed, def)) {
            (Some(guards), _) => {
                item.declared_value = single_return(parsed, def);
                item.declared_guards = guards;
                item.local_imports = local_imports(parsed, def);
            }
            // `if LinkType.event in cls.allowed_link_types: return relationship(...)`.
            (None, Some((guard, value))) => {
                item.declared_value = Some(value);
                item.declared_guards = vec![guard];
                item.local_imports = local_imports(parsed, def);
            }
            // A return we cannot read the condition of: what the body declares is unknown.
            (None, None) => item.declared_value = None,
        }
    }
    item
}

/// The top-level `if <condition>: return` statements of a body; `None` when another `if` returns
/// (with a value, after other statements, or with `elif`/`else`) or a return hides in a loop.
fn guards(parsed: &Parsed, def: Node<'_>) -> Option<Vec<Guard>> {
    let body = field(def, "body")?;
    let mut out = Vec::new();
    for stmt in named_children(body) {
        match stmt.kind() {
            "return_statement" | "expression_statement" | "assert_statement" | "pass_statement" | "comment" => {}
            "if_statement" => {
                let returns = !descendants(stmt, "return_statement").is_empty();
                if !returns {
                    continue;
                }
                let consequence = field(stmt, "consequence")?;
                let only_bare_return = match named_children(consequence).as_slice() {
                    [ret] if ret.kind() == "return_statement" => {
                        named_children(*ret).first().is_none_or(|value| value.kind() == "none")
                    }
                    _ => false,
                };
                if !only_bare_return || field(stmt, "alternative").is_some() {
                    return None;
                }
                let condition = unparenthesize(field(stmt, "condition")?);
                out.push(match condition.kind() {
                    "not_operator" => {
                        Guard { negated: true, condition: lower_expr(field(condition, "argument")?, parsed.text()) }
                    }
                    _ => Guard { negated: false, condition: lower_expr(condition, parsed.text()) },
                });
            }
            _ if !descendants(stmt, "return_statement").is_empty() => return None,
            _ => {}
        }
    }
    Some(out)
}

/// A body whose one `return` is the lone statement of a top-level `if` without `else`:
/// `if <condition>: return <value>` declares the value where the condition holds, nothing
/// elsewhere (the guard `if not <condition>: return`).
fn conditional_return(parsed: &Parsed, def: Node<'_>) -> Option<(Guard, Expr)> {
    let body = field(def, "body")?;
    let mut found = None;
    for stmt in named_children(body) {
        if descendants(stmt, "return_statement").is_empty() {
            continue;
        }
        if found.is_some() || stmt.kind() != "if_statement" || field(stmt, "alternative").is_some() {
            return None;
        }
        let consequence = named_children(field(stmt, "consequence")?);
        let [ret] = consequence.as_slice() else { return None };
        if ret.kind() != "return_statement" {
            return None;
        }
        let value = named_children(*ret).into_iter().next().filter(|v| v.kind() != "none")?;
        let condition = unparenthesize(field(stmt, "condition")?);
        // `if not cls.disabled: return ...` declares nothing where `cls.disabled` holds.
        let guard = match condition.kind() {
            "not_operator" => {
                Guard { negated: false, condition: lower_expr(field(condition, "argument")?, parsed.text()) }
            }
            _ => Guard { negated: true, condition: lower_expr(condition, parsed.text()) },
        };
        found = Some((guard, lower_expr(value, parsed.text())));
    }
    found
}

/// The absolute `from m import x [as y]` statements at the top of a function body.
fn local_imports(parsed: &Parsed, def: Node<'_>) -> Vec<(Name, Name)> {
    let Some(body) = field(def, "body") else { return Vec::new() };
    let mut scratch = ModuleIndex::default();
    for stmt in named_children(body).into_iter().filter(|s| s.kind() == "import_from_statement") {
        collect_import_from(parsed, stmt, &mut scratch);
    }
    let mut out: Vec<(Name, Name)> = scratch
        .bindings
        .into_iter()
        .filter_map(|(local, binding)| match binding {
            Binding::ImportFrom { from: ImportFrom { level: 0, module: Some(module) }, name } => {
                Some((local, Name::from(format!("{module}.{name}"))))
            }
            _ => None,
        })
        .collect();
    out.sort();
    out
}

/// The value of a function body's only top-level `return` statement.
fn single_return(parsed: &Parsed, def: Node<'_>) -> Option<Expr> {
    let body = field(def, "body")?;
    let mut returns = named_children(body).into_iter().filter(|s| s.kind() == "return_statement");
    let statement = returns.next()?;
    if returns.next().is_some() {
        return None;
    }
    let value = named_children(statement).into_iter().next()?;
    Some(lower_expr(value, parsed.text()))
}

pub fn lower_params(parsed: &Parsed, params: Node<'_>) -> Vec<Param> {
    let source = parsed.text();
    let mut out = Vec::new();
    let mut keyword_only = false;
    for param in named_children(params) {
        if param.kind() == "keyword_separator" {
            keyword_only = true;
            continue;
        }
        let text = |n: Node<'_>| Name::from(parsed.node_text(n));
        let (name, annotation, default, kind) = match param.kind() {
            "identifier" => (text(param), None, None, ParamKind::Normal),
            "typed_parameter" => {
                let inner = named_children(param).into_iter().next();
                let (name, kind) = match inner {
                    Some(n) if n.kind() == "identifier" => (text(n), ParamKind::Normal),
                    Some(n) if n.kind() == "list_splat_pattern" => (splat_name(parsed, n), ParamKind::Star),
                    Some(n) if n.kind() == "dictionary_splat_pattern" => (splat_name(parsed, n), ParamKind::DoubleStar),
                    _ => continue,
                };
                (name, field(param, "type").map(|t| lower_expr(t, source)), None, kind)
            }
            "default_parameter" => {
                let Some(name) = field(param, "name") else { continue };
                (text(name), None, field(param, "value").map(|v| lower_expr(v, source)), ParamKind::Normal)
            }
            "typed_default_parameter" => {
                let Some(name) = field(param, "name") else { continue };
                (
                    text(name),
                    field(param, "type").map(|t| lower_expr(t, source)),
                    field(param, "value").map(|v| lower_expr(v, source)),
                    ParamKind::Normal,
                )
            }
            "list_splat_pattern" => (splat_name(parsed, param), None, None, ParamKind::Star),
            "dictionary_splat_pattern" => (splat_name(parsed, param), None, None, ParamKind::DoubleStar),
            _ => continue,
        };
        out.push(Param { name, annotation, default, kind, keyword_only });
        keyword_only |= kind == ParamKind::Star;
    }
    out
}

fn splat_name(parsed: &Parsed, node: Node<'_>) -> Name {
    named_children(node).into_iter().next().map(|n| Name::from(parsed.node_text(n))).unwrap_or_default()
}
