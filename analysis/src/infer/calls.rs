//! Calls: SQLAlchemy functions and methods through the API tables, workspace functions through their
//! signatures, classes through their constructors; and what model attributes look like on a class
//! and on an instance.

use super::call_site::CallSiteArguments;
use super::overloads::Picked;
use super::templates::{TemplateContext, instantiate};
use super::walker::Walker;
use crate::hir::{Expr, Name};
use crate::models::{AttrKind, Collection, ModelAttr};
use crate::sqlalchemy::api::{MemberKind, RowBuilder, lookup_function, lookup_member, member_row_limit};
use crate::sqlalchemy::template::Template;
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};
use crate::types::{Class, Literal, TupleSpelling, Ty};

/// An argument of a call: its node (for column names and reveal positions) and type.
pub(super) struct Arg<'t> {
    pub node: Node<'t>,
    pub ty: Ty,
}

/// `",".join([x, "a"])` (`",".join(m.name for m in members)`) of literal strings: typeshed's first
/// overload expects an `Iterable[LiteralString]`, which keeps the display's items (the
/// comprehension's element) literal strings; they are otherwise `str`s.
fn literal_join_display(walker: &Walker<'_>, name: &str, args: &[Arg<'_>]) -> Option<Ty> {
    let [arg] = args else { return None };
    if name != "join" {
        return None;
    }
    let items = match arg.node.kind() {
        "list" | "set" => named_children(arg.node),
        "generator_expression" | "list_comprehension" | "set_comprehension" => {
            field(arg.node, "body").into_iter().collect()
        }
        _ => return None,
    };
    let literal = |item: &Node<'_>| walker.recorded(*item).is_some_and(super::builtin_methods::is_literal_string);
    (!items.is_empty() && items.iter().all(literal))
        .then(|| Ty::ext_generic("builtins.list", vec![Ty::ext("typing.LiteralString")]))
}

pub(super) fn call(walker: &mut Walker<'_>, node: Node<'_>) -> Ty {
    let Some(function) = field(node, "function") else { return Ty::Unknown };
    let callee = walker.expr(function);
    let mut positional: Vec<Arg<'_>> = Vec::new();
    let mut keywords: Vec<(Name, Ty)> = Vec::new();
    if let Some(arguments) = field(node, "arguments") {
        if arguments.kind() == "generator_expression" {
            let ty = walker.expr(arguments);
            positional.push(Arg { node: arguments, ty });
        } else {
            let children = named_children(arguments);
            // `map(lambda v: v + 1, values)`: the lambda takes the iterables' elements, so they
            // are read first.
            if is_map(&callee) && children.first().is_some_and(|arg| arg.kind() == "lambda") {
                let iterables = &children[1..];
                if iterables
                    .iter()
                    .all(|arg| !matches!(arg.kind(), "keyword_argument" | "list_splat" | "dictionary_splat"))
                {
                    let early: Vec<Ty> = iterables.iter().map(|&arg| walker.expr(arg)).collect();
                    walker.lambda_parameters =
                        Some(early.iter().map(|it| super::members::iterable_argument_element(walker, it)).collect());
                    let ty = walker.expr(children[0]);
                    positional.push(Arg { node: children[0], ty });
                    positional.extend(iterables.iter().zip(early).map(|(&node, ty)| Arg { node, ty }));
                    return apply(walker, node, &callee, &positional, &keywords);
                }
            }
            for arg in children {
                match arg.kind() {
                    "keyword_argument" => {
                        let ty = walker.expr(arg);
                        if let Some(name) = field(arg, "name") {
                            keywords.push((Name::from(walker.text(name)), ty));
                        }
                    }
                    "list_splat" | "dictionary_splat" => {
                        walker.expr(arg);
                    }
                    _ => {
                        if arg.kind() == "lambda" && positional.is_empty() {
                            walker.lambda_parameters = callback_parameters(walker, &callee);
                        }
                        let ty = walker.expr(arg);
                        positional.push(Arg { node: arg, ty });
                    }
                }
            }
        }
    }
    apply(walker, node, &callee, &positional, &keywords)
}

/// Whether `callee` is the builtin `map`.
fn is_map(callee: &Ty) -> bool {
    match callee {
        Ty::Special(symbol) => symbol.as_str() == "builtins.map",
        Ty::TypeOf(class) => class.ext_name() == Some("builtins.map"),
        _ => false,
    }
}

/// What a lambda passed first to `callee` takes: `session.run_sync(lambda s: ...)` calls it with
/// the sync `Session`, as `Callable[Concatenate[Session, _P], _T]` tells type checkers.
fn callback_parameters(walker: &Walker<'_>, callee: &Ty) -> Option<Vec<Ty>> {
    let Ty::BoundMethod(receiver, method) = callee else { return None };
    let class = super::members::api_class(walker.db, receiver)?;
    let first = crate::sqlalchemy::api::callback_receiver(&class, method)?;
    Some(vec![Ty::ext(&format!("sqlalchemy.{first}"))])
}

/// Whether type checkers find a call of a workspace function with arguments its signature does not
/// take (`Conv.convert(columns)` of a method, `self` missing): they make it `Unknown` (pyright
/// 1.1.414). Only for plain functions: no overloads, no decorator but `classmethod` and
/// `staticmethod`, no unpacked argument.
fn misses_parameters(
    walker: &Walker<'_>,
    call: Node<'_>,
    function: &crate::types::FunctionRef,
    method_bound: bool,
    positional: &[Ty],
    keywords: &[(Name, Ty)],
) -> bool {
    if walker.mode.precise || has_splat(call) {
        return false;
    }
    let Some(item) = super::function_item(walker.db, function) else { return false };
    if !item.is_plain_function() || !super::overloads(walker.db, function).is_empty() {
        return false;
    }
    let bound = super::binds_receiver(function, &item) && (method_bound || item.has_decorator("classmethod"));
    !super::call_site::fills_parameters(&item, bound, positional, keywords)
}

/// A nested `def` called, what it returns partly unknown: pyright infers its body again with the
/// arguments' types, under a module function's conditions ([`super::call_site`]). `None` where it
/// would not.
fn call_nested(
    walker: &Walker<'_>,
    def: &crate::types::NestedDef,
    positional: &[Ty],
    keywords: &[(Name, Ty)],
) -> Option<Ty> {
    let left = match walker.calls_left {
        None => super::NESTED_CALLS,
        Some(left) => left.checked_sub(1)?,
    };
    let scope = &def.scope;
    let parsed = super::function_parse(walker.db, scope.file, scope.class.clone(), scope.name.clone()).as_ref()?;
    let node = super::nested_def(parsed, def.start)?;
    let item = crate::hir::index::lower_function(parsed, node, Vec::new());
    let flow = || crate::hir::flow_complexity::FlowClass::of(parsed, node);
    let (positional, keywords) = walker.call_site_arguments(positional, keywords);
    let args = super::call_site::call_site_arguments(&item, flow, false, positional, keywords, walker.mode.precise)?;
    let args = CallSiteArguments::new(args, walker.call_in_loop);
    Some(super::nested_call_return_type(walker.db, def.clone(), args, walker.mode.view(), left))
}

