//! Per-scope type inference. A scope is a module's top level or one function (methods included);
//! each is inferred on its own so that editing one function body re-infers that function only.
//!
//! Functions are re-parsed from their own text (`function_source`), so their inference depends on
//! that text alone, not on the whole file's tree: an edit elsewhere in the file leaves it untouched.
//!
//! Every scope is inferred in two modes: precise (what we can prove) and checker (what pyright shows
//! for the project's SQLAlchemy series). They differ only where type checkers lose information.

mod assumed;
mod builtin_methods;
mod call_order;
pub(crate) mod call_site;
mod calls;
mod containers;
mod file_objects;
mod generics;
mod inspection;
pub mod instance_attributes;
mod members;
mod metaclass_calls;
mod narrowing;
mod outer_joins;
mod overloads;
mod patterns;
mod protocols;
mod reachability;
mod rows;
pub mod signatures;
mod stdlib;
pub mod templates;
mod type_engines;
mod typed_dicts;
mod unpacked_rows;
mod value_classes;
mod walker;
mod wrappers;

use std::sync::Arc;

use rustc_hash::FxHashMap;
use text_size::TextRange;

use crate::db::{Db, SourceFile};
use crate::hir::flow_complexity::FlowClass;
use crate::hir::scope_keys::{definition_for_key, is_redefinition_key, scope_keys};
use crate::hir::{Name, module_index};
use crate::settings::Series;
use crate::syntax::node_ext::{field, named_children};
use crate::syntax::{Node, Parsed, parse, parse_text};
use crate::types::{FunctionRef, Ty};

pub use walker::Walker;

/// Which of the two views of the types a query computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    /// What type checkers (pyright) show for the project's SQLAlchemy series.
    Checker,
    /// What we know holds at runtime (named row attributes, rows past the positional limit, …).
    Precise,
}

impl View {
    pub fn is_precise(self) -> bool {
        self == View::Precise
    }
}

/// A byte offset relative to the start of a scope's own text (a function's `def`, or the module):
/// what inference records. Only `semantics` turns it into a file offset, so the two cannot mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeOffset(pub(crate) u32);

/// A range of scope-relative offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeRange {
    pub start: ScopeOffset,
    pub end: ScopeOffset,
}

impl ScopeRange {
    /// The range of a node of the tree the scope was inferred from (its own parse).
    pub fn of(node: Node<'_>) -> ScopeRange {
        ScopeRange { start: ScopeOffset(node.start_byte() as u32), end: ScopeOffset(node.end_byte() as u32) }
    }

    pub fn len(self) -> u32 {
        self.end.0 - self.start.0
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Whether `offset` is in the range (an empty range holds the offset it sits at).
    pub fn contains(self, offset: ScopeOffset) -> bool {
        self.start <= offset && offset.0 < self.end.0.max(self.start.0 + 1)
    }
}

/// Which view of the types a pass computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mode {
    pub series: Series,
    /// `View::Precise`: know what type checkers lose (named row attributes, rows past the positional
    /// limit, …). A bool because the walker asks it at the few points where the views differ.
    pub precise: bool,
}

/// A `reveal_type(expr)` call: the argument's range and its type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reveal {
    pub range: ScopeRange,
    pub ty: Ty,
}

/// A call past SQLAlchemy's positional typing limit (`select()` with 11 columns).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LimitHit {
    pub range: ScopeRange,
    pub columns: usize,
    pub limit: usize,
}

/// The result of inferring one scope. Offsets are relative to the scope's source text
/// (`ScopeRange`); `semantics::Semantics` answers in file offsets.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ScopeInference {
    /// The type of every expression and binding target visited, by (start, end).
    pub exprs: FxHashMap<ScopeRange, Ty>,
    pub reveals: Vec<Reveal>,
    pub returns: Vec<Ty>,
    /// What the scope's `yield`s give, when it is a generator.
    pub yields: Option<Vec<Ty>>,
    pub limit_hits: Vec<LimitHit>,
    /// Module scope only: the final type of each top-level name, and of each class-level name as
    /// `Class.name` (for `column_property(...)` and friends declared without an annotation).
    pub bindings: FxHashMap<Name, Ty>,
    /// Module scope only: each top-level variable's declared type, as the module's functions read
    /// it: its annotation, else the union of what its assignments give (`engine = None` then
    /// `engine = create_engine(...)` is an `Engine | None` there).
    pub declarations: FxHashMap<Name, Ty>,
    /// Unannotated parameters whose type was assumed from their name (precise view only).
    pub assumed: Vec<Name>,
}

