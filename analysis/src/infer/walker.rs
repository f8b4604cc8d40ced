//! Walks one scope's statements in order, keeping the type of each local name, recording the type of
//! every expression it evaluates.

use rustc_hash::FxHashMap;

use super::{LimitHit, Mode, Reveal, ScopeInference, ScopeRange, module_bindings, narrowing};
use crate::db::{Db, SourceFile};
use crate::hir::{Definition, Expr, Name, lower_expr, resolve_name};
use crate::syntax::node_ext::{field, named_children, unparenthesize};
use crate::syntax::{Node, Parsed};
use crate::types::annotation::TypeScope;
use crate::types::{Class, ClassRef, FunctionRef, Literal, TupleSpelling, Ty};

/// Expressions nested deeper than this are `Unknown` (no stack overflow on generated code).
const MAX_EXPR_DEPTH: u32 = 96;

/// A local name: its type and, when it holds a column expression, the column's name in a row.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Local {
    pub ty: Ty,
    pub column_name: Option<Name>,
}

/// Ordered, so what was narrowed under a name (`user.profile`) is one range away from `user`.
pub(super) type Env = std::collections::BTreeMap<Name, Local>;

pub struct Walker<'a> {
    pub(super) db: &'a dyn Db,
    pub(super) file: SourceFile,
    pub(super) parsed: &'a Parsed,
    pub(super) mode: Mode,
    /// The class whose method this scope is, for `self`.
    pub(super) class: Option<Name>,
    pub(super) env: Env,
    pub(super) result: ScopeInference,
    depth: u32,
    module_scope: bool,
    class_attrs: FxHashMap<Name, Ty>,
    /// Module scope: the declared type of each top-level name with an annotation, which is what
    /// other scopes and importers read (pyright's declared type), not the value it narrowed to.
    declared: FxHashMap<Name, Ty>,
    /// The declared type of each name annotated in this scope so far: a later plain assignment
    /// narrows it (`rows: List[Any] = []` then `rows = []` is a `List[Any]`).
    local_declared: FxHashMap<Name, Ty>,
    /// Inferring a return type: how many more levels of calls to unannotated functions are
    /// followed (`None` in a scope's own inference).
    pub(super) calls_left: Option<u8>,
    /// The function whose return this walk infers: a call of it inside is `Unknown` (its return
    /// is what is being inferred), as type checkers take a recursive call.
    pub(super) inferring: Option<FunctionRef>,
    /// The call being applied is inside a `for` or `while` (at any depth): a call inferred again
    /// with its arguments takes them without their literal values there, as pyright does.
    pub(super) call_in_loop: bool,
    /// Walking a class body, whose variables have their declared (widened) types.
    in_class_body: bool,
    /// Inside the body of a module-level `try:` (an `except` fallback of a name cannot have run).
    in_try_body: bool,
    /// The module-level class whose body is being walked (for what its bases declare).
    body_class: Option<Name>,
    /// The type variables the signatures of the functions enclosing a nested one bind
    /// (`T@outer`), and those of the function walked.
    enclosing_type_vars: Vec<Name>,
    signature_type_vars: Vec<Name>,
    /// The function whose body this scope is, for its type variables (`T@first`).
    function_name: Option<Name>,
    /// The scope's key where it is not the `def`'s name: a property's accessor (`name.setter`).
    pub(super) accessor_key: Option<Name>,
    /// Reading a class body or a method's signature: the class, and the classes nested in it that
    /// names there spell (`Mapped[Status]` in `Task` is `Task.Status`).
    class_scope: Option<(Name, Vec<Name>)>,
    /// Walking a method to infer what it assigns to `self`: attributes read here are not inferred
    /// (inferring them could ask for the attributes being inferred).
    pub(super) inferring_attributes: bool,
    /// While inferring attributes, the one whose assigned value is being read (`self.views` in
    /// `self.views = self.views or []`): type checkers skip that circular declaration there.
    pub(super) assigning_attribute: Option<Name>,
    /// The module walk whose bindings the module's functions read ([`super::module_bindings`]):
    /// it must not infer those functions, which would ask for the bindings it is computing.
    /// What it leaves unknown for that reason is answered by a second walk ([`super::infer_module`]).
    pub(super) first_module_pass: bool,
    /// This first module pass left something unknown that a second walk can answer.
    pub(super) deferred: bool,
    /// Module scope: what each top-level name is assigned, statement by statement (`None` once
    /// an import or a definition binds it too).
    assignments: FxHashMap<Name, Option<Vec<Ty>>>,
    /// How many comprehensions and nested scopes the walk is in: their names are not the module's.
    nested: u32,
    /// What the function's own imports bind (`from .mutables import MutableList` in its body),
    /// for its annotations, which otherwise read the module's names.
    local_imports: FxHashMap<Name, Definition>,
    /// The names a `global` statement of the function makes the module's: assigning one narrows
    /// the module's declaration (`_buffer: list[Record] = []`, then `_buffer = []` in a function).
    globals: Vec<Name>,
    /// The types the next lambda's parameters take from the call it is passed to
    /// (`session.run_sync(lambda s: ...)`: a `Session`), positionally.
    pub(super) lambda_parameters: Option<Vec<Ty>>,
    /// Walking a function's body with the types of a call's arguments ([`super::call_site`]).
    pub(super) infers_call_site: bool,
    /// There, the call is in a loop: a parameter it does not pass has its default's type without
    /// its literal value.
    pub(super) widens_defaults: bool,
    /// There, what the call being applied passes to pyright's inference of its callee
    /// ([`super::calls::PlainArguments`]).
    pub(super) plain_arguments: Option<super::calls::PlainArguments>,
    /// The function whose own parse this walk reads: the `def`s nested in it are named by it.
    pub(super) scope: Option<FunctionRef>,
    /// Inferring a call of one of those nested `def`s again ([`super::nested_call_return_type`]).
    pub(super) nested_call: Option<NestedCall>,
}

/// A call of a nested `def` inferred again: the `def`'s start in the scope's parse and the call's
/// arguments by parameter name. The walk stops once that `def` is walked, with what it returns.
pub(super) struct NestedCall {
    pub(super) start: u32,
    pub(super) args: Vec<(Name, Ty)>,
    pub(super) returned: Option<Ty>,
}

