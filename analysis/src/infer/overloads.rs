//! Calls of an `@overload`ed function: the first overload whose parameters accept the call's
//! arguments, as type checkers pick one. Acceptance is decided only where it is plain (a `str`
//! given where `bytes` is declared is refused, a literal `1` where `int` is accepted); where an
//! argument's type cannot decide, the overloads still in play must all return the same type, else
//! the call is `Unknown`, as pyright makes it when an `Any` argument matches overloads that differ.

use super::generics::CallArguments;
use crate::db::Db;
use crate::hir::{ClassStmt, Expr, FunctionItem, Name, ParamKind};
use crate::types::annotation::{TYPE_VAR_PREFIX, TypeScope};
use crate::types::{Class, ClassRef, FunctionRef, Literal, Ty};

/// What calling an overloaded function returns.
pub(super) enum Picked {
    /// This overload, surely the one type checkers pick, and its declared return type.
    Overload(Box<FunctionItem>, Ty),
    /// Undecided between overloads: their common return type, or `Unknown`.
    Undecided(Ty),
}

/// `None` when the function has no overloads.
pub(super) fn pick(db: &dyn Db, function: &FunctionRef, call: &CallArguments<'_>) -> Option<Picked> {
    let CallArguments { receiver, positional, keywords, .. } = *call;
    let overloads = super::overloads(db, function);
    if overloads.is_empty() {
        return None;
    }
    let scope = TypeScope { db, file: function.file, registry_names: None };
    // `def __new__(cls, dtype: T) -> Self` makes the class with its own parameters, which the
    // arguments solve (`finfo(float32)` is a `finfo[float32]`).
    let made = match (&function.class, function.name.as_str()) {
        (Some(class), "__new__") => {
            let params = super::generics::class_type_params(db, function.file, class);
            let args = params.iter().map(|p| Ty::ext(&format!("{TYPE_VAR_PREFIX}{p}"))).collect();
            Some(Ty::Instance(Class::User(ClassRef { file: function.file, name: class.clone() }), args))
        }
        _ => None,
    };
    // What an overload returns for these arguments, its type variables solved from them.
    let returns = |item: &FunctionItem| {
        let declared = item.returns.as_ref().map_or(Ty::Unknown, |r| scope.eval(r));
        let declared = match &made {
            Some(made) => super::generics::replace_self(declared, made),
            None => declared,
        };
        let declared = super::generics::solve_call(db, function, item, declared, call);
        if item.is_async { super::calls::coroutine(declared) } else { declared }
    };
    let mut in_play: Vec<&FunctionItem> = Vec::new();
    for item in &overloads {
        match accepts(&scope, function, item, receiver, positional, keywords) {
            Some(true) if in_play.is_empty() => return Some(Picked::Overload(Box::new(item.clone()), returns(item))),
            // Surely accepted after undecided ones: no later overload is reached.
            Some(true) => {
                in_play.push(item);
                break;
            }
            Some(false) => {}
            None => in_play.push(item),
        }
    }
    if in_play.is_empty()
        && let Some(expanded) = expand_union_argument(db, function, call)
    {
        return Some(Picked::Undecided(expanded));
    }
    Some(Picked::Undecided(agreed(in_play.iter().map(|item| returns(item)))))
}

/// The overload a call surely picks: the first that surely accepts the arguments, with none
/// undecided before it.
pub(super) fn surely_picked(
    db: &dyn Db,
    function: &FunctionRef,
    positional: &[Ty],
    keywords: &[(Name, Ty)],
) -> Option<FunctionItem> {
    let scope = TypeScope { db, file: function.file, registry_names: None };
    for item in super::overloads(db, function) {
        match accepts(&scope, function, &item, None, positional, keywords) {
            Some(true) => return Some(item),
            Some(false) => {}
            None => return None,
        }
    }
    None
}

