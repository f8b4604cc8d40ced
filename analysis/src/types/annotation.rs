//! Type expressions (annotations, `Mapped[...]` arguments, type aliases) → `Ty`.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{Class, ClassRef, RowCol, RowShape, RowTail, TupleSpelling, Ty};
use crate::db::{Db, SourceFile};
use crate::hir::{Binding, Definition, Expr, Name, lower_expr, module_index, resolve_type_expr_symbol};
use crate::sqlalchemy::template::{ROW_KINDS, UNPARAMETERISED_ROW_KINDS};
use crate::syntax::parse_text;

const MAX_DEPTH: u32 = 24;

/// A type variable is an instance of `typevar.<name>` (`typevar.T@first` once scoped): its name
/// is what type checkers show.
pub const TYPE_VAR_PREFIX: &str = "typevar.";

/// The class callables are instances of: `[parameters, return type]` as its arguments.
pub const CALLABLE: &str = "typing.Callable";

/// Calls that make a class named by their first argument (`TypedDict("Headers", {...})`).
pub const CLASS_FACTORIES: &[&str] = &[
    "typing.TypedDict",
    "typing_extensions.TypedDict",
    "typing.NamedTuple",
    "typing_extensions.NamedTuple",
    "collections.namedtuple",
];

/// An instance of a class a call makes in `file`'s module (`TypedDict("Headers", {...})`): known by
/// its name alone, its members unknown.
pub fn synthetic_class(db: &dyn Db, file: SourceFile, name: &str) -> Ty {
    let module = crate::hir::module_name(db, file).unwrap_or_default();
    Ty::ext(&format!("{module}.{name}"))
}

/// What `functools.wraps` and `update_wrapper` make: `_Wrapped[P, R, P2, R2]` (`infer/wrappers.rs`).
pub const WRAPPED: &str = "functools._Wrapped";

/// `TypeVar(...)` from `typing` or `typing_extensions`.
fn is_type_var_constructor(db: &dyn Db, file: SourceFile, func: &Expr) -> bool {
    matches!(
        resolve_type_expr_symbol(db, file, func),
        Some(Definition::External(symbol)) if matches!(symbol.as_str(), "typing.TypeVar" | "typing_extensions.TypeVar")
    )
}

/// The `TypeVar(...)` call a type expression of `file` names (`T`, `models.ModelT`), with the file
/// it is in, where it names a type variable.
pub fn type_var_call(db: &dyn Db, file: SourceFile, expr: &Expr) -> Option<(SourceFile, Expr)> {
    let Some(Definition::Variable { file, name }) = resolve_type_expr_symbol(db, file, expr) else { return None };
    match module_index(db, file).bindings.get(&name) {
        Some(Binding::Variable { value: Some(call @ Expr::Call { func, .. }), .. })
            if is_type_var_constructor(db, file, func) =>
        {
            Some((file, call.clone()))
        }
        _ => None,
    }
}

/// A generic class's type arguments where nothing gives them: each type variable's default,
/// `Unknown` without one (`ExitStack()` is an `ExitStack[bool | None]`).
pub fn type_parameter_defaults(db: &dyn Db, file: SourceFile, name: &str) -> Vec<Ty> {
    bare_type_arguments(db, file, name, 0)
}