impl<'a> Walker<'a> {
    pub fn new(db: &'a dyn Db, file: SourceFile, parsed: &'a Parsed, mode: Mode, class: Option<Name>) -> Walker<'a> {
        Walker {
            db,
            file,
            parsed,
            mode,
            class,
            env: Env::default(),
            result: ScopeInference::default(),
            depth: 0,
            module_scope: false,
            class_attrs: FxHashMap::default(),
            declared: FxHashMap::default(),
            local_declared: FxHashMap::default(),
            calls_left: None,
            inferring: None,
            call_in_loop: false,
            in_class_body: false,
            in_try_body: false,
            body_class: None,
            enclosing_type_vars: Vec::new(),
            signature_type_vars: Vec::new(),
            function_name: None,
            accessor_key: None,
            class_scope: None,
            inferring_attributes: false,
            assigning_attribute: None,
            first_module_pass: false,
            deferred: false,
            assignments: FxHashMap::default(),
            nested: 0,
            local_imports: FxHashMap::default(),
            globals: Vec::new(),
            lambda_parameters: None,
            infers_call_site: false,
            widens_defaults: false,
            plain_arguments: None,
            scope: None,
            nested_call: None,
        }
    }

    pub fn finish(self) -> ScopeInference {
        let mut result = self.result;
        if self.module_scope {
            result.bindings = self.env.into_iter().map(|(name, local)| (name, local.ty)).collect();
            result.bindings.extend(self.class_attrs);
            result.declarations = self
                .assignments
                .into_iter()
                .filter_map(|(name, assigned)| {
                    let assigned = assigned?;
                    let widen = !is_constant_name(&name);
                    let types = assigned.into_iter().map(|ty| if widen { widen_declared(ty) } else { ty });
                    Some((name, Ty::union(types.collect())))
                })
                .collect();
            result.declarations.extend(self.declared.clone());
            result.bindings.extend(self.declared);
        }
        result
    }

    pub(super) fn text(&self, node: Node<'_>) -> &'a str {
        self.parsed.node_text(node)
    }

    pub(super) fn record(&mut self, node: Node<'_>, ty: &Ty) {
        self.result.exprs.insert(ScopeRange::of(node), ty.clone());
    }

    /// The type recorded for an expression this walker has already inferred.
    pub(super) fn recorded(&self, node: Node<'_>) -> Option<&Ty> {
        self.result.exprs.get(&ScopeRange::of(node))
    }

    pub(super) fn record_reveal(&mut self, arg: Node<'_>, ty: Ty) {
        self.result.reveals.push(Reveal { range: ScopeRange::of(arg), ty });
    }

    pub(super) fn record_limit(&mut self, call: Node<'_>, columns: usize, limit: usize) {
        self.result.limit_hits.push(LimitHit { range: ScopeRange::of(call), columns, limit });
    }

    pub(super) fn type_scope(&self) -> TypeScope<'a> {
        TypeScope { db: self.db, file: self.file, registry_names: None }
    }

    /// An annotation node → its type.
    pub(super) fn annotation(&self, node: Node<'_>) -> Ty {
        self.annotation_of(lower_expr(node, self.parsed.text()))
    }

    fn annotation_of(&self, mut expr: Expr) -> Ty {
        if !self.local_imports.is_empty() {
            expr = self.with_local_imports(expr);
        }
        if let Some((class, nested)) = &self.class_scope {
            expr = crate::hir::index::qualify_expr(&expr, class, nested);
        }
        let ty = self.type_scope().eval(&expr);
        super::generics::in_view(ty, self.mode.precise)
    }

    /// What the module declares a name a `global` statement of the function names to be, where it
    /// annotates it.
    fn global_declaration(&self, name: &str) -> Option<Ty> {
        if !self.globals.iter().any(|g| g == name) {
            return None;
        }
        let index = crate::hir::module_index(self.db, self.file);
        let Some(crate::hir::index::Binding::Variable { annotation: Some(_), .. }) = index.bindings.get(name) else {
            return None;
        };
        super::module_declarations(self.db, self.file, self.mode.view()).get(name).cloned()
    }

    /// An annotation's names the function imports itself, as the definitions they import.
    fn with_local_imports(&self, expr: Expr) -> Expr {
        let local =
            |name: &Name| self.local_imports.get(name).and_then(|def| crate::hir::qualified_expr(self.db, def.clone()));
        let boxed = |expr: Box<Expr>| Box::new(self.with_local_imports(*expr));
        let all = |exprs: Vec<Expr>| exprs.into_iter().map(|e| self.with_local_imports(e)).collect();
        match expr {
            Expr::Name(name) => local(&name).unwrap_or(Expr::Name(name)),
            Expr::Attr(base, attr) => Expr::Attr(boxed(base), attr),
            Expr::Subscript(base, args) => Expr::Subscript(boxed(base), all(args)),
            Expr::BitOr(left, right) => Expr::BitOr(boxed(left), boxed(right)),
            Expr::Tuple(items) => Expr::Tuple(all(items)),
            Expr::List(items) => Expr::List(all(items)),
            other => other,
        }
    }

    /// An annotation inside the function being walked (a parameter's, `cast("T", x)`): its type
    /// variables are the function's or its class's, scoped as type checkers name them (`T@first`),
    /// and `Self` is what `self` is there.
    pub(super) fn annotation_in_scope(&self, node: Node<'_>) -> Ty {
        self.scoped_annotation(self.annotation(node))
    }

    /// An annotation read in this scope: its class's and function's type variables scoped, `Self`
    /// the class.
    fn scoped_annotation(&self, ty: Ty) -> Ty {
        let ty = super::generics::declared_in_view(self.db, ty, self.mode.precise);
        // In a class body (`__database__: Store[ModelT] = ...`), the class being defined.
        let class = self.class.as_ref().or(self.body_class.as_ref());
        let params = match class {
            Some(class) => super::generics::class_type_params(self.db, self.file, class),
            None => Vec::new(),
        };
        let owner = class.map(|c| (c, params.as_slice()));
        let ty = super::generics::scoped(ty, self.function_name.as_deref(), owner);
        match &self.function_name {
            Some(name) => {
                let ty = super::generics::in_enclosing_scope(ty, name, &self.enclosing_type_vars);
                let function = FunctionRef { file: self.file, class: self.class.clone(), name: name.clone() };
                self.with_self_type(&function, ty)
            }
            // `registry: dict[type[Self], Store]` in a class body.
            None if self.in_class_body => {
                let class = FunctionRef { file: self.file, class: self.body_class.clone(), name: Name::default() };
                self.with_self_type(&class, ty)
            }
            None => ty,
        }
    }

    // ---- scopes ----

    pub fn module(&mut self, root: Node<'_>) {
        self.module_scope = true;
        self.block(root);
    }

    pub fn function(&mut self, def: Node<'_>) {
        self.function_with_arguments(def, None);
    }

    /// A function body; for a call-site inference, with the types of the call's arguments (by
    /// parameter name) given to its unannotated parameters, and unpassed ones their default's.
    pub fn function_with_arguments(&mut self, def: Node<'_>, arguments: Option<&[(Name, Ty)]>) {
        self.bind_parameters(def, arguments);
        let outer = self.infers_call_site;
        self.infers_call_site |= arguments.is_some();
        if let Some(body) = field(def, "body") {
            self.block(body);
        }
        self.infers_call_site = outer;
    }

    /// The type the scope's own inference gives an expression of its parse.
    pub(super) fn plain_type(&self, node: Node<'_>) -> Ty {
        let Some(scope) = &self.scope else { return Ty::Unknown };
        let view = self.mode.view();
        let plain = super::infer_function(self.db, scope.file, scope.class.clone(), scope.name.clone(), view);
        plain.exprs.get(&ScopeRange::of(node)).cloned().unwrap_or(Ty::Unknown)
    }

    /// The arguments a call passes to a call-site inference of its callee: inside one, what
    /// pyright evaluates them to again ([`super::calls::PlainArguments`]).
    pub(super) fn call_site_arguments<'s>(
        &'s self,
        positional: &'s [Ty],
        keywords: &'s [(Name, Ty)],
    ) -> (&'s [Ty], &'s [(Name, Ty)]) {
        match &self.plain_arguments {
            Some(plain) => (&plain.positional, &plain.keywords),
            None => (positional, keywords),
        }
    }

    fn bind_parameters(&mut self, def: Node<'_>, arguments: Option<&[(Name, Ty)]>) {
        // A method's signature is read in its class's scope; its body is not.
        let method_class = self.class.clone().filter(|_| self.nested == 0 && !self.in_class_body);
        let outer_scope = match method_class {
            Some(class) => {
                let scope = self.class_scope_of(&class);
                std::mem::replace(&mut self.class_scope, scope)
            }
            None => self.class_scope.clone(),
        };
        self.bind_parameters_in_scope(def, arguments);
        self.class_scope = outer_scope;
    }

    fn bind_parameters_in_scope(&mut self, def: Node<'_>, arguments: Option<&[(Name, Ty)]>) {
        let Some(params) = field(def, "parameters") else { return };
        let function_name = field(def, "name").map(|n| self.text(n)).unwrap_or_default();
        self.function_name = Some(Name::from(function_name));
        // What its signature binds, for the functions nested in it.
        self.signature_type_vars.clear();
        if let Some(returns) = field(def, "return_type") {
            let returns = self.annotation_in_scope(returns);
            super::generics::scoped_type_vars(&returns, &mut self.signature_type_vars);
        }
        // A `def` nested in another has no summary, and in a method takes no `self`.
        let at_top = |n: Node<'_>| n.parent().is_some_and(|p| p.kind() == "module");
        let nested = !(at_top(def) || def.parent().is_some_and(at_top));
        // A method is parsed without its decorators: its summary has them.
        let key = self.accessor_key.clone().filter(|_| !nested).unwrap_or_else(|| Name::from(function_name));
        let function = FunctionRef { file: self.file, class: self.class.clone(), name: key };
        let summary = if nested { None } else { super::function_item(self.db, &function) };
        let decorated = |name: &str| {
            summary.as_ref().is_some_and(|f| f.has_decorator(name))
                || def.parent().is_some_and(|p| {
                    p.kind() == "decorated_definition" && self.text(p).contains(format!("@{name}").as_str())
                })
        };
        let is_static = decorated("staticmethod");
        let is_classmethod = decorated("classmethod");
        let is_method = self.class.is_some() && !nested;
        for (i, param) in named_children(params).into_iter().enumerate() {
            if self.bind_star_parameter(param) {
                continue;
            }
            let (name_node, annotation, default) = match param.kind() {
                "identifier" => (Some(param), None, None),
                "typed_parameter" => (
                    named_children(param).into_iter().next().filter(|n| n.kind() == "identifier"),
                    field(param, "type"),
                    None,
                ),
                "default_parameter" => (field(param, "name"), None, field(param, "value")),
                "typed_default_parameter" => (field(param, "name"), field(param, "type"), field(param, "value")),
                _ => (None, None, None),
            };
            let Some(name_node) = name_node else { continue };
            let name = self.text(name_node);
            // `# type: (int, str) -> bool`: the summary holds the comment's annotations.
            let commented = match annotation {
                None => summary.as_ref().and_then(|f| f.params.iter().find(|p| p.name == name)?.annotation.clone()),
                Some(_) => None,
            };
            let argument = arguments.and_then(|args| args.iter().find(|(n, _)| n == name)).map(|(_, ty)| ty);
            // `def process_bind_param(self, value, dialect)` overriding an annotated method: type
            // checkers give the parameter the base method's annotation.
            let inherited = match (&annotation, argument, summary.as_ref(), &self.class) {
                (None, None, Some(summary), Some(class)) if i > 0 || is_static => {
                    let class = ClassRef { file: self.file, name: class.clone() };
                    super::members::inherited_parameter(self, &class, summary, name)
                }
                _ => None,
            };
            let ty = match (annotation, default) {
                (Some(annotation), _) => self.annotation_in_scope(annotation),
                (None, _) if commented.is_some() => commented
                    .clone()
                    .map(|expr| self.scoped_annotation(self.annotation_of(expr)))
                    .unwrap_or(Ty::Unknown),
                (None, _) if argument.is_some() => argument.cloned().unwrap_or(Ty::Unknown),
                (None, _) if inherited.is_some() => inherited.unwrap_or(Ty::Unknown),
                // In a call that does not pass it, its default's type: `None` for `None`, and
                // `Literal[1]` for `1` outside a loop.
                (None, Some(default)) if arguments.is_some() => {
                    let ty = self.expr(default);
                    if self.widens_defaults { widen_literal(ty) } else { ty }
                }
                (None, Some(default)) => {
                    let default = self.expr(default);
                    unannotated_parameter(default)
                }
                (None, None) if i == 0 && is_method && !is_static => match self.self_type(&function) {
                    Some(instance) if is_classmethod => Ty::TypeOf(Box::new(instance)),
                    Some(instance) => instance,
                    None => self.assumed(self.text(name_node)),
                },
                (None, None) => self.assumed(self.text(name_node)),
            };
            // A parameter's annotation declares the name for the body's assignments
            // (`statuses = set()` under `statuses: Optional[set[int]] = None`).
            if (annotation.is_some() || commented.is_some()) && !ty.is_unknown() {
                self.local_declared.insert(Name::from(self.text(name_node)), ty.clone());
                super::generics::scoped_type_vars(&ty, &mut self.signature_type_vars);
            }
            self.record(name_node, &ty);
            self.bind(self.text(name_node), ty, None);
        }
    }

    /// Walks a `def` or `class` nested in this scope: the names it binds and declares stay in it.
    fn in_nested_scope<R>(&mut self, walk: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.env.clone();
        let saved_declared = self.local_declared.clone();
        self.nested += 1;
        let result = walk(self);
        self.nested -= 1;
        self.env = saved;
        self.local_declared = saved_declared;
        result
    }

    /// A statement of the module's top level assigns `name` (an assignment, a loop or `with`
    /// target, `except ... as`, `:=`, `+=`): one of its declarations, whose types together are
    /// what the module's functions see of it.
    fn declare(&mut self, name: &str, ty: &Ty) {
        if self.at_module_top_level()
            && let Some(assigned) = self.assignments.entry(Name::from(name)).or_insert_with(|| Some(Vec::new()))
        {
            assigned.push(ty.clone());
        }
    }

    /// An import or a definition binds `name` at the module's top level: its type is no longer
    /// the union of what is assigned to it.
    fn declare_other(&mut self, name: &str) {
        if self.at_module_top_level() {
            self.assignments.insert(Name::from(name), None);
        }
    }

    /// Walking the module's own statements: not a class body, a comprehension or a nested scope.
    fn at_module_top_level(&self) -> bool {
        self.module_scope && !self.in_class_body && self.nested == 0
    }

    /// A nested `def`'s signature once its body is walked: its parameters as they were bound, and
    /// what it returns (declared, or its `returns` and `yields`).
    fn nested_signature(
        &mut self,
        def: Node<'_>,
        returns: Vec<Ty>,
        yields: Option<Vec<Ty>>,
    ) -> crate::types::Signature {
        let is_async = def.child(0).is_some_and(|c| c.kind() == "async");
        let returned = match field(def, "return_type") {
            Some(annotation) => self.annotation_in_scope(annotation),
            None => {
                let (db, view, exprs) = (self.db, self.mode.view(), &self.result.exprs);
                let no_return = |call: Node<'_>| super::call_ends_flow(db, view, call, exprs);
                super::inferred_return(self.parsed, def, &no_return, returns, yields.clone(), is_async)
            }
        };
        let async_generator = is_async && (yields.is_some() || returned.ext_name() == Some("typing.AsyncGenerator"));
        let returned = if is_async && !async_generator { super::calls::coroutine(returned) } else { returned };
        let exprs = &self.result.exprs;
        let param_type = |name: Node<'_>| exprs.get(&ScopeRange::of(name)).cloned().unwrap_or(Ty::Unknown);
        let mut signature = super::signatures::of_def(self.parsed, def, param_type, returned);
        signature.origin =
            self.scope.clone().map(|scope| crate::types::NestedDef { scope, start: def.start_byte() as u32 });
        signature
    }

    /// A lambda as type checkers show it without an expected type: its parameters unknown (or
    /// their default's type), returning what its body gives with them.
    fn lambda(&mut self, node: Node<'_>) -> Ty {
        let contextual = self.lambda_parameters.take().unwrap_or_default();
        let signature = self.in_nested_scope(|walker| {
            for (index, param) in
                field(node, "parameters").map(named_children).unwrap_or_default().into_iter().enumerate()
            {
                if walker.bind_star_parameter(param) {
                    continue;
                }
                let (name, ty) = match param.kind() {
                    "identifier" => (param, contextual.get(index).cloned().unwrap_or(Ty::Unknown)),
                    "default_parameter" => {
                        let (Some(name), Some(default)) = (field(param, "name"), field(param, "value")) else {
                            continue;
                        };
                        let default = walker.expr(default);
                        (name, unannotated_parameter(default))
                    }
                    _ => continue,
                };
                walker.record(name, &ty);
                walker.bind(walker.text(name), ty, None);
            }
            let returns = field(node, "body").map(|body| walker.expr(body)).unwrap_or(Ty::Unknown);
            let exprs = &walker.result.exprs;
            let param_type = |name: Node<'_>| exprs.get(&ScopeRange::of(name)).cloned().unwrap_or(Ty::Unknown);
            super::signatures::of_def(walker.parsed, node, param_type, returns)
        });
        Ty::Signature(std::sync::Arc::new(signature))
    }

    /// `*args` is a tuple of its annotation, `**kwargs` a dict of `str` to it (`**kwargs: Any` is a
    /// `dict[str, Any]`). Whether `param` is one.
    fn bind_star_parameter(&mut self, param: Node<'_>) -> bool {
        let (pattern, annotation) = match param.kind() {
            "typed_parameter" => match named_children(param).into_iter().next() {
                Some(pattern) => (pattern, field(param, "type")),
                None => return false,
            },
            _ => (param, None),
        };
        let is_list = match pattern.kind() {
            "list_splat_pattern" => true,
            "dictionary_splat_pattern" => false,
            _ => return false,
        };
        let item = annotation.map(|a| self.annotation_in_scope(a)).unwrap_or(Ty::Unknown);
        if let Some(name) = named_children(pattern).into_iter().find(|n| n.kind() == "identifier") {
            let ty = if is_list {
                Ty::Tuple(TupleSpelling::Builtin, vec![item, Ty::ext("...")])
            } else {
                Ty::ext_generic("builtins.dict", vec![Ty::builtin("str"), item])
            };
            self.record(name, &ty);
            self.bind(self.text(name), ty, None);
        }
        true
    }

    /// What `self` (and `typing.Self`) is in a method: `Self@C` to type checkers, the class `C`
    /// to us. `None` for a function of no class.
    fn self_type(&self, method: &FunctionRef) -> Option<Ty> {
        let class = ClassRef { file: method.file, name: method.class.clone()? };
        if self.mode.precise {
            return Some(Ty::instance_of(class));
        }
        let params = super::generics::class_type_params(self.db, class.file, &class.name);
        let params = params.iter().map(|p| super::generics::class_scoped_type_var(p, &class.name)).collect();
        Some(Ty::generic_self_of(class, params))
    }

    /// `self` in the method being walked (what `super()` calls its bases' methods on).
    pub(super) fn own_self(&self) -> Option<Ty> {
        self.self_type(&FunctionRef { file: self.file, class: self.class.clone(), name: Name::default() })
    }

    /// `typing.Self` in a method's annotations (its parameters, what it returns) read against
    /// its class.
    pub(super) fn with_self_type(&self, method: &FunctionRef, ty: Ty) -> Ty {
        match self.self_type(method) {
            Some(replacement) => super::generics::replace_self(ty, &replacement),
            None => ty,
        }
    }

    /// An unannotated parameter's type from its name (`session`, `user`), remembered for hovers.
    fn assumed(&mut self, name: &str) -> Ty {
        match super::assumed::assumed_parameter_type(self, name) {
            Some(ty) => {
                self.result.assumed.push(Name::from(name));
                ty
            }
            None => Ty::Unknown,
        }
    }

    /// Whether this walk is `file`'s module top level, whose bindings [`module_bindings`] is
    /// being computed from: reading them there would be a cycle.
    pub(super) fn is_module_of(&self, file: SourceFile) -> bool {
        self.module_scope && self.file == file
    }

    /// Whether this walk is the first pass over `file`'s top level, which must leave the
    /// inference of the module's own functions to the second: noted, so that one is made.
    pub(super) fn defers_functions_of(&mut self, file: SourceFile) -> bool {
        let defers = self.first_module_pass && self.file == file;
        self.deferred |= defers;
        defers
    }

    /// A binding this module-level walk has made so far (`Model.attr = column_property(...)`).
    pub(super) fn bound_so_far(&self, key: &str) -> Option<Ty> {
        self.env.get(key).map(|local| local.ty.clone()).or_else(|| self.class_attrs.get(key).cloned())
    }

    pub(super) fn bind(&mut self, name: &str, ty: Ty, column_name: Option<Name>) {
        // Rebinding `user` forgets what was narrowed about `user.profile`.
        if !name.contains('.') {
            let prefix = format!("{name}.");
            let narrowed: Vec<Name> = self
                .env
                .range::<str, _>((std::ops::Bound::Included(prefix.as_str()), std::ops::Bound::Unbounded))
                .map(|(key, _)| key)
                .take_while(|key| key.starts_with(&prefix))
                .cloned()
                .collect();
            for key in narrowed {
                self.env.remove(&key);
            }
        }
        self.env.insert(Name::from(name), Local { ty, column_name });
    }

    // ---- statements ----

    /// Walks a block; returns true when it always leaves the enclosing flow (return/raise/continue/break).
    pub(super) fn block(&mut self, block: Node<'_>) -> bool {
        for stmt in named_children(block) {
            if self.statement(stmt) {
                return true;
            }
        }
        false
    }

    fn statement(&mut self, stmt: Node<'_>) -> bool {
        // Statements nested deeper than expressions may be (generated code) are skipped.
        if self.depth > MAX_EXPR_DEPTH {
            return false;
        }
        // The nested `def` whose call is inferred again has been walked: nothing after it counts.
        if self.nested_call.as_ref().is_some_and(|call| call.returned.is_some()) {
            return true;
        }
        self.depth += 1;
        let exits = self.statement_inner(stmt);
        self.depth -= 1;
        exits
    }

    fn statement_inner(&mut self, stmt: Node<'_>) -> bool {
        match stmt.kind() {
            "global_statement" if !self.module_scope => {
                for name in named_children(stmt).into_iter().filter(|n| n.kind() == "identifier") {
                    self.globals.push(Name::from(self.text(name)));
                }
                return false;
            }
            // `from loguru import logger` then `logger = logger.bind(...)`: until the module rebinds
            // the name, it is the import's (the module's index keeps only the last binding).
            // Guarded imports (`try:`, `if TYPE_CHECKING:`) keep their own rules (`name`).
            // `from .commands import AlembicCommands` inside a function binds its names there.
            "import_from_statement" | "import_statement"
                if !self.module_scope
                    || stmt.kind() == "import_from_statement"
                        && stmt.parent().is_some_and(|p| p.kind() == "module")
                    || in_module_try(stmt) =>
            {
                let index = self.module_scope.then(|| crate::hir::module_index(self.db, self.file));
                let bindings = match stmt.kind() {
                    "import_statement" => crate::hir::index::import_bindings(self.parsed, stmt),
                    _ => crate::hir::index::import_from_bindings(self.parsed, stmt),
                };
                for (name, binding) in bindings {
                    if index.is_some_and(|index| index.bindings.get(&name) == Some(&binding)) {
                        continue;
                    }
                    self.declare_other(&name);
                    match crate::hir::resolve::resolve_binding(self.db, self.file, name.clone(), &binding) {
                        Some(def) => {
                            if !self.module_scope {
                                self.local_imports.insert(name.clone(), def.clone());
                            }
                            let ty = self.definition_type(&def);
                            self.bind(&name, ty, None);
                        }
                        // In a function (or a module's `try:`, which its handler may rebind:
                        // `except ImportError: etcd = None`) the name is bound whatever it is;
                        // elsewhere at module level the module's index answers for it.
                        None if index.is_none() || in_module_try(stmt) => self.bind(&name, Ty::Unknown, None),
                        None => {}
                    }
                }
                return false;
            }
            "expression_statement" => {
                let mut exits = false;
                for child in named_children(stmt) {
                    exits |= self.expression_statement(child);
                }
                return exits;
            }
            "return_statement" => {
                let ty = match named_children(stmt).into_iter().next() {
                    Some(value) => self.expr(value),
                    None => Ty::None,
                };
                self.result.returns.push(ty);
                return true;
            }
            "raise_statement" => {
                for child in named_children(stmt) {
                    self.expr(child);
                }
                return true;
            }
            "continue_statement" | "break_statement" => return true,
            "if_statement" => return self.if_statement(stmt),
            "for_statement" => self.for_statement(stmt),
            "while_statement" => {
                if let Some(condition) = field(stmt, "condition") {
                    self.expr(condition);
                }
                self.branch_body(field(stmt, "body"));
            }
            "with_statement" => self.with_statement(stmt),
            "try_statement" => self.try_statement(stmt),
            "function_definition" => {
                if self.module_scope {
                    // Module-level functions are scopes of their own; a method's name in its class
                    // body is the method.
                    if self.in_class_body {
                        self.bind_method_name(stmt);
                    }
                    return false;
                }
                // A nested function sees the enclosing names; its body is inferred in place, and
                // its name is bound to its signature (decorated, to what we cannot tell).
                let start = stmt.start_byte() as u32;
                let arguments = match &self.nested_call {
                    Some(call) if call.start == start && call.returned.is_none() => Some(call.args.clone()),
                    _ => None,
                };
                let signature = self.in_nested_scope(|walker| {
                    let own = std::mem::take(&mut walker.signature_type_vars);
                    let saved_enclosing = walker.enclosing_type_vars.clone();
                    walker.enclosing_type_vars.extend(own.iter().cloned());
                    let saved_returns = std::mem::take(&mut walker.result.returns);
                    let saved_yields = walker.result.yields.take();
                    let saved_function = walker.function_name.clone();
                    walker.function_with_arguments(stmt, arguments.as_deref());
                    let returns = std::mem::replace(&mut walker.result.returns, saved_returns);
                    let yields = std::mem::replace(&mut walker.result.yields, saved_yields);
                    let signature = walker.nested_signature(stmt, returns, yields);
                    walker.function_name = saved_function;
                    walker.enclosing_type_vars = saved_enclosing;
                    walker.signature_type_vars = own;
                    signature
                });
                if arguments.is_some()
                    && let Some(call) = &mut self.nested_call
                {
                    call.returned = Some(signature.returns.clone());
                }
                if let Some(name) = field(stmt, "name") {
                    let signature = Ty::Signature(std::sync::Arc::new(signature));
                    let ty = match stmt.parent().filter(|p| p.kind() == "decorated_definition") {
                        Some(decorated) => self.decorated_nested_function(decorated, &signature),
                        None => signature,
                    };
                    self.record(name, &ty);
                    self.bind(self.text(name), ty, None);
                }
            }
            "decorated_definition" => {
                for child in named_children(stmt) {
                    if child.kind() == "decorator"
                        && let Some(expr) = named_children(child).into_iter().next()
                    {
                        self.expr(expr);
                    }
                }
                if let Some(def) = field(stmt, "definition") {
                    return self.statement(def);
                }
            }
            "class_definition" if self.module_scope => self.class_body(stmt),
            // A class defined in a function: its body's expressions get types (its methods are
            // walked in place, without a `self`); its name is not followed.
            "class_definition" => {
                self.in_nested_scope(|walker| {
                    let outer = std::mem::replace(&mut walker.in_class_body, true);
                    let outer_class = walker.body_class.take();
                    if let Some(body) = field(stmt, "body") {
                        walker.block(body);
                    }
                    walker.in_class_body = outer;
                    walker.body_class = outer_class;
                });
                if let Some(name) = field(stmt, "name") {
                    self.bind(self.text(name), Ty::Unknown, None);
                }
            }
            "match_statement" => return self.match_statement(stmt),
            "delete_statement" => {
                for child in named_children(stmt) {
                    self.expr(child);
                }
            }
            // `assert x is not None`: what follows runs only where the condition held.
            "assert_statement" => {
                let parts = named_children(stmt);
                for child in &parts {
                    self.expr(*child);
                }
                if let Some(condition) = parts.first() {
                    narrowing::narrow(self, *condition, true);
                }
            }
            // Broken code: tree-sitter wraps what it could not place in ERROR nodes; whatever
            // statements and expressions are inside still get types.
            "ERROR" => {
                for child in named_children(stmt) {
                    if is_statement(child.kind()) {
                        self.statement(child);
                    } else {
                        self.expr(child);
                    }
                }
            }
            _ => {}
        }
        false
    }

    /// A module-level class body: its names are visible to later statements of the body only; each
    /// is kept as `Class.name`.
    fn class_body(&mut self, class: Node<'_>) {
        let (Some(name), Some(body)) = (field(class, "name"), field(class, "body")) else { return };
        let own_name = self.text(name);
        // A class nested in the one being walked is named by its path (`Outer.Inner`), as the
        // module index names it.
        let class_name = match &self.body_class {
            Some(outer) if self.in_class_body => crate::hir::index::nested_class_path(outer, own_name),
            _ => Name::from(own_name),
        };
        let saved = self.env.clone();
        let outer = std::mem::replace(&mut self.in_class_body, true);
        let outer_class = self.body_class.replace(class_name.clone());
        let scope = self.class_scope_of(&class_name);
        let outer_scope = std::mem::replace(&mut self.class_scope, scope);
        self.block(body);
        self.in_class_body = outer;
        self.body_class = outer_class;
        self.class_scope = outer_scope;
        let class_env = std::mem::replace(&mut self.env, saved);
        for (attr, local) in class_env {
            if self.env.get(&attr) != Some(&local) {
                self.class_attrs.insert(Name::from(format!("{class_name}.{attr}")), local.ty);
            }
        }
        if class_name.as_str() != own_name {
            let class = ClassRef { file: self.file, name: class_name };
            if crate::hir::index::class_item(self.db, self.file, &class.name).is_some() {
                self.bind(own_name, Ty::TypeOf(Box::new(Ty::instance_of(class))), None);
            }
        }
    }

    /// The class scope of `class` where classes are nested in it.
    fn class_scope_of(&self, class: &str) -> Option<(Name, Vec<Name>)> {
        let nested = crate::hir::index::nested_class_names(crate::hir::module_index(self.db, self.file), class);
        (!nested.is_empty()).then(|| (Name::from(class), nested))
    }

    /// `def run(self)` in a module-level class body: `run` is the method, unbound (`alias = run`); a
    /// `@staticmethod` is its function; what other decorators make of it is not followed.
    fn bind_method_name(&mut self, def: Node<'_>) {
        let Some(name) = field(def, "name") else { return };
        let class = self.body_class.clone().filter(|_| is_in_indexed_class(def));
        let method = class.map(|class| ClassRef { file: self.file, name: class }).and_then(|class| {
            let method =
                FunctionRef { file: self.file, class: Some(class.name.clone()), name: Name::from(self.text(name)) };
            super::function_item(self.db, &method).map(|item| (class, method, item))
        });
        let ty = match method {
            Some((class, method, item)) if item.decorators.is_empty() => {
                Ty::UnboundMethod(method, Box::new(Ty::self_of(class)))
            }
            Some((_, method, item)) if item.has_decorator("staticmethod") && item.decorators.len() == 1 => {
                Ty::Function(method)
            }
            _ => Ty::Unknown,
        };
        self.bind(self.text(name), ty, None);
    }

    /// `UserId = NewType("UserId", int)` at module level: the class the module index made of it.
    fn new_type(&self, left: Node<'_>, right: Node<'_>) -> Option<Ty> {
        if !self.at_module_top_level() || left.kind() != "identifier" || right.kind() != "call" {
            return None;
        }
        let name = self.text(left);
        let index = crate::hir::module_index(self.db, self.file);
        let item = match index.bindings.get(name) {
            Some(crate::hir::index::Binding::Class(i)) => index.classes.get(*i as usize)?,
            _ => return None,
        };
        let callee = field(right, "function").map(|f| self.text(f))?;
        (callee.rsplit('.').next() == Some("NewType") && item.body.is_empty() && item.bases.len() == 1)
            .then(|| Ty::TypeOf(Box::new(Ty::instance_of(ClassRef { file: self.file, name: Name::from(name) }))))
    }

    /// Returns true when the statement never completes (a call to a `NoReturn` function).
    fn expression_statement(&mut self, node: Node<'_>) -> bool {
        match node.kind() {
            "assignment" => {
                self.assignment(node);
            }
            "augmented_assignment" => {
                let (Some(left), Some(right)) = (field(node, "left"), field(node, "right")) else { return false };
                let ty =
                    self.binary(node, left, right, field(node, "operator").map(|o| self.text(o).trim_end_matches('=')));
                if left.kind() == "identifier" {
                    self.record(left, &ty);
                    self.declare(self.text(left), &ty);
                    self.bind(self.text(left), ty, None);
                }
            }
            // A call to a `NoReturn` function ends the flow; `reveal_type(x)` of a `Never` value does not.
            _ => {
                self.expr(node);
                let is_reveal = field(node, "function").is_some_and(|f| self.text(f).ends_with("reveal_type"));
                return node.kind() == "call"
                    && !is_reveal
                    && super::call_ends_flow(self.db, self.mode.view(), node, &self.result.exprs);
            }
        }
        false
    }

    /// Binds an assignment's targets; returns the value assigned (`a = b = value` binds both to
    /// `value`, whatever reading `b` back would give).
    fn assignment(&mut self, node: Node<'_>) -> Ty {
        let Some(left) = field(node, "left") else { return Ty::Unknown };
        let annotated = field(node, "type").map(|t| self.annotation_in_scope(t));
        let local = left.kind() == "identifier" && !self.in_class_body;
        // A bare `Final` or a `TypeAlias` declares no type: the value is the variable's.
        let declares_type =
            |d: &&Ty| !d.is_unknown() && !matches!(d.ext_name(), Some("typing.Final" | "typing.TypeAlias"));
        if let (true, Some(declared)) = (local, annotated.as_ref().filter(declares_type)) {
            self.local_declared.insert(Name::from(self.text(left)), declared.clone());
        }
        let is_type_alias = annotated.as_ref().is_some_and(|a| a.ext_name() == Some("typing.TypeAlias"));
        let annotated = annotated.filter(|_| !is_type_alias);
        let declared = match annotated {
            None if local => {
                self.local_declared.get(self.text(left)).cloned().or_else(|| self.global_declaration(self.text(left)))
            }
            annotated => annotated,
        };
        // `cols = ["a"]` in a class whose base declares `cols: List[str]`: the base's declaration.
        let inherited = match (&declared, &self.body_class) {
            (None, Some(class)) if left.kind() == "identifier" => {
                let class = ClassRef { file: self.file, name: class.clone() };
                super::members::inherited_declaration(self, &class, self.text(left))
            }
            _ => None,
        };
        let (value, column_name) = match field(node, "right") {
            Some(right) if right.kind() == "assignment" => (self.assignment(right), None),
            Some(right) if is_type_alias => {
                let ty = self.expr(right);
                (self.type_alias_value(right).unwrap_or(ty), None)
            }
            Some(right) => {
                let assigned = self.inferring_attributes.then(|| self_attribute(self, left)).flatten();
                let outer = std::mem::replace(&mut self.assigning_attribute, assigned);
                let ty = self.expr(right);
                self.assigning_attribute = outer;
                let ty = self.new_type(left, right).unwrap_or(ty);
                let ty = match declared.as_ref().or(inherited.as_ref()) {
                    Some(expected) => expected_display(self.db, right, ty, expected),
                    None => ty,
                };
                (ty, super::rows::column_name(self, right))
            }
            None => (Ty::Unknown, None),
        };
        // A class variable is what subclasses and instances may rebind: type checkers give it its
        // declared type even right after the assignment (`status = "Error"` is a `str`).
        let constant = left.kind() == "identifier" && is_constant_name(self.text(left));
        // With a declaration, the value narrows it as anywhere (`domain: str = "x"` is `Literal['x']`).
        let undeclared = field(node, "type").is_none();
        // To type checkers a name a base declares narrows that declaration (`cache_ok = True` of a
        // `TypeDecorator` is `Literal[True]`; `__tablename__` of a `DeclarativeBase` stays `Any`);
        // the precise view keeps the value.
        let inherited = inherited.filter(|_| !self.mode.precise);
        let value = if self.in_class_body && !constant && undeclared && inherited.is_none() {
            widen_declared(value)
        } else {
            value
        };
        if let Some(declared) = declared.as_ref().filter(declares_type) {
            // The precise view keeps the value a module ends with (`request: Request = LocalProxy()`
            // is a proxy at run time).
            if self.module_scope && !self.in_class_body && !self.mode.precise && left.kind() == "identifier" {
                self.declared.insert(Name::from(self.text(left)), declared.clone());
            }
        }
        let declared = declared.or(inherited);
        let ty = match declared {
            // The declared type narrows to the assigned value's type, as pyright does on assignment.
            Some(declared) if field(node, "right").is_none() || value.is_unknown() => declared,
            Some(declared) => self.narrow_to_declared(declared, value.clone()),
            None => value.clone(),
        };
        self.bind_target(left, ty, column_name);
        value
    }

    /// A nested function as its decorator makes it: `@functools.wraps(f)` a `_Wrapped` of `f` and
    /// the function; any other decorator, what we cannot tell.
    fn decorated_nested_function(&mut self, decorated: Node<'_>, signature: &Ty) -> Ty {
        let decorators: Vec<Node<'_>> =
            named_children(decorated).into_iter().filter(|n| n.kind() == "decorator").collect();
        let [decorator] = decorators.as_slice() else { return Ty::Unknown };
        let Some(call) = named_children(*decorator).into_iter().next().filter(|n| n.kind() == "call") else {
            return Ty::Unknown;
        };
        let callee = field(call, "function").map(|f| self.expr(f)).unwrap_or(Ty::Unknown);
        let arguments = field(call, "arguments").map(named_children).unwrap_or_default();
        match (super::stdlib::function_symbol(self, &callee).as_deref(), arguments.first()) {
            (Some("functools.wraps"), Some(wrapped)) if wrapped.kind() != "keyword_argument" => {
                let wrapped = self.expr(*wrapped);
                super::wrappers::wrapped(self.db, self.mode.view(), &wrapped, signature)
            }
            _ => Ty::Unknown,
        }
    }

    /// `("a", 1)`: a tuple keeps its items' literals, not those of a tuple within it. `(*args,
    /// kwargs)`: a tuple of fixed length spreads its items in place; an iterable of unknown length
    /// alone makes `tuple[T, ...]`, beside other items a tuple whose length we do not hold
    /// (pyright's `tuple[*tuple[T, ...], dict[str, Any]]`), unknown.
    fn tuple_display(&mut self, children: &[Node<'_>]) -> Ty {
        let mut items = Vec::new();
        for child in children {
            if child.kind() != "list_splat" {
                let ty = self.expr(*child);
                items.push(if matches!(ty, Ty::Tuple(..)) { widen_literal(ty) } else { ty });
                continue;
            }
            let spread = named_children(*child).into_iter().next().map(|x| self.expr(x)).unwrap_or(Ty::Unknown);
            match spread {
                Ty::Tuple(_, spread_items) if spread.homogeneous_item().is_none() => items.extend(spread_items),
                _ if children.len() == 1 => {
                    let element = super::members::iterate(self, &spread, false);
                    return Ty::Tuple(TupleSpelling::Builtin, vec![element, Ty::ext("...")]);
                }
                _ => return Ty::Unknown,
            }
        }
        Ty::Tuple(TupleSpelling::Builtin, items)
    }

    /// Binds an assignment or loop target, unpacking tuples and rows.
    pub(super) fn bind_target(&mut self, target: Node<'_>, ty: Ty, column_name: Option<Name>) {
        let target = unparenthesize(target);
        match target.kind() {
            "identifier" => {
                self.record(target, &ty);
                self.declare(self.text(target), &ty);
                self.bind(self.text(target), ty, column_name);
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" | "expression_list" => {
                let targets = named_children(target);
                let starred = targets.iter().position(|t| matches!(t.kind(), "list_splat_pattern" | "list_splat"));
                match starred {
                    // `first, *rest = items`: the starred name collects a list of the elements.
                    Some(_) => {
                        let element = super::members::iterate(self, &ty, false);
                        for target in targets {
                            if matches!(target.kind(), "list_splat_pattern" | "list_splat") {
                                if let Some(inner) = named_children(target).into_iter().next() {
                                    let list = Ty::ext_generic("builtins.list", vec![element.clone()]);
                                    self.bind_target(inner, list, None);
                                }
                            } else {
                                self.bind_target(target, element.clone(), None);
                            }
                        }
                    }
                    None => {
                        let items = super::members::unpack(self, &ty, targets.len());
                        for (target, item) in targets.into_iter().zip(items) {
                            self.bind_target(target, item, None);
                        }
                    }
                }
            }
            "list_splat_pattern" => {}
            "attribute" => {
                self.expr(target);
                let (Some(object), Some(attr)) = (field(target, "object"), field(target, "attribute")) else {
                    return;
                };
                let object = self.recorded(object).cloned().unwrap_or(Ty::Unknown);
                let attr = self.text(attr);
                // `self.engine = create_engine(url)` narrows `self.engine` to what is assigned for
                // the rest of the function, as on a name: within its annotation where it has one.
                // Not a mapped attribute (a descriptor that coerces what it is given) nor at module
                // level (whose bindings are names). To type checkers a `synonym(...)` not declared
                // `Mapped[...]` is a `SynonymProperty`, no descriptor: it narrows.
                let mapped = match &object {
                    Ty::Instance(crate::types::Class::User(class), _) => crate::models::model_registry(self.db)
                        .model(class)
                        .and_then(|m| m.attribute(attr))
                        .is_some_and(|a| a.typed || a.kind != crate::models::AttrKind::Synonym || self.mode.precise),
                    _ => false,
                };
                // `Assignment.max_score = column_property(...)` after `max_score = None` in the
                // body: type checkers keep the body's declaration; at run time the attribute is
                // what the mapper makes of the value, which the precise view does not claim.
                if self.module_scope
                    && self.mode.precise
                    && let Ty::TypeOf(class) = &object
                    && let Ty::Instance(crate::types::Class::User(class), _) = class.as_ref()
                    && class.file == self.file
                {
                    self.class_attrs.insert(Name::from(format!("{}.{attr}", class.name)), Ty::Unknown);
                }
                if self.module_scope || mapped || !super::narrowing::is_name_chain(target) {
                    return;
                }
                let ty = if super::members::is_annotated_attribute(self, &object, attr) {
                    // The declared type, not what it was narrowed to before.
                    let declared = super::members::attribute(self, &object, attr);
                    if ty.is_unknown() { declared } else { self.narrow_to_declared(declared, ty) }
                } else {
                    ty
                };
                // The target holds what it was given (what methods assign to `self` is read here).
                self.record(target, &ty);
                self.bind(self.text(target), ty, column_name);
            }
            _ => {
                // Subscript targets: evaluate for hover, bind nothing.
                self.expr(target);
            }
        }
    }

    /// `try`: a handler starts from what held before the body or before any of its statements
    /// that calls or raises (where an exception comes from, as pyright's flow graph has it); after
    /// the statement, the body's end (through its `else`) and each handler's that does not exit
    /// join; `finally` runs on that.
    fn try_statement(&mut self, stmt: Node<'_>) {
        let before = self.env.clone();
        let mut body_end: Option<(Env, bool)> = None;
        let mut raised_from: Vec<Env> = vec![before.clone()];
        let mut handler_start: Option<Env> = None;
        let mut live: Vec<Env> = Vec::new();
        let mut finally = None;
        for child in named_children(stmt) {
            match child.kind() {
                "block" => {
                    let mut exits = false;
                    let outer_try = std::mem::replace(&mut self.in_try_body, self.module_scope);
                    for inner in named_children(child) {
                        if may_raise(inner) {
                            raised_from.push(self.env.clone());
                        }
                        if self.statement(inner) {
                            exits = true;
                            break;
                        }
                    }
                    self.in_try_body = outer_try;
                    body_end = Some((self.env.clone(), exits));
                }
                "except_clause" | "except_group_clause" => {
                    let start = match &handler_start {
                        Some(start) => start.clone(),
                        None => {
                            let start = self.merge_envs(&before, std::mem::take(&mut raised_from));
                            handler_start = Some(start.clone());
                            start
                        }
                    };
                    self.env = start;
                    self.bind_exception(child);
                    if !self.clause_body(child) {
                        live.push(self.env.clone());
                    }
                }
                "else_clause" => {
                    if let Some((env, false)) = body_end.take() {
                        self.env = env;
                        let exits = self.clause_body(child);
                        body_end = Some((self.env.clone(), exits));
                    }
                }
                "finally_clause" => finally = Some(child),
                _ => {}
            }
        }
        if let Some((env, false)) = body_end {
            live.insert(0, env);
        }
        self.env = if live.is_empty() { before.clone() } else { self.merge_envs(&before, live) };
        if let Some(finally) = finally {
            self.clause_body(finally);
        }
    }

    /// The block of an `except`/`else`/`finally` clause (and an `except ... as e` pattern's
    /// expressions); whether it exits.
    fn clause_body(&mut self, clause: Node<'_>) -> bool {
        let mut exits = false;
        for part in named_children(clause) {
            if part.kind() == "block" {
                exits = self.block(part);
            } else if part.kind() == "as_pattern" {
                self.expr(part);
            }
        }
        exits
    }

    /// `except ValueError as e:` binds `e` to a `ValueError`; `except (A, B) as e:` to `A | B`.
    fn bind_exception(&mut self, clause: Node<'_>) {
        // Parsed as `value` and `alias`, or as one `as_pattern` (`ValueError as e`).
        let Some(value) = field(clause, "value") else { return };
        let (value, alias) = match value.kind() {
            "as_pattern" => (named_children(value).into_iter().next(), field(value, "alias")),
            _ => (Some(value), field(clause, "alias")),
        };
        let (Some(value), Some(alias)) = (value, alias) else { return };
        let alias = match alias.kind() {
            "as_pattern_target" => named_children(alias).into_iter().next().unwrap_or(alias),
            _ => alias,
        };
        let caught = self.expr(value);
        let instance = |ty: &Ty| match ty {
            Ty::TypeOf(instance) => (**instance).clone(),
            _ => Ty::Unknown,
        };
        let ty = match &caught {
            Ty::Tuple(_, items) => Ty::union(items.iter().map(instance).collect()),
            single => instance(single),
        };
        if alias.kind() == "identifier" {
            self.record(alias, &ty);
            self.declare(self.text(alias), &ty);
            self.bind(self.text(alias), ty, None);
        }
    }

    fn if_statement(&mut self, stmt: Node<'_>) -> bool {
        let condition = field(stmt, "condition");
        if let Some(condition) = condition {
            self.expr(condition);
        }
        let before = self.env.clone();
        if let Some(condition) = condition {
            narrowing::narrow(self, condition, true);
        }
        let mut exits = Vec::new();
        let consequence_exits = field(stmt, "consequence").is_some_and(|b| self.block(b));
        exits.push((std::mem::replace(&mut self.env, before.clone()), consequence_exits));
        // Each `elif`/`else` starts from the negation of everything before it.
        let mut negated = before.clone();
        if let Some(condition) = condition {
            self.env = negated.clone();
            narrowing::narrow(self, condition, false);
            negated = self.env.clone();
        }
        let mut has_else = false;
        for clause in named_children(stmt) {
            match clause.kind() {
                "elif_clause" => {
                    self.env = negated.clone();
                    let cond = field(clause, "condition");
                    if let Some(cond) = cond {
                        self.expr(cond);
                        narrowing::narrow(self, cond, true);
                    }
                    let exit = field(clause, "consequence").is_some_and(|b| self.block(b));
                    exits.push((self.env.clone(), exit));
                    self.env = negated.clone();
                    if let Some(cond) = cond {
                        narrowing::narrow(self, cond, false);
                    }
                    negated = self.env.clone();
                }
                "else_clause" => {
                    has_else = true;
                    self.env = negated.clone();
                    let exit = field(clause, "body").is_some_and(|b| self.block(b));
                    exits.push((self.env.clone(), exit));
                }
                _ => {}
            }
        }
        if !has_else {
            exits.push((negated, false));
        }
        // Type checkers take `TYPE_CHECKING` as true (pyright's static conditions): the branches
        // it rules out are unreachable to them. At run time it is false; the precise view keeps
        // every branch.
        match condition.filter(|_| !self.mode.precise).and_then(|c| self.type_checking_condition(c)) {
            Some(true) => exits.iter_mut().skip(1).for_each(|(_, exit)| *exit = true),
            Some(false) => exits[0].1 = true,
            None => {}
        }
        let live: Vec<Env> = exits.iter().filter(|(_, exit)| !exit).map(|(env, _)| env.clone()).collect();
        self.join_branches(before, live)
    }

    /// `TYPE_CHECKING` (or `typing.TYPE_CHECKING`): `Some(true)`; `not TYPE_CHECKING`: `Some(false)`.
    fn type_checking_condition(&self, condition: Node<'_>) -> Option<bool> {
        let condition = unparenthesize(condition);
        match condition.kind() {
            "identifier" => (self.text(condition) == "TYPE_CHECKING").then_some(true),
            "attribute" => {
                field(condition, "attribute").filter(|name| self.text(*name) == "TYPE_CHECKING").map(|_| true)
            }
            "not_operator" => {
                field(condition, "argument").and_then(|inner| self.type_checking_condition(inner)).map(|b| !b)
            }
            _ => None,
        }
    }

    /// After branches: what the ones that fall through bound, joined; where none does, every way
    /// through exits (the names stay as before). Whether every way exits.
    fn join_branches(&mut self, before: Env, live: Vec<Env>) -> bool {
        if live.is_empty() {
            self.env = before;
            return true;
        }
        self.env = self.merge_envs(&before, live);
        false
    }

    /// `match subject: case ...:`: each case starts from what was bound before, its captures
    /// unknown (the subject is not narrowed); without a case that always matches, none may run.
    /// Whether every way through exits.
    fn match_statement(&mut self, stmt: Node<'_>) -> bool {
        for subject in named_children(stmt).into_iter().filter(|c| c.kind() != "block") {
            self.expr(subject);
        }
        let cases: Vec<Node<'_>> = field(stmt, "body")
            .map(named_children)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.kind() == "case_clause")
            .collect();
        let before = self.env.clone();
        let mut live = Vec::new();
        let mut exhaustive = false;
        for case in cases {
            self.env = before.clone();
            for name in super::patterns::captures(case) {
                self.record(name, &Ty::Unknown);
                self.bind(self.text(name), Ty::Unknown, None);
            }
            if let Some(guard) = field(case, "guard") {
                for condition in named_children(guard) {
                    self.expr(condition);
                    narrowing::narrow(self, condition, true);
                }
            }
            if !field(case, "consequence").is_some_and(|body| self.block(body)) {
                live.push(self.env.clone());
            }
            exhaustive |= super::patterns::is_irrefutable(case);
        }
        if !exhaustive {
            live.push(before.clone());
        }
        self.join_branches(before, live)
    }

    fn for_statement(&mut self, stmt: Node<'_>) {
        let element = match field(stmt, "right") {
            Some(iterable) => {
                let ty = self.expr(iterable);
                let is_async = stmt.child(0).is_some_and(|c| c.kind() == "async");
                super::members::iterate(self, &ty, is_async)
            }
            None => Ty::Unknown,
        };
        if let Some(left) = field(stmt, "left") {
            self.bind_target(left, element, None);
        }
        self.branch_body(field(stmt, "body"));
        if let Some(alternative) = field(stmt, "alternative") {
            self.branch_body(Some(alternative));
        }
    }

    /// A loop body: it may not run, so names it binds merge with their types before it.
    fn branch_body(&mut self, body: Option<Node<'_>>) {
        let Some(body) = body else { return };
        let before = self.env.clone();
        let body = if body.kind() == "else_clause" { field(body, "body").unwrap_or(body) } else { body };
        self.block(body);
        self.merge_from(before);
    }

    fn merge_from(&mut self, before: Env) {
        let after = std::mem::take(&mut self.env);
        self.env = self.merge_envs(&before, vec![before.clone(), after]);
    }

    /// The names each branch binds, joined. A name one branch leaves unbound is left out there
    /// (type checkers report it possibly unbound); an attribute chain one branch does not narrow
    /// (`if x: self.items = []`) is its declared type there.
    pub(super) fn merge_envs(&mut self, before: &Env, branches: Vec<Env>) -> Env {
        let mut merged = Env::default();
        let mut names: Vec<&Name> = branches.iter().flat_map(|b| b.keys()).collect();
        names.sort();
        names.dedup();
        for name in names {
            let mut types = Vec::new();
            let mut column_name = None;
            for branch in &branches {
                match branch.get(name).or_else(|| before.get(name)) {
                    Some(local) => {
                        types.push(local.ty.clone());
                        column_name = column_name.or(local.column_name.clone());
                    }
                    None if name.contains('.') => types.push(self.unnarrowed(before, name)),
                    None => {}
                }
            }
            merged.insert(name.clone(), Local { ty: Ty::union(types), column_name });
        }
        merged
    }

    /// What an attribute chain (`self.items`) reads where nothing narrowed it.
    fn unnarrowed(&mut self, env: &Env, chain: &str) -> Ty {
        let Some((object, attr)) = chain.rsplit_once('.') else { return Ty::Unknown };
        let object = match env.get(object) {
            Some(local) => local.ty.clone(),
            None if object.contains('.') => self.unnarrowed(env, object),
            None => {
                let saved = std::mem::replace(&mut self.env, env.clone());
                let ty = self.name(object);
                self.env = saved;
                ty
            }
        };
        super::members::attribute(self, &object, attr)
    }

    fn with_statement(&mut self, stmt: Node<'_>) {
        let is_async = stmt.child(0).is_some_and(|c| c.kind() == "async");
        for clause in named_children(stmt) {
            if clause.kind() != "with_clause" {
                continue;
            }
            for item in named_children(clause) {
                let Some(value) = field(item, "value") else { continue };
                if value.kind() == "as_pattern" {
                    let Some(manager) = named_children(value).into_iter().next() else { continue };
                    let manager_ty = self.expr(manager);
                    let entered = super::members::enter(self, &manager_ty, is_async);
                    if let Some(target) = field(value, "alias") {
                        let target = named_children(target).into_iter().next().unwrap_or(target);
                        self.bind_target(target, entered, None);
                    }
                } else {
                    self.expr(value);
                }
            }
        }
        if let Some(body) = field(stmt, "body") {
            self.block(body);
        }
    }

    // ---- expressions ----

    pub fn expr(&mut self, node: Node<'_>) -> Ty {
        if self.depth > MAX_EXPR_DEPTH {
            return Ty::Unknown;
        }
        self.depth += 1;
        let ty = self.expr_inner(node);
        self.depth -= 1;
        // pyright's mark of an empty `[]`/`{}` stays on the container read back (`rows`, `o[0]`,
        // `[] if c else rows`); the item taken out of one is a plain `Unknown`, and what a call
        // returns is a new container (`list(rows)`) or an inferred return, never marked.
        let ty = match node.kind() {
            "call" | "await" => ty.without_empty_mark(),
            _ => ty.without_empty_item(),
        };
        self.record(node, &ty);
        ty
    }

    fn expr_inner(&mut self, node: Node<'_>) -> Ty {
        match node.kind() {
            "identifier" => self.name(self.text(node)),
            "parenthesized_expression" => match named_children(node).into_iter().next() {
                Some(inner) => self.expr(inner),
                None => Ty::Unknown,
            },
            "attribute" => {
                let (Some(object), Some(attr)) = (field(node, "object"), field(node, "attribute")) else {
                    return Ty::Unknown;
                };
                if let Some(class) = self.super_receiver(object) {
                    // What the bases' methods are called on: `self`.
                    if let Some(receiver) = self.own_self() {
                        self.record(object, &receiver);
                    }
                    let ty = super::members::super_attribute(self, &class, self.text(attr));
                    self.record(attr, &ty);
                    return ty;
                }
                // An empty `[]`'s methods are a `list[Unknown]`'s.
                let object_ty = self.expr(object).without_empty_mark();
                // A narrowed attribute chain (`if user.profile is not None:`) reads its narrowed type.
                let ty = match self.env.get(self.text(node)) {
                    Some(local) => local.ty.clone(),
                    None => super::members::attribute(self, &object_ty, self.text(attr)),
                };
                self.record(attr, &ty);
                ty
            }
            "call" => super::calls::call(self, node),
            "subscript" => {
                let Some(value) = field(node, "value") else { return Ty::Unknown };
                let value_ty = self.expr(value).without_empty_mark();
                let mut cursor = node.walk();
                let indexes: Vec<Node<'_>> = node.children_by_field_name("subscript", &mut cursor).collect();
                for index in &indexes {
                    self.expr(*index);
                }
                if let Some(special) = self.special_form_value(value, &indexes, node) {
                    return special;
                }
                super::members::subscript(self, &value_ty, &indexes)
            }
            "yield" => {
                let inner = named_children(node).into_iter().next();
                let is_from = node.child(1).is_some_and(|c| c.kind() == "from");
                let ty = match inner {
                    Some(value) if is_from => {
                        self.expr(value);
                        Ty::Unknown
                    }
                    Some(value) => self.expr(value),
                    None => Ty::None,
                };
                self.result.yields.get_or_insert_with(Vec::new).push(ty);
                // What `send` gives the generator: type checkers do not know it either.
                Ty::Unknown
            }
            "await" => {
                let inner = named_children(node).into_iter().next();
                let ty = inner.map(|i| self.expr(i)).unwrap_or(Ty::Unknown);
                super::members::awaited(self, &ty)
            }
            "string" | "concatenated_string" => {
                let parts = if node.kind() == "string" { vec![node] } else { named_children(node) };
                let mut interpolated = Vec::new();
                for child in parts.iter().flat_map(|part| named_children(*part)) {
                    if child.kind() == "interpolation"
                        && let Some(expr) = named_children(child).into_iter().next()
                    {
                        interpolated.push(self.expr(expr));
                    }
                }
                let text = self.text(node);
                let prefix = text.split(['\'', '"']).next().unwrap_or_default();
                let is_bytes = prefix.contains(['b', 'B']);
                match crate::syntax::node_ext::string_value(node, self.parsed.text()) {
                    Some(value) if is_bytes => Ty::Literal(Literal::Bytes(Name::from(value))),
                    Some(value) => match crate::types::literal::decode_escapes(&value, prefix.contains(['r', 'R'])) {
                        Some(value) => Ty::Literal(Literal::Str(Name::from(value))),
                        None => Ty::builtin("str"),
                    },
                    None if is_bytes => Ty::builtin("bytes"),
                    // `f"sqlite:///{name}"` of literal strings only (a union of them too) is a
                    // `LiteralString`.
                    None if !interpolated.is_empty()
                        && interpolated
                            .iter()
                            .flat_map(Ty::union_parts)
                            .all(super::builtin_methods::is_literal_string) =>
                    {
                        Ty::ext("typing.LiteralString")
                    }
                    None => Ty::builtin("str"),
                }
            }
            "integer" => match crate::types::literal::parse_int(self.text(node)) {
                Some(value) => Ty::Literal(Literal::Int(value)),
                None if self.text(node).ends_with(['j', 'J']) => Ty::builtin("complex"),
                None => Ty::builtin("int"),
            },
            "float" if self.text(node).ends_with(['j', 'J']) => Ty::builtin("complex"),
            "float" => Ty::builtin("float"),
            "true" => Ty::Literal(Literal::Bool(true)),
            "false" => Ty::Literal(Literal::Bool(false)),
            "none" => Ty::None,
            "ellipsis" => Ty::ext("types.EllipsisType"),
            "comparison_operator" => self.comparison(node),
            "binary_operator" => {
                let (Some(left), Some(right)) = (field(node, "left"), field(node, "right")) else {
                    return Ty::Unknown;
                };
                let operator = field(node, "operator").map(|o| self.text(o));
                self.binary(node, left, right, operator)
            }
            "boolean_operator" => {
                let (Some(left), Some(right)) = (field(node, "left"), field(node, "right")) else {
                    return Ty::Unknown;
                };
                let is_or = field(node, "operator").is_some_and(|o| self.text(o) == "or");
                let left_node = left;
                let left = self.expr(left);
                // The right operand runs where the left one was true (`and`) or false (`or`):
                // `n is not None and n > 3`.
                let before = self.env.clone();
                super::narrowing::narrow(self, left_node, !is_or);
                let narrowed: Vec<Name> = self
                    .env
                    .iter()
                    .filter(|(name, local)| before.get(*name) != Some(*local))
                    .map(|(n, _)| n.clone())
                    .collect();
                // `cols or []`: the display is what the left operand is.
                let right = {
                    let ty = self.expr(right);
                    expected_display(self.db, right, ty, &left)
                };
                // What the right operand binds (`(x := f()) is not None`) stays; the narrowing
                // does not.
                for name in narrowed {
                    match before.get(&name) {
                        Some(local) => self.env.insert(name, local.clone()),
                        None => self.env.remove(&name),
                    };
                }
                super::members::boolean_operator(self, left, right, is_or)
            }
            "not_operator" => {
                if let Some(arg) = field(node, "argument") {
                    self.expr(arg);
                }
                Ty::builtin("bool")
            }
            "unary_operator" => {
                let Some(arg) = field(node, "argument") else { return Ty::Unknown };
                let ty = self.expr(arg);
                let dunder = match field(node, "operator").map(|o| self.text(o)) {
                    Some("-") => "__neg__",
                    Some("~") => "__invert__",
                    _ => "__pos__",
                };
                super::members::operator(self, &ty, dunder, &[])
            }
            // `a if condition else b`: each branch sees the condition narrowed its way
            // (`self.statement if statement is None else statement`).
            "conditional_expression" => {
                let parts = named_children(node);
                let [then, condition, otherwise] = parts.as_slice() else {
                    let types: Vec<Ty> = parts.iter().map(|p| self.expr(*p)).collect();
                    return Ty::union(types);
                };
                self.expr(*condition);
                let before = self.env.clone();
                super::narrowing::narrow(self, *condition, true);
                let then = self.expr(*then);
                self.env = before.clone();
                super::narrowing::narrow(self, *condition, false);
                let otherwise = self.expr(*otherwise);
                self.env = before;
                Ty::union(vec![then, otherwise])
            }
            // A tuple keeps its items' literal types, as type checkers infer it.
            "tuple" | "expression_list" => self.tuple_display(&named_children(node)),
            "list" | "set" => {
                let items: Vec<Ty> = named_children(node)
                    .into_iter()
                    .map(|n| match n.kind() {
                        // `[*xs, "a"]`: what `xs` holds.
                        "list_splat" => {
                            let spread = named_children(n).into_iter().next().map(|x| self.expr(x));
                            let spread = spread.unwrap_or(Ty::Unknown);
                            widen_item(super::members::iterate(self, &spread, false))
                        }
                        _ => widen_item(self.expr(n)),
                    })
                    .collect();
                let name = if node.kind() == "list" { "builtins.list" } else { "builtins.set" };
                if items.is_empty() {
                    return Ty::empty_display(name);
                }
                Ty::ext_generic(name, vec![self.join_elements(items)])
            }
            "dictionary" => {
                let mut keys = Vec::new();
                let mut values = Vec::new();
                for pair in named_children(node) {
                    if let (Some(k), Some(v)) = (field(pair, "key"), field(pair, "value")) {
                        keys.push(widen_item(self.expr(k)));
                        values.push(widen_item(self.expr(v)));
                    } else if pair.kind() == "dictionary_splat" {
                        // `{**kw, "x": 1}`: the keys and values of the mapping spread.
                        let spread = named_children(pair).into_iter().next().map(|x| self.expr(x));
                        let (key, value) = match spread.as_ref().map(|ty| (ty.ext_name(), ty.args())) {
                            Some((Some(class), [key, value])) if MAPPINGS.contains(&class) => {
                                (key.clone(), value.clone())
                            }
                            _ => (Ty::Unknown, Ty::Unknown),
                        };
                        keys.push(key);
                        values.push(value);
                    }
                }
                if keys.is_empty() {
                    return Ty::empty_display("builtins.dict");
                }
                Ty::ext_generic("builtins.dict", vec![self.join_elements(keys), self.join_elements(values)])
            }
            "list_comprehension" | "set_comprehension" | "generator_expression" | "dictionary_comprehension" => {
                self.comprehension(node)
            }
            "keyword_argument" => field(node, "value").map(|v| self.expr(v)).unwrap_or(Ty::Unknown),
            "list_splat" | "dictionary_splat" => {
                for child in named_children(node) {
                    self.expr(child);
                }
                Ty::Unknown
            }
            "lambda" => self.lambda(node),
            "as_pattern" => {
                for child in named_children(node) {
                    if child.kind() != "as_pattern_target" {
                        self.expr(child);
                    }
                }
                Ty::Unknown
            }
            "named_expression" => {
                let value = field(node, "value").map(|v| self.expr(v)).unwrap_or(Ty::Unknown);
                if let Some(name) = field(node, "name") {
                    self.record(name, &value);
                    self.declare(self.text(name), &value);
                    self.bind(self.text(name), value.clone(), None);
                }
                value
            }
            _ => {
                for child in named_children(node) {
                    self.expr(child);
                }
                Ty::Unknown
            }
        }
    }

    fn comprehension(&mut self, node: Node<'_>) -> Ty {
        let saved = self.env.clone();
        self.nested += 1;
        let children = named_children(node);
        for clause in &children {
            match clause.kind() {
                "for_in_clause" => {
                    let is_async = self.text(*clause).trim_start().starts_with("async")
                        || clause.prev_sibling().is_some_and(|p| p.kind() == "async");
                    let element = match field(*clause, "right") {
                        Some(right) => {
                            let ty = self.expr(right);
                            super::members::iterate(self, &ty, is_async)
                        }
                        None => Ty::Unknown,
                    };
                    if let Some(left) = field(*clause, "left") {
                        self.bind_target(left, element, None);
                    }
                }
                "if_clause" => {
                    if let Some(cond) = named_children(*clause).into_iter().next() {
                        self.expr(cond);
                        narrowing::narrow(self, cond, true);
                    }
                }
                _ => {}
            }
        }
        let ty = match node.kind() {
            "dictionary_comprehension" => {
                let pair = field(node, "body");
                let (k, v) = match pair {
                    Some(pair) => (
                        field(pair, "key").map(|k| widen_item(self.expr(k))).unwrap_or(Ty::Unknown),
                        field(pair, "value").map(|v| widen_item(self.expr(v))).unwrap_or(Ty::Unknown),
                    ),
                    None => (Ty::Unknown, Ty::Unknown),
                };
                Ty::ext_generic("builtins.dict", vec![k, v])
            }
            kind => {
                let element = field(node, "body").map(|b| self.expr(b)).unwrap_or(Ty::Unknown);
                let element = if kind == "generator_expression" { widen_literal(element) } else { widen_item(element) };
                match kind {
                    "list_comprehension" => Ty::ext_generic("builtins.list", vec![element]),
                    "set_comprehension" => Ty::ext_generic("builtins.set", vec![element]),
                    _ => Ty::ext_generic("typing.Generator", vec![element, Ty::None, Ty::None]),
                }
            }
        };
        self.nested -= 1;
        self.env = saved;
        ty
    }

    fn comparison(&mut self, node: Node<'_>) -> Ty {
        let operands = named_children(node);
        let operators: Vec<&str> = {
            let mut cursor = node.walk();
            node.children_by_field_name("operators", &mut cursor).map(|o| o.kind()).collect()
        };
        let types: Vec<Ty> = operands.iter().map(|o| self.expr(*o)).collect();
        if let (Some(left), Some(op)) = (types.first(), operators.first()) {
            let dunder = match *op {
                "==" => Some("__eq__"),
                "!=" => Some("__ne__"),
                "<" => Some("__lt__"),
                "<=" => Some("__le__"),
                ">" => Some("__gt__"),
                ">=" => Some("__ge__"),
                _ => None,
            };
            if let Some(dunder) = dunder {
                let result = super::members::operator(self, left, dunder, &types[1..]);
                // An unknown operand leaves the comparison unknown (`x == "desc"` may build SQL).
                let gradual = types.iter().take(2).any(|ty| ty.union_parts().iter().any(Ty::is_gradual));
                if !result.is_unknown() || super::members::table_class(left).is_some() || gradual {
                    return result;
                }
            }
        }
        Ty::builtin("bool")
    }

    pub(super) fn binary(&mut self, _node: Node<'_>, left: Node<'_>, right: Node<'_>, operator: Option<&str>) -> Ty {
        let left = self.expr(left);
        let right = self.expr(right);
        // `int | str` as a value: a `UnionType`.
        let is_class = |ty: &Ty| matches!(ty, Ty::TypeOf(_) | Ty::None);
        if operator == Some("|") && is_class(&left) && is_class(&right) {
            return Ty::ext("types.UnionType");
        }
        let dunder = match operator {
            Some("+") => "__add__",
            Some("-") => "__sub__",
            Some("*") => "__mul__",
            Some("/") => "__truediv__",
            Some("//") => "__floordiv__",
            Some("%") => "__mod__",
            Some("&") => "__and__",
            Some("|") => "__or__",
            Some("**") => "__pow__",
            Some("^") => "__xor__",
            Some("<<") => "__lshift__",
            Some(">>") => "__rshift__",
            _ => return Ty::Unknown,
        };
        super::members::operator(self, &left, dunder, &[right])
    }

    /// A typing form used as a value (`X = Union[int, str]`): a `UnionType` for unions, the
    /// alias's class object for a generic alias (`List[int]` is `type[List[int]]`).
    fn special_form_value(&self, head: Node<'_>, indexes: &[Node<'_>], node: Node<'_>) -> Option<Ty> {
        let head_expr = lower_expr(head, self.parsed.text());
        let Some(Definition::External(symbol)) = crate::hir::resolve_type_expr_symbol(self.db, self.file, &head_expr)
        else {
            return None;
        };
        let items = match indexes {
            [single] if single.kind() == "tuple" => Some(named_children(*single).len()),
            [] => None,
            many => Some(many.len()),
        };
        match symbol.as_str() {
            "typing.Union" | "typing.Optional" => Some(Ty::ext("types.UnionType")),
            "typing.Literal" if items.is_some_and(|n| n > 1) => Some(Ty::ext("types.UnionType")),
            "typing.List" | "typing.Dict" | "typing.Set" | "typing.FrozenSet" | "typing.Type" => {
                Some(Ty::TypeOf(Box::new(self.annotation(node))))
            }
            // Shown as the bare special form, which we do not track.
            "typing.Callable" | "collections.abc.Callable" => None,
            // `Sequence[int]`, `Select[Tuple[int]]`: the specialised class object.
            _ => Some(self.readable_annotation(node))
                .filter(|ty| is_specialised(ty) && !self.is_sqlalchemy_alias(ty))
                .map(|ty| Ty::TypeOf(Box::new(ty))),
        }
    }

    /// A type expression as type checkers read it in both views: a class of a library that is not
    /// installed is `Unknown`, the expression no class object we can show.
    fn readable_annotation(&self, node: Node<'_>) -> Ty {
        super::generics::declared_in_view(self.db, self.annotation_in_scope(node), false)
    }

    /// A SQLAlchemy name that is no class SQLAlchemy's snapshot holds (`ColumnExpressionArgument`,
    /// a union alias): not a class object we can show.
    fn is_sqlalchemy_alias(&self, ty: &Ty) -> bool {
        let Some(short) = ty.ext_name().and_then(|n| n.strip_prefix("sqlalchemy.")) else { return false };
        crate::sqlalchemy::annotations::snapshot(self.mode.series).is_some_and(|s| !s.has_class(short))
    }

    /// `X: TypeAlias = <type expression>` as a value (a string is the expression it spells): the
    /// class object, a `UnionType` for a union; `None` where the expression is no type we know.
    fn type_alias_value(&self, right: Node<'_>) -> Option<Ty> {
        match self.readable_annotation(right) {
            Ty::Union(_) => Some(Ty::ext("types.UnionType")),
            ty @ (Ty::None | Ty::Instance(..) | Ty::Tuple(..) | Ty::Rows(..)) => Some(Ty::TypeOf(Box::new(ty))),
            _ => None,
        }
    }

    /// `super()` (or `super(C, self)`) in a method of the class `C` being walked: the class whose
    /// bases the attribute is looked up in.
    fn super_receiver(&self, object: Node<'_>) -> Option<ClassRef> {
        let class = self.class.clone()?;
        if object.kind() != "call" || self.env.contains_key("super") {
            return None;
        }
        let function = field(object, "function")?;
        let args = field(object, "arguments").map(named_children).unwrap_or_default();
        let plain = function.kind() == "identifier" && self.text(function) == "super";
        let names_class = match args.as_slice() {
            [] => true,
            [owner, _] => self.text(*owner) == class.as_str(),
            _ => false,
        };
        (plain && names_class).then_some(ClassRef { file: self.file, name: class })
    }

    /// A name read in this scope: local, then module level, then builtins and imports.
    pub(super) fn name(&mut self, name: &str) -> Ty {
        let local = self.env.get(name).map(|local| local.ty.clone());
        if local.is_some() && !self.module_scope {
            return local.unwrap_or(Ty::Unknown);
        }
        // Read in the `try` body after the name's own assignment there, it is what was assigned.
        let assigned_in_try = self.in_try_body && local.is_some();
        let ty = match local {
            Some(ty) => ty,
            None => {
                // Type checkers take `if TYPE_CHECKING:` as true: what it imports is what they see,
                // where run time binds something else (`models = LazyImport("app.models")`).
                let resolved = if self.mode.precise {
                    resolve_name(self.db, self.file, name)
                } else {
                    crate::hir::resolve::resolve_type_name(self.db, self.file, name)
                };
                match resolved {
                    Some(def) => self.definition_type(&def),
                    None => return Ty::Unknown,
                }
            }
        };
        // `try: from sqlalchemy.orm import mapped_column` / `except ImportError: def
        // mapped_column(...)`: at run time the import is there; in its own module, type checkers
        // take the `def` (or class) for the name's declared type, which the import does not
        // narrow (other modules importing the name see the import). An import in the `except`
        // joins the `try`'s; a fallback assigned (`fcntl = None`) is the walk's own binding.
        match crate::hir::resolve::resolve_try_fallback(self.db, self.file, name) {
            Some(fallback) if !self.mode.precise && !matches!(fallback, Definition::Variable { .. }) => {
                if crate::hir::resolve::try_fallback_is_definition(self.db, self.file, name) {
                    self.definition_type(&fallback)
                } else if assigned_in_try {
                    ty
                } else {
                    Ty::union(vec![ty, self.definition_type(&fallback)])
                }
            }
            _ => ty,
        }
    }

    pub(super) fn definition_type(&self, def: &Definition) -> Ty {
        match def {
            Definition::Class { file, name } => {
                Ty::TypeOf(Box::new(Ty::instance_of(ClassRef { file: *file, name: name.clone() })))
            }
            Definition::Function { file, name } => {
                Ty::Function(FunctionRef { file: *file, class: None, name: name.clone() })
            }
            Definition::Variable { file, name } => {
                if crate::hir::is_flask_db(self.db, *file, name) {
                    return Ty::ext("flask_sqlalchemy.SQLAlchemy");
                }
                if *file == self.file && self.module_scope {
                    return Ty::Unknown;
                }
                // Read from a function of its own module, a variable has its declared type: what
                // all its assignments give, literals widened (`x = 3` is an `int` there) unless
                // the name is a constant's (`LIMIT = 3`). An import sees the value the module
                // ends with. As pyright reads them.
                if *file == self.file
                    && let Some(declared) = super::module_declarations(self.db, *file, self.mode.view()).get(name)
                {
                    return declared.clone();
                }
                if *file != self.file
                    && let Some(ty) = self.stub_variable(*file, name)
                {
                    return ty;
                }
                let ty = module_bindings(self.db, *file, self.mode.view()).get(name).cloned().unwrap_or(Ty::Unknown);
                if *file == self.file && !is_constant_name(name) { widen_declared(ty) } else { ty }
            }
            Definition::Module(_) | Definition::ExternalModule(_) => Ty::Module(def.clone()),
            // A name of a library that is not installed is unknown to type checkers (its class
            // is only guessed from its spelling, for the precise view).
            Definition::External(symbol) if !self.mode.precise && !is_known_library(symbol) => Ty::Unknown,
            Definition::External(symbol) => external_value(symbol),
            Definition::ModuleGetattr(file) => {
                let getattr = FunctionRef { file: *file, class: None, name: Name::from("__getattr__") };
                super::function_return_type(self.db, getattr, self.mode.view())
            }
        }
    }

    /// A variable of a stub (`.pyi`) as its declaration says: its annotation (`pi: Final[float]`),
    /// or the class an alias names (`int32 = signedinteger[_32Bit]`, `float32: TypeAlias = ...`).
    /// Read from the stub's index, not its walk: a library's stubs import one another in cycles
    /// (numpy's `__init__.pyi` and `numpy._typing`), where a walk would know nothing.
    fn stub_variable(&self, file: SourceFile, name: &str) -> Option<Ty> {
        if !crate::hir::is_stub(file.path(self.db)) {
            return None;
        }
        let Some(crate::hir::index::Binding::Variable { annotation, value }) =
            crate::hir::module_index(self.db, file).bindings.get(name)
        else {
            return None;
        };
        let scope = crate::types::annotation::TypeScope { db: self.db, file, registry_names: None };
        let declared = annotation.as_ref().map(|a| scope.eval(a));
        let alias = match &declared {
            Some(ty) if ty.ext_name() == Some("typing.TypeAlias") => true,
            Some(ty) if ty.is_unknown() || ty.ext_name() == Some("typing.Final") => return None,
            Some(ty) => return Some(super::generics::declared_in_view(self.db, ty.clone(), self.mode.precise)),
            None => false,
        };
        // An unannotated value is an alias only where it names a class.
        let aliased = scope.eval(value.as_ref()?);
        let names_class = matches!(value, Some(Expr::Name(_) | Expr::Attr(..) | Expr::Subscript(..)))
            && matches!(aliased, Ty::Instance(..));
        ((alias && !aliased.is_unknown()) || names_class).then(|| Ty::TypeOf(Box::new(aliased)))
    }

    pub(super) fn column_name_of_local(&self, name: &str) -> Option<Name> {
        self.env.get(name).and_then(|l| l.column_name.clone())
    }
}

