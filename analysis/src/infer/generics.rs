//! Type variables of workspace functions: scoped where they are declared (`T@first`, as type
//! checkers name them) and solved at a call from the arguments (`def first(x: T) -> T`).

use rustc_hash::FxHashMap;

use super::walker::widen_literal;
use crate::db::Db;
use crate::hir::{FunctionItem, Name};
use crate::types::annotation::{TYPE_VAR_PREFIX, TypeScope};
use crate::types::{Class, ClassRef, FunctionRef, Ty};

/// A generic class's type arguments on one receiver, by type variable name.
pub(super) type ClassArguments = FxHashMap<String, Ty>;

/// The name of a type variable `ty` is (`T`, or `T@first` once scoped).
fn type_var(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Instance(Class::Ext(name), args) if args.is_empty() => name.strip_prefix(TYPE_VAR_PREFIX),
        _ => None,
    }
}

/// An annotation's type as the view reads it: type checkers read 2.1's `Select[tuple[User]]` as a
/// select of one column holding a `tuple[User]`; at run time (precise view) its rows are `(User,)`.
pub(super) fn in_view(ty: Ty, precise: bool) -> Ty {
    if precise {
        return ty;
    }
    map(ty, &mut |ty| match ty {
        Ty::Rows(kind, shape) if shape.tuple_column => {
            let items = shape.cols.iter().map(|c| c.ty.clone()).collect();
            let column = crate::types::RowCol::new(Ty::Tuple(shape.spelling, items), None);
            Ty::Rows(kind, std::sync::Arc::new(crate::types::RowShape::new(vec![column])))
        }
        // 2.0's `Select[User]`: the class with the argument as written.
        Ty::Rows(kind, shape) if shape.bare_argument => {
            let argument = shape.cols.first().map(|c| c.ty.clone()).unwrap_or(Ty::Unknown);
            Ty::ext_generic(&format!("sqlalchemy.{kind}"), vec![argument])
        }
        other => other,
    })
}

/// What type checkers see of a declared type: a class of a module that is not there to read (a
/// library that is not installed: `from litestar.types import Message`) is `Unknown` to them, where
/// the precise view keeps the class its spelling names.
pub(super) fn declared_in_view(db: &dyn Db, ty: Ty, precise: bool) -> Ty {
    if precise {
        return ty;
    }
    map(in_view(ty, false), &mut |ty| match &ty {
        Ty::Instance(Class::Ext(symbol), _) if !is_readable_class(db, symbol) => Ty::Unknown,
        _ => ty,
    })
}

/// Whether the module of an external class is one the analysis knows or has loaded.
fn is_readable_class(db: &dyn Db, symbol: &str) -> bool {
    // Type variables and the analysis's own markers (`...` of `tuple[str, ...]`).
    let Some((module, _)) = symbol.rsplit_once('.') else { return true };
    if symbol.starts_with(TYPE_VAR_PREFIX) || symbol.starts_with('.') {
        return true;
    }
    super::walker::is_known_library(symbol) || crate::hir::module_map(db).file(module).is_some()
}

/// Rewrites every type in `ty` bottom-up.
pub(super) fn map(ty: Ty, f: &mut impl FnMut(Ty) -> Ty) -> Ty {
    let ty = match ty {
        Ty::Instance(class, args) => Ty::Instance(class, args.into_iter().map(|a| map(a, f)).collect()),
        Ty::Union(parts) => Ty::union(parts.into_iter().map(|p| map(p, f)).collect()),
        Ty::Tuple(spelling, items) => Ty::Tuple(spelling, items.into_iter().map(|i| map(i, f)).collect()),
        Ty::TypeOf(inner) => Ty::TypeOf(Box::new(map(*inner, f))),
        // `Select[tuple[ModelT]]`: the row's columns.
        Ty::Rows(kind, shape) => {
            let mut shape = std::sync::Arc::unwrap_or_clone(shape);
            for col in &mut shape.cols {
                col.ty = map(std::mem::replace(&mut col.ty, Ty::Unknown), f);
            }
            Ty::Rows(kind, std::sync::Arc::new(shape))
        }
        other => other,
    };
    f(ty)
}