/// Where no overload takes a union argument whole, each of its members is tried in turn, as type
/// checkers expand it: `pick(request, config)` with `config: AsyncConfig | SyncConfig` is what
/// each member's overload returns, joined. Only where every member picks one, or overloads that
/// agree (an unknown argument, `request`, fits any).
fn expand_union_argument(db: &dyn Db, function: &FunctionRef, call: &CallArguments<'_>) -> Option<Ty> {
    let positional = call.positional;
    let at = positional.iter().position(|arg| matches!(arg, Ty::Union(parts) if !parts.iter().any(Ty::is_gradual)))?;
    let Ty::Union(members) = &positional[at] else { return None };
    let mut returns = Vec::new();
    for member in members {
        let mut expanded = positional.to_vec();
        expanded[at] = member.clone();
        match pick(db, function, &CallArguments { positional: &expanded, ..*call })? {
            Picked::Overload(_, returned) => returns.push(returned),
            Picked::Undecided(returned) if !returned.is_unknown() => returns.push(returned),
            Picked::Undecided(_) => return None,
        }
    }
    Some(Ty::union(returns))
}

/// What overloads return where all return the same type; else (or without any) `Unknown`. A
/// `LiteralString` one agrees with a `str` one (`os.path.join` given an unknown path is a `str`
/// to pyright).
pub(super) fn agreed(types: impl Iterator<Item = Ty>) -> Ty {
    let mut types = types.map(|ty| match ty.ext_name() {
        Some("typing.LiteralString" | "typing_extensions.LiteralString") => Ty::builtin("str"),
        _ => ty,
    });
    let first = types.next().unwrap_or(Ty::Unknown);
    if types.all(|t| t == first) { first } else { Ty::Unknown }
}

/// Whether an overload's parameters accept the arguments: `Some(false)` when an argument surely
/// does not fit (or the count is wrong), `None` when that cannot be told.
fn accepts(
    scope: &TypeScope<'_>,
    function: &FunctionRef,
    item: &FunctionItem,
    receiver: Option<&Ty>,
    positional: &[Ty],
    keywords: &[(Name, Ty)],
) -> Option<bool> {
    let bound_receiver = super::binds_receiver(function, item);
    let params: Vec<_> = item.params.iter().skip(usize::from(bound_receiver)).collect();
    let has_star = params.iter().any(|p| p.kind == ParamKind::Star);
    let has_double_star = params.iter().any(|p| p.kind == ParamKind::DoubleStar);
    let normal: Vec<_> = params.iter().filter(|p| p.kind == ParamKind::Normal).collect();
    // The parameters positional arguments fill, in order (none after `*`).
    let positional_params: Vec<_> = normal.iter().filter(|p| p.is_positional()).collect();
    if positional.len() > positional_params.len() && !has_star {
        return Some(false);
    }
    let mut verdict = Some(true);
    let mut fold = |fits: Option<bool>| {
        verdict = match (verdict, fits) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        }
    };
    // `def search(self: Pattern[str], ...)`: the receiver's type picks the overload.
    let instance = receiver.filter(|r| !matches!(r, Ty::TypeOf(_)));
    if let (true, Some(receiver), Some(annotation)) =
        (bound_receiver, instance, item.params.first().and_then(|p| p.annotation.as_ref()))
    {
        fold(assignable(scope.db, &scope.eval(annotation), receiver));
    }
    let filled: Vec<&Name> = positional_params.iter().take(positional.len()).map(|p| &p.name).collect();
    for (param, arg) in positional_params.iter().zip(positional) {
        fold(param.annotation.as_ref().map_or(Some(true), |a| fits_argument(scope.db, &scope.eval(a), arg)));
    }
    // What `*paths: StrPath` takes beyond the named parameters.
    let star = params.iter().find(|p| p.kind == ParamKind::Star).and_then(|p| p.annotation.as_ref());
    if let Some(star) = star {
        let item = scope.eval(star);
        for arg in positional.iter().skip(positional_params.len()) {
            fold(fits_argument(scope.db, &item, arg));
        }
    }
    // `**kwargs: LiteralString` takes each keyword beyond the named parameters; `**options:
    // Unpack[Options]` the `TypedDict`'s keys only (none for an empty one).
    let double_star = params
        .iter()
        .find(|p| p.kind == ParamKind::DoubleStar)
        .and_then(|p| p.annotation.as_ref())
        .map(|a| scope.eval(a));
    let unpacked = double_star.as_ref().and_then(|item| super::typed_dicts::unpacked_keys(scope.db, item));
    for (name, arg) in keywords {
        match normal.iter().filter(|p| !filled.contains(&&p.name)).find(|p| &p.name == name) {
            Some(param) => {
                fold(param.annotation.as_ref().map_or(Some(true), |a| fits_argument(scope.db, &scope.eval(a), arg)))
            }
            None => match &unpacked {
                Some(keys) => fold(
                    keys.iter()
                        .find(|(key, ..)| key == name)
                        .map_or(Some(false), |(_, value, _)| fits_argument(scope.db, value, arg)),
                ),
                None if has_double_star => {
                    fold(double_star.as_ref().map_or(Some(true), |item| fits_argument(scope.db, item, arg)))
                }
                None => fold(Some(false)),
            },
        }
    }
    if let Some(keys) = &unpacked
        && keys.iter().any(|(key, _, required)| *required && !keywords.iter().any(|(name, _)| name == key))
    {
        fold(Some(false));
    }
    // A parameter without a default that no argument fills.
    let missing = normal
        .iter()
        .filter(|p| !filled.contains(&&p.name))
        .any(|p| p.default.is_none() && !keywords.iter().any(|(name, _)| name == &p.name));
    if missing {
        fold(Some(false));
    }
    verdict
}

