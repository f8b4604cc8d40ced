//! What a few standard-library functions return, as typeshed declares them: the ones code around
//! SQLAlchemy calls most (loggers, clocks, `getattr`), so what is built from them is not Unknown.

use std::borrow::Cow;

use crate::types::Ty;

/// The return type of a call to a standard-library function or class method, by canonical name.
/// `ceil(total / float(per_page))`: a number rounds to an `int` (typeshed's overloads solve it
/// through the `__ceil__` protocol, which we do not); anything else is left to its own dunder.
pub(super) fn rounded(symbol: &str, args: &[Ty], precise: bool) -> Option<Ty> {
    if !matches!(symbol, "math.ceil" | "math.floor" | "math.trunc") {
        return None;
    }
    match &known_members(args, precise)[..] {
        [number] if number.is_integral() || number.ext_name() == Some("builtins.float") => Some(Ty::builtin("int")),
        _ => None,
    }
}

/// The arguments as type checkers match them to a typeshed signature: a union argument's unknown
/// members fit any parameter and solve nothing (`divmod(td.seconds, 60)` of `td: timedelta |
/// Unknown` is `tuple[int, int]`). The precise view keeps them: that member's result is unknown.
pub(super) fn known_members(args: &[Ty], precise: bool) -> Vec<Ty> {
    let known = |arg: &Ty| match arg {
        Ty::Union(parts) if !precise && parts.iter().any(|p| !p.is_gradual()) => {
            Ty::union(parts.iter().filter(|p| !p.is_gradual()).cloned().collect())
        }
        other => other.clone(),
    };
    args.iter().map(known).collect()
}

/// The full name of a module-level function of the standard library a callee is
/// (`functools.wraps`), read from typeshed or, without it, from the import.
pub(super) fn function_symbol<'t>(walker: &super::walker::Walker<'_>, callee: &'t Ty) -> Option<Cow<'t, str>> {
    match callee {
        Ty::Special(symbol) => Some(Cow::Borrowed(symbol.as_str())),
        Ty::Function(function) if function.class.is_none() => {
            let module = crate::hir::module_name(walker.db, function.file)?;
            Some(Cow::Owned(format!("{module}.{}", function.name)))
        }
        _ => None,
    }
}

pub(super) fn stdlib_return(symbol: &str, args: &[Ty]) -> Option<Ty> {
    Some(match symbol {
        "logging.getLogger" => Ty::ext("logging.Logger"),
        // `data = property(_get_data, _set_data)`.
        "builtins.property" => Ty::builtin("property"),
        "datetime.datetime.now"
        | "datetime.datetime.utcnow"
        | "datetime.datetime.fromtimestamp"
        | "datetime.datetime.utcfromtimestamp"
        | "datetime.datetime.fromisoformat"
        | "datetime.datetime.strptime"
        | "datetime.datetime.combine" => Ty::ext("datetime.datetime"),
        "datetime.date.today" | "datetime.date.fromisoformat" | "datetime.date.fromtimestamp" => {
            Ty::ext("datetime.date")
        }
        "time.time" | "time.monotonic" | "time.perf_counter" => Ty::builtin("float"),
        "uuid.uuid4" | "uuid.uuid1" | "uuid.uuid5" | "uuid.uuid3" => Ty::ext("uuid.UUID"),
        "json.dumps" | "os.getcwd" | "os.path.join" | "os.path.abspath" | "os.path.dirname" | "os.path.basename" => {
            Ty::builtin("str")
        }
        "json.loads" | "json.load" => Ty::Any,
        // `defaultdict(list)`: keys unknown, values what the factory makes.
        "collections.defaultdict" => {
            let value = match args.first() {
                Some(Ty::TypeOf(made)) => with_unknown_parameters(made),
                _ => Ty::Unknown,
            };
            Ty::ext_generic("collections.defaultdict", vec![Ty::Unknown, value])
        }
        "builtins.dir" => Ty::ext_generic("builtins.list", vec![Ty::builtin("str")]),
        "builtins.bytes.fromhex" => Ty::builtin("bytes"),
        // typeshed's `dict.fromkeys(iterable)` (`dict[T, Any | None]`) and
        // `dict.fromkeys(iterable, value)` (`dict[T, S]`, a literal value widened).
        "builtins.dict.fromkeys" => {
            let key = match args.first() {
                Some(Ty::Tuple(_, items)) if args.first().is_some_and(|t| t.homogeneous_item().is_none()) => {
                    crate::types::literal::widen(Ty::union(items.clone()))
                }
                Some(iterable) => super::containers::element(iterable).unwrap_or(Ty::Unknown),
                None => Ty::Unknown,
            };
            let value = match args {
                [_] => Ty::Any.optional(),
                [_, value] => crate::types::literal::widen(value.clone()),
                _ => Ty::Unknown,
            };
            Ty::ext_generic("builtins.dict", vec![key, value])
        }
        "typing.TypeVar" => Ty::ext("typing.TypeVar"),
        // `getattr(obj, "name")` is `Any`; with a default, `Any` or the default's type.
        "builtins.getattr" => match args {
            [_, _] => Ty::Any,
            // typeshed's overloads: a `bool`, `list` or `dict` default is that class with `Any`
            // arguments; any other default's type is solved, widened from a literal.
            [_, _, default] => {
                let default = match default.ext_name() {
                    Some(class @ ("builtins.list" | "builtins.dict")) => {
                        Ty::ext_generic(class, vec![Ty::Any; default.args().len().max(1)])
                    }
                    _ => super::walker::widen_literal(default.clone()),
                };
                Ty::union(vec![Ty::Any, default])
            }
            _ => return None,
        },
        _ => return None,
    })
}

/// A generic class named bare (`list`, SQLAlchemy's `ColumnProperty`) is one of unknown type
/// arguments (`list[Unknown]`, `ColumnProperty[Unknown]`), as an annotation reads it.
pub(super) fn with_unknown_parameters(instance: &Ty) -> Ty {
    match instance {
        Ty::Instance(crate::types::Class::Ext(symbol), args) if args.is_empty() => {
            crate::types::annotation::bare_generic(symbol)
        }
        other => other.clone(),
    }
}

/// Class methods of standard-library classes (`datetime.now()`), reached through the class.
pub(super) fn is_stdlib_class_method(class: &str, name: &str) -> bool {
    stdlib_return(&format!("{class}.{name}"), &[]).is_some()
}