/// The type variables `ty` mentions, scoped (`T@function`).
pub(super) fn scoped_type_vars(ty: &Ty, into: &mut Vec<Name>) {
    map(ty.clone(), &mut |ty| {
        if let Some(name) = type_var(&ty).filter(|name| name.contains('@'))
            && !into.iter().any(|known| known == name)
        {
            into.push(Name::from(name));
        }
        ty
    });
}

/// A nested function's `T@inner` where an enclosing function's signature binds `T`: that
/// function's `T@outer`, as type checkers scope it.
pub(super) fn in_enclosing_scope(ty: Ty, function: &str, enclosing: &[Name]) -> Ty {
    if enclosing.is_empty() {
        return ty;
    }
    map(ty, &mut |ty| {
        let outer = type_var(&ty).and_then(|name| {
            let variable = name.strip_suffix(function)?.strip_suffix('@')?;
            enclosing.iter().rev().find(|known| known.strip_prefix(variable).is_some_and(|rest| rest.starts_with('@')))
        });
        match outer {
            Some(outer) => Ty::ext(&format!("{TYPE_VAR_PREFIX}{outer}")),
            None => ty,
        }
    })
}

/// `T` in a function's annotations is `T@function`, or `T@Class` where the method's class is
/// generic in it (`class Repo(Generic[T])`). Without a function (a class attribute's annotation)
/// only the class's own variables are scoped.
pub(super) fn scoped(ty: Ty, function: Option<&str>, class: Option<(&Name, &[Name])>) -> Ty {
    map(ty, &mut |ty| match type_var(&ty) {
        Some(name) if !name.contains('@') => {
            let owner = match class {
                Some((class, params)) if params.iter().any(|p| p == name) => Some(class.as_str()),
                _ => function,
            };
            match owner {
                Some(owner) => class_scoped_type_var(name, owner),
                None => ty,
            }
        }
        _ => ty,
    })
}

/// A class's type parameter as its body and methods name it (`T@Box`).
pub(super) fn class_scoped_type_var(param: &str, class: &str) -> Ty {
    Ty::ext(&format!("{TYPE_VAR_PREFIX}{param}@{class}"))
}

/// `typing.Self` in an annotation read as `replacement` (the class, or `Self@C` to type checkers).
pub(super) fn replace_self(ty: Ty, replacement: &Ty) -> Ty {
    map(ty, &mut |ty| match ty.ext_name() {
        Some("typing.Self" | "typing_extensions.Self") => replacement.clone(),
        _ => ty,
    })
}

/// The bound of a type variable of the walked file (`object` where it has none), as the type its
/// `TypeVar(...)` call names. The variable's scope (`ModelT@Repository`) must be a class or function
/// of the file, so that its name there is that variable.
pub(super) fn type_var_bound(walker: &super::walker::Walker<'_>, type_var: &Ty) -> Option<Ty> {
    let symbol = type_var.ext_name()?;
    let (name, scope) = symbol.strip_prefix(crate::types::annotation::TYPE_VAR_PREFIX)?.split_once('@')?;
    let index = crate::hir::index::module_index(walker.db, walker.file);
    let scoped_here = index.classes.iter().any(|class| class.name == scope || class.method(scope).is_some())
        || index.functions.iter().any(|function| function.name == scope);
    if !scoped_here {
        return None;
    }
    let named = crate::hir::Expr::Name(Name::from(name));
    let (file, call) = crate::types::annotation::type_var_call(walker.db, walker.file, &named)?;
    match call.kwarg("bound") {
        Some(bound) => {
            let scope = crate::types::annotation::TypeScope { db: walker.db, file, registry_names: None };
            Some(scope.eval(bound))
        }
        None if call.kwarg("constraints").is_none()
            && matches!(&call, crate::hir::Expr::Call { args, .. } if args.len() == 1) =>
        {
            Some(Ty::builtin("object"))
        }
        None => None,
    }
}

/// Whether `ty` is a type variable.
pub(super) fn is_type_var(ty: &Ty) -> bool {
    type_var(ty).is_some()
}

/// What a call of a workspace function returns, its type variables solved from the arguments:
/// `first(select())` is the `Select` passed. A variable no argument solves is `Unknown`, as type
/// checkers leave it; a class's own (`ModelT` of a repository) is the receiver's (`class_args`),
/// and an annotated `self` (`def add_subparsers(self: _ArgumentParserT)`) is solved by the receiver.
pub(super) struct CallArguments<'a> {
    pub(super) receiver: Option<&'a Ty>,
    pub(super) positional: &'a [Ty],
    pub(super) keywords: &'a [(Name, Ty)],
    pub(super) class_args: &'a ClassArguments,
    /// The view a function passed as an argument returns in (`run(fn)` solving `Callable[..., T]`).
    pub(super) view: crate::infer::View,
}

