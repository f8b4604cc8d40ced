//! Lowered, position-free summaries of modules (imports, classes, functions, module variables) and
//! cross-module name resolution. Summaries are `Eq`, so an edit inside a function body leaves them
//! unchanged and everything built on them is reused.

pub mod constants;
pub mod expr;
pub mod flow_complexity;
pub mod index;
pub mod modules;
pub mod prescan;
pub mod resolve;
pub mod scope_keys;
pub mod symbols;
pub mod type_comments;

pub use constants::{const_str, foreign_key_target};
pub use expr::{Expr, lower_expr};
pub use index::{
    Binding, ClassItem, ClassStmt, ColumnFactory, FunctionItem, Guard, ImperativeMapping, ModuleIndex, Param,
    ParamKind, ReturnedBase, column_factory, is_migration_script, module_binding, module_classes,
    module_imperative_mappings, module_index, returned_base,
};
pub use modules::{
    ModuleMap, is_native_module, is_stdlib_stub_read, is_stub, is_typeshed_module, module_map, module_name,
};
pub use resolve::{Definition, is_external_root, resolve_module_member, resolve_name};

pub type Name = smol_str::SmolStr;
pub use symbols::{is_flask_db, member_of_definition, qualified_expr, resolve_expr_symbol, resolve_type_expr_symbol};