/// Whether an argument fits a parameter, for picking an overload: [`assignable`], and a builtin
/// container surely fits the collection ABCs it implements (`args: _CMD`, a union holding
/// `Sequence[StrOrBytesPath]`, given a `list[str]`: `subprocess.check_output`'s `bytes` overload).
fn fits_argument(db: &dyn Db, param: &Ty, arg: &Ty) -> Option<bool> {
    let container_fits = |param: &Ty| match (param, arg) {
        (Ty::Instance(Class::Ext(expected), expected_args), Ty::Instance(Class::Ext(given), given_args)) => {
            container_fit(db, expected, expected_args, given, given_args).flatten() == Some(true)
        }
        _ => false,
    };
    if param.union_parts().iter().any(container_fits) {
        return Some(true);
    }
    assignable(db, param, arg)
}

/// Whether a builtin container (`list`, `set`, `frozenset`, `dict`) fits a collection ABC
/// (`typing.Sequence[str]`): `None` where `expected` is no ABC it implements; `Some(Some(true))`
/// where its items surely fit (read-only ABCs take them covariantly, mutable ones only the same).
fn container_fit(
    db: &dyn Db,
    expected: &str,
    expected_args: &[Ty],
    given: &str,
    given_args: &[Ty],
) -> Option<Option<bool>> {
    let abc = expected.strip_prefix("typing.").or_else(|| expected.strip_prefix("collections.abc."))?;
    let implements: &[&str] = match given {
        "builtins.list" => &["Iterable", "Collection", "Reversible", "Sequence", "MutableSequence"],
        "builtins.set" => &["Iterable", "Collection", "AbstractSet", "MutableSet"],
        "builtins.frozenset" => &["Iterable", "Collection", "AbstractSet"],
        "builtins.dict" => &["Iterable", "Collection", "Mapping", "MutableMapping"],
        _ => return None,
    };
    if !implements.contains(&abc) {
        return None;
    }
    // A mapping iterates over its keys; `Mapping` takes its keys and values.
    let given_args = match abc {
        "Iterable" | "Collection" => &given_args[..given_args.len().min(1)],
        _ => given_args,
    };
    let mutable = abc.starts_with("Mutable");
    let fits = expected_args.iter().zip(given_args).map(|(e, g)| match g.is_gradual() || e.is_gradual() {
        true => Some(true),
        false if mutable => (e == g).then_some(true),
        false => assignable(db, e, g),
    });
    // Items that surely do not fit may still fit what type checkers infer for a display assigned
    // to the declaration (`[..]` under `Sequence[Literal[...]]`): never a sure refusal.
    Some(every_fits(fits).filter(|fits| *fits))
}

/// The collection ABCs a tuple implements, with one type argument for its items.
fn is_tuple_abc(name: &str) -> bool {
    let abc = name.strip_prefix("typing.").or_else(|| name.strip_prefix("collections.abc."));
    matches!(abc, Some("Iterable" | "Collection" | "Reversible" | "Sequence" | "Container"))
}

/// Whether a type argument of `given` surely does not fit the one `expected` declares in its place
/// (`list[str]` for `list[Table]`): no inference of a display with those items makes it fit.
pub(super) fn an_item_surely_misfits(db: &dyn Db, expected: &Ty, given: &Ty) -> bool {
    expected.args().len() == given.args().len()
        && expected.args().iter().zip(given.args()).any(|(e, g)| assignable(db, e, g) == Some(false))
}

