//! What the typing-migration fixes (SQA102, SQA103, SQA111, SQA113, SQA116–SQA118) share: writing a
//! type in the file's own style (`Optional[X]` or `X | None`, `List` or `list`, `datetime.date` or
//! `date`), collecting the imports a fix needs, renaming or dropping an imported SQLAlchemy name,
//! and where a new statement goes in a class body. Everything is read from the analysis (types,
//! resolved names, module summaries); nothing is re-parsed or re-resolved here.

use crate::hir::resolve::canonical_symbol;
use crate::hir::{Binding, Definition, module_index, resolve_name};
use crate::rules::imports::import_name;
use crate::rules::{Edit, RuleContext};
use crate::syntax::Node;
use crate::syntax::node_ext::{field, named_children};
use crate::types::{Class, ClassRef, Ty};

/// The edits a fix collects, import insertions merged: two new `from m import a` lines at the same
/// place become one `from m import a, b` line, and the same edit is kept once.
#[derive(Default)]
pub(super) struct Edits {
    edits: Vec<Edit>,
}

impl Edits {
    pub fn push(&mut self, edit: Edit) {
        if self.edits.contains(&edit) {
            return;
        }
        if edit.start == edit.end
            && let Some((module, name)) = new_import_line(&edit.content)
            && let Some(existing) = self.edits.iter_mut().find(|e| {
                e.file == edit.file
                    && e.start == edit.start
                    && e.end == edit.end
                    && new_import_line(&e.content).is_some_and(|(m, _)| m == module)
            })
        {
            let merged = format!("{}, {name}\n", existing.content.trim_end_matches('\n'));
            existing.content = merged;
            return;
        }
        self.edits.push(edit);
    }

    pub fn extend(&mut self, edits: impl IntoIterator<Item = Edit>) {
        for edit in edits {
            self.push(edit);
        }
    }

    /// Sorted by position, as a `Fix` wants them.
    pub fn finish(mut self) -> Vec<Edit> {
        self.edits.sort_by_key(|e| (e.start, e.end));
        self.edits
    }
}

/// `from m import a\n` → (`m`, `a`).
fn new_import_line(content: &str) -> Option<(&str, &str)> {
    let rest = content.strip_prefix("from ")?.strip_suffix('\n')?;
    let (module, names) = rest.split_once(" import ")?;
    (!names.contains('(')).then_some((module, names))
}

/// `module.name` as the file can write it: the bare name when the file imports it, `alias.name` when
/// it imports the module, else the name with an edit importing it. `None` when the bare name is
/// already bound to something else.
pub(super) fn external_name(cx: &RuleContext<'_>, module: &str, name: &str, edits: &mut Edits) -> Option<String> {
    let wanted = canonical_symbol(module, name);
    match resolve_name(cx.db, cx.file, name) {
        Some(Definition::External(symbol)) if symbol == wanted => return Some(name.to_owned()),
        Some(_) if !module.starts_with("sqlalchemy") => {
            // `date` bound to something else: only `module.date` could work.
            return module_alias(cx, module).map(|alias| format!("{alias}.{name}"));
        }
        _ => {}
    }
    if !module.starts_with("sqlalchemy")
        && let Some(alias) = module_alias(cx, module)
    {
        return Some(format!("{alias}.{name}"));
    }
    let imported = import_name(cx, module, name);
    edits.extend(imported.edit);
    Some(imported.expression)
}

/// A top-level `import module` / `import module as alias` of the file.
fn module_alias(cx: &RuleContext<'_>, module: &str) -> Option<String> {
    let index = module_index(cx.db, cx.file);
    let mut aliases: Vec<&str> = index
        .bindings
        .iter()
        .filter(|(_, binding)| matches!(binding, Binding::ImportModule { module: m } if m == module))
        .map(|(bound, _)| bound.as_str())
        .collect();
    aliases.sort();
    aliases.first().map(|a| (*a).to_owned())
}

/// Whether the file imports from `typing` (then `List[...]`/`Set[...]` match its style).
pub(super) fn uses_typing_names(cx: &RuleContext<'_>) -> bool {
    module_index(cx.db, cx.file).bindings.values().any(|binding| match binding {
        Binding::ImportFrom { from, .. } => {
            matches!(from.module.as_deref(), Some("typing" | "typing_extensions")) && from.level == 0
        }
        Binding::ImportModule { module } => module == "typing",
        _ => false,
    })
}

/// How a type is written in an annotation of this file.
pub(super) struct TypeWriter<'c, 'db> {
    pub cx: &'c RuleContext<'db>,
    /// Where the annotation goes: a workspace class declared after it is quoted.
    pub at: u32,
}