impl ScopeInference {
    /// The type of the smallest recorded expression around `offset`.
    pub fn type_at(&self, offset: ScopeOffset) -> Option<(ScopeRange, &Ty)> {
        self.exprs
            .iter()
            .filter(|(range, _)| range.contains(offset))
            .min_by_key(|(range, _)| range.len())
            .map(|(range, ty)| (*range, ty))
    }
}

impl Mode {
    pub fn view(&self) -> View {
        if self.precise { View::Precise } else { View::Checker }
    }
}

/// Both views follow the API tables of the series' annotations (1.x: 2.0's, see `Series::tables`);
/// a 1.x project's checker view is then made untyped by [`untyped_1x`].
pub(super) fn mode(db: &dyn Db, view: View) -> Mode {
    Mode { series: db.project().settings(db).series.tables(), precise: view.is_precise() }
}

/// What type checkers see of SQLAlchemy 1.x, which ships no annotations (pyright with plain 1.4
/// installed: `select(...)`, `User.id`, `session.execute(...)`, `create_engine(...)` are all
/// `Unknown`): every SQLAlchemy type and row in a checker view becomes `Unknown`.
/// FIXME: values that leave SQLAlchemy as plain types (`session.query(User).all()` as
/// `list[User]`, a column read on an instance as `str`) keep them; pyright shows `Unknown`.
pub fn untyped_1x(db: &dyn Db, view: View, scope: &mut ScopeInference) {
    if view.is_precise() || db.project().settings(db).series.annotated() {
        return;
    }
    let erase = |ty: &mut Ty| {
        if sqlalchemy_typed(ty) {
            *ty = Ty::Unknown;
        }
    };
    scope.exprs.values_mut().for_each(erase);
    scope.reveals.iter_mut().for_each(|r| erase(&mut r.ty));
    scope.returns.iter_mut().for_each(erase);
    scope.bindings.values_mut().for_each(erase);
    scope.declarations.values_mut().for_each(erase);
    scope.limit_hits.clear();
}

fn sqlalchemy_typed(ty: &Ty) -> bool {
    match ty {
        Ty::Rows(..) => true,
        Ty::Instance(crate::types::Class::Ext(name), args) => {
            name.starts_with("sqlalchemy.")
                || name.starts_with("flask_sqlalchemy.")
                || args.iter().any(sqlalchemy_typed)
        }
        Ty::Instance(_, args) | Ty::Union(args) | Ty::Tuple(_, args) => args.iter().any(sqlalchemy_typed),
        Ty::TypeOf(inner) => sqlalchemy_typed(inner),
        _ => false,
    }
}

/// A function's key: its class (for a method) and its name.
pub type FunctionKey = (Option<Name>, Name);

/// The ranges of a file's functions in the file, by key and in order.
#[derive(Debug, Default)]
pub struct FunctionRanges {
    by_key: FxHashMap<FunctionKey, TextRange>,
    /// Sorted by start. They never overlap: module-level `def`s and methods of module-level
    /// classes, one per name.
    sorted: Vec<(TextRange, FunctionKey)>,
}

impl FunctionRanges {
    pub fn get(&self, key: &FunctionKey) -> Option<TextRange> {
        self.by_key.get(key).copied()
    }

    /// The function whose range holds `range` (ends inclusive), found by binary search: rules ask
    /// for every node they look at.
    pub fn containing(&self, range: TextRange) -> Option<(&FunctionKey, TextRange)> {
        let i = self.sorted.partition_point(|(r, _)| r.start() <= range.start());
        let (found, key) = self.sorted.get(i.checked_sub(1)?)?;
        (range.end() <= found.end()).then_some((key, *found))
    }
}

/// The range of every function of a file (module-level `def`s and methods of module-level
/// classes; the last definition of a name wins, as in Python), found in one pass.
#[salsa::tracked(returns(ref), no_eq)]
pub fn function_ranges(db: &dyn Db, file: SourceFile) -> FunctionRanges {
    let ranges = function_ranges_by_key(db, file);
    let mut sorted: Vec<(TextRange, FunctionKey)> = ranges.iter().map(|(k, r)| (*r, k.clone())).collect();
    sorted.sort_unstable_by_key(|(r, _)| (r.start(), r.end()));
    FunctionRanges { by_key: ranges, sorted }
}