pub(super) fn solve_call(
    db: &dyn Db,
    function: &FunctionRef,
    item: &FunctionItem,
    declared: Ty,
    call: &CallArguments<'_>,
) -> Ty {
    let CallArguments { receiver, positional, keywords, class_args, view } = *call;
    if !mentions_type_var(&declared) {
        return declared;
    }
    let scope = TypeScope { db, file: function.file, registry_names: None };
    let bound_receiver = super::binds_receiver(function, item);
    let params: Vec<_> = item.params.iter().skip(usize::from(bound_receiver)).collect();
    let mut solved: FxHashMap<String, Ty> = FxHashMap::default();
    // The class's own variables come from the instance's type arguments, which are not tracked.
    let class_params = match &function.class {
        Some(class) => class_type_params(db, function.file, class),
        None => Vec::new(),
    };
    let instance = receiver.filter(|r| !matches!(r, Ty::TypeOf(_)));
    if let (true, Some(receiver), Some(annotation)) =
        (bound_receiver, instance, item.params.first().and_then(|p| p.annotation.as_ref()))
    {
        solve(&scope.eval(annotation), receiver, &mut solved);
    }
    solve_arguments(&scope, &params, positional, keywords, Some(view), &mut solved);
    // The class's own variables are what the receiver's type says (`Repository[User]`); a
    // `__new__` makes the instance, so its arguments solve them (`count(1)` is a `count[int]`).
    if function.name != "__new__" {
        solved.retain(|name, _| !class_params.iter().any(|p| p == name));
        solved.extend(class_args.iter().map(|(name, ty)| (name.clone(), ty.clone())));
    }
    substitute_solved(declared, &solved)
}

/// `ty` with each type variable the call solved replaced (`Unknown` where nothing solved it). A
/// variable already scoped (`T@Repo`, solved from the caller's receiver) is the caller's.
pub(super) fn substitute_solved(ty: Ty, solved: &FxHashMap<String, Ty>) -> Ty {
    map(ty, &mut |ty| match type_var(&ty) {
        Some(name) if !name.contains('@') => solved.get(name).cloned().unwrap_or(Ty::Unknown),
        _ => row_of_solved_tuple(ty),
    })
}

/// 2.0's `Select[T]` with `T` solved to a row's tuple (`Tuple[int]`): the select of that row.
fn row_of_solved_tuple(ty: Ty) -> Ty {
    let Ty::Rows(kind, shape) = &ty else { return ty };
    let Some(Ty::Tuple(spelling, items)) = shape.cols.first().map(|c| &c.ty).filter(|_| shape.bare_argument) else {
        return ty;
    };
    let cols = items.iter().map(|item| crate::types::RowCol::new(item.clone(), None)).collect();
    let shape = crate::types::RowShape { spelling: *spelling, ..crate::types::RowShape::new(cols) };
    Ty::Rows(kind.clone(), std::sync::Arc::new(shape))
}