impl TypeWriter<'_, '_> {
    /// The type as an annotation, or `None` when it cannot be written (unknown, or a name the file
    /// cannot reach).
    pub fn write(&self, ty: &Ty, edits: &mut Edits) -> Option<String> {
        match ty {
            Ty::Union(parts) if ty.is_optional() => {
                let inner = ty.without_none();
                if matches!(inner, Ty::Union(_)) || parts.len() != 2 {
                    return None;
                }
                let inner = self.write(&inner, edits)?;
                match resolve_name(self.cx.db, self.cx.file, "Optional") {
                    Some(Definition::External(symbol)) if symbol == "typing.Optional" => {
                        Some(format!("Optional[{inner}]"))
                    }
                    _ => Some(format!("{inner} | None")),
                }
            }
            Ty::Any => external_name(self.cx, "typing", "Any", edits),
            Ty::Instance(Class::User(class), args) if args.is_empty() => self.workspace_class(class),
            Ty::Instance(Class::Ext(name), args) if args.is_empty() => {
                let (module, short) = name.rsplit_once('.')?;
                match module {
                    "builtins" => {
                        matches!(short, "int" | "str" | "float" | "bool" | "bytes" | "object").then(|| short.to_owned())
                    }
                    "datetime" | "decimal" | "uuid" => external_name(self.cx, module, short, edits),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A workspace class by the name this file binds it to; quoted when it is declared further down
    /// this file.
    fn workspace_class(&self, class: &ClassRef) -> Option<String> {
        let bound = resolve_name(self.cx.db, self.cx.file, &class.name);
        if bound != Some(Definition::Class { file: class.file, name: class.name.clone() }) {
            return None;
        }
        let later =
            class.file == self.cx.file && self.cx.declaration(class, None).is_some_and(|(_, start, _)| start > self.at);
        Some(if later { format!("\"{}\"", class.name) } else { class.name.to_string() })
    }
}

/// `List["X"]` / `list["X"]` (and `Set`/`set`) in the file's style: `typing` names when it imports
/// from `typing`.
pub(super) fn collection_of(cx: &RuleContext<'_>, collection: &str, item: &str, edits: &mut Edits) -> Option<String> {
    if uses_typing_names(cx) {
        let name = match collection {
            "list" => "List",
            "set" => "Set",
            _ => return None,
        };
        let written = external_name(cx, "typing", name, edits)?;
        Some(format!("{written}[{item}]"))
    } else {
        Some(format!("{collection}[{item}]"))
    }
}

/// An explicit `from sqlalchemy... import original [as bound]` of the file.
pub(super) struct ImportedName<'t> {
    pub statement: Node<'t>,
    /// The `dotted_name` or `aliased_import` node.
    pub node: Node<'t>,
}

/// The top-level `from sqlalchemy... import` that binds `bound` to SQLAlchemy's `original`.
pub(super) fn sqlalchemy_import<'t>(cx: &RuleContext<'t>, original: &str, bound: &str) -> Option<ImportedName<'t>> {
    for statement in named_children(cx.parsed.root()) {
        if statement.kind() != "import_from_statement" {
            continue;
        }
        if !field(statement, "module_name").is_some_and(|m| cx.text(m).starts_with("sqlalchemy")) {
            continue;
        }
        let mut cursor = statement.walk();
        for node in statement.children_by_field_name("name", &mut cursor) {
            let (name, alias) = match node.kind() {
                "aliased_import" => (field(node, "name"), field(node, "alias")),
                _ => (Some(node), Some(node)),
            };
            let (Some(name), Some(alias)) = (name, alias) else { continue };
            if cx.text(name) == original && cx.text(alias) == bound {
                return Some(ImportedName { statement, node });
            }
        }
    }
    None
}

/// The edit removing one imported name (the whole statement when it is the only one).
pub(super) fn remove_imported(cx: &RuleContext<'_>, imported: &ImportedName<'_>) -> Edit {
    let mut cursor = imported.statement.walk();
    let names: Vec<Node<'_>> = imported.statement.children_by_field_name("name", &mut cursor).collect();
    let position = names.iter().position(|n| n.id() == imported.node.id()).unwrap_or(0);
    let (start, end) = match (names.len(), names.get(position + 1)) {
        (1, _) => {
            let start = imported.statement.start_byte();
            (start, line_end(cx.parsed.text(), imported.statement.end_byte()))
        }
        (_, Some(next)) => (imported.node.start_byte(), next.start_byte()),
        (_, None) => (names[position - 1].end_byte(), imported.node.end_byte()),
    };
    Edit { file: cx.file, start: start as u32, end: end as u32, content: String::new() }
}

/// Every use of the name `bound` in the file outside imports, when each of them refers to
/// SQLAlchemy's `symbol` (so renaming them all, and the import, keeps the file working).
pub(super) fn references<'t>(cx: &RuleContext<'t>, bound: &str, symbol: &str) -> Option<Vec<Node<'t>>> {
    let mut out = Vec::new();
    for identifier in cx.nodes("identifier") {
        if cx.text(identifier) != bound || !is_reference(identifier) {
            continue;
        }
        if cx.symbol_of(identifier).as_deref() != Some(symbol) {
            return None;
        }
        out.push(identifier);
    }
    Some(out)
}