fn function_ranges_by_key(db: &dyn Db, file: SourceFile) -> FxHashMap<FunctionKey, TextRange> {
    let parsed = parse(db, file);
    let mut ranges = FxHashMap::default();
    let range = |n: Node<'_>| TextRange::new((n.start_byte() as u32).into(), (n.end_byte() as u32).into());
    let module_defs = module_level_definitions(parsed.root(), 0);
    for (def, key) in keyed_functions(parsed, &module_defs) {
        ranges.insert((None, key), range(def));
    }
    let mut classes: Vec<(Node<'_>, Name)> = module_defs
        .iter()
        .filter(|d| d.kind() == "class_definition")
        .filter_map(|class| Some((*class, Name::from(name_of(parsed, *class)?))))
        .collect();
    // Classes nested in classes, named by their path (`Outer.Inner`), as the module index does.
    while let Some((class, name)) = classes.pop() {
        let body = field(class, "body").map(definitions).unwrap_or_default();
        for (method, key) in keyed_functions(parsed, &body) {
            ranges.insert((Some(name.clone()), key), range(method));
        }
        for nested in body.iter().filter(|d| d.kind() == "class_definition") {
            let depth = name.matches('.').count() as u32;
            if let Some(own) = name_of(parsed, *nested).filter(|_| depth < crate::hir::index::MAX_NESTED_CLASS_DEPTH) {
                classes.push((*nested, crate::hir::index::nested_class_path(&name, own)));
            }
        }
    }
    ranges
}

/// The `def`s among a body's definitions with their scope keys (see `hir::scope_keys`).
fn keyed_functions<'t>(parsed: &Parsed, definitions: &[Node<'t>]) -> Vec<(Node<'t>, Name)> {
    let functions: Vec<Node<'t>> = definitions.iter().copied().filter(|d| d.kind() == "function_definition").collect();
    let plain: Vec<Node<'t>> = functions.iter().copied().filter(|f| accessor_key(parsed, *f).is_none()).collect();
    let keys = scope_keys(plain.iter().map(|f| name_of(parsed, *f).unwrap_or_default()));
    let mut keyed: Vec<(Node<'t>, Name)> = plain.into_iter().zip(keys).collect();
    keyed.extend(functions.into_iter().filter_map(|f| Some((f, accessor_key(parsed, f)?))));
    keyed
}

/// The text of a function (a module-level `def` or a method of a module-level class), from `def`.
#[salsa::tracked(returns(ref))]
pub fn function_source(db: &dyn Db, file: SourceFile, class: Option<Name>, name: Name) -> Option<Arc<str>> {
    let range = function_ranges(db, file).get(&(class, name))?;
    file.text(db).get(std::ops::Range::<usize>::from(range)).map(Arc::from)
}

/// The `def` node of a function by its scope key: the last definition of a name, as in Python, or
/// an earlier one by its `name#i` key.
pub fn find_function<'t>(parsed: &'t Parsed, class: Option<&str>, name: &str) -> Option<Node<'t>> {
    let defs = match class {
        None => module_level_definitions(parsed.root(), 0),
        Some(class) => {
            // `Outer.Inner`: a class nested in another.
            let mut path = class.split('.');
            let outermost = path.next()?;
            let mut class_node = module_level_definitions(parsed.root(), 0)
                .into_iter()
                .rfind(|n| n.kind() == "class_definition" && name_of(parsed, *n) == Some(outermost))?;
            for nested in path {
                class_node = definitions(field(class_node, "body")?)
                    .into_iter()
                    .rfind(|n| n.kind() == "class_definition" && name_of(parsed, *n) == Some(nested))?;
            }
            definitions(field(class_node, "body")?)
        }
    };
    let functions = defs.into_iter().filter(|n| n.kind() == "function_definition");
    definition_for_key(functions, name, |n| (!is_property_accessor(parsed, *n)).then(|| name_of(parsed, *n)).flatten())
}

/// `@name.setter`, `@name.expression`: an accessor of the property (or hybrid) the getter of the
/// same name defines (its return is what reading the attribute gives).
fn is_property_accessor(parsed: &Parsed, def: Node<'_>) -> bool {
    accessor_key(parsed, def).is_some()
}

/// An accessor's scope key, its decorator's dotted name (`name.setter`), as
/// `FunctionItem::accessor_key` names it.
fn accessor_key(parsed: &Parsed, def: Node<'_>) -> Option<Name> {
    let decorated = def.parent().filter(|p| p.kind() == "decorated_definition")?;
    let name = name_of(parsed, def)?;
    named_children(decorated).into_iter().filter(|n| n.kind() == "decorator").find_map(|decorator| {
        let path = parsed.node_text(decorator).trim_start_matches('@').trim();
        let is_dotted_name = path.chars().all(|c| c == '.' || c == '_' || c.is_alphanumeric());
        (is_dotted_name && path.split_once('.').is_some_and(|(root, _)| root == name)).then(|| Name::from(path))
    })
}