/// What a call inside a call-site inference ([`super::call_site`]) passes, to pyright, which
/// evaluates each argument again for the inference of the callee in a fresh context, where the
/// parameters of the function around it are what its own inference has them (`Unknown` where
/// unannotated): the types that the scope's own inference gives the argument expressions.
fn plain_arguments(walker: &Walker<'_>, call: Node<'_>) -> Option<PlainArguments> {
    let arguments = field(call, "arguments").filter(|a| a.kind() == "argument_list")?;
    let mut plain = PlainArguments::default();
    for arg in named_children(arguments) {
        match arg.kind() {
            "keyword_argument" => {
                let (Some(name), Some(value)) = (field(arg, "name"), field(arg, "value")) else { continue };
                plain.keywords.push((Name::from(walker.text(name)), walker.plain_type(value)));
            }
            "list_splat" | "dictionary_splat" => return None,
            _ => plain.positional.push(walker.plain_type(arg)),
        }
    }
    Some(plain)
}

#[derive(Default)]
pub(super) struct PlainArguments {
    pub(super) positional: Vec<Ty>,
    pub(super) keywords: Vec<(Name, Ty)>,
}

/// Whether a node is inside a `for` or `while` statement, however far out (pyright's `isWithinLoop`).
fn within_loop(node: Node<'_>) -> bool {
    std::iter::successors(node.parent(), |n| n.parent())
        .any(|n| matches!(n.kind(), "for_statement" | "while_statement"))
}

/// Whether a call unpacks arguments (`f(*args)`, `f(**kwargs)`), whose count is unknown.
fn has_splat(call: Node<'_>) -> bool {
    field(call, "arguments")
        .is_some_and(|a| named_children(a).iter().any(|c| matches!(c.kind(), "list_splat" | "dictionary_splat")))
}

