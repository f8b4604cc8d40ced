//! Literal types as type checkers infer them (`Literal['x']`, `Literal[3]`, `Literal[True]`): their
//! class, truthiness, how they are written, and the integer arithmetic pyright folds.

use super::{Class, Ty};
use crate::hir::Name;

/// Longer string literals are cut here, as pyright cuts them (`maxLiteralStringLength`).
const MAX_LITERAL_STRING: usize = 50;

/// A value a type checker keeps as its type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Literal {
    Str(Name),
    /// Integers outside `i64` are plain `int` to us (pyright keeps them; they are rare in code).
    Int(i64),
    Bool(bool),
    /// `b"..."`, as written between the quotes.
    Bytes(Name),
    /// A member of an enum class of the workspace or a library: `Literal[Color.RED]`.
    Enum(crate::types::ClassRef, Name),
}

impl Literal {
    /// The name of the builtin class the literal is an instance of (`builtins.int`); `None` for an
    /// enum member, an instance of its enum class.
    pub fn builtin_class(&self) -> Option<&'static str> {
        match self {
            Literal::Str(_) => Some("builtins.str"),
            Literal::Int(_) => Some("builtins.int"),
            Literal::Bool(_) => Some("builtins.bool"),
            Literal::Bytes(_) => Some("builtins.bytes"),
            Literal::Enum(..) => None,
        }
    }

    /// The instance type the literal widens to (`int`, `Color`).
    pub fn class(&self) -> Ty {
        match self {
            Literal::Enum(class, _) => Ty::instance_of(class.clone()),
            _ => self.builtin_class().map_or(Ty::Unknown, Ty::ext),
        }
    }

    /// Whether the value is truthy; `None` where it depends on the class (an enum member).
    pub fn is_truthy(&self) -> Option<bool> {
        match self {
            Literal::Str(text) => Some(!text.is_empty()),
            Literal::Int(value) => Some(*value != 0),
            Literal::Bool(value) => Some(*value),
            Literal::Bytes(text) => Some(!text.is_empty()),
            Literal::Enum(..) => None,
        }
    }

    /// The falsy literal of a builtin class (`int` → `0`): what truthiness narrowing leaves.
    pub fn falsy_of(class: &str) -> Option<Literal> {
        Some(match class {
            "builtins.str" => Literal::Str(Name::from("")),
            "builtins.int" => Literal::Int(0),
            "builtins.bool" => Literal::Bool(false),
            "builtins.bytes" => Literal::Bytes(Name::from("")),
            _ => return None,
        })
    }

    /// How the value is written inside `Literal[...]`.
    pub fn write(&self, out: &mut String) {
        match self {
            Literal::Str(text) => write_str(out, text),
            Literal::Int(value) => out.push_str(&value.to_string()),
            Literal::Bool(true) => out.push_str("True"),
            Literal::Bool(false) => out.push_str("False"),
            Literal::Bytes(text) => {
                out.push_str("b\"");
                out.push_str(text);
                out.push('"');
            }
            Literal::Enum(class, member) => {
                out.push_str(class.own_name());
                out.push('.');
                out.push_str(member);
            }
        }
    }
}

/// `x = 3` gives `x` the type `int` as a declaration: literals widen to their class.
pub fn widen(ty: Ty) -> Ty {
    match ty {
        Ty::Literal(literal) => literal.class(),
        Ty::Union(parts) => Ty::union(parts.into_iter().map(widen).collect()),
        Ty::Tuple(spelling, items) => Ty::Tuple(spelling, items.into_iter().map(widen).collect()),
        other => other,
    }
}

/// An item of a list, set or dict display (or comprehension) as type checkers infer the
/// container without an expected type: widened, a `LiteralString` a `str` (`[f"{PREFIX}/a"]` is a
/// `list[str]`).
pub fn widen_item(ty: Ty) -> Ty {
    match ty {
        Ty::Instance(Class::Ext(name), _) if name.as_str() == "typing.LiteralString" => Ty::builtin("str"),
        Ty::Union(parts) => Ty::union(parts.into_iter().map(widen_item).collect()),
        other => widen(other),
    }
}

/// A variable's declared type as pyright infers it from a value: its literals widen, not those
/// of a tuple it holds (`__slots__ = ("a", "b")` is a `tuple[Literal['a'], Literal['b']]`).
pub fn widen_declared(ty: Ty) -> Ty {
    match ty {
        Ty::Literal(literal) => literal.class(),
        Ty::Union(parts) => Ty::union(parts.into_iter().map(widen_declared).collect()),
        other => other,
    }
}

/// pyright's constant names (`LIMIT`, `_MAX_2`): upper case, digits and underscores, one letter at
/// least. Their literal types survive where other variables widen.
pub fn is_constant_name(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && name.chars().any(|c| c.is_ascii_uppercase())
}