/// The module's definitions, also those in its conditional blocks (`try: def f` / `else: def f`,
/// `if sys.platform ...`), in source order, as the module's index collects them.
fn module_level_definitions(block: Node<'_>, depth: u32) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    for child in named_children(block) {
        match child.kind() {
            "decorated_definition" | "class_definition" | "function_definition" => out.extend(definition_of(child)),
            "if_statement" | "try_statement" | "with_statement" | "elif_clause" | "else_clause" | "except_clause"
            | "finally_clause" | "block"
                if depth < 4 =>
            {
                out.extend(module_level_definitions(child, depth + 1));
            }
            _ => {}
        }
    }
    out
}

/// The class or function a statement defines, looking through decorators.
fn definition_of(node: Node<'_>) -> Option<Node<'_>> {
    match node.kind() {
        "decorated_definition" => field(node, "definition"),
        "class_definition" | "function_definition" => Some(node),
        _ => None,
    }
}

/// Class and function definitions directly in a block, looking through decorators.
pub fn definitions(block: Node<'_>) -> Vec<Node<'_>> {
    named_children(block).into_iter().filter_map(definition_of).collect()
}

pub(super) fn name_of<'t>(parsed: &'t Parsed, node: Node<'_>) -> Option<&'t str> {
    field(node, "name").map(|n| parsed.node_text(n))
}

/// The function's own parse: it changes only when the function's text does.
#[salsa::tracked(returns(ref), no_eq)]
fn function_parse(db: &dyn Db, file: SourceFile, class: Option<Name>, name: Name) -> Option<Arc<Parsed>> {
    function_source(db, file, class, name).as_ref().map(|text| parse_text(text.clone()))
}

/// How complex the function's code flow is, against pyright's inference limits.
pub(crate) fn function_flow(db: &dyn Db, function: &FunctionRef) -> FlowClass {
    *function_flow_of(db, function.file, function.class.clone(), function.name.clone())
}

#[salsa::tracked]
fn function_flow_of(db: &dyn Db, file: SourceFile, class: Option<Name>, name: Name) -> FlowClass {
    let parsed = function_parse(db, file, class, name);
    let def = parsed.as_ref().and_then(|p| own_def(p));
    match (parsed, def) {
        (Some(parsed), Some(def)) => FlowClass::of(parsed, def),
        _ => FlowClass::Simple,
    }
}

#[salsa::tracked(returns(ref), cycle_initial = infer_function_cycle, cycle_fn = settle_function)]
pub fn infer_function(
    db: &dyn Db,
    file: SourceFile,
    class: Option<Name>,
    name: Name,
    view: View,
) -> Arc<ScopeInference> {
    let Some(parsed) = function_parse(db, file, class.clone(), name.clone()) else {
        return Arc::default();
    };
    let Some(def) = own_def(parsed) else {
        return Arc::default();
    };
    let mut walker = scope_walker(db, FunctionRef { file, class, name }, parsed, view);
    walker.function(def);
    let mut inferred = walker.finish();
    untyped_1x(db, view, &mut inferred);
    Arc::new(inferred)
}

/// The `def` of a function's own parse.
fn own_def(parsed: &Parsed) -> Option<Node<'_>> {
    named_children(parsed.root()).into_iter().find(|n| n.kind() == "function_definition")
}

/// The undecorated `def` starting at `start` of a function's own parse (a decorated one is not
/// inferred again for a call).
fn nested_def(parsed: &Parsed, start: u32) -> Option<Node<'_>> {
    let start = start as usize;
    let token = parsed.root().descendant_for_byte_range(start, start)?;
    let def = std::iter::successors(Some(token), |n| n.parent())
        .take_while(|n| n.start_byte() == start)
        .find(|n| n.kind() == "function_definition")?;
    (def.parent()?.kind() != "decorated_definition").then_some(def)
}

/// A walker of a function's own parse, `scope`.
fn scope_walker<'a>(db: &'a dyn Db, scope: FunctionRef, parsed: &'a Parsed, view: View) -> Walker<'a> {
    let mut walker = Walker::new(db, scope.file, parsed, mode(db, view), scope.class.clone());
    // An accessor (`name.setter`) or an earlier definition of its name (`name#0`).
    let name = &scope.name;
    walker.accessor_key = (name.contains('.') || is_redefinition_key(name)).then(|| name.clone());
    walker.scope = Some(scope);
    walker
}

fn infer_function_cycle(
    _db: &dyn Db,
    _id: salsa::Id,
    _file: SourceFile,
    _class: Option<Name>,
    _name: Name,
    _view: View,
) -> Arc<ScopeInference> {
    Arc::default()
}

/// The module's top level (function and class bodies are their own scopes). Its first walk
/// computes the bindings the module's functions read, so it leaves what those functions return
/// unknown (`x = helper()`); where it did, a second walk, which may ask for them, answers.
#[salsa::tracked(returns(ref), cycle_initial = infer_module_cycle, cycle_fn = settle_module)]
pub fn infer_module(db: &dyn Db, file: SourceFile, view: View) -> Arc<ScopeInference> {
    let (first, deferred) = first_module_pass(db, file, view);
    if !*deferred {
        return first.clone();
    }
    walk_module(db, file, view, false).0
}