/// All of several checks: surely when each surely fits, surely not when one surely does not.
fn every_fits(fits: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let fits: Vec<Option<bool>> = fits.collect();
    if fits.contains(&Some(false)) {
        Some(false)
    } else if fits.iter().all(|f| *f == Some(true)) {
        Some(true)
    } else {
        None
    }
}

/// A builtin value class (not `object`), `LiteralString`, `os.PathLike` or the ellipsis' class:
/// nothing `None` is.
fn is_plain_value_class(name: &str) -> bool {
    let builtin = name.strip_prefix("builtins.").is_some_and(|n| n != "object");
    builtin || matches!(name, "typing.LiteralString" | "typing_extensions.LiteralString" | "os.PathLike" | ELLIPSIS)
}

const ELLIPSIS: &str = "types.EllipsisType";

/// Whether a value of type `arg` fits a parameter declared `param`, where that is plain.
pub(super) fn assignable(db: &dyn Db, param: &Ty, arg: &Ty) -> Option<bool> {
    let plain = builtin_class(arg);
    match (param, arg) {
        (Ty::Unknown | Ty::EmptyDisplayItem | Ty::Any, _) => Some(true),
        (_, Ty::Unknown | Ty::EmptyDisplayItem | Ty::Any) => None,
        // A union parameter takes what one of its members takes.
        (Ty::Union(parts), _) => {
            every_fits(parts.iter().map(|p| assignable(db, p, arg).map(|fits| !fits))).map(|none_fits| !none_fits)
        }
        (_, Ty::Union(parts)) => every_fits(parts.iter().map(|a| assignable(db, param, a))),
        // `self: Pattern[str]` given a `Pattern[bytes]`: a class of the workspace or a library
        // (typeshed's `re.Pattern`) told apart by its type arguments where they are plain.
        (Ty::Instance(Class::User(expected), expected_args), Ty::Instance(Class::User(given), given_args))
            if expected == given && expected_args.len() == given_args.len() && !expected_args.is_empty() =>
        {
            every_fits(
                expected_args
                    .iter()
                    .zip(given_args)
                    .map(|(e, g)| if g.is_gradual() { Some(true) } else { assignable(db, e, g) }),
            )
        }
        // A tuple is a sequence of its items (`urlunparse(components: Iterable[AnyStr | None])`).
        (Ty::Instance(Class::Ext(name), expected_args), Ty::Tuple(_, items))
            if expected_args.len() == 1 && is_tuple_abc(name) =>
        {
            let items = arg.homogeneous_item().map_or_else(|| items.clone(), |item| vec![item.clone()]);
            every_fits(
                items
                    .iter()
                    .map(|item| if item.is_gradual() { Some(true) } else { assignable(db, &expected_args[0], item) }),
            )
        }
        (Ty::None, Ty::None) => Some(true),
        // `None` is no class, tuple, container, callable or SQLAlchemy object (`user_model:
        // Type[T] = None` keeps its declaration); a library's class we may not read stays open.
        // A type variable no scope binds (`Type[T]` in a class not generic in `T`) declares nothing.
        (Ty::TypeOf(inner), Ty::None) if unbound_type_var(inner) => None,
        (Ty::TypeOf(_) | Ty::Tuple(..), Ty::None) => Some(false),
        (Ty::Instance(Class::Ext(name), _), Ty::None)
            if name.starts_with("sqlalchemy.")
                || name.as_str() == crate::types::annotation::CALLABLE
                || super::containers::container(name).is_some()
                || is_plain_value_class(name) =>
        {
            Some(false)
        }
        (Ty::None, Ty::Instance(..) | Ty::Literal(_) | Ty::Tuple(..) | Ty::Rows(..)) => Some(false),
        (Ty::Literal(expected), Ty::Literal(given)) => Some(expected == given),
        (Ty::Literal(expected), _) => match plain {
            Some(class) if Some(class) != expected.builtin_class().and_then(|c| c.strip_prefix("builtins.")) => {
                Some(false)
            }
            _ => None,
        },
        // `AnyStr` takes a `str` or `bytes`; other type variables are not checked against bounds.
        (Ty::Instance(Class::Ext(name), _), _) if super::generics::is_type_var(param) => {
            if name.strip_prefix(TYPE_VAR_PREFIX).is_some_and(|n| n.split('@').next() == Some("AnyStr")) {
                plain.map(|class| matches!(class, "str" | "bytes"))
            } else {
                Some(true)
            }
        }
        // A literal string, or a string built from literals only.
        (Ty::Instance(Class::Ext(name), _), _) if name.as_str() == "typing.LiteralString" => match arg {
            Ty::Literal(Literal::Str(_)) => Some(true),
            Ty::Instance(Class::Ext(given), _) if given == name => Some(true),
            Ty::Instance(Class::User(class), _) => (!may_derive_from_builtin(db, class)).then_some(false),
            _ => plain.map(|_| false),
        },
        // An instance of a class that is no `str` (no base of its lineage may be one).
        (Ty::Instance(Class::Ext(name), _), Ty::Instance(Class::User(class), _))
            if name.strip_prefix("builtins.").is_some_and(|n| PLAIN.contains(&n)) =>
        {
            (!may_derive_from_builtin(db, class)).then_some(false)
        }
        // `os.PathLike[bytes]` given a `Path`: what the class's `__fspath__` returns decides.
        (Ty::Instance(Class::User(path_like), expected), Ty::Instance(Class::User(class), _))
            if is_os_path_like(db, path_like) && expected.len() == 1 =>
        {
            assignable(db, &expected[0], &fspath_return(db, class)?)
        }
        // `entries: EntryIterator = property(...)`: a class whose lineage we read is no `property`.
        (Ty::Instance(Class::User(class), _), Ty::Instance(Class::Ext(given), _))
            if given.as_str() == "builtins.property" =>
        {
            lineage_is_known(db, class).then_some(false)
        }
        // `statement: Select[tuple[T]]` given a `Delete`: statement classes are told apart by
        // their class; type arguments decide only where they are plainly the same.
        (Ty::Instance(Class::Ext(_), _) | Ty::Rows(..), Ty::Instance(Class::Ext(_), _) | Ty::Rows(..))
            if statement_parts(param).is_some() && statement_parts(arg).is_some() =>
        {
            let ((expected, expected_args), (given, given_args)) = (statement_parts(param)?, statement_parts(arg)?);
            match crate::sqlalchemy::api::is_statement_instance(given, expected)? {
                false => Some(false),
                true if expected_args.is_empty() || given_args.is_empty() || expected_args == given_args => Some(true),
                true if [&expected_args, &given_args].iter().any(|args| args.iter().any(loosely_typed)) => Some(true),
                true => None,
            }
        }
        // `aw: Awaitable[T]` given what an `async def` returns: its result decides.
        (Ty::Instance(Class::Ext(name), expected_args), Ty::Instance(Class::Ext(given), given_args))
            if super::generics::coroutine_as(name, given, given_args).is_some() =>
        {
            let given_args = super::generics::coroutine_as(name, given, given_args)?;
            if expected_args.len() != given_args.len() {
                return None;
            }
            every_fits(
                expected_args
                    .iter()
                    .zip(given_args)
                    .map(|(e, g)| if g.is_gradual() { Some(true) } else { assignable(db, e, g) }),
            )
        }
        // A SQLAlchemy class is no builtin's base (`tables: list[Table]` given a `str`).
        (Ty::Rows(..), _) if plain.is_some() => Some(false),
        (Ty::Instance(Class::Ext(name), _), _) if name.starts_with("sqlalchemy.") && plain.is_some() => Some(false),
        // Only `...` is an `EllipsisType` (pydantic's `Field(...)` overload, not `Field(None)`'s).
        (Ty::Instance(Class::Ext(name), _), _) if name.as_str() == ELLIPSIS => match arg {
            Ty::Instance(Class::Ext(given), _) if given.as_str() == ELLIPSIS => Some(true),
            Ty::Literal(_) => Some(false),
            _ => plain.map(|_| false),
        },
        // A descriptor no plain value is (`unique_id = "x"` where a base has a `cached_property`).
        (Ty::Instance(Class::Ext(name), _), _) if name.as_str() == "functools.cached_property" && plain.is_some() => {
            Some(false)
        }
        (Ty::Instance(Class::Ext(name), _), _) => {
            let expected = name.strip_prefix("builtins.")?;
            if expected == "object" {
                return Some(true);
            }
            if *arg == Ty::None {
                return Some(false);
            }
            // A library class we know is no `str` or `int` (`is_active: bool = Field(...)`, whose
            // SQLModel `FieldInfo` type checkers report and keep the declaration for).
            if PLAIN.contains(&expected) && matches!(arg, Ty::Instance(Class::Ext(given), _) if is_never_builtin(given))
            {
                return Some(false);
            }
            // `tables: list[Table]` given a `list[str]`.
            if matches!(arg, Ty::Instance(Class::Ext(given), _) if given == name)
                && an_item_surely_misfits(db, param, arg)
            {
                return Some(false);
            }
            let given = plain?;
            Some(given == expected || promotes(given, expected))
        }
        // `config: SQLAlchemyAsyncConfig` given a `SQLAlchemySyncConfig`.
        (Ty::Instance(Class::User(expected), _), Ty::Instance(Class::User(given), _)) => {
            derives_from(db, given, expected)
        }
        // A `str` is no instance of a class of the workspace or a library (`os.PathLike`), nor
        // does it follow a protocol asking for what no plain builtin has (`__fspath__`, `read`).
        (Ty::Instance(Class::User(class), _), _) if plain.is_some() || *arg == Ty::None => {
            match protocol_members(db, class) {
                None => Some(false),
                Some(members) => members.iter().any(|m| NOT_ON_PLAIN_BUILTINS.contains(&m.as_str())).then_some(false),
            }
        }
        // `klass: type[T]` given a class object (a type variable's bound is not checked).
        (Ty::TypeOf(expected), Ty::TypeOf(_)) if super::generics::is_type_var(expected) => Some(true),
        _ => None,
    }
}

