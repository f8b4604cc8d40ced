//! The standard library's generic containers and collection ABCs, by what iterating and indexing
//! them gives: one table, whether the class is spelled from `builtins`, `typing` or
//! `collections.abc`.

use crate::types::{Class, Ty};

/// What a container's type arguments mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Container {
    /// Iterates (and, where it is a sequence, indexes) to its first argument: `list[T]`, `Set[T]`.
    Items { indexable: bool },
    /// Iterates to its keys (first argument), indexes to its values (second): `dict[K, V]`.
    Mapping,
}

/// SQLAlchemy's read-only dicts (`metadata.tables`): `dict`s, methods and all.
pub(super) const SQLALCHEMY_DICTS: &[&str] = &["sqlalchemy.FacadeDict", "sqlalchemy.immutabledict"];

/// The short name of a class `typing` or `collections.abc` defines (`Iterable` of
/// `typing.Iterable`), which both spell alike.
pub(super) fn abc_name(name: &str) -> Option<&str> {
    name.strip_prefix("typing.").or_else(|| name.strip_prefix("collections.abc."))
}

/// The container `name` (a canonical class name) is, if any.
pub(super) fn container(name: &str) -> Option<Container> {
    let short = abc_name(name).or_else(|| name.strip_prefix("typing_extensions."));
    let short = match (short, name) {
        (Some(short), _) => short,
        (None, "builtins.list") => "List",
        (None, "builtins.tuple") => "Tuple",
        (None, "builtins.set") => "Set",
        (None, "builtins.frozenset") => "FrozenSet",
        (None, "builtins.dict") => "Dict",
        (None, "collections.deque") => "Deque",
        (None, "collections.defaultdict") => "DefaultDict",
        (None, "collections.OrderedDict") => "OrderedDict",
        (None, name) if SQLALCHEMY_DICTS.contains(&name) => "Dict",
        _ => return None,
    };
    Some(match short {
        "List" | "Tuple" | "Sequence" | "MutableSequence" | "Deque" => Container::Items { indexable: true },
        "Set" | "FrozenSet" | "AbstractSet" | "MutableSet" | "Iterable" | "Iterator" | "Collection" | "Reversible"
        | "Generator" | "KeysView" | "ValuesView" => Container::Items { indexable: false },
        "Dict" | "Mapping" | "MutableMapping" | "DefaultDict" | "OrderedDict" => Container::Mapping,
        _ => return None,
    })
}

/// The container class of a value, if it is an instance of one.
pub(super) fn of(ty: &Ty) -> Option<Container> {
    match ty {
        Ty::Instance(Class::Ext(name), _) => container(name),
        _ => None,
    }
}

/// What `for x in value` binds for a container instance: its first argument, `Unknown` if bare.
pub(super) fn element(ty: &Ty) -> Option<Ty> {
    of(ty)?;
    Some(ty.args().first().cloned().unwrap_or(Ty::Unknown))
}

/// A mapping's key and value types, `Unknown` where it is bare (`MutableMapping` unsubscripted).
pub(super) fn key_and_value(ty: &Ty) -> Option<(Ty, Ty)> {
    (of(ty)? == Container::Mapping).then(|| {
        let at = |i: usize| ty.args().get(i).cloned().unwrap_or(Ty::Unknown);
        (at(0), at(1))
    })
}

/// What `value[index]` gives for a container instance (slices aside).
pub(super) fn item(ty: &Ty) -> Option<Ty> {
    let index = match of(ty)? {
        Container::Items { indexable: true } => 0,
        Container::Mapping => 1,
        Container::Items { indexable: false } => return None,
    };
    Some(ty.args().get(index).cloned().unwrap_or(Ty::Unknown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_class_is_the_same_container() {
        for name in ["builtins.list", "typing.List", "typing.Sequence", "collections.abc.Sequence"] {
            assert_eq!(container(name), Some(Container::Items { indexable: true }), "{name}");
        }
        for name in ["typing.AbstractSet", "collections.abc.MutableSet", "collections.abc.Collection"] {
            assert_eq!(container(name), Some(Container::Items { indexable: false }), "{name}");
        }
        for name in ["builtins.dict", "collections.abc.Mapping", "typing.MutableMapping", "collections.OrderedDict"] {
            assert_eq!(container(name), Some(Container::Mapping), "{name}");
        }
        assert_eq!(container("builtins.str"), None);
        assert_eq!(container("collections.abc.Callable"), None);
    }

    #[test]
    fn a_mapping_iterates_to_keys_and_indexes_to_values() {
        let mapping = Ty::ext_generic("collections.abc.Mapping", vec![Ty::builtin("str"), Ty::builtin("int")]);
        assert_eq!(element(&mapping), Some(Ty::builtin("str")));
        assert_eq!(item(&mapping), Some(Ty::builtin("int")));
        let bare = Ty::ext_generic("typing.MutableSet", vec![]);
        assert_eq!(element(&bare), Some(Ty::Unknown));
        assert_eq!(item(&bare), None);
    }
}