/// The first walk of a module's top level, and whether it left something to a second walk.
#[salsa::tracked(returns(ref), cycle_initial = first_module_pass_cycle, cycle_fn = settle_first_pass)]
fn first_module_pass(db: &dyn Db, file: SourceFile, view: View) -> (Arc<ScopeInference>, bool) {
    walk_module(db, file, view, true)
}

fn walk_module(db: &dyn Db, file: SourceFile, view: View, first_pass: bool) -> (Arc<ScopeInference>, bool) {
    let parsed = parse(db, file);
    let mut walker = Walker::new(db, file, parsed, mode(db, view), None);
    walker.first_module_pass = first_pass;
    walker.module(parsed.root());
    let deferred = walker.deferred;
    let mut inferred = walker.finish();
    untyped_1x(db, view, &mut inferred);
    (Arc::new(inferred), deferred)
}

fn infer_module_cycle(_db: &dyn Db, _id: salsa::Id, _file: SourceFile, _view: View) -> Arc<ScopeInference> {
    Arc::default()
}

/// A first walk caught in a cycle knows nothing: the module's own inference walks it again.
fn first_module_pass_cycle(
    _db: &dyn Db,
    _id: salsa::Id,
    _file: SourceFile,
    _view: View,
) -> (Arc<ScopeInference>, bool) {
    (Arc::default(), true)
}

/// The type of each top-level name once the module has run (its first walk): small and `Eq`, so
/// scopes that read module variables are not re-inferred when only positions in the module move.
#[salsa::tracked(returns(ref), cycle_initial = no_module_names, cycle_fn = settle_module_map)]
pub fn module_bindings(db: &dyn Db, file: SourceFile, view: View) -> Arc<FxHashMap<Name, Ty>> {
    Arc::new(first_module_pass(db, file, view).0.bindings.clone())
}

/// Each top-level variable's declared type ([`ScopeInference::declarations`]), from the first walk.
#[salsa::tracked(returns(ref), cycle_initial = no_module_names, cycle_fn = settle_module_map)]
pub fn module_declarations(db: &dyn Db, file: SourceFile, view: View) -> Arc<FxHashMap<Name, Ty>> {
    Arc::new(first_module_pass(db, file, view).0.declarations.clone())
}

fn no_module_names(_db: &dyn Db, _id: salsa::Id, _file: SourceFile, _view: View) -> Arc<FxHashMap<Name, Ty>> {
    Arc::default()
}

/// What calling a workspace function returns: its annotation, else what its `return`s infer to.
#[salsa::tracked(returns(clone), cycle_initial = function_return_cycle, cycle_fn = settle_return)]
pub fn function_return_type(db: &dyn Db, function: FunctionRef, view: View) -> Ty {
    let Some(item) = function_item(db, &function) else { return Ty::Unknown };
    // Type checkers pick one of a function's `@overload`s by the call's arguments (`overloads`);
    // without them (a property, a reference) the return type is known where every overload
    // declares the same one.
    let overloads = overloads(db, &function);
    if !overloads.is_empty() {
        let scope = crate::types::annotation::TypeScope { db, file: function.file, registry_names: None };
        // An overload without a return annotation returns `Unknown`, which no other one declares.
        let returns = overloads.iter().map(|f| match &f.returns {
            Some(annotation) if item.is_async => calls::coroutine(scope.eval(annotation)),
            Some(annotation) => scope.eval(annotation),
            None => Ty::Unknown,
        });
        return generics::in_view(overloads::agreed(returns), view.is_precise());
    }
    let declared = match &item.returns {
        Some(annotation) => {
            let scope = crate::types::annotation::TypeScope { db, file: function.file, registry_names: None };
            generics::declared_in_view(db, scope.eval(annotation), view.is_precise())
        }
        // pyright infers nothing for a function of several unannotated parameters whose code
        // flow is too complex (32 or more, `hir::flow_complexity`).
        None if !view.is_precise() && too_complex_to_infer(db, &function, &item) => Ty::Unknown,
        None => returns_of(db, &function, None, view, NESTED_CALLS),
    };
    // `@contextmanager def session_scope() -> Iterator[Session]`: a context manager entering
    // what the generator yields. typeshed's manager classes also take what the generator is sent
    // and returns, which `contextmanager` leaves at their defaults (`None`).
    if item.has_decorator("contextmanager") || item.has_decorator("asynccontextmanager") {
        // One declared to return no iterator (celery's `# type: (...) -> Celery`) does not fit
        // `contextmanager`'s parameter: type checkers report it and keep the function undecorated.
        if !view.is_precise()
            && item.returns.is_some()
            && matches!(declared, Ty::Instance(..))
            && !is_iterator(&declared)
        {
            return declared;
        }
        let yielded = declared.args().first().cloned().unwrap_or(Ty::Unknown);
        let (manager, args) = if item.has_decorator("asynccontextmanager") {
            ("contextlib._AsyncGeneratorContextManager", vec![yielded, Ty::None])
        } else {
            ("contextlib._GeneratorContextManager", vec![yielded, Ty::None, Ty::None])
        };
        return Ty::Instance(crate::types::Class::Ext(Name::from(manager)), args);
    }
    // An async generator (its body yields, or a stub declares one) is called without awaiting.
    if item.is_async && !item.is_generator && declared.ext_name() != Some("typing.AsyncGenerator") {
        calls::coroutine(declared)
    } else {
        declared
    }
}

