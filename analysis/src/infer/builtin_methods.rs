//! Methods of builtin values as typeshed declares them (`str.strip`, `dict.get`, `list.pop`,
//! `datetime.strftime`): code around queries reads rows into these, and what it builds from them
//! should not be `Unknown`.

use crate::hir::Name;
use crate::types::{Class, Literal, TupleSpelling, Ty};

/// `LiteralString`: what a `str` method of a literal gives when its arguments are literal too.
const LITERAL_STRING: &str = "typing.LiteralString";

/// `str` methods returning a string (`LiteralString` on literals, by typeshed's overloads).
const STR_TO_STR: &[&str] = &[
    "capitalize",
    "casefold",
    "center",
    "expandtabs",
    "format",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "removeprefix",
    "removesuffix",
    "replace",
    "rjust",
    "rstrip",
    "strip",
    "swapcase",
    "title",
    "upper",
    "zfill",
];
const STR_TO_BOOL: &[&str] = &[
    "startswith",
    "endswith",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "istitle",
    "isupper",
];
/// Methods returning a `str` even on a literal receiver (typeshed has no `LiteralString` overload).
const STR_TO_PLAIN_STR: &[&str] = &["translate", "format_map"];
const STR_TO_INT: &[&str] = &["find", "rfind", "index", "rindex", "count"];
const STR_TO_LIST: &[&str] = &["split", "rsplit", "splitlines"];
const MUTATORS: &[&str] =
    &["append", "extend", "insert", "remove", "sort", "reverse", "clear", "update", "add", "discard"];

/// Whether `name` is a method of `receiver` this module knows.
pub(super) fn is_method(receiver: &Ty, name: &str) -> bool {
    method_return(receiver, name, &[]).is_some()
}

/// What calling `receiver.name(*args)` returns; `None` for a method this module does not know.
pub(super) fn method_return(receiver: &Ty, name: &str, args: &[Ty]) -> Option<Ty> {
    match receiver {
        Ty::Literal(Literal::Str(_)) => str_method(name, args, true),
        Ty::Literal(Literal::Bytes(_)) => bytes_method(name),
        Ty::Instance(Class::Ext(class), params) => match (class.as_str(), params.as_slice()) {
            ("builtins.str", _) => str_method(name, args, false),
            (LITERAL_STRING, _) => str_method(name, args, true),
            ("builtins.bytes", _) => bytes_method(name),
            ("builtins.dict" | "typing.Dict" | "collections.defaultdict", [key, value]) => {
                dict_method(name, key, value, args)
            }
            (class, [key, value]) if super::containers::SQLALCHEMY_DICTS.contains(&class) => {
                dict_method(name, key, value, args)
            }
            // `Mapping.get` and `MutableMapping.pop` (typeshed declares them as `dict` does); a
            // bare one (a class deriving `MutableMapping` unsubscripted) holds `Unknown`.
            _ if matches!(name, "get" | "pop" | "setdefault" | "__getitem__")
                && super::containers::of(receiver) == Some(super::containers::Container::Mapping) =>
            {
                let (key, value) = super::containers::key_and_value(receiver)?;
                match args {
                    // `Mapping.get(key, default)` has no overload for `None` as `dict.get` has: a
                    // default the value type accepts gives the value type.
                    [_, default] if name == "get" && value_accepts(&value, default) => Some(value),
                    _ => dict_method(name, &key, &value, args),
                }
            }
            ("builtins.list" | "typing.List", [item]) => list_method(name, item, receiver),
            ("builtins.set" | "typing.Set", [item]) => set_method(name, item, receiver),
            ("datetime.datetime" | "datetime.date", _) => date_method(class, name),
            ("datetime.time", _) => time_method(class, name),
            _ => super::value_classes::method_return(receiver, name)
                .or_else(|| super::file_objects::method_return(receiver, name)),
        },
        _ => None,
    }
}