fn is_statement(kind: &str) -> bool {
    kind.ends_with("_statement")
        || matches!(kind, "function_definition" | "class_definition" | "decorated_definition" | "ERROR")
}

/// An external name used as a value: a class object, a callable or a special object.
pub(super) fn external_value(symbol: &str) -> Ty {
    let short = symbol.rsplit('.').next().unwrap_or(symbol);
    let lowercase_classes = [
        "sessionmaker",
        "async_sessionmaker",
        "scoped_session",
        "async_scoped_session",
        "registry",
        "declared_attr",
        "hybrid_property",
        "hybrid_method",
        "int",
        "str",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
        "set",
        "tuple",
        "frozenset",
        "object",
        "type",
        "datetime",
        "date",
        "time",
        "timedelta",
        "count",
        "max",
        "min",
        "sum",
        "now",
    ];
    let is_class = short.chars().next().is_some_and(|c| c.is_ascii_uppercase()) || lowercase_classes.contains(&short);
    // A module's own `__file__` and `__name__`.
    match symbol {
        "builtins.__file__" | "builtins.__name__" => return Ty::builtin("str"),
        // Singletons, not classes (`return NotImplemented` in `__eq__`).
        "builtins.NotImplemented" => return Ty::ext("types.NotImplementedType"),
        "builtins.Ellipsis" => return Ty::ext("types.EllipsisType"),
        _ => {}
    }
    if symbol.starts_with("typing.") || symbol == "builtins.None" {
        return Ty::Special(symbol.into());
    }
    if is_class && !symbol.starts_with("sqlalchemy.func") {
        Ty::TypeOf(Box::new(Ty::Instance(Class::Ext(symbol.into()), Vec::new())))
    } else {
        Ty::Special(symbol.into())
    }
}