/// The type arguments a call of a generic class makes: each of its type variables as the
/// arguments of its own `__init__` solve it, its default where nothing does, else `Unknown`
/// (`Box()` is `Box[Unknown]`, as type checkers make it).
pub(super) fn constructed_arguments(
    db: &dyn Db,
    class: &ClassRef,
    positional: &[Ty],
    keywords: &[(Name, Ty)],
    precise: bool,
) -> Vec<Ty> {
    let params = own_params(db, class);
    if params.is_empty() {
        return Vec::new();
    }
    let defaults = crate::types::annotation::type_parameter_defaults(db, class.file, &class.name);
    let default = |i: usize| if defaults.len() == params.len() { defaults[i].clone() } else { Ty::Unknown };
    let unsolved = || (0..params.len()).map(default).collect::<Vec<_>>();
    let Some((owner, item)) = init_owner(db, class, &params) else {
        return unsolved();
    };
    let scope = TypeScope { db, file: owner.file, registry_names: None };
    // The last `__init__` defined; where it leaves a parameter unbound, the first overload that
    // binds them all (qrcode's stubs bind `QRCode[GenericImage]` from `image_factory=` in one).
    // An overload that annotates `self` binds the class's parameters there, which we do not read
    // (traitlets' `self: Unicode[str, str | bytes]`): it is never picked so.
    let solve = |init: &crate::hir::FunctionItem| {
        let mut solved = FxHashMap::default();
        let init_params: Vec<_> = init.params.iter().skip(1).collect();
        solve_arguments(&scope, &init_params, positional, keywords, None, &mut solved);
        let complete = params.iter().all(|p| solved.contains_key(p.as_str()));
        // A variable an argument of unknown type was passed for is unknown, not its default
        // (`TextIOWrapper(buffer)` of an unknown `buffer` is a `TextIOWrapper[Unknown]`).
        for (param, _) in passed_arguments(&init_params, positional, keywords) {
            let mut vars = Vec::new();
            if let Some(annotation) = &param.annotation {
                collect_type_vars(&scope.eval(annotation), &mut vars);
            }
            for var in vars {
                solved.entry(var.to_string()).or_insert(Ty::Unknown);
            }
        }
        (solved, complete)
    };
    let inits: Vec<&crate::hir::FunctionItem> = item.methods().filter(|m| m.name == "__init__").collect();
    // The overload the arguments surely pick, where its `self` is annotated, says the arguments
    // through it (traitlets' `Instance(C, allow_none=True)` picks `self: Instance[T | None]`).
    let init = FunctionRef { file: owner.file, class: Some(owner.name.clone()), name: Name::from("__init__") };
    if let Some(picked) = super::overloads::surely_picked(db, &init, positional, keywords)
        && let Some(annotation) = picked.params.first().and_then(|p| p.annotation.as_ref())
        && let Ty::Instance(_, self_args) = scope.eval(annotation)
        && self_args.len() == params.len()
    {
        let (solved, _) = solve(&picked);
        // pyright 1.1.414 leaves a variable in a union of `self`'s arguments unsolved (`Instance[T |
        // None]` is `Instance[T@Instance | None]`); the instance is what the arguments make.
        let unsolved = |arg: Ty| match &arg {
            Ty::Union(parts) if !precise && parts.iter().any(is_type_var) => map(arg, &mut |ty| match type_var(&ty) {
                Some(name) if !name.contains('@') => class_scoped_type_var(name, &owner.name),
                _ => ty,
            }),
            _ => substitute_solved(arg, &solved),
        };
        return self_args.into_iter().map(unsolved).collect();
    }
    let Some((last, overloads)) = inits.split_last() else { return unsolved() };
    let (mut solved, complete) = solve(last);
    if !complete {
        let plain_self = |m: &&&crate::hir::FunctionItem| m.params.first().is_some_and(|p| p.annotation.is_none());
        if let Some((found, _)) = overloads.iter().filter(plain_self).map(|m| solve(m)).find(|(_, complete)| *complete)
        {
            solved = found;
        }
    }
    params.iter().enumerate().map(|(i, p)| solved.remove(p.as_str()).unwrap_or_else(|| default(i))).collect()
}

/// The class whose `__init__` a call of `class` runs: the class itself, or the nearest base defining
/// one where each class up to it has one workspace base, subscripted with exactly its own type
/// variables (`class RandomSelector(EngineSelector[EngineT])`), so the base's variables are the
/// class's. `class Items(Box[list[T]])` is not followed.
fn init_owner(db: &dyn Db, class: &ClassRef, params: &[Name]) -> Option<(ClassRef, crate::hir::index::ClassHandle)> {
    let mut current = class.clone();
    for _ in 0..8 {
        let item = crate::hir::index::class_item(db, current.file, &current.name)?;
        if item.methods().any(|m| m.name == "__init__") {
            return Some((current, item));
        }
        let workspace_bases: Vec<(&crate::hir::Expr, ClassRef)> = item
            .bases
            .iter()
            .filter_map(|base| match crate::hir::resolve_expr_symbol(db, current.file, base.subscript_head()) {
                Some(crate::hir::Definition::Class { file, name }) => Some((base, ClassRef { file, name })),
                _ => None,
            })
            .collect();
        let [(crate::hir::Expr::Subscript(_, args), base)] = workspace_bases.as_slice() else { return None };
        let passes_through = args.len() == params.len()
            && args.iter().zip(params).all(|(arg, param)| matches!(arg, crate::hir::Expr::Name(n) if n == param))
            && own_params(db, base) == params;
        if !passes_through {
            return None;
        }
        current = base.clone();
    }
    None
}