/// `'text'` with Python's escapes for what would break the line, cut after 50 characters (`…`).
fn write_str(out: &mut String, text: &str) {
    out.push('\'');
    for (i, c) in text.chars().enumerate() {
        if i == MAX_LITERAL_STRING {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// The value a string literal's text between its quotes stands for, as `write_str` escapes it back:
/// `\n`, `\t`, `\\` and the quotes decoded; a raw string (`r"\d"`) is its text. Escapes this does
/// not decode (`\x41`, `\N{...}`) leave the value unknown.
pub fn decode_escapes(text: &str, raw: bool) -> Option<String> {
    if raw || !text.contains('\\') {
        return Some(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            '\n' => {}
            _ => return None,
        }
    }
    Some(out)
}

/// The value of a Python integer literal (`1_000`, `0x10`, `0o17`, `0b1`); `None` past `i64` or
/// for an imaginary number (`1j`).
pub fn parse_int(text: &str) -> Option<i64> {
    let digits = text.replace('_', "").to_ascii_lowercase();
    let (radix, body) = match digits.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ => (10, digits.as_str()),
    };
    i64::from_str_radix(body, radix).ok()
}

/// `left <op> right` on two integer literals (the operator by its dunder, `__add__`), as pyright folds it; `None` where the result is
/// not an integer literal (`/`, a negative power, division by zero, overflow).
pub fn int_arithmetic(left: i64, dunder: &str, right: i64) -> Option<i64> {
    match dunder {
        "__add__" => left.checked_add(right),
        "__sub__" => left.checked_sub(right),
        "__mul__" => left.checked_mul(right),
        // Python's floor division and modulo round toward negative infinity.
        "__floordiv__" if right != 0 => left.checked_div_euclid(right).map(|q| floor_div(left, right, q)),
        "__mod__" if right != 0 => left.checked_rem_euclid(right).map(|r| floor_mod(r, right)),
        "__pow__" if right >= 0 => left.checked_pow(u32::try_from(right).ok()?),
        "__lshift__" if (0..64).contains(&right) => left.checked_mul(1i64.checked_shl(u32::try_from(right).ok()?)?),
        "__rshift__" if right >= 0 => Some(left >> right.min(63)),
        "__and__" => Some(left & right),
        "__or__" => Some(left | right),
        "__xor__" => Some(left ^ right),
        _ => None,
    }
}

/// A unary operator on an integer literal (`-3`, `~5`), as pyright folds it.
pub fn int_unary(value: i64, dunder: &str) -> Option<i64> {
    match dunder {
        "__neg__" => value.checked_neg(),
        "__pos__" => Some(value),
        "__invert__" => Some(!value),
        _ => None,
    }
}

/// Euclidean quotient to floor quotient (they differ when the divisor is negative).
fn floor_div(left: i64, right: i64, euclid: i64) -> i64 {
    if right < 0 && left.rem_euclid(right) != 0 { euclid - 1 } else { euclid }
}

/// Euclidean remainder (never negative) to Python's remainder (the divisor's sign).
fn floor_mod(euclid: i64, right: i64) -> i64 {
    if right < 0 && euclid != 0 { euclid + right } else { euclid }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_literals_are_read_in_every_base() {
        assert_eq!(parse_int("1_000"), Some(1000));
        assert_eq!(parse_int("0x10"), Some(16));
        assert_eq!(parse_int("0O17"), Some(15));
        assert_eq!(parse_int("0b101"), Some(5));
        assert_eq!(parse_int("123456789012345678901234567890"), None);
        assert_eq!(parse_int("1j"), None);
    }

    #[test]
    fn arithmetic_is_pythons() {
        // Python: 7 // -2 == -4, 7 % -2 == -1, -7 // 2 == -4, -7 % 2 == 1.
        assert_eq!(int_arithmetic(7, "__floordiv__", -2), Some(-4));
        assert_eq!(int_arithmetic(7, "__mod__", -2), Some(-1));
        assert_eq!(int_arithmetic(-7, "__floordiv__", 2), Some(-4));
        assert_eq!(int_arithmetic(-7, "__mod__", 2), Some(1));
        assert_eq!(int_arithmetic(-8, "__floordiv__", -2), Some(4));
        assert_eq!(int_arithmetic(6, "__mod__", -3), Some(0));
        assert_eq!(int_arithmetic(2, "__pow__", 3), Some(8));
        assert_eq!(int_arithmetic(2, "__pow__", -1), None);
        assert_eq!(int_arithmetic(1, "__lshift__", 3), Some(8));
        assert_eq!(int_arithmetic(5, "__and__", 3), Some(1));
        assert_eq!(int_arithmetic(1, "__truediv__", 2), None);
        assert_eq!(int_arithmetic(1, "__floordiv__", 0), None);
        assert_eq!(int_arithmetic(i64::MAX, "__add__", 1), None);
    }

    #[test]
    fn literals_are_written_as_python_does() {
        let written = |literal: Literal| {
            let mut out = String::new();
            literal.write(&mut out);
            out
        };
        assert_eq!(written(Literal::Str(Name::from("it's\n"))), "'it\\'s\\n'");
        assert_eq!(super::decode_escapes(r"a\n\\b\'", false).as_deref(), Some("a\n\\b'"));
        assert_eq!(super::decode_escapes(r"\d+", true).as_deref(), Some(r"\d+"));
        assert_eq!(super::decode_escapes(r"\x41", false), None);
        assert_eq!(written(Literal::Int(-3)), "-3");
        assert_eq!(written(Literal::Bool(false)), "False");
        assert_eq!(written(Literal::Str(Name::from("x".repeat(60).as_str()))), format!("'{}…'", "x".repeat(50)));
    }
}
