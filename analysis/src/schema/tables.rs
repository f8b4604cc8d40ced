//! Core `Table("name", metadata, Column("id", ...), ...)` declarations: the one reader of them.
//!
//! [`table_decls`] keeps positions for the editor (goto, symbols, completion, rename);
//! [`file_tables`] is its position-free projection, so the workspace schema built from it backdates
//! when an edit only moves text.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::db::{Db, SourceFile};
use crate::hir::{Definition, Expr, Name, lower_expr, resolve_expr_symbol};
use crate::syntax::node_ext::{field, named_children, string_content, string_value, walk};
use crate::syntax::{Node, Parsed, parse};

/// What a column of a `Table(...)` declares, without positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnInfo {
    pub name: Name,
    /// The SQL type as written (`String(30)`); `None` when not written or not a SQL type we know.
    pub sql_type: Option<Name>,
    /// `nullable=` as written.
    pub nullable: Option<bool>,
    pub primary_key: bool,
    /// `ForeignKey("users.id")` targets, as written.
    pub foreign_keys: Vec<Name>,
}

/// A column spelled out in a `Table(...)` call, with the range of its name's string content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnDecl {
    pub info: ColumnInfo,
    pub name_range: (u32, u32),
}

/// A `Table(...)` call in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableDecl {
    /// `None` when the name is not a string literal.
    pub name: Option<Name>,
    /// `users = Table(...)`: the variable holding it.
    pub variable: Option<Name>,
    /// The statement (or the call, when it is not assigned).
    pub full_range: (u32, u32),
    /// The range of the name's string content.
    pub name_range: Option<(u32, u32)>,
    /// The columns spelled out with a string name.
    pub columns: Vec<ColumnDecl>,
    /// Some column is not spelled out (reflection, `*columns`, a helper call): the columns above
    /// are not all of them.
    pub columns_incomplete: bool,
    /// The `table.column` strings of its foreign keys (on columns and in `ForeignKeyConstraint`s).
    pub foreign_keys: Vec<Name>,
    /// Some foreign key is not a string (`ForeignKey(users.c.id)`).
    pub foreign_keys_opaque: bool,
    /// Built inside a function: it exists only when the function runs.
    pub in_function: bool,
}

/// A `Table(...)` without positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSummary {
    pub name: Option<Name>,
    /// `None` when some column is not spelled out.
    pub columns: Option<Vec<ColumnInfo>>,
    pub foreign_keys: Vec<Name>,
    pub foreign_keys_opaque: bool,
}

/// What a file declares of the schema outside mapped classes, without positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileTables {
    /// `Table(...)` calls (module level, class bodies, functions).
    pub tables: Vec<TableSummary>,
    /// `metadata.reflect(...)` or `automap_base()`: tables we cannot name.
    pub reflects: bool,
    /// Classes that name a table with `__tablename__`.
    pub classes: Vec<TableClass>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableClass {
    pub name: Name,
    /// `None` when `__tablename__` is not a string literal.
    pub table: Option<Name>,
    /// Declared inside a function or another class, where model discovery does not look.
    pub nested: bool,
}

/// Everything a file declares of the schema outside mapped classes, with positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileTableDecls {
    pub tables: Vec<TableDecl>,
    pub reflects: bool,
    pub classes: Vec<TableClass>,
}

/// The `Table(...)` calls of a file, with positions.
#[salsa::tracked(returns(ref))]
pub fn table_decls(db: &dyn Db, file: SourceFile) -> Arc<FileTableDecls> {
    if !crate::hir::prescan::declares_tables(db, file) || !crate::hir::prescan::involves_sqlalchemy(db, file) {
        return Arc::default();
    }
    let parsed = parse(db, file);
    let source = parsed.text();
    let mut out = FileTableDecls::default();
    walk(parsed.root(), |node| {
        // What runs only as a script defines nothing others import.
        if node.kind() == "if_statement" && crate::hir::index::is_main_guard(parsed, node) {
            return false;
        }
        if node.kind() == "class_definition" {
            table_class(parsed, node, &mut out.classes);
        }
        if node.kind() == "call"
            && let Some(arguments) = field(node, "arguments")
            && let Some(function) = field(node, "function")
            && matches!(function.kind(), "identifier" | "attribute")
        {
            if function.kind() == "attribute"
                && field(function, "attribute").is_some_and(|a| parsed.node_text(a) == "reflect")
            {
                out.reflects = true;
            } else if named_children(arguments).len() >= 2 || parsed.node_text(function).ends_with("automap_base") {
                let func = lower_expr(function, source);
                match resolve_expr_symbol(db, file, &func) {
                    Some(Definition::External(s)) if s == "sqlalchemy.Table" => {
                        out.tables.push(table_decl(db, file, parsed, node));
                    }
                    Some(Definition::Function { file: wrapper_file, name })
                        if table_wrapper(db, wrapper_file, name.clone()) =>
                    {
                        out.tables.push(table_decl(db, file, parsed, node));
                    }
                    Some(Definition::External(s)) if s == "sqlalchemy.automap_base" => out.reflects = true,
                    _ => {}
                }
            }
        }
        true
    });
    Arc::new(out)
}

