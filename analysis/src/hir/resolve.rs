//! Cross-module name resolution: what a top-level name of a module refers to, following imports,
//! `__init__.py` re-exports and star imports through the workspace, and naming external symbols
//! (SQLAlchemy, typing, builtins) canonically.

use super::Name;
use super::expr::Expr;
use super::index::{Binding, ImportFrom, module_index};
use super::modules::{module_map, module_name};
use crate::db::{Db, SourceFile};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Definition {
    Class {
        file: SourceFile,
        name: Name,
    },
    Function {
        file: SourceFile,
        name: Name,
    },
    Variable {
        file: SourceFile,
        name: Name,
    },
    Module(SourceFile),
    ExternalModule(Name),
    /// A symbol outside the workspace, canonically named (`sqlalchemy.select`, `typing.Optional`).
    External(Name),
    /// A name a module does not define, which its `def __getattr__(name)` answers (PEP 562): what
    /// that function returns.
    ModuleGetattr(SourceFile),
}

/// `name` or `module.name`: what a plain alias may stand for.
fn alias_of_module_member(db: &dyn Db, file: SourceFile, value: &Expr) -> bool {
    match value {
        Expr::Name(_) => true,
        Expr::Attr(base, _) => matches!(
            super::resolve_expr_symbol(db, file, base),
            Some(Definition::Module(_) | Definition::ExternalModule(_))
        ),
        _ => false,
    }
}

/// Resolves a top-level name of `file` (or a builtin).
pub fn resolve_name(db: &dyn Db, file: SourceFile, name: &str) -> Option<Definition> {
    resolve_in_module(db, file, Name::from(name)).or_else(|| builtin(name))
}

/// What one binding of a top-level name of `file` defines (an import the module later rebinds).
pub fn resolve_binding(db: &dyn Db, file: SourceFile, name: Name, binding: &Binding) -> Option<Definition> {
    match binding {
        Binding::Class(_) => Some(Definition::Class { file, name }),
        Binding::Function(_) => Some(Definition::Function { file, name }),
        // `Column = sql.Column`: a plain alias of a module member is what it names (`Model =
        // db.Model` stays a variable: which `db` it came from decides the registry).
        Binding::Variable { annotation: None, value: Some(value @ (Expr::Name(_) | Expr::Attr(..))) }
            if alias_of_module_member(db, file, value) =>
        {
            match super::resolve_expr_symbol(db, file, value) {
                Some(def @ (Definition::External(_) | Definition::ExternalModule(_) | Definition::Class { .. })) => {
                    Some(def)
                }
                _ => Some(Definition::Variable { file, name }),
            }
        }
        Binding::Variable { .. } => Some(Definition::Variable { file, name }),
        Binding::ImportModule { module } => Some(module_definition(db, file, module)),
        Binding::ImportFrom { from, name: imported } => resolve_import_from(db, file, from, imported),
    }
}

/// Resolves a top-level name of `file` in an annotation: what an `if TYPE_CHECKING:` block binds
/// wins over the runtime binding that replaces it, as in type checkers.
pub fn resolve_type_name(db: &dyn Db, file: SourceFile, name: &str) -> Option<Definition> {
    match module_index(db, file).type_checking_bindings.get(name) {
        Some(binding) => resolve_binding(db, file, Name::from(name), binding),
        None => resolve_name(db, file, name),
    }
}

/// What the `except` of a SQLAlchemy import binds a top-level name to, where the import wins at
/// run time (see `ModuleIndex::try_fallbacks`).
pub fn resolve_try_fallback(db: &dyn Db, file: SourceFile, name: &str) -> Option<Definition> {
    let binding = module_index(db, file).try_fallbacks.get(name)?;
    resolve_binding(db, file, Name::from(name), binding)
}

/// Whether the `except` of a SQLAlchemy import defines the name itself (`def mapped_column(...)`,
/// a class): in its own module, type checkers take that definition for the name's declared type.
pub fn try_fallback_is_definition(db: &dyn Db, file: SourceFile, name: &str) -> bool {
    matches!(module_index(db, file).try_fallbacks.get(name), Some(Binding::Class(_) | Binding::Function(_)))
}