/// Binds the type variables of `params`' annotations from a call's arguments: positional ones in
/// order, keyword ones by name. With a view, a workspace function given for a `Callable` solves
/// its return type (`run(fn: Callable[..., T])` given `def load() -> User` is a `User`).
fn solve_arguments(
    scope: &TypeScope<'_>,
    params: &[&crate::hir::Param],
    positional: &[Ty],
    keywords: &[(Name, Ty)],
    view: Option<crate::infer::View>,
    solved: &mut FxHashMap<String, Ty>,
) {
    let mut solve_one = |annotation: &crate::hir::Expr, arg: &Ty| {
        let param = scope.eval(annotation);
        match (view, callable_return(&param), arg) {
            (Some(view), Some(returns), Ty::Function(function)) => {
                let returned = super::function_return_type(scope.db, function.clone(), view);
                if solves_from_value(&returned) {
                    solve(returns, &returned, solved);
                }
            }
            // A nested `def` (or a lambda) carries what a call of it returns.
            (Some(_), Some(returns), Ty::Signature(signature)) if solves_from_value(&signature.returns) => {
                solve(returns, &signature.returns, solved);
            }
            // `track(items: Iterable[T])` given a `Query[User]`: what it iterates to solves `T`.
            (Some(view), _, _) if iterable_item(&param).is_some() && super::containers::element(arg).is_none() => {
                let mode = super::mode(scope.db, view);
                match (iterable_item(&param), super::members::sqlalchemy_element(scope.db, arg, mode)) {
                    (Some(item), Some(element)) => solve(item, &element, solved),
                    _ => solve(&param, arg, solved),
                }
            }
            // `os.walk(top: GenericPath[AnyStr])` given a `Path`: it is a path of what its
            // `__fspath__` returns (`str`), not a `Path`.
            (_, _, Ty::Instance(Class::User(class), _)) if super::overloads::takes_path_like(scope.db, &param) => {
                match (super::overloads::fspath_return(scope.db, class), &param) {
                    // `p: PathLike[AnyStr]`: what `__fspath__` returns is the argument.
                    (Some(fspath), Ty::Instance(_, args)) if args.len() == 1 => solve(&args[0], &fspath, solved),
                    (Some(fspath), _) => solve(&param, &fspath, solved),
                    (None, _) => solve(&param, arg, solved),
                }
            }
            // `as_completed(fs: Iterable[_AsCompletedFuture[_T]])` given `Future`s: each as the protocol.
            _ => match view.and_then(|view| super::protocols::protocol_argument(scope.db, &param, arg, view)) {
                Some((protocol, seen)) => solve(protocol, &seen, solved),
                None => solve(&param, arg, solved),
            },
        }
    };
    for (param, arg) in passed_arguments(params, positional, keywords) {
        if let Some(annotation) = &param.annotation {
            solve_one(annotation, arg);
        }
    }
}

/// Each parameter a call passes an argument for, with the argument: positional ones in order,
/// keyword ones by name.
fn passed_arguments<'a>(
    params: &'a [&'a crate::hir::Param],
    positional: &'a [Ty],
    keywords: &'a [(Name, Ty)],
) -> impl Iterator<Item = (&'a crate::hir::Param, &'a Ty)> {
    let by_position = params.iter().copied().filter(|p| p.is_positional()).zip(positional);
    let by_name =
        keywords.iter().filter_map(|(name, arg)| params.iter().copied().find(|p| &p.name == name).map(|p| (p, arg)));
    by_position.chain(by_name)
}

/// Whether what a function passed as a value returns can solve a `Callable`'s return variable:
/// not where it is `Self` (the receiver's class, which the value no longer carries) or a type
/// variable of its own.
fn solves_from_value(returned: &Ty) -> bool {
    returned.clone().without_self() == *returned && !mentions_type_var(returned)
}

/// The item type of an `Iterable[T]` (or `Iterator`, `Collection`) parameter.
pub(super) fn iterable_item(param: &Ty) -> Option<&Ty> {
    match param {
        Ty::Instance(Class::Ext(class), params) if params.len() == 1 && is_iterable_protocol(class) => params.first(),
        _ => None,
    }
}