/// `Table`, or a module-level function passing its arguments on to it ([`table_wrapper`]).
pub fn is_table_callee(db: &dyn Db, file: SourceFile, callee: &Expr) -> bool {
    match resolve_expr_symbol(db, file, callee) {
        Some(Definition::External(symbol)) => symbol == "sqlalchemy.Table",
        Some(Definition::Function { file, name }) => table_wrapper(db, file, name),
        _ => false,
    }
}

/// A module-level function that passes its arguments on to `Table` (buildbot's `sautils.Table`:
/// `def Table(*args, **kwargs): kwargs[...] = ...; return sa.Table(*args, **kwargs)`): its calls
/// declare tables as `Table(...)` calls do.
#[salsa::tracked(returns(copy))]
pub fn table_wrapper(db: &dyn Db, file: SourceFile, name: Name) -> bool {
    let parsed = parse(db, file);
    let source = parsed.text();
    let function = named_children(parsed.root()).into_iter().find(|stmt| {
        stmt.kind() == "function_definition"
            && field(*stmt, "name").is_some_and(|n| parsed.node_text(n) == name.as_str())
    });
    let Some(function) = function else { return false };
    let Some(star) = field(function, "parameters")
        .map(named_children)
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.kind() == "list_splat_pattern")
        .map(|p| parsed.node_text(p).trim_start_matches('*').to_owned())
    else {
        return false;
    };
    let body = field(function, "body").map(named_children).unwrap_or_default();
    let mut returns = body.iter().filter(|s| s.kind() == "return_statement");
    let (Some(statement), None) = (returns.next(), returns.next()) else { return false };
    let Some(call) = named_children(*statement).into_iter().next().filter(|c| c.kind() == "call") else { return false };
    let (Some(callee), Some(arguments)) = (field(call, "function"), field(call, "arguments")) else { return false };
    let passes_args = named_children(arguments)
        .first()
        .is_some_and(|first| first.kind() == "list_splat" && parsed.node_text(*first).trim_start_matches('*') == star);
    passes_args
        && matches!(resolve_expr_symbol(db, file, &lower_expr(callee, source)),
            Some(Definition::External(s)) if s == "sqlalchemy.Table")
}

/// [`table_decls`] without positions.
#[salsa::tracked(returns(ref))]
pub fn file_tables(db: &dyn Db, file: SourceFile) -> Arc<FileTables> {
    let decls = table_decls(db, file);
    Arc::new(FileTables {
        tables: decls.tables.iter().map(TableDecl::summary).collect(),
        reflects: decls.reflects,
        classes: decls.classes.clone(),
    })
}

/// Every `Table(...)` of the workspace: table name → its columns, in declaration order.
#[salsa::tracked(returns(ref))]
pub fn workspace_tables(db: &dyn Db) -> Arc<FxHashMap<Name, Vec<Name>>> {
    let mut tables: FxHashMap<Name, Vec<Name>> = FxHashMap::default();
    for &file in db.project().files(db).iter() {
        if !*file.exists(db) {
            continue;
        }
        for table in file_tables(db, file).tables.iter() {
            let Some(name) = &table.name else { continue };
            let columns = tables.entry(name.clone()).or_default();
            columns.extend(table.columns.iter().flatten().map(|c| c.name.clone()));
        }
    }
    Arc::new(tables)
}

impl TableDecl {
    pub fn summary(&self) -> TableSummary {
        TableSummary {
            name: self.name.clone(),
            columns: (!self.columns_incomplete).then(|| self.columns.iter().map(|c| c.info.clone()).collect()),
            foreign_keys: self.foreign_keys.clone(),
            foreign_keys_opaque: self.foreign_keys_opaque,
        }
    }
}

fn is_nested(node: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(parent) = current {
        if matches!(parent.kind(), "function_definition" | "class_definition") {
            return true;
        }
        current = parent.parent();
    }
    false
}

fn table_class(parsed: &Parsed, class: Node<'_>, out: &mut Vec<TableClass>) {
    let (Some(name), Some(body)) = (field(class, "name"), field(class, "body")) else { return };
    for statement in named_children(body) {
        let Some(assignment) = named_children(statement).into_iter().find(|c| c.kind() == "assignment") else {
            continue;
        };
        let (Some(left), Some(right)) = (field(assignment, "left"), field(assignment, "right")) else { continue };
        if parsed.node_text(left) == "__tablename__" {
            out.push(TableClass {
                name: Name::from(parsed.node_text(name)),
                table: string_value(right, parsed.text()).map(Name::from),
                nested: is_nested(class),
            });
        }
    }
}