/// The type parameters a class of the workspace or a library declares, as what each is when the
/// class is named bare: its `TypeVar`'s `default=` (typeshed's `Element` is `Element[str]`), else
/// `Unknown`. They are those of its `Generic[...]` (or `Protocol[...]`) base, else the type
/// variables its bases are subscripted with. Read from the bases' names alone, so a class naming
/// itself in a base is no cycle.
fn bare_type_arguments(db: &dyn Db, file: SourceFile, name: &str, depth: u32) -> Vec<Ty> {
    let Some(item) = crate::hir::index::class_item(db, file, name) else { return Vec::new() };
    let resolves_to = |expr: &Expr, symbols: &[&str]| matches!(resolve_type_expr_symbol(db, file, expr), Some(Definition::External(s)) if symbols.contains(&s.as_str()));
    let type_var_call = |expr: &Expr| type_var_call(db, file, expr);
    let is_type_var = |expr: &Expr| type_var_call(expr).is_some();
    let mut params: Vec<&Expr> = Vec::new();
    // Also those within an argument (`class List(Container[list[T]])`).
    fn collect<'e>(expr: &'e Expr, is_type_var: &dyn Fn(&Expr) -> bool, found: &mut Vec<&'e Expr>) {
        match expr {
            Expr::Subscript(_, args) => args.iter().for_each(|a| collect(a, is_type_var, found)),
            Expr::BitOr(left, right) => {
                collect(left, is_type_var, found);
                collect(right, is_type_var, found);
            }
            _ if is_type_var(expr) && !found.contains(&expr) => found.push(expr),
            _ => {}
        }
    }
    let mut declared: Option<&Vec<Expr>> = None;
    for base in &item.bases {
        let Expr::Subscript(head, args) = base else { continue };
        if resolves_to(head, &["typing.Generic", "typing.Protocol", "typing_extensions.Protocol"]) {
            declared = Some(args);
            break;
        }
        args.iter().for_each(|arg| collect(arg, &is_type_var, &mut params));
    }
    let params: Vec<&Expr> = declared.map_or(params, |args| args.iter().collect());
    let default = |param: &Expr| {
        let (file, call) = type_var_call(param)?;
        let Expr::Call { kwargs, .. } = call else { return None };
        let (_, default) = kwargs.iter().find(|(keyword, _)| keyword.as_str() == "default")?;
        Some(TypeScope { db, file, registry_names: None }.eval_depth(default, depth + 1))
    };
    params.iter().map(|param| default(param).unwrap_or(Ty::Unknown)).collect()
}

/// Where a type expression is evaluated.
pub struct TypeScope<'a> {
    pub db: &'a dyn Db,
    pub file: SourceFile,
    /// Mapped classes by name, for string references SQLAlchemy resolves through its registry
    /// (`relationship("Address")`, `Mapped["Address"]` without an import).
    pub registry_names: Option<&'a FxHashMap<Name, ClassRef>>,
}