use crate::types::literal::is_constant_name;

/// A symbol of a library whose API we know as data (SQLAlchemy, SQLModel, Flask-SQLAlchemy,
/// Alembic's, `flask.abort`), or of the standard library.
pub(super) fn is_known_library(symbol: &str) -> bool {
    let module = symbol.rsplit_once('.').map_or(symbol, |(module, _)| module);
    crate::hir::is_native_module(module)
        || crate::hir::is_typeshed_module(module)
        || crate::sqlalchemy::api::is_known_symbol(symbol)
        || super::calls::NO_RETURN.contains(&symbol)
        || module.split('.').next() == Some("alembic")
}

/// What type checkers take an unannotated parameter with a default for: the default's type,
/// widened, and `Unknown | None` for `instance=None`.
fn unannotated_parameter(default: Ty) -> Ty {
    match default {
        Ty::None => Ty::union(vec![Ty::Unknown, Ty::None]),
        ty => widen_literal(ty),
    }
}

/// An import in the body of a module-level `try:` (`try: import etcd` / `except ImportError:`).
fn in_module_try(stmt: Node<'_>) -> bool {
    let Some(block) = stmt.parent().filter(|p| p.kind() == "block") else { return false };
    block.parent().is_some_and(|t| t.kind() == "try_statement" && t.parent().is_some_and(|m| m.kind() == "module"))
}