/// The return type a `Callable[[...], R]` parameter declares.
fn callable_return(param: &Ty) -> Option<&Ty> {
    match param {
        Ty::Instance(Class::Ext(name), args) if name.as_str() == crate::types::annotation::CALLABLE => args.get(1),
        _ => None,
    }
}

pub(super) fn mentions_type_var(ty: &Ty) -> bool {
    ty.mentions(&|t| type_var(t).is_some())
}

/// Matches a parameter's declared type against an argument's, binding the type variables it meets.
pub(super) fn solve(param: &Ty, arg: &Ty, solved: &mut FxHashMap<String, Ty>) {
    solve_in(param, arg, solved, false);
}

/// [`solve`], `nested` inside a type argument of the argument's type: a literal there is part of
/// that type and stays (`Awaitable[T]` given a `CoroutineType[Any, Any, Literal['x']]` solves
/// `T` as `Literal['x']`); the argument's own literal type, or a tuple expression's items, widen.
fn solve_in(param: &Ty, arg: &Ty, solved: &mut FxHashMap<String, Ty>, nested: bool) {
    if arg.is_unknown() {
        return;
    }
    if let Some(name) = type_var(param) {
        let arg = if nested { arg.clone() } else { widen_literal(arg.clone()) };
        let joined = match solved.remove(name) {
            Some(earlier) => Ty::union(vec![earlier, arg]),
            None => arg,
        };
        solved.insert(name.to_owned(), joined);
        return;
    }
    // `path: PathLike[AnyStr]` given an `Any`: it fits, and solves every variable in it as `Any`.
    if *arg == Ty::Any {
        let mut vars = Vec::new();
        collect_type_vars(param, &mut vars);
        for var in vars {
            solved.entry(var.to_string()).or_insert(Ty::Any);
        }
        return;
    }
    match (param, arg) {
        // `x: T | None` given a value: the value solves `T`. `top: AnyStr | PathLike[AnyStr]` given
        // a `str`: the member of the argument's class, else the one bare type variable.
        (Ty::Union(parts), _) => {
            let arg = arg.without_none();
            let rest: Vec<&Ty> = parts.iter().filter(|p| **p != Ty::None).collect();
            let same_class = |p: &&Ty| match (p, &arg) {
                (Ty::Instance(c, _), Ty::Instance(a, _)) if c == a => true,
                // `dtype: T | type[T]` given a class: the class object's member.
                (Ty::TypeOf(_), Ty::TypeOf(_)) => true,
                (Ty::Instance(Class::Ext(c), _), Ty::Instance(Class::Ext(a), args)) => {
                    coroutine_as(c, a, args).is_some()
                }
                _ => false,
            };
            let part = match rest.as_slice() {
                [single] => Some(*single),
                _ => rest.iter().copied().find(same_class).or_else(|| {
                    let vars: Vec<&Ty> = rest.iter().copied().filter(|p| type_var(p).is_some()).collect();
                    if let [var] = vars.as_slice() { Some(*var) } else { None }
                }),
            };
            if let Some(part) = part {
                solve_in(part, &arg, solved, nested);
            }
        }
        (Ty::Instance(class, params), Ty::Instance(arg_class, args))
            if class == arg_class && params.len() == args.len() =>
        {
            params.iter().zip(args).for_each(|(p, a)| solve_in(p, a, solved, true));
        }
        (Ty::Tuple(_, params), Ty::Tuple(_, args)) if params.len() == args.len() => {
            params.iter().zip(args).for_each(|(p, a)| solve_in(p, a, solved, nested));
        }
        // 2.0's `query: Select[T]` given a `Select[Tuple[int]]`: `T` is the row's tuple.
        (Ty::Rows(kind, own), Ty::Rows(arg_kind, shape))
            if own.bare_argument && kind == arg_kind && shape.tail == crate::types::RowTail::Exact =>
        {
            let row = Ty::Tuple(shape.spelling, shape.cols.iter().map(|c| c.ty.clone()).collect());
            if let Some(param) = own.cols.first() {
                solve_in(&param.ty, &row, solved, nested);
            }
        }
        (Ty::TypeOf(param), Ty::TypeOf(arg)) => solve_in(param, arg, solved, nested),
        // `items: Iterable[T]` given a `set[str]`: what it iterates to solves `T`. (A tuple's items
        // keep their literal types to type checkers, which solving widens.)
        (Ty::Instance(Class::Ext(class), params), _) if params.len() == 1 && is_iterable_protocol(class) => {
            let item = match arg {
                Ty::Instance(Class::Ext(view), args) if super::containers::of(arg).is_none() => {
                    super::builtin_methods::view_element(view, args)
                }
                // `urlunparse(("https", host, ...))`: a tuple's items, joined.
                Ty::Tuple(_, items) => arg.homogeneous_item().cloned().or_else(|| Some(Ty::union(items.clone()))),
                _ => super::containers::element(arg),
            };
            if let Some(item) = item {
                solve_in(&params[0], &item, solved, nested || !matches!(arg, Ty::Tuple(..)));
            }
        }
        // `seq: SupportsLenAndGetItem[T]` (typeshed's protocol `random.choice` takes) given a
        // sequence: its items; a string's are `str`s.
        (Ty::Instance(Class::User(class), params), _)
            if params.len() == 1 && class.name.as_str() == "SupportsLenAndGetItem" =>
        {
            let string = arg.union_parts().iter().all(super::builtin_methods::is_str);
            let item = if string {
                Some(Ty::builtin("str"))
            } else if matches!(
                super::containers::of(arg),
                Some(super::containers::Container::Items { indexable: true })
            ) {
                super::containers::element(arg)
            } else {
                None
            };
            if let Some(item) = item {
                solve_in(&params[0], &item, solved, nested);
            }
        }
        // `coro: Coroutine[Any, Any, T]` or `aw: Awaitable[T]` given what an `async def` returns
        // (`CoroutineType[Any, Any, None]`).
        (Ty::Instance(Class::Ext(class), params), Ty::Instance(Class::Ext(arg_class), args)) => {
            if let Some(args) = coroutine_as(class, arg_class, args)
                && params.len() == args.len()
            {
                params.iter().zip(args).for_each(|(p, a)| solve_in(p, a, solved, true));
            }
        }
        _ => {}
    }
}

