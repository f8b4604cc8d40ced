//! setup.py, read as text for pins (the stale-stubs rule reads its tree for positions).

use super::file_name;

/// Whether a path is a `setup.py`.
pub fn is_setup_py(path: &str) -> bool {
    file_name(path).eq_ignore_ascii_case("setup.py")
}

/// The requirements among a setup.py's quoted strings, as (normalised name, specifier): strings
/// that do not read as a requirement are left out, and a pin outside `install_requires` counts too.
pub(super) fn pins(text: &str) -> Vec<(String, String)> {
    quoted_strings(text).into_iter().filter_map(super::parse_requirement).collect()
}

/// Quoted strings of a Python file's text (for the pins, which read no tree).
fn quoted_strings(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['"', '\'']) {
        let quote = rest.as_bytes()[open] as char;
        let body = &rest[open + 1..];
        match body.find([quote, '\n']) {
            Some(close) => {
                out.push(&body[..close]);
                rest = &body[close + 1..];
            }
            None => break,
        }
    }
    out
}