impl TypeScope<'_> {
    pub fn eval(&self, expr: &Expr) -> Ty {
        self.eval_depth(expr, 0)
    }

    fn eval_depth(&self, expr: &Expr, depth: u32) -> Ty {
        if depth > MAX_DEPTH {
            return Ty::Unknown;
        }
        match expr {
            Expr::NoneLit => Ty::None,
            Expr::Str(text) => self.eval_string(text, depth),
            Expr::BitOr(left, right) => {
                Ty::union(vec![self.eval_depth(left, depth + 1), self.eval_depth(right, depth + 1)])
            }
            Expr::Name(_) | Expr::Attr(..) | Expr::Resolved(_) => {
                match resolve_type_expr_symbol(self.db, self.file, expr) {
                    Some(Definition::External(symbol)) => bare_generic(&symbol),
                    Some(def) => self.eval_definition(&def, depth),
                    None => match (expr, self.registry_names) {
                        (Expr::Name(name), Some(names)) => {
                            names.get(name).map(|c| Ty::instance_of(c.clone())).unwrap_or(Ty::Unknown)
                        }
                        _ => Ty::Unknown,
                    },
                }
            }
            Expr::Subscript(base, args) => self.eval_subscript(base, args, depth),
            // `PaginationHeaders = TypedDict("PaginationHeaders", {...})` named in an annotation.
            Expr::Call { func, args, .. } => match (resolve_type_expr_symbol(self.db, self.file, func), args.first()) {
                (Some(Definition::External(symbol)), Some(Expr::Str(name)))
                    if CLASS_FACTORIES.contains(&symbol.as_str()) =>
                {
                    synthetic_class(self.db, self.file, name)
                }
                _ => Ty::Unknown,
            },
            _ => Ty::Unknown,
        }
    }

    /// A forward reference: `"User"`, `"List[Address]"`, `"Optional[User]"`.
    fn eval_string(&self, text: &str, depth: u32) -> Ty {
        let trimmed = text.trim();
        if let Some(names) = self.registry_names
            && let Some(class) = names.get(trimmed)
            && resolve_type_expr_symbol(self.db, self.file, &Expr::Name(Name::from(trimmed))).is_none()
        {
            return Ty::instance_of(class.clone());
        }
        if let Some(class) = self.module_qualified_class(trimmed) {
            return Ty::instance_of(class);
        }
        let parsed = parse_text(Arc::from(trimmed));
        let root = parsed.root();
        let Some(expr_node) = root.named_child(0).and_then(|stmt| stmt.named_child(0)) else {
            return Ty::Unknown;
        };
        let expr = lower_expr(expr_node, parsed.text());
        self.eval_depth(&expr, depth + 1)
    }

    /// `relationship("app.models.User")`: SQLAlchemy's module-qualified class names, matched
    /// against the path of the file declaring the mapped class.
    fn module_qualified_class(&self, text: &str) -> Option<ClassRef> {
        let names = self.registry_names?;
        let (module, class_name) = text.rsplit_once('.')?;
        let identifiers = text.split('.').all(|part| {
            part.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_alphanumeric() || c == '_')
        });
        let class = names.get(class_name).filter(|_| identifiers)?;
        let path =
            class.file.path(self.db).trim_end_matches(".py").trim_end_matches("/__init__").replace(['/', '\\'], ".");
        (path == module || path.ends_with(&format!(".{module}"))).then(|| class.clone())
    }

    fn eval_definition(&self, def: &Definition, depth: u32) -> Ty {
        match def {
            // Named without type arguments, a generic class has each `Unknown` (`x: Box` is
            // `Box[Unknown]` to type checkers), or its type variable's default.
            Definition::Class { file, name } => Ty::Instance(
                Class::User(ClassRef { file: *file, name: name.clone() }),
                bare_type_arguments(self.db, *file, name, depth),
            ),
            Definition::External(symbol) => external_type(symbol),
            Definition::Variable { file, name } => {
                // A type alias: `intpk = Annotated[int, mapped_column(primary_key=True)]`; what an
                // `if TYPE_CHECKING:` block binds wins over the runtime `else:` (`X: TypeAlias = Any`).
                let index = module_index(self.db, *file);
                match index.type_checking_bindings.get(name).or_else(|| index.bindings.get(name)) {
                    // `T = TypeVar("T")`: the variable itself, scoped and solved by inference.
                    Some(Binding::Variable { value: Some(Expr::Call { func, .. }), .. })
                        if is_type_var_constructor(self.db, *file, func) =>
                    {
                        Ty::ext(&format!("{TYPE_VAR_PREFIX}{name}"))
                    }
                    Some(Binding::Variable { value: Some(value), .. }) => {
                        TypeScope { db: self.db, file: *file, registry_names: self.registry_names }
                            .eval_depth(value, depth + 1)
                    }
                    _ => Ty::Unknown,
                }
            }
            _ => Ty::Unknown,
        }
    }

    fn eval_subscript(&self, base: &Expr, args: &[Expr], depth: u32) -> Ty {
        let base_def = resolve_type_expr_symbol(self.db, self.file, base);
        let symbol = match &base_def {
            Some(Definition::External(symbol)) => symbol.clone(),
            // A generic class of the workspace or a library, with its type arguments
            // (`Pattern[str]`, `Repository[User]`).
            Some(Definition::Class { file, name }) => {
                // `Flow[..., Any]`: a parameter specification left open.
                let args = args
                    .iter()
                    .map(|a| if matches!(a, Expr::Ellipsis) { Ty::ext("...") } else { self.eval_depth(a, depth + 1) })
                    .collect();
                return Ty::Instance(Class::User(ClassRef { file: *file, name: name.clone() }), args);
            }
            Some(Definition::Variable { .. }) => {
                // A generic alias (`_CoroutineLike: TypeAlias = Coroutine[Any, Any, _T_co]`): its
                // type variables, in the order they first appear, take the arguments; where they
                // do not match in number, the base alone.
                let value = base_def.map(|d| self.eval_definition(&d, depth)).unwrap_or(Ty::Unknown);
                let mut vars = Vec::new();
                type_vars_in_order(&value, &mut vars);
                if vars.is_empty() || vars.len() != args.len() {
                    return value;
                }
                let args: Vec<Ty> = args.iter().map(|a| self.eval_depth(a, depth + 1)).collect();
                return substitute_type_vars(value, &vars, &args);
            }
            _ => return Ty::Unknown,
        };
        let arg = |i: usize| args.get(i).map(|a| self.eval_depth(a, depth + 1)).unwrap_or(Ty::Unknown);
        match symbol.as_str() {
            "typing.Optional" => arg(0).optional(),
            "typing.Union" => Ty::union(args.iter().map(|a| self.eval_depth(a, depth + 1)).collect()),
            "typing.Annotated" | "typing.ClassVar" | "typing.Final" => arg(0),
            // A `TypedDict` key's qualifiers: the value is the type they wrap.
            "typing.Required"
            | "typing.NotRequired"
            | "typing.ReadOnly"
            | "typing_extensions.Required"
            | "typing_extensions.NotRequired"
            | "typing_extensions.ReadOnly" => arg(0),
            // `Literal["a", 1, True, None]`: the union of the values; any other value (an enum
            // member, a negative number) is not modelled.
            "typing.Literal" | "typing_extensions.Literal" => {
                let values: Option<Vec<Ty>> = args
                    .iter()
                    .map(|a| match a {
                        Expr::Str(text) => Some(Ty::Literal(crate::types::Literal::Str(Name::from(text.as_str())))),
                        Expr::Int(value) => Some(Ty::Literal(crate::types::Literal::Int(*value))),
                        Expr::Bool(value) => Some(Ty::Literal(crate::types::Literal::Bool(*value))),
                        Expr::NoneLit => Some(Ty::None),
                        _ => None,
                    })
                    .collect();
                values.map_or(Ty::Unknown, Ty::union)
            }
            // `type[A | B]` is `type[A] | type[B]`, as type checkers read it (a member or a call
            // of it is each class's).
            "typing.Type" | "builtins.type" => match arg(0) {
                Ty::Union(parts) => Ty::Union(parts.into_iter().map(|part| Ty::TypeOf(Box::new(part))).collect()),
                single => Ty::TypeOf(Box::new(single)),
            },
            // `Callable[[A, B], R]` keeps its parameters as a tuple, `Callable[..., R]` as `...`.
            "typing.Callable" | "collections.abc.Callable" => {
                let params = match args.first() {
                    Some(Expr::List(params)) => Ty::Tuple(
                        TupleSpelling::Builtin,
                        params.iter().map(|p| self.eval_depth(p, depth + 1)).collect(),
                    ),
                    Some(Expr::Ellipsis) => Ty::ext("..."),
                    _ => Ty::Unknown,
                };
                Ty::Instance(Class::Ext(CALLABLE.into()), vec![params, arg(1)])
            }
            "typing.Tuple" | "builtins.tuple" => {
                let spelling =
                    if symbol.as_str() == "typing.Tuple" { TupleSpelling::Typing } else { TupleSpelling::Builtin };
                // `tuple[str, ...]`: the ellipsis of a homogeneous tuple.
                let item = |a: &Expr| match a {
                    Expr::Ellipsis => Ty::ext("..."),
                    a => self.eval_depth(a, depth + 1),
                };
                Ty::Tuple(spelling, args.iter().map(item).collect())
            }
            _ => {
                let short = symbol.rsplit('.').next().unwrap_or(&symbol);
                let evaluated: Vec<Ty> = args.iter().map(|a| self.eval_depth(a, depth + 1)).collect();
                if symbol.starts_with("sqlalchemy.") && carries_row(short) {
                    let series = self.db.project().settings(self.db).series.tables();
                    return Ty::Rows(Name::from(short), Arc::new(row_from_type_args(evaluated, series)));
                }
                if let Some(expanded) = symbol.strip_prefix("sqlalchemy.").and_then(|_| union_alias(short, &evaluated))
                {
                    return expanded;
                }
                match external_type(&symbol) {
                    Ty::Instance(class, _) => Ty::Instance(class, evaluated),
                    other => other,
                }
            }
        }
    }
}