/// An identifier read as a variable (not an attribute name, keyword, definition or import).
fn is_reference(identifier: Node<'_>) -> bool {
    let Some(parent) = identifier.parent() else { return true };
    let is_field = |name: &str| field(parent, name).is_some_and(|n| n.id() == identifier.id());
    match parent.kind() {
        "attribute" => !is_field("attribute"),
        "keyword_argument" => !is_field("name"),
        "function_definition" | "class_definition" => !is_field("name"),
        "parameters" | "default_parameter" | "typed_parameter" | "typed_default_parameter" | "lambda_parameters" => {
            false
        }
        "dotted_name" | "aliased_import" | "import_from_statement" | "import_statement" => false,
        _ => true,
    }
}

/// The offset just after the line that `offset` is on (the end of the text on the last line).
pub(super) fn line_end(text: &str, offset: usize) -> usize {
    match text[offset..].find('\n') {
        Some(at) => offset + at + 1,
        None => text.len(),
    }
}

/// Where a new class-level statement goes (after the last attribute assignment of the body, else
/// after its last statement), and its indentation. `None` for a body on the `class` line.
pub(super) fn class_body_insertion(cx: &RuleContext<'_>, class: &ClassRef) -> Option<(u32, String, bool)> {
    let (file, start, _) = cx.declaration(class, None)?;
    if file != cx.file {
        return None;
    }
    let name = cx.parsed.root().descendant_for_byte_range(start as usize, start as usize)?;
    let class_node = name.parent().filter(|p| p.kind() == "class_definition")?;
    let statements = named_children(field(class_node, "body")?);
    let first = statements.first()?;
    if first.start_position().row == class_node.start_position().row {
        return None;
    }
    let anchor = statements.iter().rfind(|s| s.kind() == "expression_statement").or(statements.last())?;
    let text = cx.parsed.text();
    let at = line_end(text, anchor.end_byte());
    // No newline after the last line: the insertion starts one.
    let needs_newline = !text[..at].ends_with('\n');
    Some((at as u32, " ".repeat(first.start_position().column), needs_newline))
}

/// Rewrites the uses of SQLAlchemy's `old` (bound in this file as `bound`) to `new_module.new`: returns
/// how to write the new name, and adds the import edits. `rewritten` are the uses the fix replaces;
/// when they are all the file's uses, the old import goes (or becomes the new one).
pub(super) fn swap_import(
    cx: &RuleContext<'_>,
    old_symbol: &str,
    bound: &str,
    rewritten: &[Node<'_>],
    new_module: &str,
    new: &str,
    edits: &mut Edits,
) -> Option<String> {
    let old = old_symbol.rsplit('.').next().unwrap_or(old_symbol);
    let all_rewritten = references(cx, bound, old_symbol)
        .is_some_and(|uses| uses.iter().all(|u| rewritten.iter().any(|r| r.id() == u.id())));
    let imported = sqlalchemy_import(cx, old, bound).filter(|_| all_rewritten);
    let Some(imported) = imported else { return external_name(cx, new_module, new, edits) };
    let new_is_bound = matches!(
        resolve_name(cx.db, cx.file, new),
        Some(Definition::External(symbol)) if symbol == canonical_symbol(new_module, new)
    );
    let same_module = field(imported.statement, "module_name").is_some_and(|m| cx.text(m) == new_module);
    if new_is_bound {
        edits.push(remove_imported(cx, &imported));
        Some(new.to_owned())
    } else if same_module {
        edits.push(Edit {
            file: cx.file,
            start: imported.node.start_byte() as u32,
            end: imported.node.end_byte() as u32,
            content: new.to_owned(),
        });
        Some(new.to_owned())
    } else {
        edits.push(remove_imported(cx, &imported));
        external_name(cx, new_module, new, edits)
    }
}
