//! The key a function's own scope is named by. The last definition of a name is the name (what
//! reading it gives, as in Python); an earlier one (a redefinition, an `@overload`,
//! `singledispatch`'s `def _`) is `name#i`, `i` its ordinal among the name's definitions, so its
//! body is inferred too. A property's accessor has a key of its own (`name.setter`, see
//! `FunctionItem::accessor_key`) and is no definition of the name.

use rustc_hash::FxHashMap;

use super::Name;

/// The scope keys of a body's definitions, given their names in order.
pub fn scope_keys<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Name> {
    let names: Vec<&str> = names.into_iter().collect();
    let mut remaining: FxHashMap<&str, usize> = FxHashMap::default();
    for name in &names {
        *remaining.entry(name).or_default() += 1;
    }
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    names
        .iter()
        .map(|name| {
            let ordinal = seen.entry(name).or_default();
            let key =
                if *ordinal + 1 == remaining[name] { Name::from(*name) } else { redefinition_key(name, *ordinal) };
            *ordinal += 1;
            key
        })
        .collect()
}

fn redefinition_key(name: &str, ordinal: usize) -> Name {
    Name::from(format!("{name}#{ordinal}").as_str())
}

/// The definition a key names among a body's definitions (in order; `name` gives each one's name,
/// `None` for what defines no name, such as an accessor): the last of its name, or the `i`-th.
pub fn definition_for_key<T>(
    items: impl DoubleEndedIterator<Item = T>,
    key: &str,
    name: impl Fn(&T) -> Option<&str>,
) -> Option<T> {
    match key.rsplit_once('#').and_then(|(base, i)| Some((base, i.parse::<usize>().ok()?))) {
        Some((base, ordinal)) => items.filter(|item| name(item) == Some(base)).nth(ordinal),
        None => items.rev().find(|item| name(item) == Some(key)),
    }
}

/// Whether a key names an earlier definition of its name.
pub fn is_redefinition_key(key: &str) -> bool {
    key.contains('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_definition_of_a_name_is_the_name_and_earlier_ones_are_numbered() {
        let keys = scope_keys(["_", "f", "_", "_"]);
        assert_eq!(keys, ["_#0", "f", "_#1", "_"].map(Name::from));
        let defs = ["_", "f", "_", "_"];
        let at = |key: &str| definition_for_key(defs.iter().enumerate(), key, |(_, n)| Some(**n)).map(|(i, _)| i);
        assert_eq!((at("_#0"), at("_#1"), at("_"), at("f"), at("g")), (Some(0), Some(2), Some(3), Some(1), None));
    }
}