/// A SQLAlchemy union alias with its argument (`ColumnExpressionArgument[bool]`), expanded.
fn union_alias(short: &str, args: &[Ty]) -> Option<Ty> {
    let (_, members) = crate::sqlalchemy::api::UNION_ALIASES.iter().find(|(alias, _)| *alias == short)?;
    let [arg] = args else { return None };
    fn member(spelling: &str, arg: &Ty) -> Ty {
        match spelling.strip_suffix(']').and_then(|s| s.split_once('[')) {
            Some(("Callable", returns)) => Ty::Instance(
                Class::Ext(CALLABLE.into()),
                vec![Ty::Tuple(TupleSpelling::Builtin, Vec::new()), member(returns, arg)],
            ),
            Some((class, _)) => Ty::ext_generic(&format!("sqlalchemy.{class}"), vec![arg.clone()]),
            None => Ty::ext(&format!("sqlalchemy.{spelling}")),
        }
    }
    Some(Ty::Union(members.iter().map(|m| member(m, arg)).collect()))
}

/// The unscoped type variables `ty` mentions, each once, in the order they first appear.
fn type_vars_in_order(ty: &Ty, into: &mut Vec<Name>) {
    match ty {
        Ty::Instance(Class::Ext(name), args) if args.is_empty() => {
            if let Some(var) = name.strip_prefix(TYPE_VAR_PREFIX).filter(|v| !v.contains('@'))
                && !into.iter().any(|known| known == var)
            {
                into.push(Name::from(var));
            }
        }
        Ty::Instance(_, args) | Ty::Union(args) | Ty::Tuple(_, args) => {
            args.iter().for_each(|a| type_vars_in_order(a, into));
        }
        Ty::TypeOf(inner) => type_vars_in_order(inner, into),
        _ => {}
    }
}