#[salsa::tracked(returns(clone), cycle_result = resolve_cycle)]
fn resolve_in_module(db: &dyn Db, file: SourceFile, name: Name) -> Option<Definition> {
    let index = module_index(db, file);
    if let Some(binding) = index.bindings.get(&name) {
        // typeshed's `typing.pyi`, read for the members of its classes, names its own classes and
        // special forms (`Generic`, `TypeVar`, `Collection`) as the analysis knows them; its
        // private type variables stay its own.
        // Asked for every top-level name of every module: the path decides before the module map
        // is read (a dependency every resolution would otherwise carry).
        let is_own_type_variable = matches!(binding, Binding::Variable { .. }) && name.starts_with('_');
        if !is_own_type_variable
            && file.path(db).ends_with("/typing.pyi")
            && module_map(db).native_stub("typing") == Some(file)
        {
            return Some(Definition::External(Name::from(format!("typing.{name}"))));
        }
        return resolve_binding(db, file, name, binding);
    }
    for star in &index.star_imports {
        let Some(module) = absolute_module(db, file, star) else { continue };
        match module_map(db).file_from(&module, file.path(db)) {
            Some(target) => {
                let exported = match &module_index(db, target).all {
                    Some(all) => all.contains(&name),
                    None => !name.starts_with('_'),
                };
                if exported && let Some(def) = resolve_in_module(db, target, name.clone()) {
                    return Some(def);
                }
            }
            None if crate::sqlalchemy::exports::is_exported(&module, &name) => {
                return Some(Definition::External(canonical_symbol(&module, &name)));
            }
            None => {}
        }
    }
    // A submodule of a package is an attribute of it even before being imported in `__init__.py`.
    let map = module_map(db);
    let own = map.name(file)?;
    if file.path(db).ends_with("__init__.py")
        && let Some(sub) = map.file_from(&format!("{own}.{name}"), file.path(db))
    {
        return Some(Definition::Module(sub));
    }
    None
}

/// Names imported from, or read as attributes of, a module that defines `__getattr__` at its top
/// level and not the name itself: type checkers give them what that function returns.
fn module_getattr(db: &dyn Db, file: SourceFile) -> Option<Definition> {
    matches!(module_index(db, file).bindings.get("__getattr__"), Some(Binding::Function(_)))
        .then_some(Definition::ModuleGetattr(file))
}

fn resolve_cycle(_db: &dyn Db, _id: salsa::Id, _file: SourceFile, _name: Name) -> Option<Definition> {
    None
}

fn resolve_import_from(db: &dyn Db, file: SourceFile, from: &ImportFrom, name: &Name) -> Option<Definition> {
    let module = absolute_module(db, file, from)?;
    match module_map(db).file_from(&module, file.path(db)) {
        Some(target) if !is_external_root(&module) => resolve_in_module(db, target, name.clone())
            .or_else(|| module_map(db).file_from(&format!("{module}.{name}"), file.path(db)).map(Definition::Module))
            .or_else(|| module_getattr(db, target)),
        _ => {
            let submodule = format!("{module}.{name}");
            if let Some(target) = module_map(db).file_from(&submodule, file.path(db)) {
                return Some(Definition::Module(target));
            }
            if crate::sqlalchemy::exports::is_submodule(&submodule) {
                return Some(Definition::ExternalModule(Name::from(submodule)));
            }
            Some(Definition::External(canonical_symbol(&module, name)))
        }
    }
}

/// The attribute `member` of a module definition (`sa.orm`, `models.User`).
pub fn resolve_module_member(db: &dyn Db, module: &Definition, member: &str) -> Option<Definition> {
    match module {
        Definition::Module(file) => resolve_in_module(db, *file, Name::from(member))
            .or_else(|| {
                let own = module_name(db, *file)?;
                module_map(db).file_from(&format!("{own}.{member}"), file.path(db)).map(Definition::Module)
            })
            .or_else(|| module_getattr(db, *file)),
        Definition::ExternalModule(module) => {
            let submodule = format!("{module}.{member}");
            if let Some(file) = module_map(db).file(&submodule) {
                return Some(Definition::Module(file));
            }
            if crate::sqlalchemy::exports::is_submodule(&submodule) {
                Some(Definition::ExternalModule(Name::from(submodule)))
            } else {
                Some(Definition::External(canonical_symbol(module, member)))
            }
        }
        _ => None,
    }
}

fn module_definition(db: &dyn Db, importer: SourceFile, module: &str) -> Definition {
    match module_map(db).file_from(module, importer.path(db)) {
        Some(file) if !is_external_root(module) => Definition::Module(file),
        _ => Definition::ExternalModule(Name::from(module)),
    }
}