/// The type arguments of a coroutine (`arg`, what an `async def` returns) as the ABC `param`
/// takes them: all three as a `Coroutine`, its result as an `Awaitable`. `None` where `param` is
/// neither or `arg` no coroutine.
pub(super) fn coroutine_as<'a>(param: &str, arg: &str, args: &'a [Ty]) -> Option<&'a [Ty]> {
    if !matches!(arg, "typing.CoroutineType" | "types.CoroutineType" | "typing.Coroutine") || args.len() != 3 {
        return None;
    }
    match param {
        "typing.Coroutine" | "collections.abc.Coroutine" => Some(args),
        "typing.Awaitable" | "collections.abc.Awaitable" => Some(&args[2..]),
        _ => None,
    }
}

/// The collection protocols a parameter declares to take any iterable of its argument.
fn is_iterable_protocol(class: &str) -> bool {
    matches!(super::containers::abc_name(class), Some("Iterable" | "Iterator" | "Collection"))
}

/// The type variables a workspace class is generic in: those its bases are subscripted with
/// (`Generic[T]`, `Repository[ModelT]`).
pub(super) fn class_type_params(db: &dyn Db, file: crate::db::SourceFile, class: &Name) -> Vec<Name> {
    let index = crate::hir::module_index(db, file);
    let Some(item) = index.classes.iter().rfind(|c| &c.name == class) else { return Vec::new() };
    let scope = TypeScope { db, file, registry_names: None };
    let mut params = Vec::new();
    // `Generic[K, V]` (or `Protocol[...]`) names them all, in order; else they are collected from
    // the subscripted bases, left to right.
    let declaring = item.bases.iter().find_map(|base| match base {
        crate::hir::Expr::Subscript(head, args)
            if matches!(
                crate::hir::resolve_type_expr_symbol(db, file, head),
                Some(crate::hir::Definition::External(symbol)) if matches!(symbol.as_str(), "typing.Generic" | "typing.Protocol")
            ) =>
        {
            Some(args)
        }
        _ => None,
    });
    if let Some(args) = declaring {
        return args.iter().filter_map(|arg| type_var(&scope.eval(arg)).map(Name::from)).collect();
    }
    // Also those within an argument (`class List(Container[list[T]])`).
    for base in &item.bases {
        if let crate::hir::Expr::Subscript(_, args) = base {
            for arg in args {
                collect_type_vars(&scope.eval(arg), &mut params);
            }
        }
    }
    params
}