fn too_complex_to_infer(db: &dyn Db, function: &FunctionRef, item: &crate::hir::FunctionItem) -> bool {
    item.params.len() > 1
        && item.params.iter().all(|param| param.annotation.is_none())
        && function_flow(db, function) == FlowClass::Complex
}

/// A generator's declared type: an iterator, iterable or generator, sync or async.
fn is_iterator(ty: &Ty) -> bool {
    matches!(
        ty.ext_name().and_then(containers::abc_name),
        Some("Iterator" | "Iterable" | "Generator" | "AsyncIterator" | "AsyncIterable" | "AsyncGenerator")
    )
}

/// Whether a workspace function declares its return type.
pub(crate) fn has_return_annotation(db: &dyn Db, function: &FunctionRef) -> bool {
    function_item(db, function).is_some_and(|f| f.returns.is_some())
}

/// A workspace function's summary: the last definition of its name in its module or class.
pub(crate) fn function_item(db: &dyn Db, function: &FunctionRef) -> Option<crate::hir::FunctionItem> {
    let index = module_index(db, function.file);
    match &function.class {
        None => definition_for_key(index.functions.iter(), &function.name, |f| Some(f.name.as_str())).cloned(),
        Some(class) => index.classes.iter().rfind(|c| &c.name == class).and_then(|c| c.method(&function.name)).cloned(),
    }
}

/// Whether a workspace function, read as `Ty::Function`, is bound to a receiver: a method that is no
/// `staticmethod` (an instance method bound to its instance, a class method to its class).
pub(super) fn binds_receiver(function: &FunctionRef, item: &crate::hir::FunctionItem) -> bool {
    function.class.is_some() && !item.has_decorator("staticmethod")
}

/// The `@overload` definitions of a function's name in its module or class.
pub(super) fn overloads(db: &dyn Db, function: &FunctionRef) -> Vec<crate::hir::FunctionItem> {
    let index = module_index(db, function.file);
    let is_overload = |f: &&crate::hir::FunctionItem| f.name == function.name && f.has_decorator("overload");
    match &function.class {
        None => index.functions.iter().filter(is_overload).cloned().collect(),
        Some(class) => index
            .classes
            .iter()
            .rfind(|c| &c.name == class)
            .map(|c| c.methods().filter(is_overload).cloned().collect())
            .unwrap_or_default(),
    }
}

/// How many levels of calls to unannotated functions return inference follows below the one
/// being inferred (pyright follows a helper's helper: `get_logger` returning what
/// `_using_logger_parent(parent, logger)` returns).
const NESTED_CALLS: u8 = 1;

/// What a function's `return`s infer to, walking it with `calls_left` levels of calls to other
/// unannotated functions followed (with their arguments' types); past them such calls are
/// `Unknown`. The bound keeps call chains (and recursion with ever-changing argument types) from
/// nesting without end.
fn returns_of(
    db: &dyn Db,
    function: &FunctionRef,
    arguments: Option<&call_site::CallSiteArguments>,
    view: View,
    calls_left: u8,
) -> Ty {
    let Some((mut walker, parsed, def)) = return_walker(db, function, view, calls_left) else {
        return Ty::Unknown;
    };
    walker.inferring = arguments.is_none().then(|| function.clone());
    walker.widens_defaults = arguments.is_some_and(|args| args.in_loop);
    walker.function_with_arguments(def, arguments.map(|args| &args.by_name[..]));
    let result = walker.finish();
    let is_async = function_item(db, function).is_some_and(|f| f.is_async);
    // A call the walk found to be a `NoReturn` one (`sys.exit(1)`, `abort(404)`).
    let no_return = |call: Node<'_>| call_ends_flow(db, view, call, &result.exprs);
    inferred_return(parsed, def, &no_return, result.returns, result.yields, is_async)
}

