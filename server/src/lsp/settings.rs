//! The client's settings: `initializationOptions`, then `workspace/didChangeConfiguration` or the
//! `sqla` section of `workspace/configuration`. Unknown keys are ignored; a bad value keeps the
//! default and is reported once, so a typo never stops the server.

use analysis::Series;
use analysis::rules::Selection;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct ClientSettings {
    /// Overrides the detected SQLAlchemy series.
    pub sqlalchemy: Option<Series>,
    /// Rule selection, layered over the project's sqla.toml / pyproject.toml (`Selection::over`).
    pub selection: Selection,
    /// Overrides the configuration's `assume-parameter-types`.
    pub assume_parameter_types: Option<bool>,
    pub inlay_variable_types: bool,
    pub inlay_foreign_keys: bool,
    /// Hovers open with the type line (off beside Pylance / pyright, which show it).
    pub hover_type_line: bool,
    /// Glob patterns (relative to the workspace folder) of the Python files to analyse; empty: all.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            sqlalchemy: None,
            selection: Selection::default(),
            assume_parameter_types: None,
            inlay_variable_types: true,
            inlay_foreign_keys: true,
            hover_type_line: true,
            include: Vec::new(),
            exclude: Vec::new(),
        }
    }
}

impl ClientSettings {
    /// Reads the settings object (either the `sqla` section or an object holding it); returns the
    /// settings and the problems found.
    pub fn from_json(value: &Value) -> (ClientSettings, Vec<String>) {
        let mut settings = ClientSettings::default();
        let mut problems = Vec::new();
        let Some(object) = value.get("sqla").unwrap_or(value).as_object() else {
            // Lua clients send an empty table as `[]`.
            let empty = value.as_array().is_some_and(Vec::is_empty);
            if !value.is_null() && !empty {
                problems.push("sqla settings must be an object".to_owned());
            }
            return (settings, problems);
        };
        for (key, value) in object {
            match key.as_str() {
                "sqlalchemy" => match value {
                    Value::Null => {}
                    Value::String(text) if text.is_empty() || text == "auto" => {}
                    Value::String(text) if Series::parse(text).is_some() => settings.sqlalchemy = Series::parse(text),
                    _ => problems.push(format!("`sqlalchemy` must be \"2.0\" or \"2.1\", not {value}")),
                },
                "select" => settings.selection.select = strings(key, value, &mut problems),
                "extendSelect" | "extend-select" => {
                    settings.selection.extend_select = strings(key, value, &mut problems)
                }
                "ignore" => settings.selection.ignore = strings(key, value, &mut problems),
                "assumeParameterTypes" | "assume-parameter-types" => match value {
                    Value::Null => {}
                    Value::Bool(on) => settings.assume_parameter_types = Some(*on),
                    _ => problems.push(format!("`{key}` must be true or false, not {value}")),
                },
                "include" => settings.include = strings(key, value, &mut problems),
                "exclude" => settings.exclude = strings(key, value, &mut problems),
                "inlayHints" => {
                    for (kind, on) in value.as_object().into_iter().flatten() {
                        let Some(on) = on.as_bool() else {
                            problems.push(format!("`inlayHints.{kind}` must be true or false"));
                            continue;
                        };
                        match kind.as_str() {
                            "variableTypes" => settings.inlay_variable_types = on,
                            "foreignKeys" => settings.inlay_foreign_keys = on,
                            _ => problems.push(format!("unknown inlay hint kind `{kind}`")),
                        }
                    }
                }
                "hover" => match value.get("typeLine") {
                    None | Some(Value::Null) => {}
                    Some(Value::Bool(on)) => settings.hover_type_line = *on,
                    Some(other) => problems.push(format!("`hover.typeLine` must be true or false, not {other}")),
                },
                _ => {}
            }
        }
        let unknown = settings.selection.remove_unknown();
        if !unknown.is_empty() {
            problems.push(format!("unknown rule selector(s): {}", unknown.join(", ")));
        }
        (settings, problems)
    }
}

fn strings(key: &str, value: &Value, problems: &mut Vec<String>) -> Vec<String> {
    match value.as_array().map(|items| items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>())
    {
        Some(Some(items)) => items,
        _ => {
            problems.push(format!("`{key}` must be a list of strings"));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_section_and_reports_bad_values() {
        let (settings, problems) = ClientSettings::from_json(&json!({"sqla": {
            "sqlalchemy": "2.0", "select": ["migration"], "ignore": ["SQA999", "SQA103"],
            "inlayHints": {"variableTypes": false}, "hover": {"typeLine": false}, "unknownKey": 1,
            "assumeParameterTypes": false
        }}));
        assert_eq!(settings.assume_parameter_types, Some(false));
        assert!(!settings.hover_type_line);
        assert_eq!(settings.sqlalchemy, Some(Series::V20));
        assert_eq!(settings.selection.select, ["migration"]);
        assert_eq!(settings.selection.ignore, ["SQA103"]);
        assert!(!settings.inlay_variable_types && settings.inlay_foreign_keys);
        assert_eq!(problems, ["unknown rule selector(s): SQA999"]);
        let (settings, problems) = ClientSettings::from_json(&json!({"sqlalchemy": "3.0", "select": "x"}));
        assert_eq!(settings, ClientSettings::default());
        assert_eq!(problems.len(), 2);
        assert!(ClientSettings::from_json(&Value::Null).1.is_empty());
        assert!(ClientSettings::from_json(&json!([])).1.is_empty(), "an empty Lua table");
    }
}