fn str_method(name: &str, args: &[Ty], literal_receiver: bool) -> Option<Ty> {
    let literal_args = args.iter().all(is_literal_string);
    let string = || {
        if literal_receiver && literal_args { Ty::ext(LITERAL_STRING) } else { Ty::builtin("str") }
    };
    Some(match name {
        // `", ".join(names)`: literal only when every joined string is; the items of an empty
        // `[]` (unknown to type checkers, where ours may be what we could not infer) take
        // typeshed's first, literal, overload too.
        // An iterable of `Any` items (`",".join(d.values())` of a `dict[str, Any]`) takes that
        // overload too; an unknown iterable does not. (Items we could not infer may be known to
        // type checkers: they stay a `str`.)
        "join" => match args.first() {
            Some(Ty::Tuple(_, items))
                if literal_receiver && items.iter().all(|i| is_literal_string(i) || *i == Ty::Any) =>
            {
                Ty::ext(LITERAL_STRING)
            }
            Some(iterable @ Ty::Instance(..))
                if literal_receiver && super::containers::element(iterable).is_some_and(|e| joins_literally(&e)) =>
            {
                Ty::ext(LITERAL_STRING)
            }
            _ => Ty::builtin("str"),
        },
        _ if STR_TO_STR.contains(&name) => string(),
        _ if STR_TO_PLAIN_STR.contains(&name) => Ty::builtin("str"),
        _ if STR_TO_BOOL.contains(&name) => Ty::builtin("bool"),
        _ if STR_TO_INT.contains(&name) => Ty::builtin("int"),
        _ if STR_TO_LIST.contains(&name) => Ty::ext_generic("builtins.list", vec![string()]),
        "partition" | "rpartition" => Ty::Tuple(TupleSpelling::Builtin, vec![string(), string(), string()]),
        "encode" => Ty::builtin("bytes"),
        _ => return None,
    })
}

/// Whether items of this type take `str.join`'s literal overload: literal strings, `Any`, and a
/// join of `Any` with unknowns (an `Any` member of a union narrowed by `isinstance`).
fn joins_literally(item: &Ty) -> bool {
    let gradual_with_any = matches!(item, Ty::Union(parts)
        if parts.contains(&Ty::Any) && parts.iter().all(|p| matches!(p, Ty::Any | Ty::Unknown)));
    is_literal_string(item) || matches!(item, Ty::Any | Ty::EmptyDisplayItem) || gradual_with_any
}

/// Whether `receiver.join(iterable)` is given items that are surely no strings (`None`, a number,
/// `bytes`): no overload of typeshed's `str.join` takes them, so type checkers report the call and
/// know no result (`", ".join([s.name for s in rows])` with `name: Mapped[str | None]`).
pub(super) fn joins_non_strings(receiver: &Ty, name: &str, args: &[Ty]) -> bool {
    let items = match args {
        [Ty::Tuple(_, items)] => items.clone(),
        [iterable] => super::containers::element(iterable).into_iter().collect(),
        _ => return false,
    };
    let surely_no_string = |ty: &Ty| match ty {
        Ty::None => true,
        Ty::Literal(literal) => !matches!(literal, Literal::Str(_)),
        _ => matches!(
            ty.ext_name(),
            Some("builtins.int" | "builtins.float" | "builtins.bool" | "builtins.bytes" | "builtins.complex")
        ),
    };
    is_str(receiver) && name == "join" && items.iter().any(|item| item.union_parts().iter().any(surely_no_string))
}

/// A literal string, a `LiteralString`, or a union of them (`Literal['A', 'B']`).
pub(super) fn is_literal_string(ty: &Ty) -> bool {
    match ty {
        Ty::Union(parts) => parts.iter().all(is_literal_string),
        _ => matches!(ty, Ty::Literal(Literal::Str(_))) || ty.ext_name() == Some(LITERAL_STRING),
    }
}

/// A `str`, literal or not.
pub(super) fn is_str(ty: &Ty) -> bool {
    is_literal_string(ty) || ty.ext_name() == Some("builtins.str")
}