/// `ty` with each type variable of `vars` replaced by the argument at its position.
fn substitute_type_vars(ty: Ty, vars: &[Name], args: &[Ty]) -> Ty {
    match ty {
        Ty::Instance(Class::Ext(name), inner) if inner.is_empty() => {
            let position = name.strip_prefix(TYPE_VAR_PREFIX).and_then(|var| vars.iter().position(|v| v == var));
            match position {
                Some(i) => args[i].clone(),
                None => Ty::Instance(Class::Ext(name), inner),
            }
        }
        Ty::Instance(class, inner) => {
            Ty::Instance(class, inner.into_iter().map(|a| substitute_type_vars(a, vars, args)).collect())
        }
        Ty::Union(parts) => Ty::union(parts.into_iter().map(|p| substitute_type_vars(p, vars, args)).collect()),
        Ty::Tuple(spelling, items) => {
            Ty::Tuple(spelling, items.into_iter().map(|i| substitute_type_vars(i, vars, args)).collect())
        }
        Ty::TypeOf(inner) => Ty::TypeOf(Box::new(substitute_type_vars(*inner, vars, args))),
        other => other,
    }
}

/// `Tuple[int, str]` (2.0), `int, str` (2.1) or `Any` as the arguments of a row-carrying generic;
/// a lone `Any` is an untyped row in 2.0 and one `Any` column in 2.1 (TypeVarTuple).
fn row_from_type_args(args: Vec<Ty>, series: crate::settings::Series) -> RowShape {
    let v20 = series == crate::settings::Series::V20;
    let bare_argument = v20 && matches!(args.as_slice(), [one] if !matches!(one, Ty::Tuple(..)) && !one.is_gradual());
    let (cols, spelling, tuple_column) = match args.as_slice() {
        [Ty::Any] if v20 => return RowShape::opaque(),
        [Ty::Tuple(spelling, items)] => (items.clone(), *spelling, !v20),
        _ => (args, TupleSpelling::Typing, false),
    };
    RowShape {
        spelling,
        tuple_column,
        bare_argument,
        ..RowShape::new(cols.into_iter().map(|ty| RowCol::new(ty, None)).collect())
    }
}