fn unbound_type_var(ty: &Ty) -> bool {
    super::generics::is_type_var(ty) && !ty.ext_name().is_some_and(|name| name.contains('@'))
}

/// A SQLAlchemy class's short name and its type arguments (a row's column types).
fn statement_parts(ty: &Ty) -> Option<(&str, Vec<Ty>)> {
    match ty {
        Ty::Instance(Class::Ext(name), args) => Some((name.strip_prefix("sqlalchemy.")?, args.clone())),
        Ty::Rows(name, shape) => {
            let mut args: Vec<Ty> = shape.cols.iter().map(|c| c.ty.clone()).collect();
            if shape.tail != crate::types::RowTail::Exact {
                args.push(Ty::Unknown);
            }
            Some((name.trim_start_matches("sqlalchemy."), args))
        }
        _ => None,
    }
}

/// Whether a type argument leaves any type argument acceptable: unknown, `Any`, or a type
/// variable (solved by what is given), anywhere in it.
fn loosely_typed(ty: &Ty) -> bool {
    match ty {
        Ty::Unknown | Ty::EmptyDisplayItem | Ty::Any => true,
        _ if super::generics::is_type_var(ty) => true,
        Ty::Instance(_, args) | Ty::Union(args) | Ty::Tuple(_, args) => args.iter().any(loosely_typed),
        _ => false,
    }
}