/// Whether a value of type `value` surely accepts `default` (an unknown type accepts anything).
fn value_accepts(value: &Ty, default: &Ty) -> bool {
    match (value, default) {
        (Ty::Unknown | Ty::EmptyDisplayItem | Ty::Any, _) => true,
        (_, Ty::Literal(literal)) => value == &literal.class(),
        _ => value == default,
    }
}

fn dict_method(name: &str, key: &Ty, value: &Ty, args: &[Ty]) -> Option<Ty> {
    let view = |class: &str| Ty::ext_generic(class, vec![key.clone(), value.clone()]);
    Some(match (name, args) {
        ("get", [_]) | ("get", []) => value.clone().optional(),
        // typeshed's overloads: `get(key, None)` is `_VT | None`; a default the value type
        // accepts (any, where it is unknown) gives `_VT`; another default `_VT | _T`.
        ("get", [_, Ty::None]) => value.clone().optional(),
        ("get" | "pop", [_, default]) if value_accepts(value, default) => value.clone(),
        ("get" | "pop", [_, default]) => Ty::union(vec![value.clone(), default.clone()]),
        ("pop" | "setdefault" | "__getitem__", _) => value.clone(),
        ("items", _) => view("builtins.dict_items"),
        ("keys", _) => view("builtins.dict_keys"),
        ("values", _) => view("builtins.dict_values"),
        ("copy", _) => Ty::ext_generic("builtins.dict", vec![key.clone(), value.clone()]),
        ("popitem", _) => Ty::Tuple(TupleSpelling::Builtin, vec![key.clone(), value.clone()]),
        _ if MUTATORS.contains(&name) => Ty::None,
        _ => return None,
    })
}

fn list_method(name: &str, item: &Ty, list: &Ty) -> Option<Ty> {
    Some(match name {
        "pop" => item.clone(),
        "copy" => list.clone(),
        "index" | "count" => Ty::builtin("int"),
        _ if MUTATORS.contains(&name) => Ty::None,
        _ => return None,
    })
}

fn set_method(name: &str, item: &Ty, set: &Ty) -> Option<Ty> {
    Some(match name {
        "pop" => item.clone(),
        "copy" | "union" | "intersection" | "difference" | "symmetric_difference" => set.clone(),
        "issubset" | "issuperset" | "isdisjoint" => Ty::builtin("bool"),
        _ if MUTATORS.contains(&name) => Ty::None,
        _ => return None,
    })
}

fn date_method(class: &Name, name: &str) -> Option<Ty> {
    let is_datetime = class.as_str() == "datetime.datetime";
    Some(match name {
        "strftime" | "isoformat" | "ctime" => Ty::builtin("str"),
        "replace" => Ty::ext(class),
        "date" if is_datetime => Ty::ext("datetime.date"),
        "astimezone" if is_datetime => Ty::ext(class),
        "timestamp" if is_datetime => Ty::builtin("float"),
        "weekday" | "isoweekday" | "toordinal" => Ty::builtin("int"),
        _ => return None,
    })
}

/// typeshed's `bytes` methods: those `str` has too, on bytes (`b"".join(parts)`), and `decode`/`hex`.
fn bytes_method(name: &str) -> Option<Ty> {
    let bytes = || Ty::builtin("bytes");
    Some(match name {
        "decode" | "hex" => Ty::builtin("str"),
        _ if STR_TO_STR.contains(&name) && name != "format" && name != "casefold" => bytes(),
        _ if STR_TO_BOOL.contains(&name)
            && !matches!(name, "isdecimal" | "isidentifier" | "isnumeric" | "isprintable") =>
        {
            Ty::builtin("bool")
        }
        _ if STR_TO_INT.contains(&name) => Ty::builtin("int"),
        _ if STR_TO_LIST.contains(&name) => Ty::ext_generic("builtins.list", vec![bytes()]),
        "partition" | "rpartition" => Ty::Tuple(TupleSpelling::Builtin, vec![bytes(), bytes(), bytes()]),
        _ => return None,
    })
}