/// A SQLAlchemy class whose type arguments are a row (`Select`, `Result`, `Row`), not one shown
/// unparameterised (`Subquery`, `Table`).
fn carries_row(short: &str) -> bool {
    ROW_KINDS.contains(&short) && !UNPARAMETERISED_ROW_KINDS.contains(&short)
}

/// An external class named without type arguments: a SQLAlchemy class generic in one parameter
/// has it `Unknown`, as type checkers read it (`Query` is `Query[Unknown]`).
pub fn bare_generic(symbol: &str) -> Ty {
    match symbol.strip_prefix("sqlalchemy.") {
        // `Select`, `Result`, `Row`: a row nothing describes.
        Some(short) if carries_row(short) => {
            Ty::Rows(Name::from(short), Arc::new(RowShape { tail: RowTail::Unknown, ..RowShape::default() }))
        }
        Some(short) if crate::sqlalchemy::api::ONE_PARAMETER_GENERICS.contains(&short) => {
            Ty::Instance(Class::Ext(symbol.into()), vec![Ty::Unknown])
        }
        _ => match symbol {
            // `x: dict` is `dict[Unknown, Unknown]`, `x: Tuple` is `Tuple[Unknown, ...]`.
            "builtins.tuple" => Ty::Tuple(TupleSpelling::Builtin, vec![Ty::Unknown, Ty::ext("...")]),
            "typing.Tuple" => Ty::Tuple(TupleSpelling::Typing, vec![Ty::Unknown, Ty::ext("...")]),
            _ => match builtin_generic_arity(symbol) {
                Some(arity) => Ty::Instance(Class::Ext(symbol.into()), vec![Ty::Unknown; arity]),
                None => external_type(symbol),
            },
        },
    }
}

/// Generic classes of the standard library by their number of type parameters: named bare in an
/// annotation, each parameter is `Unknown` (as type checkers read `x: dict`).
const BUILTIN_GENERICS: &[(&str, usize)] = &[
    ("builtins.dict", 2),
    ("typing.Dict", 2),
    ("typing.Mapping", 2),
    ("typing.MutableMapping", 2),
    ("collections.abc.Mapping", 2),
    ("collections.abc.MutableMapping", 2),
    ("typing.DefaultDict", 2),
    ("collections.defaultdict", 2),
    ("collections.OrderedDict", 2),
    ("builtins.list", 1),
    ("typing.List", 1),
    ("builtins.set", 1),
    ("typing.Set", 1),
    ("builtins.frozenset", 1),
    ("typing.FrozenSet", 1),
    ("typing.Sequence", 1),
    ("typing.MutableSequence", 1),
    ("typing.Iterable", 1),
    ("typing.Iterator", 1),
    ("typing.Collection", 1),
    ("typing.AsyncIterator", 1),
    ("typing.AsyncIterable", 1),
    ("collections.abc.Sequence", 1),
    ("collections.abc.Iterable", 1),
    ("collections.abc.Iterator", 1),
    ("collections.abc.Collection", 1),
    ("collections.deque", 1),
];

/// How many type parameters a generic class of the standard library takes (`builtins.dict`: 2).
pub fn builtin_generic_arity(symbol: &str) -> Option<usize> {
    BUILTIN_GENERICS.iter().find(|(name, _)| *name == symbol).map(|(_, n)| *n)
}

/// The instance type an external class name denotes in an annotation.
pub fn external_type(symbol: &str) -> Ty {
    match symbol {
        "builtins.None" => Ty::None,
        "typing.Any" => Ty::Any,
        // typing's one predefined type variable (`str` or `bytes`).
        "typing.AnyStr" => Ty::ext(&format!("{TYPE_VAR_PREFIX}AnyStr")),
        "typing.NoReturn" | "typing.Never" => Ty::Never,
        "typing.List"
        | "typing.Dict"
        | "typing.Set"
        | "typing.Sequence"
        | "typing.Iterable"
        | "typing.Iterator"
        | "typing.Mapping"
        | "typing.FrozenSet"
        | "typing.AsyncIterator" => Ty::Instance(Class::Ext(symbol.into()), Vec::new()),
        _ => Ty::Instance(Class::Ext(symbol.into()), Vec::new()),
    }
}