/// A walker inferring what a workspace function returns, following `calls_left` levels of calls,
/// with the function's own parse and `def`. `None` for a function of a stub, whose body is `...`:
/// what it returns is only ever its annotation.
fn return_walker<'a>(
    db: &'a dyn Db,
    function: &FunctionRef,
    view: View,
    calls_left: u8,
) -> Option<(Walker<'a>, &'a Parsed, Node<'a>)> {
    if function.file.path(db).ends_with(".pyi") {
        return None;
    }
    let parsed = function_parse(db, function.file, function.class.clone(), function.name.clone()).as_deref()?;
    let def = own_def(parsed)?;
    let mut walker = scope_walker(db, function.clone(), parsed, view);
    walker.calls_left = Some(calls_left);
    Some((walker, parsed, def))
}

/// Whether a call the walk recorded ends the flow: its type is `Never`. Type checkers take only a
/// declared `NoReturn` for that, and what a method bound to its class or instance returns (pyright
/// reads a bound method's inferred return): a plain function or a staticmethod that always raises
/// without saying so does not end the flow for them (flask-restful's unannotated `abort`). At run
/// time it does.
pub(super) fn call_ends_flow(db: &dyn Db, view: View, call: Node<'_>, exprs: &FxHashMap<ScopeRange, Ty>) -> bool {
    if exprs.get(&ScopeRange::of(call)) != Some(&Ty::Never) {
        return false;
    }
    if view == View::Precise {
        return true;
    }
    let callee = field(call, "function").and_then(|f| exprs.get(&ScopeRange::of(f)));
    match callee {
        Some(Ty::Function(function) | Ty::UnboundMethod(function, _)) => {
            function_item(db, function).is_none_or(|item| {
                item.returns.is_some() || function.class.is_some() && !item.has_decorator("staticmethod")
            })
        }
        // A nested `def`: its signature does not say whether its return was declared, and one
        // that always raises is seldom annotated `NoReturn`.
        Some(Ty::Signature(_)) => false,
        _ => true,
    }
}