/// typeshed's `datetime.time` methods.
fn time_method(class: &Name, name: &str) -> Option<Ty> {
    Some(match name {
        "strftime" | "isoformat" => Ty::builtin("str"),
        "replace" => Ty::ext(class),
        "tzname" => Ty::builtin("str").optional(),
        "utcoffset" | "dst" => Ty::ext("datetime.timedelta").optional(),
        _ => return None,
    })
}

/// What iterating a dict view gives (`for key, value in d.items()`).
pub(super) fn view_element(class: &str, args: &[Ty]) -> Option<Ty> {
    let [key, value] = args else { return None };
    Some(match class {
        "builtins.dict_items" => Ty::Tuple(TupleSpelling::Builtin, vec![key.clone(), value.clone()]),
        "builtins.dict_keys" => key.clone(),
        "builtins.dict_values" => value.clone(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::shown;

    #[test]
    fn str_methods_follow_typeshed_overloads() {
        let literal = Ty::Literal(Literal::Str(Name::from("a")));
        let str_ty = Ty::builtin("str");
        assert_eq!(shown(method_return(&literal, "strip", &[])), "LiteralString");
        assert_eq!(shown(method_return(&literal, "replace", &[literal.clone(), str_ty.clone()])), "str");
        assert_eq!(shown(method_return(&str_ty, "split", &[])), "list[str]");
        assert_eq!(shown(method_return(&literal, "translate", &[])), "str");
        assert_eq!(shown(method_return(&str_ty, "startswith", std::slice::from_ref(&literal))), "bool");
        assert!(!is_method(&str_ty, "no_such_method"));
    }

    #[test]
    fn a_literal_joins_items_of_any_literally_but_not_unknown_ones() {
        // pyright 1.1.414: `Iterable[Any | Unknown]` fits the `LiteralString` overload; items we
        // could not infer may be strings to type checkers.
        let literal = Ty::Literal(Literal::Str(Name::from(",")));
        let list_of = |item: Ty| Ty::ext_generic("builtins.list", vec![item]);
        let any_or_unknown = Ty::Union(vec![Ty::Any, Ty::Unknown]);
        assert_eq!(shown(method_return(&literal, "join", &[list_of(any_or_unknown)])), "LiteralString");
        assert_eq!(shown(method_return(&literal, "join", &[list_of(Ty::Unknown)])), "str");
    }

    #[test]
    fn dict_methods_carry_the_key_and_value_types() {
        let dict = Ty::ext_generic("builtins.dict", vec![Ty::builtin("str"), Ty::builtin("int")]);
        assert_eq!(shown(method_return(&dict, "get", &[Ty::builtin("str")])), "int | None");
        // pyright 1.1.414 through typeshed's overloads.
        let str_ = Ty::builtin("str");
        assert_eq!(shown(method_return(&dict, "get", &[str_.clone(), Ty::None])), "int | None");
        assert_eq!(shown(method_return(&dict, "pop", &[str_.clone(), Ty::None])), "int | None");
        assert_eq!(shown(method_return(&dict, "get", &[str_.clone(), Ty::Literal(Literal::Int(0))])), "int");
        assert_eq!(shown(method_return(&dict, "get", &[str_.clone(), str_.clone()])), "int | str");
        let untyped = Ty::ext_generic("builtins.dict", vec![Ty::Unknown, Ty::Unknown]);
        assert_eq!(shown(method_return(&untyped, "pop", &[str_.clone(), Ty::None])), "Unknown");
        assert_eq!(shown(method_return(&untyped, "get", &[str_, Ty::None])), "Unknown | None");
        assert_eq!(shown(method_return(&dict, "items", &[])), "dict_items[str, int]");
        let items = method_return(&dict, "items", &[]).unwrap_or(Ty::Unknown);
        let Ty::Instance(Class::Ext(class), args) = &items else { panic!("{items:?}") };
        assert_eq!(shown(view_element(class, args)), "tuple[str, int]");
    }
}