fn apply(walker: &mut Walker<'_>, call: Node<'_>, callee: &Ty, args: &[Arg<'_>], keywords: &[(Name, Ty)]) -> Ty {
    let plain = if walker.infers_call_site && !walker.mode.precise { plain_arguments(walker, call) } else { None };
    let outer = std::mem::replace(&mut walker.plain_arguments, plain);
    let result = apply_arguments(walker, call, callee, args, keywords);
    walker.plain_arguments = outer;
    result
}

fn apply_arguments(
    walker: &mut Walker<'_>,
    call: Node<'_>,
    callee: &Ty,
    args: &[Arg<'_>],
    keywords: &[(Name, Ty)],
) -> Ty {
    let arg_types: Vec<Ty> = args.iter().map(|a| a.ty.clone()).collect();
    walker.call_in_loop = within_loop(call);
    if let Some(ty) = stdlib_call(walker, callee, &arg_types) {
        return ty;
    }
    match callee {
        Ty::Special(symbol) => match symbol.as_str() {
            "builtins.reveal_type" | "typing.reveal_type" => {
                let ty = args.first().map(|a| a.ty.clone()).unwrap_or(Ty::Unknown);
                if let Some(arg) = args.first() {
                    walker.record_reveal(arg.node, ty.clone());
                }
                ty
            }
            "builtins.open" => super::file_objects::open_result(&arg_types, keywords),
            "sqlalchemy.inspect" => super::inspection::inspect(walker, &arg_types, keywords),
            // `cast("Engine", value)`: the type its first argument names.
            "typing.cast" | "typing_extensions.cast" => {
                args.first().map(|a| walker.annotation_in_scope(a.node)).unwrap_or(Ty::Unknown)
            }
            _ => match lookup_function(symbol, walker.mode.series) {
                Some((template, limit)) => {
                    // Only a call passing keywords reads the snapshot's parameters.
                    let parameters = if keywords.is_empty() {
                        &[][..]
                    } else {
                        crate::sqlalchemy::annotations::function_params(symbol, walker.mode.series)
                    };
                    let made =
                        instantiate_call(walker, call, &template, &Ty::Unknown, (args, keywords), limit, parameters);
                    with_session_class(walker, symbol, made, keywords)
                }
                None => builtin_call(walker, symbol, &arg_types, keywords),
            },
        },
        Ty::TypeOf(inner) => match inner.as_ref() {
            Ty::Instance(Class::User(class), args) if args.is_empty() => {
                if let Some(made) = super::metaclass_calls::made_class(walker, class, &arg_types, keywords) {
                    return made;
                }
                constructed_by_new(walker, class, &arg_types, keywords).unwrap_or_else(|| {
                    let args = super::generics::constructed_arguments(
                        walker.db,
                        class,
                        &arg_types,
                        keywords,
                        walker.mode.precise,
                    );
                    Ty::Instance(Class::User(class.clone()), args)
                })
            }
            Ty::Instance(Class::User(_), _) => (**inner).clone(),
            // An instance of a class a metaclass call made, or what the metaclass's `__call__` returns.
            Ty::Instance(Class::Synthesized(class), _) => {
                let call = match &class.metaclass {
                    Ty::Instance(Class::User(metaclass), _) => {
                        super::members::method_in_lineage(walker.db, metaclass, "__call__")
                    }
                    _ => None,
                };
                match call {
                    Some(call) => super::function_return_type(walker.db, call, walker.mode.view()),
                    None => (**inner).clone(),
                }
            }
            // `list[int]()`: the container as specialised.
            Ty::Instance(Class::Ext(symbol), args)
                if !args.is_empty() && crate::types::annotation::builtin_generic_arity(symbol).is_some() =>
            {
                (**inner).clone()
            }
            // `type(value)(...)` of an `Any` value.
            Ty::Any => Ty::Any,
            // `model: type[T]` called: a `T`.
            ty if super::generics::is_type_var(ty) => (**inner).clone(),
            // `db = SQLAlchemy(app)`: the Flask-SQLAlchemy extension, whose members we know; a
            // built-in exception; `timedelta(days=1)`.
            Ty::Instance(Class::Ext(symbol), _)
                if symbol.as_str() == "flask_sqlalchemy.SQLAlchemy"
                    || super::value_classes::is_value_class(symbol)
                    || symbol.strip_prefix("builtins.").is_some_and(crate::hir::resolve::is_builtin_exception) =>
            {
                (**inner).clone()
            }
            Ty::Instance(Class::Ext(symbol), _) => match lookup_function(symbol, walker.mode.series) {
                Some((template, limit)) => {
                    let made = instantiate_call(walker, call, &template, &Ty::Unknown, (args, keywords), limit, &[]);
                    with_session_class(walker, symbol, made, keywords)
                }
                None => {
                    let made = builtin_call(walker, symbol, &arg_types, keywords);
                    match super::members::stubbed_native_instance(walker.db, inner) {
                        // A generic class of a standard-library module we hold ourselves, made as
                        // its stub's `__init__` and type variable defaults say (`ExitStack()` is
                        // an `ExitStack[bool | None]`).
                        Some(Ty::Instance(Class::User(stub), _)) if made.is_unknown() => {
                            let args = super::generics::constructed_arguments(
                                walker.db,
                                &stub,
                                &arg_types,
                                keywords,
                                walker.mode.precise,
                            );
                            Ty::Instance(Class::Ext(symbol.clone()), args)
                        }
                        _ => made,
                    }
                }
            },
            _ => Ty::Unknown,
        },
        Ty::BoundMethod(receiver, name) => {
            if let Some(ty) = super::typed_dicts::method_call(walker, receiver, name, &arg_types) {
                return ty;
            }
            let Some(class) = super::members::api_class(walker.db, receiver) else {
                if !walker.mode.precise && super::builtin_methods::joins_non_strings(receiver, name, &arg_types) {
                    return Ty::Unknown;
                }
                let arg_types: Vec<Ty> = if name.as_str() == "format" {
                    // `TEMPLATE.format(uri=uri)`: typeshed's `LiteralString` overload takes
                    // keywords of literal strings only. `"{0.name}".format(self)` of a model whose
                    // base is `Any` to type checkers: they take the instance for a
                    // `LiteralString` too.
                    let literal = |ty: Ty| {
                        if !walker.mode.precise && super::members::is_gradual_instance(walker, &ty) {
                            Ty::ext("typing.LiteralString")
                        } else {
                            ty
                        }
                    };
                    arg_types.into_iter().chain(keywords.iter().map(|(_, ty)| ty.clone())).map(literal).collect()
                } else {
                    literal_join_display(walker, name, args).map_or(arg_types, |display| vec![display])
                };
                return super::builtin_methods::method_return(receiver, name, &arg_types).unwrap_or(Ty::Unknown);
            };
            match lookup_member(&class, name, walker.mode.series) {
                Some((MemberKind::Method, template)) => {
                    let rows = member_row_limit(&class, name, walker.mode.series).map(RowBuilder::Positional);
                    let result = instantiate_call(walker, call, &template, receiver, (args, keywords), rows, &[]);
                    if walker.mode.precise {
                        super::outer_joins::after_method(walker, call, receiver, name, result)
                    } else {
                        result
                    }
                }
                // `metadata.tables.items()`: a SQLAlchemy class that is a builtin container.
                _ => super::builtin_methods::method_return(receiver, name, &arg_types).unwrap_or(Ty::Unknown),
            }
        }
        Ty::Function(function) => {
            let receiver =
                receiver(walker, call).map(|r| super::metaclass_calls::method_receiver(walker.db, r, function));
            let on_instance = !matches!(receiver, Some(Ty::TypeOf(_)));
            if misses_parameters(walker, call, function, on_instance, &arg_types, keywords) {
                return Ty::Unknown;
            }
            call_function(walker, function, receiver, &arg_types, keywords)
        }
        // Unbound, its first parameter is the first argument, as on its class.
        Ty::UnboundMethod(function, self_ty) => {
            if misses_parameters(walker, call, function, false, &arg_types, keywords) {
                return Ty::Unknown;
            }
            let receiver = Ty::TypeOf(Box::new(self_ty.as_ref().clone().without_self()));
            call_function(walker, function, Some(receiver), &arg_types, keywords)
        }
        Ty::Signature(signature) => match &signature.origin {
            Some(def) if mentions_unknown(&signature.returns) => {
                call_nested(walker, def, &arg_types, keywords).unwrap_or_else(|| signature.returns.clone())
            }
            _ => signature.returns.clone(),
        },
        // `Callable[[...], R]` called: `R`; with arguments its positional parameters cannot take (a
        // count that differs, a keyword), nothing (type checkers report the call, untyped).
        Ty::Instance(Class::Ext(name), callable) if name.as_str() == crate::types::annotation::CALLABLE => {
            match callable.first() {
                Some(Ty::Tuple(_, params))
                    if !has_splat(call) && (!keywords.is_empty() || params.len() != args.len()) =>
                {
                    Ty::Unknown
                }
                _ => callable.get(1).cloned().unwrap_or(Ty::Unknown),
            }
        }
        // `partial(func, ...)` called: typeshed's `partial[T].__call__` gives `T`.
        Ty::Instance(Class::Ext(name), returns) if name.as_str() == "functools.partial" => {
            returns.first().cloned().unwrap_or(Ty::Unknown)
        }
        Ty::Instance(..) | Ty::Rows(..) => {
            // An instance of a workspace or library class defining `__call__`.
            if let Some(function) = super::members::user_dunder_defined(walker, callee, "__call__") {
                return call_function(walker, &function, Some(callee.clone()), &arg_types, keywords);
            }
            let Some(class) = super::members::table_class(callee) else { return Ty::Unknown };
            match lookup_member(class, "__call__", walker.mode.series) {
                Some((_, template)) => instantiate_call(walker, call, &template, callee, (args, keywords), None, &[]),
                None => Ty::Unknown,
            }
        }
        Ty::Any => Ty::Any,
        // `session.execute` on `AsyncSession | async_scoped_session[AsyncSession]`: each part's call.
        // Calling `None` is an error type checkers report; it adds nothing.
        Ty::Union(parts) => {
            let callable = super::call_order::sorted(walker.db, parts);
            let callable: Vec<&Ty> = callable.into_iter().filter(|part| !matches!(part, Ty::None)).collect();
            let method_name = |part: &Ty| match part {
                Ty::BoundMethod(_, name) => Some(name.clone()),
                Ty::Function(function) | Ty::UnboundMethod(function, _) if function.class.is_some() => {
                    Some(function.name.clone())
                }
                _ => None,
            };
            let first = callable.first().and_then(|part| method_name(part));
            let one_method = first.is_some() && callable.iter().all(|part| method_name(part) == first);
            let results: Vec<Ty> =
                callable.iter().map(|part| apply_arguments(walker, call, part, args, keywords)).collect();
            if !one_method {
                return Ty::union(results);
            }
            let mut counted: Vec<(usize, Ty)> =
                callable.iter().map(|part| parameter_count(walker, part)).zip(results).collect();
            super::call_order::sort_results(walker.db, &mut counted);
            Ty::union(counted.into_iter().map(|(_, ty)| ty).collect())
        }
        _ => Ty::Unknown,
    }
}

/// How many parameters a method of the workspace takes (0 for one of SQLAlchemy's, whose
/// signatures the tables do not carry): pyright orders a union's methods by it. A method bound to
/// its receiver does not count `self` (`type[Conv] | Conv` calling `convert`: the unbound one
/// takes one parameter more).
fn parameter_count(walker: &Walker<'_>, callee: &Ty) -> usize {
    match callee {
        Ty::Function(function) | Ty::UnboundMethod(function, _) => {
            let Some(item) = super::function_item(walker.db, function) else { return 0 };
            let bound = matches!(callee, Ty::Function(_)) && super::binds_receiver(function, &item);
            item.params.len() - usize::from(bound && !item.params.is_empty())
        }
        _ => 0,
    }
}

/// A function of the workspace called with arguments of these types, on `receiver` where it is a
/// method called on a value (`repo.get(1)`, or `__iter__` for `for x in repo`).
pub(super) fn call_function(
    walker: &mut Walker<'_>,
    function: &crate::types::FunctionRef,
    receiver: Option<Ty>,
    arg_types: &[Ty],
    keywords: &[(Name, Ty)],
) -> Ty {
    // `config.get_engine()` on `AsyncConfig | SyncConfig`: the method on each receiver of its
    // class (their type arguments differ), joined as type checkers join them.
    if let (Some(class), Some(Ty::Union(parts))) = (&function.class, &receiver) {
        let owner = crate::types::ClassRef { file: function.file, name: class.clone() };
        let receivers: Vec<&Ty> = parts
            .iter()
            .filter(|part| match part {
                Ty::Instance(Class::User(c), _) => {
                    super::members::class_lineage(walker.db, c.file, c.name.clone()).contains(&owner)
                }
                _ => false,
            })
            .collect();
        if !receivers.is_empty() {
            let returns =
                receivers.into_iter().map(|r| call_function(walker, function, Some(r.clone()), arg_types, keywords));
            return Ty::union(returns.collect());
        }
    }
    // An `@overload`ed function returns what its overloads declare, never what its implementation
    // infers.
    let annotated =
        super::has_return_annotation(walker.db, function) || !super::overloads(walker.db, function).is_empty();
    // Past the levels call-site return inference follows, an unannotated function's return
    // is not inferred (a method's own return type is: `function_return_type`, memoized, as
    // pyright infers callees' returns in turn).
    // Inferring what methods assign to `self`, a method of the class or its bases is not
    // inferred either (it may read the attributes being inferred).
    if !annotated && (walker.calls_left == Some(0) || walker.inferring_attributes && is_own_method(walker, function)) {
        return Ty::Unknown;
    }
    // A recursive call, inside the inference of the function's own return.
    if !annotated && walker.inferring.as_ref() == Some(function) {
        return Ty::Unknown;
    }
    // Inside return inference, a helper's return is inferred one level down, with the types
    // of the arguments given.
    if !annotated && walker.calls_left.is_some() && function.class.is_none() && !walker.is_module_of(function.file) {
        let left = walker.calls_left.unwrap_or(0).saturating_sub(1);
        let item = super::function_item(walker.db, function);
        let (arg_types, keywords) = walker.call_site_arguments(arg_types, keywords);
        return match item.and_then(|item| super::call_site::arguments_by_name(&item, false, arg_types, keywords)) {
            Some(args) => {
                let args = CallSiteArguments::new(args, walker.call_in_loop);
                super::call_site_return_type(walker.db, function.clone(), args, walker.mode.view(), left)
            }
            None => Ty::Unknown,
        };
    }
    // `main()` at the bottom of a script: inferring what it returns reads this module's
    // bindings, which the first walk of it is computing; the second walk answers.
    if !annotated && walker.defers_functions_of(function.file) {
        return Ty::Unknown;
    }
    // A method of a generic class: its variables are the receiver's type arguments (a class
    // method called on a class, `Sub.rules()`, the class's).
    let class_args = match (&function.class, receiver.clone()) {
        (Some(class), Some(receiver)) => super::generics::class_arguments(
            walker.db,
            match &receiver {
                Ty::TypeOf(class) => class,
                instance => instance,
            },
            &crate::types::ClassRef { file: function.file, name: class.clone() },
            walker.class.as_ref(),
        ),
        _ => Default::default(),
    };
    let call = super::generics::CallArguments {
        receiver: receiver.as_ref(),
        positional: arg_types,
        keywords,
        class_args: &class_args,
        view: walker.mode.view(),
    };
    let picked = super::overloads::pick(walker.db, function, &call);
    let overloaded = picked.is_some();
    let (declared, item) = match picked {
        None => (super::function_return_type(walker.db, function.clone(), walker.mode.view()), None),
        Some(Picked::Overload(item, declared)) => {
            (super::generics::in_view(declared, walker.mode.precise), Some(*item))
        }
        Some(Picked::Undecided(declared)) => (super::generics::in_view(declared, walker.mode.precise), None),
    };
    // A method called on an instance: its first parameter is the receiver.
    let bound = function.class.is_some() && !matches!(receiver, Some(Ty::TypeOf(_)));
    let summary = super::function_item(walker.db, function);
    let call_site = match &summary {
        Some(summary) if !overloaded && mentions_unknown(&declared) => {
            let flow = || super::function_flow(walker.db, function);
            let (arg_types, keywords) = walker.call_site_arguments(arg_types, keywords);
            super::call_site::call_site_arguments(summary, flow, bound, arg_types, keywords, walker.mode.precise)
        }
        _ => None,
    };
    // pyright infers an unannotated method with unannotated parameters again at the call where
    // what it returns is partly unknown, and leaves `Self@C` unsolved there (`model_class.make(s)`
    // is a `Self@A | Unknown`).
    let untyped_method = function.class.is_some()
        && summary.as_ref().is_some_and(|item| item.returns.is_none() && has_unannotated_parameter(item, bound));
    // A function of this module passed along (`get_endpoints(Service, handler)`) may be called
    // there and read this module's bindings, which its first walk is computing.
    let passes_own_function = arg_types
        .iter()
        .chain(keywords.iter().map(|(_, ty)| ty))
        .any(|ty| matches!(ty, Ty::Function(passed) | Ty::UnboundMethod(passed, _) if passed.file == walker.file));
    let deferred = call_site.is_some() && passes_own_function && walker.defers_functions_of(walker.file);
    let keeps_self = |returned: &Ty| !walker.mode.precise && untyped_method && mentions_unknown(returned);
    if let Some(args) = call_site.filter(|_| !deferred) {
        let args = CallSiteArguments::new(args, walker.call_in_loop);
        super::call_site_return_type(walker.db, function.clone(), args, walker.mode.view(), super::NESTED_CALLS)
    } else {
        let returned = match item.or(summary) {
            Some(item) => super::generics::solve_call(walker.db, function, &item, declared, &call),
            None => declared,
        };
        // Called on `self` (or `super()`) in a method: `Self@C` stays.
        let own_self = walker.own_self();
        let own_call = (function.class.is_some() && function.class == walker.class)
            || (own_self.is_some() && receiver == own_self);
        // `-> Self` called on an instance is that instance's type, type arguments and all
        // (`count[int]().__iter__()` is a `count[int]`; `path.resolve()` of typeshed's
        // `PurePath` method a `Path`); called on a class, that class (`Sub.create()`).
        let self_instance = match &receiver {
            Some(Ty::TypeOf(inner)) => Some(inner.as_ref()),
            other => other.as_ref(),
        }
        .filter(|instance| {
            !own_call && matches!(instance, Ty::Instance(Class::User(_), args) if !Ty::is_self_marker(args))
        });
        let returned = match self_instance {
            Some(instance) => super::generics::replace_self(returned, instance),
            None => returned,
        };
        // A method returning `Self@C` (or `-> Self`) called from outside `C` returns the class.
        if keeps_self(&returned) {
            return returned;
        }
        // And the `Self@C` an unannotated `return self` infers is the receiver's class
        // (`sub.copy()` of a base's method is a `Sub`).
        let returned = match self_instance {
            Some(instance) => {
                let defining = function.class.as_ref();
                super::generics::map(returned, &mut |ty| match &ty {
                    Ty::Instance(Class::User(class), args)
                        if Ty::is_self_marker(args) && Some(&class.name) == defining =>
                    {
                        instance.clone()
                    }
                    _ => ty,
                })
            }
            _ => returned,
        };
        let returned = walker.with_self_type(function, returned);
        if own_call { returned } else { returned.without_self() }
    }
}

/// Whether a parameter after the receiver has no annotation.
fn has_unannotated_parameter(item: &crate::hir::FunctionItem, bound: bool) -> bool {
    let receiver = usize::from(bound || item.has_decorator("classmethod"));
    item.params.iter().skip(receiver).any(|p| p.annotation.is_none() && p.kind == crate::hir::ParamKind::Normal)
}

/// A class whose `@overload`ed `__new__` says what it makes (typeshed's `count()` is a
/// `count[int]`): the overload the arguments pick, where it makes an instance of the class.
fn constructed_by_new(
    walker: &Walker<'_>,
    class: &crate::types::ClassRef,
    positional: &[Ty],
    keywords: &[(Name, Ty)],
) -> Option<Ty> {
    let new =
        crate::types::FunctionRef { file: class.file, class: Some(class.name.clone()), name: Name::from("__new__") };
    let class_args = Default::default();
    let call = super::generics::CallArguments {
        receiver: None,
        positional,
        keywords,
        class_args: &class_args,
        view: walker.mode.view(),
    };
    let made = match super::overloads::pick(walker.db, &new, &call)? {
        Picked::Overload(_, made) | Picked::Undecided(made) => made,
    };
    matches!(&made, Ty::Instance(Class::User(made), _) if made == class).then_some(made)
}

/// `sessionmaker(class_=ContextSession)` makes `ContextSession`s: `sessionmaker[ContextSession]`.
/// Type checkers take that overload only for a class bound by its type variable (a `Session` for
/// `sessionmaker`): `sessionmaker(class_=AsyncSession)` is a `sessionmaker[Session]` to them.
fn with_session_class(walker: &Walker<'_>, symbol: &str, made: Ty, keywords: &[(Name, Ty)]) -> Ty {
    let bound = match symbol {
        "sqlalchemy.sessionmaker" => "Session",
        "sqlalchemy.async_sessionmaker" => "AsyncSession",
        _ => return made,
    };
    match (made, keywords.iter().find(|(name, _)| name.as_str() == "class_")) {
        (Ty::Instance(class, _), Some((_, Ty::TypeOf(session)))) => {
            let unbound = || {
                let api = super::members::api_class(walker.db, session)?;
                crate::sqlalchemy::annotations::derives_from(&api, bound, walker.mode.series).map(|fits| !fits)
            };
            if !walker.mode.precise && unbound() == Some(true) {
                return Ty::Instance(class, vec![Ty::ext(&format!("sqlalchemy.{bound}"))]);
            }
            Ty::Instance(class, vec![(**session).clone()])
        }
        (made, _) => made,
    }
}

fn instantiate_call(
    walker: &mut Walker<'_>,
    call: Node<'_>,
    template: &Template,
    receiver: &Ty,
    (args, keywords): (&[Arg<'_>], &[(Name, Ty)]),
    rows: Option<RowBuilder>,
    parameters: &[String],
) -> Ty {
    let mut arg_types: Vec<Ty> = args.iter().map(|a| a.ty.clone()).collect();
    // `bindparam("x", type_=Integer)`: a keyword argument at its parameter's position, what it
    // skips `Unknown`, as the templates' `$A2` and `[#3+]` read it.
    for (keyword, ty) in keywords {
        if let Some(position) = parameters.iter().position(|p| p == keyword.as_str()).filter(|p| *p >= args.len()) {
            if arg_types.len() <= position {
                arg_types.resize(position + 1, Ty::Unknown);
            }
            arg_types[position] = ty.clone();
        }
    }
    // `Column(Timestamp())` of a project's `TypeDecorator[datetime]`: a `TypeEngine[datetime]` to
    // type checkers. The precise view does not take the declaration for what values load as.
    if !walker.mode.precise {
        for ty in &mut arg_types {
            if let Some(sqlalchemy) = super::type_engines::as_sqlalchemy_type(walker.db, ty) {
                *ty = sqlalchemy;
            }
        }
    }
    // `hybrid_property(getter)` reads what a function argument returns.
    if template.mentions_returns() {
        for ty in &mut arg_types {
            *ty = super::signatures::shown(walker.db, ty, walker.mode.view());
        }
    }
    // `select(model_or_none)`, `session.query(None)`: no overload takes `None` for a column (at
    // run time an `ArgumentError`); type checkers make the call `Unknown`.
    let may_be_none = |ty: &Ty| *ty == Ty::None || ty.is_optional();
    if matches!(rows, Some(RowBuilder::Positional(_))) && arg_types.iter().any(may_be_none) {
        return Ty::Unknown;
    }
    let (mut template, mut rows, mut unpacked_row) = (template, rows, None);
    if let Some(RowBuilder::Positional(limit)) = rows
        && super::unpacked_rows::unpacks_arguments(call)
    {
        use super::unpacked_rows::Unpacked;
        let typed = template.row_overload();
        let row_kind = match typed {
            Some(Template::Named(name, _)) => Some(name.as_str()),
            _ => None,
        };
        match super::unpacked_rows::unpacked_row(walker, call, args, limit, row_kind) {
            Unpacked::Whole(ty) => return ty,
            Unpacked::Untyped => {
                template = template.untyped_overload();
                rows = None;
            }
            Unpacked::Row(shape) => {
                template = typed.unwrap_or(template);
                unpacked_row = Some(shape);
            }
        }
    }
    let args_row = unpacked_row.or_else(|| {
        rows.map(|builder| match builder {
            RowBuilder::Positional(limit) => {
                // `select(x)` of an unknown `x` takes the first overload (`Select[Tuple[Unknown]]`);
                // `session.query(x)` its last (`Query[Any]`): pyright keeps the first overload where
                // the others' results are assignable to it.
                let gradual_columns = receiver.is_unknown();
                let (shape, total) = super::rows::build_row(walker, args, limit, gradual_columns);
                if total >= limit {
                    walker.record_limit(call, total, limit);
                }
                shape
            }
            RowBuilder::TableColumns => super::rows::table_row(walker, args),
        })
    });
    let then = template.mentions_then().then(|| case_value_type(walker, call));
    let cx = TemplateContext {
        receiver,
        args: &arg_types,
        positional: args.len(),
        keywords,
        series: walker.mode.series,
        args_row,
        then,
        precise: walker.mode.precise,
    };
    instantiate(template, &cx)
}

/// What a `case((cond, value), ..., else_=value)` or `case({key: value}, value=..., else_=...)`
/// yields: the common Python type of its THEN and else values.
fn case_value_type(walker: &Walker<'_>, call: Node<'_>) -> Ty {
    let Some(arguments) = field(call, "arguments") else { return Ty::Unknown };
    let mut values: Vec<Node<'_>> = Vec::new();
    for arg in named_children(arguments) {
        match arg.kind() {
            "tuple" | "parenthesized_expression" | "list" => {
                let inner = crate::syntax::node_ext::unparenthesize(arg);
                if let Some(value) = named_children(inner).get(1) {
                    values.push(*value);
                }
            }
            "dictionary" => values.extend(named_children(arg).into_iter().filter_map(|pair| field(pair, "value"))),
            "keyword_argument" if field(arg, "name").is_some_and(|n| walker.text(n) == "else_") => {
                values.extend(field(arg, "value"));
            }
            _ => {}
        }
    }
    let mut types: Vec<Ty> = Vec::new();
    for value in values {
        let ty = walker.result.exprs.get(&super::ScopeRange::of(value)).cloned();
        let ty = match ty {
            Some(ty @ Ty::Literal(_)) => super::walker::widen_literal(ty),
            Some(ty) => super::rows::column_type(walker, &ty).unwrap_or(ty),
            None => Ty::Unknown,
        };
        if !types.contains(&ty) {
            types.push(ty);
        }
    }
    if types.is_empty() { Ty::Unknown } else { Ty::union(types) }
}

/// Whether `function` is a method of the class being walked or of one of its bases.
pub(super) fn is_own_method(walker: &Walker<'_>, function: &crate::types::FunctionRef) -> bool {
    let (Some(owner), Some(class)) = (&function.class, &walker.class) else { return false };
    let owner = crate::types::ClassRef { file: function.file, name: owner.clone() };
    super::members::class_lineage(walker.db, walker.file, class.clone()).contains(&owner)
}

/// The type of the object a method is called on (`repo` in `repo.get(1)`), as inferred already.
fn receiver(walker: &Walker<'_>, call: Node<'_>) -> Option<Ty> {
    let function = field(call, "function").filter(|f| f.kind() == "attribute")?;
    let receiver = walker.recorded(field(function, "object")?)?;
    // `d.popleft()` on a `collections.deque[str]`: the method is typeshed's, read on its class.
    Some(super::members::stubbed_native_instance(walker.db, receiver).unwrap_or_else(|| receiver.clone()))
}

pub(super) fn mentions_unknown(ty: &Ty) -> bool {
    ty.mentions(&Ty::is_unknown)
}

/// `sum(items[, start])` by typeshed's overloads: integers (and, to type checkers, items of
/// unknown type) sum to an `int`; others to their type or the start (`0` by default).
fn sum_result(item: Ty, start: Option<&Ty>, precise: bool) -> Ty {
    let start_integral = start.is_none_or(Ty::is_integral);
    if item.is_gradual() {
        return if precise || !start_integral { Ty::Unknown } else { Ty::builtin("int") };
    }
    if item.union_parts().iter().all(Ty::is_integral) && start_integral {
        return Ty::builtin("int");
    }
    let item = super::walker::widen_literal(item);
    // Strings and bytes have no `__radd__` for the `0` it starts from: typeshed's overloads all
    // fail (and `sum(["a"])` raises).
    let no_radd =
        |part: &Ty| matches!(part.ext_name(), Some("builtins.str" | "builtins.bytes" | "typing.LiteralString"));
    if start.is_none() && item.union_parts().iter().any(no_radd) {
        return Ty::Unknown;
    }
    match start {
        Some(start) => Ty::union(vec![item, super::walker::widen_literal(start.clone())]),
        None => Ty::union(vec![item, Ty::Literal(Literal::Int(0))]),
    }
}

/// Functions that never return: they end the flow (`if user is None: abort(404)` narrows after it).
pub(super) const NO_RETURN: &[&str] =
    &["flask.abort", "sys.exit", "builtins.exit", "builtins.quit", "os._exit", "typing.assert_never"];

/// `dict(value)` of a mapping: its keys and values; of an unknown value, typeshed's overloads
/// unsolved (`dict[Unknown, Unknown]`, `dict[Any, Any]` for `Any`); of a union, each member's.
fn dict_copy(value: &Ty) -> Option<Ty> {
    match value {
        Ty::Unknown | Ty::EmptyDisplayItem => Some(Ty::ext_generic("builtins.dict", vec![Ty::Unknown, Ty::Unknown])),
        Ty::Any => Some(Ty::ext_generic("builtins.dict", vec![Ty::Any, Ty::Any])),
        Ty::Union(parts) => parts.iter().map(dict_copy).collect::<Option<Vec<Ty>>>().map(Ty::union),
        mapping => super::containers::key_and_value(mapping).map(|(key, value)| {
            Ty::ext_generic("builtins.dict", vec![key.without_empty_item(), value.without_empty_item()])
        }),
    }
}

/// `dict(pairs)` of an iterable of `pair`s: `dict(zip(keys, values))`, `dict(rows)` of two-column
/// rows. A 2.0 `Row` is no tuple to type checkers: every overload of `dict` fails and pyright falls
/// back on the last, `dict[bytes, bytes]`; a 2.1 `Row[K, V]` is a `tuple[K, V]`. At run time a row
/// of two columns is a pair.
fn dict_of_pairs(walker: &Walker<'_>, pair: Ty) -> Ty {
    let dict = |key: Ty, value: Ty| Ty::ext_generic("builtins.dict", vec![key, value]);
    match pair {
        Ty::Tuple(_, items) if items.len() == 2 && pair_is_fixed(&items) => {
            let [key, value] = <[Ty; 2]>::try_from(items).unwrap_or_else(|_| unreachable!());
            dict(key, value)
        }
        Ty::Rows(kind, shape) if kind.as_str() == "Row" => {
            let known = shape.tail == crate::types::RowTail::Exact;
            let pair = match &shape.cols[..] {
                [key, value] => Some(dict(key.ty.clone(), value.ty.clone())),
                _ => None,
            };
            let bytes = || dict(Ty::builtin("bytes"), Ty::builtin("bytes"));
            match walker.mode.series {
                _ if walker.mode.precise => pair.filter(|_| known).unwrap_or(Ty::Unknown),
                crate::settings::Series::V20 => bytes(),
                // 2.1: a row of another length (`Row[tuple[K, V]]` is one column) is a tuple no
                // pair matches; one whose length is open (`*tuple[Any, ...]`) we do not follow.
                _ if shape.tuple_column => bytes(),
                _ if known => pair.unwrap_or_else(bytes),
                _ => Ty::Unknown,
            }
        }
        _ => Ty::Unknown,
    }
}

/// SQLAlchemy's results with a `keys()` method (`_WithKeys`), which `dict()` reads as a mapping;
/// `result.tuples()` is the same result at run time.
fn has_keys_method(value: &Ty) -> bool {
    value.union_parts().iter().any(|part| {
        matches!(part, Ty::Rows(kind, _) if matches!(
            kind.as_str(),
            "Result" | "CursorResult" | "IteratorResult" | "ChunkedIteratorResult" | "MergedResult" | "MappingResult"
                | "TupleResult"
        ))
    })
}

/// A tuple of two items, not `tuple[T, ...]`.
fn pair_is_fixed(items: &[Ty]) -> bool {
    !matches!(items.last(), Some(Ty::Instance(Class::Ext(dots), _)) if dots.as_str() == "...")
}

/// The few builtins whose result matters for SQLAlchemy code.
fn builtin_call(walker: &mut Walker<'_>, symbol: &str, args: &[Ty], keywords: &[(Name, Ty)]) -> Ty {
    if let Some(ty) = super::stdlib::stdlib_return(symbol, args) {
        return ty;
    }
    // `next(it)` on an iterator class of the workspace: its `__next__`.
    if symbol == "builtins.next"
        && let Some(item) = args.first().and_then(|it| super::members::user_dunder(walker, it, "__next__", &[]))
    {
        return item;
    }
    // `iter(value)` calls its `__iter__` (a protocol, not the nominal base `list(value)` matches).
    if symbol == "builtins.iter" {
        let item = args.first().map(|it| super::members::iterate(walker, it, false)).unwrap_or(Ty::Unknown);
        return Ty::ext_generic("typing.Iterator", vec![item]);
    }
    // `dict(mapping)`: the same keys and values (`Unknown` for a bare `Mapping`).
    if symbol == "builtins.dict"
        && keywords.is_empty()
        && let [mapping] = args
        && let Some(copied) = dict_copy(mapping)
    {
        return copied;
    }
    let precise = walker.mode.precise;
    let mut element = |ty: &Ty| super::members::iterable_argument_element(walker, ty);
    match symbol {
        _ if NO_RETURN.contains(&symbol) => Ty::Never,
        "builtins.len" | "builtins.id" | "builtins.hash" | "builtins.ord" => Ty::builtin("int"),
        "builtins.isinstance"
        | "builtins.issubclass"
        | "builtins.hasattr"
        | "builtins.callable"
        | "builtins.any"
        | "builtins.all" => Ty::builtin("bool"),
        "builtins.chr" | "builtins.format" | "builtins.input" | "builtins.hex" | "builtins.oct" | "builtins.bin"
        | "builtins.ascii" => Ty::builtin("str"),
        "builtins.range" => Ty::builtin("range"),
        // `divmod(total, 60)`: typeshed's `int.__divmod__` (`float`'s with a float).
        "builtins.divmod" => match &super::stdlib::known_members(args, precise)[..] {
            [a, b] if [a, b].iter().all(|t| t.is_integral()) => {
                Ty::Tuple(TupleSpelling::Builtin, vec![Ty::builtin("int"), Ty::builtin("int")])
            }
            [a, b] if [a, b].iter().all(|t| t.is_integral() || t.ext_name() == Some("builtins.float")) => {
                Ty::Tuple(TupleSpelling::Builtin, vec![Ty::builtin("float"), Ty::builtin("float")])
            }
            _ => Ty::Unknown,
        },
        // typeshed's `round(number: _SupportsRound1[_T]) -> _T`: what the number's `__round__()`
        // gives, an `int` for the builtin numbers and `Decimal`; unknown for an unknown number.
        "builtins.round" => match args {
            [number]
                if number.is_integral()
                    || matches!(number.ext_name(), Some("builtins.int" | "builtins.float" | "decimal.Decimal")) =>
            {
                Ty::builtin("int")
            }
            [Ty::Any] => Ty::Any,
            _ => Ty::Unknown,
        },
        // pyright takes a call of `__import__` for `Any` (typeshed says `ModuleType`): the module
        // named by a string is not known.
        "builtins.__import__" | "builtins.eval" => Ty::Any,
        "builtins.globals" | "builtins.locals" => Ty::ext_generic("builtins.dict", vec![Ty::builtin("str"), Ty::Any]),
        "builtins.setattr" | "builtins.delattr" | "builtins.exec" => Ty::None,
        "builtins.bytes" | "builtins.bytearray" | "builtins.memoryview" | "builtins.complex" => {
            Ty::builtin(&symbol["builtins.".len()..])
        }
        // `abs(x)`: typeshed's `SupportsAbs[T]` gives a number's own class back.
        "builtins.abs" => match args {
            [number] if matches!(number.ext_name(), Some("builtins.int" | "builtins.float")) => number.clone(),
            [Ty::Literal(Literal::Int(_) | Literal::Bool(_))] => Ty::builtin("int"),
            _ => Ty::Unknown,
        },
        "builtins.vars" => Ty::ext_generic("builtins.dict", vec![Ty::builtin("str"), Ty::Any]),
        "builtins.reversed" => {
            Ty::ext_generic("typing.Iterator", vec![args.first().map(&mut element).unwrap_or(Ty::Unknown)])
        }
        "builtins.tuple" => Ty::Tuple(
            TupleSpelling::Builtin,
            vec![args.first().map(&mut element).unwrap_or(Ty::Unknown), Ty::ext("...")],
        ),
        "builtins.print" => Ty::None,
        "builtins.str" | "builtins.repr" => Ty::builtin("str"),
        "builtins.int" => Ty::builtin("int"),
        "builtins.float" => Ty::builtin("float"),
        "builtins.bool" => Ty::builtin("bool"),
        "builtins.list" | "builtins.sorted" => {
            Ty::ext_generic("builtins.list", vec![args.first().map(&mut element).unwrap_or(Ty::Unknown)])
        }
        "builtins.set" | "builtins.frozenset" => {
            Ty::ext_generic(symbol, vec![args.first().map(&mut element).unwrap_or(Ty::Unknown)])
        }
        // `deque(iterable)`, `deque(maxlen=3)`: typeshed's overloads solve `_T` from the iterable.
        "collections.deque" => {
            Ty::ext_generic("collections.deque", vec![args.first().map(&mut element).unwrap_or(Ty::Unknown)])
        }
        "builtins.next" => args.first().map(&mut element).unwrap_or(Ty::Unknown),
        // `type(obj)`: the class of an instance (`type[Entry]`).
        "builtins.type" => match args {
            [instance @ (Ty::Instance(..) | Ty::Any | Ty::Unknown)] => Ty::TypeOf(Box::new(instance.clone())),
            // `type("Extension", (Base,), {})`: a new class deriving from the classes named.
            [name, bases, _] => super::metaclass_calls::made_by_type(name, bases),
            _ => Ty::Unknown,
        },
        "builtins.sum" => sum_result(args.first().map(&mut element).unwrap_or(Ty::Unknown), args.get(1), precise),
        // `dict(row._mapping)`: a mapping copied; `RowMapping` is a `Mapping[Any, Any]`.
        "builtins.dict" => match args {
            // `dict()`; `dict(a=1, b="x")` is keyed by the names.
            [] if keywords.is_empty() => Ty::ext_generic("builtins.dict", vec![Ty::Unknown, Ty::Unknown]),
            [] => {
                let values = keywords.iter().map(|(_, ty)| super::walker::widen_literal(ty.clone())).collect();
                Ty::ext_generic("builtins.dict", vec![Ty::builtin("str"), Ty::union(values)])
            }
            [Ty::Instance(Class::Ext(name), _)] if name.as_str() == "sqlalchemy.RowMapping" => {
                Ty::ext_generic("builtins.dict", vec![Ty::Any, Ty::Any])
            }
            // `dict(request.headers)`: a class deriving from a mapping copies its keys and values.
            [value] if keywords.is_empty() => {
                match super::members::container_base(walker, value).as_ref().and_then(dict_copy) {
                    Some(copied) => copied,
                    // A `Result` has `keys()`: `dict()` takes it for a mapping and raises.
                    None if walker.mode.precise && has_keys_method(value) => Ty::Unknown,
                    None => {
                        let pair = super::members::iterable_argument_element(walker, value);
                        dict_of_pairs(walker, pair)
                    }
                }
            }
            _ => Ty::Unknown,
        },
        // `min(rows)`: the smallest element; `min(a, b)`: one of the arguments.
        "builtins.min" | "builtins.max" => {
            let compared = match args {
                [iterable] => element(iterable),
                [] => Ty::Unknown,
                several if walker.mode.precise => Ty::union(several.to_vec()),
                several => solved_comparable(several),
            };
            // Without `key=`, typeshed's overloads for an iterable take only elements that support
            // `<`: `None` fails them all, and type checkers give up (`Unknown`).
            let keyed = keywords.iter().any(|(name, _)| name == "key");
            if !walker.mode.precise && !keyed && args.len() == 1 && compared.union_parts().contains(&Ty::None) {
                Ty::Unknown
            } else {
                compared
            }
        }
        "builtins.zip" if !args.is_empty() => Ty::ext_generic(
            "builtins.zip",
            vec![Ty::Tuple(TupleSpelling::Builtin, args.iter().map(&mut element).collect())],
        ),
        "builtins.enumerate" => {
            Ty::ext_generic("builtins.enumerate", vec![args.first().map(&mut element).unwrap_or(Ty::Unknown)])
        }
        // `map(str, names)`: what the function gives for the iterables' elements.
        "builtins.map" => match args {
            [function, iterables @ ..] if !iterables.is_empty() && keywords.is_empty() => {
                let elements: Vec<Ty> =
                    iterables.iter().map(|it| super::members::iterable_argument_element(walker, it)).collect();
                match callable_result(walker, function, &elements) {
                    Some(item) => Ty::ext_generic("builtins.map", vec![item]),
                    None => Ty::Unknown,
                }
            }
            _ => Ty::Unknown,
        },
        // `filter(None, items)` drops the falsy elements, `None` among them; a lambda keeps the
        // element type (typeshed's `TypeGuard` overloads need a declared guard, which a lambda
        // never is).
        "builtins.filter" => match args {
            [predicate, iterable] if keywords.is_empty() && keeps_elements(walker, predicate) => {
                let item = super::members::iterable_argument_element(walker, iterable);
                let item = if args[0] == Ty::None { item.without_none() } else { item };
                Ty::ext_generic("builtins.filter", vec![item])
            }
            _ => Ty::Unknown,
        },
        _ => Ty::Unknown,
    }
}

/// Whether `filter(predicate, items)` keeps the items' type: `None`, a lambda, or a function of the
/// workspace not declared to return a `TypeGuard`/`TypeIs` (which narrows them).
fn keeps_elements(walker: &Walker<'_>, predicate: &Ty) -> bool {
    match predicate {
        Ty::None | Ty::Signature(_) => true,
        Ty::Function(function) | Ty::UnboundMethod(function, _) => {
            super::overloads(walker.db, function).is_empty()
                && super::function_item(walker.db, function).is_some_and(|item| match &item.returns {
                    None => true,
                    Some(Expr::Str(_)) => false,
                    Some(returns) => returns
                        .subscript_head()
                        .dotted_path()
                        .and_then(|path| path.last().cloned())
                        .is_none_or(|last| !matches!(last.as_str(), "TypeGuard" | "TypeIs")),
                })
        }
        _ => false,
    }
}

/// What calling `function` with `args` gives, for a builtin that calls what it is passed
/// (`map(str, names)`): a plain class makes its instance, a function or lambda returns.
fn callable_result(walker: &mut Walker<'_>, function: &Ty, args: &[Ty]) -> Option<Ty> {
    match function {
        Ty::TypeOf(class) => match class.as_ref() {
            Ty::Instance(Class::Ext(symbol), type_args)
                if type_args.is_empty()
                    && matches!(
                        symbol.as_str(),
                        "builtins.str" | "builtins.int" | "builtins.float" | "builtins.bool" | "builtins.bytes"
                    ) =>
            {
                Some((**class).clone())
            }
            // A generic class would be solved from the arguments, which we do not follow here.
            Ty::Instance(Class::User(made), type_args)
                if type_args.is_empty()
                    && super::generics::class_type_params(walker.db, made.file, &made.name).is_empty() =>
            {
                Some((**class).clone())
            }
            _ => None,
        },
        Ty::Function(function) if function.class.is_none() => Some(call_function(walker, function, None, args, &[])),
        Ty::Signature(signature) => Some(signature.returns.clone()),
        Ty::Instance(Class::Ext(name), callable) if name.as_str() == crate::types::annotation::CALLABLE => {
            callable.get(1).cloned()
        }
        _ => None,
    }
}

/// Calls of the standard library that make a type: `functools.update_wrapper(wrapper, wrapped)`,
/// classes made by a call (`TypedDict("Headers", {...})`, `namedtuple("Point", "x y")`), and
/// `math.ceil(x)`, whose typeshed overloads need protocol solving.
fn stdlib_call(walker: &Walker<'_>, callee: &Ty, args: &[Ty]) -> Option<Ty> {
    let symbol = super::stdlib::function_symbol(walker, callee)?;
    match (&*symbol, args) {
        ("functools.update_wrapper", [wrapper, wrapped, ..]) => {
            Some(super::wrappers::wrapped(walker.db, walker.mode.view(), wrapped, wrapper))
        }
        // `partial(func, ...)`: typeshed's `partial[T]` of what `func` returns.
        ("functools.partial", [func, ..]) => {
            let returns = match func {
                Ty::Unknown | Ty::Any => Ty::Unknown,
                Ty::TypeOf(class) if matches!(class.as_ref(), Ty::Instance(Class::User(_), args) if args.is_empty()) => {
                    (**class).clone()
                }
                Ty::Function(function) if function.class.is_none() => {
                    super::function_return_type(walker.db, function.clone(), walker.mode.view())
                }
                Ty::Signature(signature) => signature.returns.clone(),
                _ => return None,
            };
            // A type variable is solved from the arguments bound, which we do not follow.
            if super::generics::mentions_type_var(&returns) {
                return None;
            }
            Some(Ty::ext_generic("functools.partial", vec![returns]))
        }
        (factory, [Ty::Literal(Literal::Str(name)), ..])
            if crate::types::annotation::CLASS_FACTORIES.contains(&factory) =>
        {
            Some(Ty::TypeOf(Box::new(crate::types::annotation::synthetic_class(walker.db, walker.file, name))))
        }
        (symbol, args) => super::stdlib::rounded(symbol, args, walker.mode.precise),
    }
}

/// `min(a, b)` to type checkers: typeshed's type variable solved from the arguments, literals
/// widened, unknown ones left out where another is known, `int` promoted to `float` beside one
/// (`min(per_page, 100)` of an unknown `per_page` is an `int`); an `Any` argument makes it `Any`.
fn solved_comparable(args: &[Ty]) -> Ty {
    // pyright solves the type variable argument by argument: an `Any` first fixes it; later,
    // what says nothing (`Unknown`, `Any`) or cannot be compared (`None`, reported) adds nothing.
    if args.first() == Some(&Ty::Any) {
        return Ty::Any;
    }
    let known: Vec<Ty> = args
        .iter()
        .flat_map(Ty::union_parts)
        .filter(|part| !part.is_gradual() && **part != Ty::None)
        .cloned()
        .map(super::walker::widen_literal)
        .collect();
    if known.is_empty() {
        return Ty::union(args.to_vec());
    }
    let solved = Ty::union(known);
    let float = Ty::builtin("float");
    if solved.union_parts().contains(&float) {
        Ty::union(solved.union_parts().iter().filter(|p| p.ext_name() != Some("builtins.int")).cloned().collect())
    } else {
        solved
    }
}

/// `async def f() -> T` called: an awaitable of `T`, as pyright shows it.
pub(super) fn coroutine(ty: Ty) -> Ty {
    Ty::ext_generic("typing.CoroutineType", vec![Ty::Any, Ty::Any, ty])
}

/// `await value`.
pub(super) fn awaited(ty: Ty) -> Ty {
    match &ty {
        Ty::Instance(Class::Ext(name), args)
            if matches!(name.as_str(), "typing.Coroutine" | "typing.CoroutineType" | "typing.Awaitable") =>
        {
            args.last().cloned().unwrap_or(Ty::Unknown)
        }
        Ty::Any => Ty::Any,
        _ => Ty::Unknown,
    }
}

/// `User.name`: `InstrumentedAttribute[T]` for mapped attributes.
pub(super) fn class_level_attribute(walker: &mut Walker<'_>, attr: &ModelAttr) -> Ty {
    match attr.kind {
        AttrKind::HybridProperty => Ty::ext_generic("sqlalchemy._HybridClassLevelAccessor", vec![attr.python.clone()]),
        AttrKind::Property => attr.python.clone(),
        _ if !walker.mode.precise => attr.checker_class.clone(),
        AttrKind::AssociationProxy => attr.checker_class.clone(),
        _ => {
            let value = match attr.collection {
                Some(Collection::WriteOnly | Collection::Dynamic) => attr.python.first_arg(),
                _ => attr.python.clone(),
            };
            Ty::ext_generic("sqlalchemy.InstrumentedAttribute", vec![value])
        }
    }
}

/// `user.name`: the Python value.
pub(super) fn instance_level_attribute(walker: &mut Walker<'_>, attr: &ModelAttr) -> Ty {
    match attr.kind {
        AttrKind::HybridProperty | AttrKind::Property => attr.python.clone(),
        _ if !walker.mode.precise => attr.checker_instance.clone(),
        _ => attr.python.clone(),
    }
}

#[allow(dead_code)]
fn template_for(text: &'static str, receiver: &Ty, series: crate::settings::Series) -> Ty {
    instantiate(&Template::cached(text), &TemplateContext::new(receiver, &[], series, false))
}