/// Whether a statement calls something or raises, where an exception may leave a `try` body.
fn may_raise(stmt: Node<'_>) -> bool {
    if matches!(stmt.kind(), "call" | "raise_statement" | "await") {
        return true;
    }
    // A nested function's body does not run here.
    if matches!(stmt.kind(), "function_definition" | "lambda") {
        return false;
    }
    named_children(stmt).into_iter().any(may_raise)
}

/// A list, dict or set display or comprehension takes the type expected of it where that is one
/// of its class (`x: List[str] = []` is a `List[str]`, `v: list[float] = [0 for _ in xs]` a
/// `list[float]`), as type checkers infer them bidirectionally; not where an item surely does not
/// fit (`tables: list[Table]` given `[t.name for t in tables]` is the `list[str]` it is).
pub(super) fn expected_display(db: &dyn Db, node: Node<'_>, value: Ty, expected: &Ty) -> Ty {
    if node.kind() == "call" {
        return expected_construction(db, value, expected);
    }
    let (classes, abstract_classes): (&[&str], &[&str]) = match node.kind() {
        "list" | "list_comprehension" => {
            (&["builtins.list", "typing.List"], &["Sequence", "MutableSequence", "Iterable", "Collection"])
        }
        "dictionary" | "dictionary_comprehension" => {
            (&["builtins.dict", "typing.Dict"], &["Mapping", "MutableMapping"])
        }
        "set" | "set_comprehension" => {
            (&["builtins.set", "typing.Set"], &["AbstractSet", "MutableSet", "Iterable", "Collection"])
        }
        _ => return value,
    };
    let expected = expected.without_none();
    // Type checkers try a union's members in turn: a `Sequence[T]` member makes an empty `[]` a
    // `list[T]` (`filters: Sequence[F] | None = ...; filters = []`), a `Mapping[K, V]` `{}` a
    // `dict[K, V]`; a display with items keeps the type they give.
    let empty =
        matches!(&value, Ty::Instance(_, args) if !args.is_empty() && args.iter().all(|a| *a == Ty::EmptyDisplayItem));
    let made = expected.union_parts().iter().find_map(|member| {
        let class = member.ext_name()?;
        let display = if classes.contains(&class) {
            member.clone()
        } else if empty
            && !member.args().is_empty()
            && super::containers::abc_name(class).is_some_and(|abc| abstract_classes.contains(&abc))
        {
            Ty::ext_generic(classes[0], member.args().to_vec())
        } else {
            return None;
        };
        (!super::overloads::an_item_surely_misfits(db, &display, &value)).then_some(display)
    });
    made.unwrap_or(value)
}