fn collect_type_vars(ty: &Ty, found: &mut Vec<Name>) {
    if let Some(name) = type_var(ty) {
        found.push(Name::from(name));
        return;
    }
    match ty {
        Ty::Instance(_, args) | Ty::Union(args) | Ty::Tuple(_, args) => {
            args.iter().for_each(|a| collect_type_vars(a, found));
        }
        Ty::TypeOf(inner) => collect_type_vars(inner, found),
        _ => {}
    }
}

/// The type arguments the class `owner` (a method's) has on a receiver of type `receiver`:
/// `Repository[User]`'s own, or what a subclass gives its base (`class UserRepo(Repository[User])`,
/// `class Base(Repository[T])` on `Base[User]`). Empty where nothing says.
///
/// `within` is the class whose method is being walked: there `self` (no arguments, or `Self`)
/// keeps the class's variables as they are declared (`ModelT@Repository`).
pub(super) fn class_arguments(db: &dyn Db, receiver: &Ty, owner: &ClassRef, within: Option<&Name>) -> ClassArguments {
    let Ty::Instance(Class::User(class), args) = receiver else { return ClassArguments::default() };
    let params = own_params(db, class);
    let unapplied = args.is_empty() || Ty::is_self_marker(args);
    let mut known: ClassArguments = if unapplied && within == Some(&class.name) {
        let scoped = |p: &Name| Ty::ext(&format!("{TYPE_VAR_PREFIX}{p}@{}", class.name));
        params.iter().map(|p| (p.to_string(), scoped(p))).collect()
    } else if Ty::is_self_marker(args) {
        ClassArguments::default()
    } else {
        params.into_iter().map(|p| p.to_string()).zip(args.iter().cloned()).collect()
    };
    let mut current = class.clone();
    // Each step goes one base up, towards the owner; lineages are short.
    for _ in 0..16 {
        if current == *owner {
            return known;
        }
        let Some(item) = crate::hir::index::class_item(db, current.file, &current.name) else { break };
        let scope = TypeScope { db, file: current.file, registry_names: None };
        let mut next = None;
        for base in &item.bases {
            let items = match base {
                crate::hir::Expr::Subscript(_, items) => items.as_slice(),
                _ => &[],
            };
            let Some(crate::hir::Definition::Class { file, name }) =
                crate::hir::resolve_type_expr_symbol(db, current.file, base.subscript_head())
            else {
                continue;
            };
            let base = ClassRef { file, name };
            if !super::members::class_lineage(db, base.file, base.name.clone()).contains(owner) {
                continue;
            }
            let given: Vec<Ty> = items
                .iter()
                .map(|item| {
                    map(scope.eval(item), &mut |ty| match type_var(&ty) {
                        Some(name) => known.get(name.split('@').next().unwrap_or(name)).cloned().unwrap_or(Ty::Unknown),
                        None => ty,
                    })
                })
                .collect();
            known = own_params(db, &base).into_iter().map(|p| p.to_string()).zip(given).collect();
            next = Some(base);
            break;
        }
        let Some(base) = next else { break };
        current = base;
    }
    ClassArguments::default()
}

/// A class's type parameters, each once, in the order type checkers give them.
fn own_params(db: &dyn Db, class: &ClassRef) -> Vec<Name> {
    let mut params = class_type_params(db, class.file, &class.name);
    let mut seen = rustc_hash::FxHashSet::default();
    params.retain(|p| seen.insert(p.clone()));
    params
}

/// An attribute's type read on `receiver`: the class variables it mentions (`T@Base`, scoped where
/// the attribute is declared) become the receiver's type arguments, `Unknown` where nothing says;
/// inside the class itself (`within`) they stay variables.
pub(super) fn on_receiver(db: &dyn Db, ty: Ty, receiver: &Ty, within: Option<&Name>) -> Ty {
    let Ty::Instance(Class::User(class), _) = receiver else { return ty };
    let lineage = super::members::class_lineage(db, class.file, class.name.clone());
    map(ty, &mut |ty| {
        let Some((var, owner)) = type_var(&ty).and_then(|name| name.split_once('@')) else { return ty };
        let Some(owner) = lineage.iter().find(|c| c.name == owner) else { return ty };
        match class_arguments(db, receiver, owner, within).get(var) {
            Some(solved) => solved.clone(),
            None => Ty::Unknown,
        }
    })
}