/// Members of file objects, mappings, context managers, iterators and callables: what protocols
/// ask for and no `str`, `bytes`, `int`, `float` or `bool` has.
const NOT_ON_PLAIN_BUILTINS: &[&str] = &[
    "__fspath__",
    "read",
    "readline",
    "write",
    "flush",
    "close",
    "fileno",
    "seek",
    "tell",
    "keys",
    "items",
    "__enter__",
    "__exit__",
    "__call__",
    "__next__",
    "__aiter__",
    "__anext__",
    "__await__",
    "send",
];

/// The members a protocol class declares, `None` when the class is no protocol (derives from
/// `Protocol` directly, as typeshed's do). A class that cannot be read counts as a protocol
/// without members: nothing is refused for it.
fn protocol_members(db: &dyn Db, class: &ClassRef) -> Option<Vec<Name>> {
    let Some(item) = crate::hir::index::class_item(db, class.file, &class.name) else { return Some(Vec::new()) };
    is_protocol(&item).then(|| {
        item.body
            .iter()
            .map(|stmt| match stmt {
                ClassStmt::Attr { name, .. } => name.clone(),
                ClassStmt::Method(function) => function.name.clone(),
            })
            .collect()
    })
}

/// Whether a class derives from `Protocol` directly (as typeshed's protocols do).
pub(super) fn is_protocol(item: &crate::hir::ClassItem) -> bool {
    item.bases.iter().any(|base: &Expr| {
        base.subscript_head().dotted_path().and_then(|path| path.last().cloned()).is_some_and(|last| last == "Protocol")
    })
}