/// A container a call makes takes the type arguments expected of it where what its arguments
/// give is partly unknown (`children: dict[str, list[Span]] = defaultdict(list)` is a
/// `defaultdict[str, list[Span]]`): type checkers solve a constructor's type parameters from the
/// expected type first. Only where the class made is the expected one or derives from it with
/// the same parameters, and no argument surely misfits.
fn expected_construction(db: &dyn Db, value: Ty, expected: &Ty) -> Ty {
    let Some(made) = value.ext_name() else { return value };
    let supers: &[&str] = match made {
        "builtins.dict" | "collections.defaultdict" | "collections.OrderedDict" => {
            &["Dict", "Mapping", "MutableMapping"]
        }
        "builtins.list" => &["List", "Sequence", "MutableSequence", "Iterable", "Collection"],
        "builtins.set" => &["Set", "AbstractSet", "MutableSet", "Iterable", "Collection"],
        "collections.deque" => &["Deque", "Sequence", "MutableSequence", "Iterable", "Collection"],
        _ => return value,
    };
    if !super::calls::mentions_unknown(&value) {
        return value;
    }
    let made_args = value.args().len();
    let fits = |member: &&Ty| {
        let Some(class) = member.ext_name() else { return false };
        let short = match class {
            "builtins.dict" => Some("Dict"),
            "builtins.list" => Some("List"),
            "builtins.set" => Some("Set"),
            _ => super::containers::abc_name(class),
        };
        (class == made || short.is_some_and(|short| supers.contains(&short)))
            && member.args().len() == made_args
            && made_args > 0
    };
    let expected = expected.without_none();
    let Some(member) = expected.union_parts().iter().find(fits) else { return value };
    let made_as = Ty::ext_generic(made, member.args().to_vec());
    if super::overloads::an_item_surely_misfits(db, &made_as, &value) { value } else { made_as }
}