/// SQLAlchemy itself is never analysed from source, even when a copy sits in the workspace.
/// The libraries whose API we know as data: their names are theirs even where their own source is
/// in the workspace (an sdist, a vendored copy), and their installed sources are never loaded.
pub fn is_external_root(module: &str) -> bool {
    ["sqlalchemy", "sqlmodel", "flask_sqlalchemy"]
        .iter()
        .any(|root| module == *root || module.strip_prefix(root).is_some_and(|rest| rest.starts_with('.')))
}

/// `from ..models import X` in `app.api.views` → `app.models`.
fn absolute_module(db: &dyn Db, file: SourceFile, from: &ImportFrom) -> Option<Name> {
    if from.level == 0 {
        return from.module.clone();
    }
    let own = module_name(db, file)?;
    let mut package: Vec<&str> = own.split('.').collect();
    let is_package = file.path(db).ends_with("__init__.py") || file.path(db).ends_with("__init__.pyi");
    let drop = if is_package { from.level - 1 } else { from.level };
    for _ in 0..drop {
        package.pop()?;
    }
    let mut parts: Vec<&str> = package;
    if let Some(module) = &from.module {
        parts.extend(module.split('.'));
    }
    if parts.is_empty() {
        return None;
    }
    Some(Name::from(parts.join(".")))
}

/// One name per external symbol, whichever public module it is imported from.
pub fn canonical_symbol(module: &str, name: &str) -> Name {
    let root = module.split('.').next().unwrap_or(module);
    if module == "sqlmodel" {
        return crate::sqlalchemy::exports::sqlmodel_symbol(name);
    }
    if let Some(symbol) = crate::sqlalchemy::exports::dialect_symbol(module, name) {
        return symbol;
    }
    let family = match root {
        "sqlalchemy" => "sqlalchemy",
        "flask_sqlalchemy" => "flask_sqlalchemy",
        "typing" | "typing_extensions" => "typing",
        "collections" if module == "collections.abc" => "typing",
        _ => module,
    };
    Name::from(format!("{family}.{name}"))
}

const BUILTINS: &[&str] = &[
    "int",
    "str",
    "float",
    "bool",
    "bytes",
    "list",
    "dict",
    "set",
    "tuple",
    "frozenset",
    "object",
    "type",
    "len",
    "reveal_type",
    "print",
    "isinstance",
    "range",
    "enumerate",
    "zip",
    "sorted",
    "reversed",
    "next",
    "iter",
    "min",
    "max",
    "sum",
    "any",
    "all",
    "None",
    "getattr",
    "super",
    "property",
    "staticmethod",
    "classmethod",
    "repr",
    "map",
    "filter",
    "hasattr",
    "callable",
    "issubclass",
    "id",
    "hash",
    "ord",
    "chr",
    "format",
    "input",
    "hex",
    "oct",
    "bin",
    "ascii",
    "round",
    "divmod",
    "vars",
    "dir",
    "open",
    "__file__",
    "__name__",
    "NotImplemented",
    "Ellipsis",
    "abs",
    "__import__",
    "setattr",
    "delattr",
    "globals",
    "locals",
    "eval",
    "exec",
    "compile",
    "bytearray",
    "memoryview",
    "complex",
    "exit",
    "quit",
    "aiter",
    "anext",
];

/// The built-in exception classes (`builtins.pyi`).
const BUILTIN_EXCEPTIONS: &[&str] = &[
    "BaseException",
    "Exception",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "ConnectionError",
    "ConnectionAbortedError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "EOFError",
    "EnvironmentError",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PermissionError",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "RuntimeError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "ValueError",
    "ZeroDivisionError",
    "Warning",
    "DeprecationWarning",
    "FutureWarning",
    "PendingDeprecationWarning",
    "RuntimeWarning",
    "SyntaxWarning",
    "UserWarning",
    "ExceptionGroup",
    "BaseExceptionGroup",
];

/// Whether `name` is a built-in exception class.
pub fn is_builtin_exception(name: &str) -> bool {
    BUILTIN_EXCEPTIONS.contains(&name)
}

fn builtin(name: &str) -> Option<Definition> {
    (BUILTINS.contains(&name) || BUILTIN_EXCEPTIONS.contains(&name))
        .then(|| Definition::External(Name::from(format!("builtins.{name}"))))
}