fn table_decl(db: &dyn Db, file: SourceFile, parsed: &Parsed, call: Node<'_>) -> TableDecl {
    let source = parsed.text();
    let symbol = |e: &Expr| match resolve_expr_symbol(db, file, e) {
        Some(Definition::External(s)) => s.strip_prefix("sqlalchemy.").map(Name::from),
        _ => None,
    };
    let assignment = call.parent().filter(|p| p.kind() == "assignment" && field(*p, "right") == Some(call));
    let variable = assignment
        .and_then(|a| field(a, "left"))
        .filter(|l| l.kind() == "identifier")
        .map(|l| Name::from(parsed.node_text(l)));
    let statement = assignment.and_then(|a| a.parent()).filter(|p| p.kind() == "expression_statement");
    let full = statement.unwrap_or(call);
    let positional: Vec<Node<'_>> = field(call, "arguments")
        .map(named_children)
        .unwrap_or_default()
        .into_iter()
        .filter(|a| !matches!(a.kind(), "keyword_argument" | "comment"))
        .collect();
    let name_node = positional.first().copied();
    let mut decl = TableDecl {
        name: name_node.and_then(|n| string_value(n, source)).map(Name::from),
        variable,
        full_range: (full.start_byte() as u32, full.end_byte() as u32),
        name_range: name_node.and_then(|n| string_content(n, source)),
        columns: Vec::new(),
        columns_incomplete: false,
        foreign_keys: Vec::new(),
        foreign_keys_opaque: false,
        in_function: std::iter::successors(call.parent(), |n| n.parent()).any(|n| n.kind() == "function_definition"),
    };
    for node in positional.iter().skip(2) {
        let call = lower_expr(*node, source);
        let Expr::Call { func, args: inner, kwargs } = &call else {
            decl.columns_incomplete = true;
            decl.foreign_keys_opaque = true;
            continue;
        };
        match symbol(func).as_deref() {
            Some("Column") => {
                let first = field(*node, "arguments").and_then(|a| named_children(a).into_iter().next());
                let (Some(name), Some(range)) =
                    (inner.first().and_then(|a| a.as_str()), first.and_then(|f| string_content(f, source)))
                else {
                    decl.columns_incomplete = true;
                    continue;
                };
                let mut info = ColumnInfo { name: Name::from(name), ..ColumnInfo::default() };
                for inner_arg in &inner[1..] {
                    match inner_arg {
                        Expr::Call { func, args: fk_args, .. } if symbol(func).as_deref() == Some("ForeignKey") => {
                            match fk_args.first().and_then(|a| crate::hir::foreign_key_target(db, file, a)) {
                                Some(fk) => info.foreign_keys.push(Name::from(fk)),
                                None => decl.foreign_keys_opaque = true,
                            }
                        }
                        other => {
                            if info.sql_type.is_none() {
                                info.sql_type = crate::models::sql_type_name(db, file, other);
                            }
                        }
                    }
                }
                for (key, value) in kwargs {
                    match key.as_str() {
                        "nullable" => info.nullable = value.as_bool(),
                        "primary_key" => info.primary_key = value.as_bool().unwrap_or(false),
                        "type_" => info.sql_type = crate::models::sql_type_name(db, file, value),
                        _ => {}
                    }
                }
                decl.foreign_keys.extend(info.foreign_keys.iter().cloned());
                decl.columns.push(ColumnDecl { info, name_range: range });
            }
            Some("ForeignKeyConstraint") => match super::mapping::foreign_key_constraint_columns(&call) {
                Some((_, refs)) => {
                    for reference in refs {
                        match crate::hir::foreign_key_target(db, file, reference) {
                            Some(fk) => decl.foreign_keys.push(Name::from(fk)),
                            None => decl.foreign_keys_opaque = true,
                        }
                    }
                }
                _ => decl.foreign_keys_opaque = true,
            },
            Some(
                "PrimaryKeyConstraint" | "UniqueConstraint" | "CheckConstraint" | "Index" | "Computed" | "Identity",
            ) => {}
            _ => {
                decl.columns_incomplete = true;
                decl.foreign_keys_opaque = true;
            }
        }
    }
    let keywords = field(call, "arguments").map(named_children).unwrap_or_default();
    for keyword in keywords.into_iter().filter(|k| k.kind() == "keyword_argument") {
        let (Some(name), Some(value)) = (field(keyword, "name"), field(keyword, "value")) else { continue };
        let name = parsed.node_text(name);
        let extends = name == "extend_existing" && parsed.node_text(value) != "False";
        if name.starts_with("autoload") || extends {
            decl.columns_incomplete = true;
        }
    }
    decl
}