pub(super) use crate::types::literal::widen as widen_literal;
use crate::types::literal::widen_declared;
use crate::types::literal::widen_item;

/// Mapping classes whose two type arguments are their keys and values.
const MAPPINGS: &[&str] = &[
    "builtins.dict",
    "typing.Dict",
    "typing.Mapping",
    "typing.MutableMapping",
    "collections.abc.Mapping",
    "collections.abc.MutableMapping",
    "collections.defaultdict",
    "collections.OrderedDict",
];

impl Walker<'_> {
    /// The element type of a list, set or dict display: their union to us; to type checkers the
    /// one type all elements share, else `Unknown` (pyright without `strictListInference`:
    /// `[1, None]` is a `list[Unknown]`).
    fn join_elements(&mut self, items: Vec<Ty>) -> Ty {
        let Some(first) = items.first() else { return Ty::Unknown };
        if !self.mode.precise && items.iter().any(|item| !Ty::same_type(item, first)) && !self.same_signatures(&items) {
            return Ty::Unknown;
        }
        Ty::union(items)
    }

    /// Functions are the same type where their signatures are (`{"a": f, "b": g}`). Only asked
    /// in a scope's own inference, and at module level in its second pass: reading another
    /// function's signature may need the inference under way (a module's functions read its
    /// globals).
    fn same_signatures(&mut self, items: &[Ty]) -> bool {
        let own_scope = !self.in_class_body && self.calls_left.is_none();
        let plain_function = |ty: &Ty| match ty {
            Ty::Function(f) => Some(&f.name) != self.function_name.as_ref(),
            _ => false,
        };
        if !own_scope || self.inferring_attributes || !items.iter().all(plain_function) {
            return false;
        }
        if self.module_scope && self.defers_functions_of(self.file) {
            return false;
        }
        let mut signatures = items.iter().map(|item| super::signatures::shown(self.db, item, self.mode.view()));
        let first = signatures.next();
        signatures.all(|signature| Some(signature) == first)
    }
}