/// What a function returns by its body: its `return`s' types (and `None` where it may run off its
/// end), `Never` where every path raises, and a generator of what it yields. `no_return` tells
/// the calls that end a path ([`call_ends_flow`]).
fn inferred_return(
    parsed: &Parsed,
    def: Node<'_>,
    no_return: &dyn Fn(Node<'_>) -> bool,
    mut returns: Vec<Ty>,
    yields: Option<Vec<Ty>>,
    is_async: bool,
) -> Ty {
    let body = field(def, "body");
    let completes = body.is_none_or(|body| reachability::may_complete(body, parsed, no_return));
    if completes {
        returns.push(Ty::None);
    }
    let returned = match returns.is_empty() {
        // Every path raises: `NoReturn`, but a method raising `NotImplementedError` is left to
        // what overrides it (type checkers leave it unknown).
        true if body.is_some_and(|body| reachability::raises_not_implemented(body, parsed)) => Ty::Unknown,
        true => Ty::Never,
        false => Ty::union_of_returns(returns),
    };
    match yields {
        // An unannotated generator, as type checkers infer it: `Generator[Session, Any, None]`.
        Some(yields) => {
            let yielded = if yields.is_empty() { Ty::Unknown } else { Ty::union(yields) };
            if is_async {
                Ty::ext_generic("typing.AsyncGenerator", vec![yielded, Ty::Any])
            } else {
                Ty::ext_generic("typing.Generator", vec![yielded, Ty::Any, returned])
            }
        }
        None => returned,
    }
}

/// pyright's call-site return type inference ([`call_site`]): an unannotated function whose
/// inferred return type is partly unknown is inferred again with the types of the call's
/// arguments, by parameter name (unpassed parameters take their default's type). `calls_left` as
/// [`returns_of`] takes it.
#[salsa::tracked(returns(clone), cycle_initial = call_site_return_cycle, cycle_fn = settle_call_site)]
pub fn call_site_return_type(
    db: &dyn Db,
    function: FunctionRef,
    args: call_site::CallSiteArguments,
    view: View,
    calls_left: u8,
) -> Ty {
    returns_of(db, &function, Some(&args), view, calls_left)
}

/// A nested `def`'s call inferred again with its arguments' types, as pyright does a module
/// function's ([`call_site_return_type`]): the function holding it is walked up to that `def`,
/// so the names the `def` reads from it are what they are where it is defined. `calls_left` as
/// [`returns_of`] takes it.
#[salsa::tracked(returns(clone), cycle_initial = nested_call_cycle, cycle_fn = settle_nested_call)]
pub fn nested_call_return_type(
    db: &dyn Db,
    def: crate::types::NestedDef,
    args: call_site::CallSiteArguments,
    view: View,
    calls_left: u8,
) -> Ty {
    let Some((mut walker, _, outer)) = return_walker(db, &def.scope, view, calls_left) else {
        return Ty::Unknown;
    };
    walker.widens_defaults = args.in_loop;
    walker.nested_call = Some(walker::NestedCall { start: def.start, args: args.by_name, returned: None });
    walker.function(outer);
    walker.nested_call.and_then(|call| call.returned).unwrap_or(Ty::Unknown)
}

fn nested_call_cycle(
    _db: &dyn Db,
    _id: salsa::Id,
    _def: crate::types::NestedDef,
    _args: call_site::CallSiteArguments,
    _view: View,
    _calls_left: u8,
) -> Ty {
    Ty::Unknown
}

#[allow(clippy::too_many_arguments)] // salsa's signature: the cycle, both values, the query's key
fn settle_nested_call(
    db: &dyn Db,
    cycle: &salsa::Cycle,
    _last: &Ty,
    new: Ty,
    def: crate::types::NestedDef,
    args: call_site::CallSiteArguments,
    view: View,
    calls_left: u8,
) -> Ty {
    settle(cycle, new, || nested_call_cycle(db, cycle.id(), def, args, view, calls_left))
}

fn call_site_return_cycle(
    _db: &dyn Db,
    _id: salsa::Id,
    _function: FunctionRef,
    _args: call_site::CallSiteArguments,
    _view: View,
    _calls_left: u8,
) -> Ty {
    Ty::Unknown
}

fn function_return_cycle(_db: &dyn Db, _id: salsa::Id, _function: FunctionRef, _view: View) -> Ty {
    Ty::Unknown
}

/// Queries in a cycle (inferring a class's attributes calls a function that reads one of them)
/// are iterated to a fixed point, from the answer each gives when caught in the cycle. One that
/// has not settled after this many rounds falls back to that first answer, which every query in
/// the cycle is then computed from once more: an answer that never settles is not guessed.
const CYCLE_ROUNDS: u32 = 4;

pub(crate) fn settle<T>(cycle: &salsa::Cycle, new: T, fallback: impl FnOnce() -> T) -> T {
    if cycle.iteration() >= CYCLE_ROUNDS { fallback() } else { new }
}

#[allow(clippy::too_many_arguments)] // salsa's signature: the cycle, both values, the query's key
fn settle_function(
    db: &dyn Db,
    cycle: &salsa::Cycle,
    _last: &Arc<ScopeInference>,
    new: Arc<ScopeInference>,
    file: SourceFile,
    class: Option<Name>,
    name: Name,
    view: View,
) -> Arc<ScopeInference> {
    settle(cycle, new, || infer_function_cycle(db, cycle.id(), file, class, name, view))
}

fn settle_module(
    db: &dyn Db,
    cycle: &salsa::Cycle,
    _last: &Arc<ScopeInference>,
    new: Arc<ScopeInference>,
    file: SourceFile,
    view: View,
) -> Arc<ScopeInference> {
    settle(cycle, new, || infer_module_cycle(db, cycle.id(), file, view))
}

fn settle_first_pass(
    db: &dyn Db,
    cycle: &salsa::Cycle,
    _last: &(Arc<ScopeInference>, bool),
    new: (Arc<ScopeInference>, bool),
    file: SourceFile,
    view: View,
) -> (Arc<ScopeInference>, bool) {
    settle(cycle, new, || first_module_pass_cycle(db, cycle.id(), file, view))
}

fn settle_module_map(
    db: &dyn Db,
    cycle: &salsa::Cycle,
    _last: &Arc<FxHashMap<Name, Ty>>,
    new: Arc<FxHashMap<Name, Ty>>,
    file: SourceFile,
    view: View,
) -> Arc<FxHashMap<Name, Ty>> {
    settle(cycle, new, || no_module_names(db, cycle.id(), file, view))
}

fn settle_return(db: &dyn Db, cycle: &salsa::Cycle, _last: &Ty, new: Ty, function: FunctionRef, view: View) -> Ty {
    settle(cycle, new, || function_return_cycle(db, cycle.id(), function, view))
}

#[allow(clippy::too_many_arguments)] // salsa's signature: the cycle, both values, the query's key
fn settle_call_site(
    db: &dyn Db,
    cycle: &salsa::Cycle,
    _last: &Ty,
    new: Ty,
    function: FunctionRef,
    args: call_site::CallSiteArguments,
    view: View,
    calls_left: u8,
) -> Ty {
    settle(cycle, new, || call_site_return_cycle(db, cycle.id(), function, args, view, calls_left))
}