/// Whether a class is typeshed's `os.PathLike`.
fn is_os_path_like(db: &dyn Db, class: &ClassRef) -> bool {
    class.name == "PathLike" && crate::hir::modules::module_name(db, class.file).is_some_and(|m| m.as_str() == "os")
}

/// Whether a parameter takes an `os.PathLike` (`GenericPath[AnyStr]` is `AnyStr | PathLike[AnyStr]`).
pub(super) fn takes_path_like(db: &dyn Db, param: &Ty) -> bool {
    param
        .union_parts()
        .iter()
        .any(|part| matches!(part, Ty::Instance(Class::User(class), _) if is_os_path_like(db, class)))
}

/// What a class's `__fspath__` is declared to return (`str` for `pathlib.PurePath`), nearest first.
pub(super) fn fspath_return(db: &dyn Db, class: &ClassRef) -> Option<Ty> {
    let method = super::members::method_in_lineage(db, class, "__fspath__")?;
    let returns = super::function_item(db, &method)?.returns?;
    Some(TypeScope { db, file: method.file, registry_names: None }.eval(&returns))
}

/// Whether a class may derive from a builtin (`class Color(str, Enum)`, `StrEnum`): some base of
/// its lineage is not a class of the workspace, a library read, or SQLAlchemy.
fn may_derive_from_builtin(db: &dyn Db, class: &ClassRef) -> bool {
    !lineage_is_known(db, class)
}

/// Whether every base in a class's lineage is a class we read (or SQLAlchemy's, `typing`'s,
/// `object`): no unknown base may make it a subclass of anything.
fn lineage_is_known(db: &dyn Db, class: &ClassRef) -> bool {
    super::members::class_lineage(db, class.file, class.name.clone()).iter().all(|c| {
        let Some(item) = crate::hir::index::class_item(db, c.file, &c.name) else { return false };
        item.bases.iter().all(|base: &Expr| match crate::hir::resolve_expr_symbol(db, c.file, base.subscript_head()) {
            Some(crate::hir::Definition::Class { .. }) => true,
            Some(crate::hir::Definition::External(symbol)) => {
                symbol.starts_with("sqlalchemy.") || symbol.starts_with("typing.") || symbol == "builtins.object"
                    // typeshed's `os.PathLike` derives from `abc.ABC`, which derives from no builtin.
                    || symbol == "abc.ABC"
            }
            _ => false,
        })
    })
}

/// Whether an instance of `given` is one of `expected`: a base of its lineage, or surely not
/// where the lineage is known and `expected` is no protocol (which matches by members).
fn derives_from(db: &dyn Db, given: &ClassRef, expected: &ClassRef) -> Option<bool> {
    let lineage = super::members::class_lineage(db, given.file, given.name.clone());
    if lineage.contains(expected) {
        return Some(true);
    }
    (protocol_members(db, expected).is_none() && lineage_is_known(db, given)).then_some(false)
}

/// The builtin class of a value (`str` for `Literal['a']`), for the classes whose subclasses are
/// not in play here (a `str` is never `bytes`).
const PLAIN: &[&str] = &["str", "bytes", "int", "float", "bool", "complex", "bytearray"];

/// Library classes none of which derives from a builtin value class: SQLModel's and SQLAlchemy's
/// (but `quoted_name`, a `str`, and `sqlalchemy.func`'s names, which are functions).
fn is_never_builtin(class: &str) -> bool {
    class.starts_with("sqlmodel.")
        || class
            .strip_prefix("sqlalchemy.")
            .is_some_and(|short| short != "quoted_name" && short.starts_with(|c: char| c.is_ascii_uppercase()))
}

fn builtin_class(ty: &Ty) -> Option<&str> {
    let class = match ty {
        Ty::Literal(literal) => literal.builtin_class()?.strip_prefix("builtins.")?,
        Ty::Instance(Class::Ext(name), _) => name.strip_prefix("builtins.")?,
        _ => return None,
    };
    PLAIN.contains(&class).then_some(class)
}

/// Type checkers' promotions: a `bool` is an `int`, an `int` a `float`, both a `complex`.
fn promotes(given: &str, expected: &str) -> bool {
    matches!(
        (given, expected),
        ("bool", "int" | "float" | "complex") | ("int", "float" | "complex") | ("float", "complex")
    )
}