impl Walker<'_> {
    /// Assigning to a declared name. To type checkers an instance of a class with a base they
    /// cannot see (`Base = declarative_base()`) is assignable to anything, and so is a union
    /// holding one: the assignment stands, each such member narrows to a declaration of such a
    /// class, and the other members stay as given (`u: User = query.first()` is `User | None`).
    fn narrow_to_declared(&self, declared: Ty, value: Ty) -> Ty {
        let gradual = |ty: &Ty| super::members::is_gradual_instance(self, ty);
        if self.mode.precise || matches!(declared, Ty::Union(_)) || !value.union_parts().iter().any(gradual) {
            return narrow_declared(self.db, declared, value, self.mode.precise);
        }
        let declared_gradual = gradual(&declared);
        let parts = value
            .union_parts()
            .iter()
            .map(|part| if declared_gradual && gradual(part) { declared.clone() } else { part.clone() });
        Ty::union(parts.collect())
    }
}

/// Assigning to a declared name: pyright narrows to the assigned type when it is known.
fn narrow_declared(db: &dyn Db, declared: Ty, value: Ty, precise: bool) -> Ty {
    // `schemas: Optional[Dict[str, Any]] = {...}`: the display took the declaration's type.
    if declared.is_optional() && value == declared.without_none() {
        return value;
    }
    let mapped_value = |value: &Ty| {
        value.union_parts().iter().all(|part| {
            part.ext_name()
                .and_then(|name| name.strip_prefix("sqlalchemy."))
                .is_some_and(|class| crate::sqlalchemy::api::MAPPED_SUBCLASSES.contains(&class))
        })
    };
    let declares_mapped = declared.ext_name() == Some("sqlalchemy.Mapped");
    // `cookies: Mapped[dict[str, Any] | None] = mapped_column(...)` is the `MappedColumn[Any]`.
    if declares_mapped && mapped_value(&value) {
        return value;
    }
    if !precise
        && let Ty::Union(members) = &declared
        && let Some(narrowed) = narrow_sqlalchemy_members(members, &value)
    {
        return narrowed;
    }
    // `maker: type[sessionmaker[Session]] = sessionmaker`: a generic class object takes the
    // type arguments declared for it.
    if let (Ty::TypeOf(declared_class), Ty::TypeOf(given)) = (&declared, &value)
        && let (Ty::Instance(declared_class, args), Ty::Instance(given, given_args)) =
            (declared_class.as_ref(), given.as_ref())
        && declared_class == given
        && given_args.is_empty()
        && !args.is_empty()
    {
        return declared;
    }
    // `x: str | None = ...` then `x = None`: the member assigned. A gradual member is never
    // narrowed (`app: Optional[Flask] = None` of an unresolved `Flask` stays `Unknown | None`).
    if let Ty::Union(parts) = &declared
        && parts.contains(&value)
    {
        if !parts.iter().any(Ty::is_gradual) {
            return value;
        }
        if !precise {
            return Ty::Union(parts.iter().filter(|part| part.is_gradual() || **part == value).cloned().collect());
        }
    }
    // `fields: Optional[List[str]]` given `[name]` (a `list[str]`): the member it is, spelled as
    // declared.
    if let Ty::Instance(given, given_args) = &value
        && let Some(member) = declared.union_parts().iter().find(|part| {
            matches!(part, Ty::Instance(class, args) if class != given && class.is_same_runtime_class(given) && args == given_args)
        })
    {
        return member.clone();
    }
    // pyright keeps a declared type that mentions `Any` for a value of its class
    // (`stmt: Select[Any] = select(User)`), not for one of a subclass (`ColumnElement[Any]`
    // given a `UnaryExpression[Any]`); and one assigned a value partly unknown (`ids: List[int] = []`).
    let same_class = |d: &Ty| match (d, &value) {
        (Ty::Instance(declared, _), Ty::Instance(given, _)) => declared.is_same_runtime_class(given),
        // `serializer: Callable[[Any], str] = encode`: the function, as its signature.
        (_, Ty::Function(_) | Ty::UnboundMethod(..) | Ty::Signature(_)) => false,
        (Ty::Rows(declared, _), Ty::Rows(given, _)) => declared == given,
        (Ty::Literal(_) | Ty::None, _) => false,
        _ => true,
    };
    // `statuses: Optional[set[int]]` given `set()`: the expected member types the empty
    // container, as type checkers infer a call from the type it is assigned to.
    if let (Ty::Union(parts), Ty::Instance(given, args)) = (&declared, &value)
        && !args.is_empty()
        && args.iter().all(Ty::is_unknown)
        && let Some(member) = parts.iter().find(|part| matches!(part, Ty::Instance(class, _) if class == given))
    {
        return member.clone();
    }
    // A union of declared members (`ErrorMessages | None` for `ErrorMessages | EmptyType | None`)
    // narrows to itself; so does one with an unknown member (`"merge" if quiet else ask()`).
    if let Ty::Union(given) = &value {
        let known: Vec<&Ty> = given.iter().filter(|part| !part.is_unknown()).collect();
        let fits = |part: &&Ty| {
            declared.union_parts().contains(part) || super::overloads::assignable(db, &declared, part) == Some(true)
        };
        if !known.is_empty() && !known.contains(&&Ty::Any) && known.iter().all(fits) {
            return value;
        }
    }
    // `var: ContextVar[str | None] = ContextVar("var", default=None)`: a generic class made where
    // its type is expected takes the expected arguments that accept what the call solves.
    if let (Ty::Instance(declared_class, declared_args), Ty::Instance(given, given_args)) = (&declared, &value)
        && declared_class == given
        && !declared_args.is_empty()
        && declared_args.len() == given_args.len()
        && declared_args.iter().zip(given_args).all(|(d, g)| super::overloads::assignable(db, d, g) == Some(true))
    {
        return declared;
    }
    let keeps_any = contains_any(&declared) && declared.union_parts().iter().any(same_class);
    // Nor does it narrow to a value of the declared class whose arguments hold `Any`
    // (`query: Select = select(model)` with `model: Any` stays `Select[Unknown]`).
    let keeps_declared = contains_any(&value) && !matches!(declared, Ty::Union(_)) && same_class(&declared);
    // An `Any` member stands for the declaration (`x: Optional[C] = info.get(key)`, an `Any | None`,
    // is a `C | None`).
    let any_member = value.union_parts().contains(&Ty::Any);
    if keeps_any || keeps_declared || any_member || super::calls::mentions_unknown(&value) {
        return declared;
    }
    // pyright narrows only to a value it can assign: `x: Mapped[int] = Column(Integer)` stays
    // `Mapped[int]`, as does a guarded import's `MappedColumn[Any] | Column[int]`. We keep the
    // value: it is what the class body holds.
    // Nor to a value that surely does not fit (`nickname: str | None = Field(...)` where `Field`
    // returns a `FieldInfo`): type checkers report the assignment and keep the declaration.
    if !precise && super::overloads::assignable(db, &declared, &value) == Some(false) {
        return declared;
    }
    if !precise && declares_mapped {
        return declared;
    }
    value
}

/// `elem: Column[Any] | ColumnClause[Any] | Label[Any]` given `Column[Unknown] | Label[Unknown]`:
/// pyright narrows each SQLAlchemy instance given against each declared member it fits, to the
/// member where it is of that class with unknown arguments, to itself where it is of a subclass
/// (`Column[Any] | Column[Unknown] | Label[Any]`). `None` where a part is no SQLAlchemy instance or
/// fits no member.
fn narrow_sqlalchemy_members(declared: &[Ty], value: &Ty) -> Option<Ty> {
    let mut narrowed = Vec::new();
    for part in value.union_parts() {
        let Ty::Instance(crate::types::Class::Ext(name), args) = part else { return None };
        let own = name.strip_prefix("sqlalchemy.")?;
        let before = narrowed.len();
        for member in declared {
            let Some(wanted) = member.ext_name().and_then(|n| n.strip_prefix("sqlalchemy.")) else { continue };
            if own == wanted {
                let unknown_args = args.is_empty() || args.iter().any(super::calls::mentions_unknown);
                narrowed.push(if unknown_args { member.clone() } else { part.clone() });
            } else if crate::sqlalchemy::api::inherits(own, wanted) {
                narrowed.push(part.clone());
            }
        }
        if narrowed.len() == before {
            return None;
        }
    }
    Some(Ty::union(narrowed))
}

fn contains_any(ty: &Ty) -> bool {
    match ty {
        Ty::Any => true,
        Ty::Instance(_, args) | Ty::Union(args) | Ty::Tuple(_, args) => args.iter().any(contains_any),
        Ty::Rows(_, shape) => {
            shape.tail == crate::types::RowTail::Opaque || shape.cols.iter().any(|c| contains_any(&c.ty))
        }
        _ => false,
    }
}

/// A `def` or `class` directly in the body of a module-level class, or of a class nested in one
/// (the classes the module index holds).
fn is_in_indexed_class(def: Node<'_>) -> bool {
    let def = def.parent().filter(|p| p.kind() == "decorated_definition").unwrap_or(def);
    let class = def.parent().filter(|b| b.kind() == "block").and_then(|b| b.parent());
    let Some(class) = class.filter(|c| c.kind() == "class_definition") else { return false };
    let outer = class.parent().filter(|p| p.kind() == "decorated_definition").unwrap_or(class);
    outer.parent().is_some_and(|p| p.kind() == "module") || is_in_indexed_class(class)
}

/// A generic class with its arguments (`Sequence[int]`, `Tuple[int, str]`, `Select[Tuple[int]]`).
fn is_specialised(ty: &Ty) -> bool {
    match ty {
        Ty::Instance(_, args) => !args.is_empty(),
        Ty::Tuple(..) | Ty::Rows(..) => true,
        _ => false,
    }
}

/// The attribute `self.name` an assignment target sets, if it is one.
fn self_attribute(walker: &Walker<'_>, target: Node<'_>) -> Option<Name> {
    if target.kind() != "attribute" || field(target, "object").map(|o| walker.text(o)) != Some("self") {
        return None;
    }
    field(target, "attribute").map(|a| Name::from(walker.text(a)))
}
