//! The types we track, and how they are shown (as pyright shows them for the project's series).

pub mod annotation;
mod display;
pub mod literal;

use std::sync::Arc;

pub(crate) use display::class_name;
pub use display::{DisplayMode, display, display_with_full_names};
pub use literal::Literal;

use crate::db::SourceFile;
use crate::hir::Name;

/// A class defined in the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClassRef {
    pub file: SourceFile,
    pub name: Name,
}

impl ClassRef {
    /// The name the class is shown by: its own, also for a class nested in another (named by its
    /// path, `Outer.Inner`).
    pub fn own_name(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or(&self.name)
    }
}

/// A function defined in the workspace: module-level, or a method of a workspace class.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FunctionRef {
    pub file: SourceFile,
    pub class: Option<Name>,
    pub name: Name,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    /// A class outside the workspace, by canonical name: `builtins.int`, `typing.List`, `sqlalchemy.Session`.
    Ext(Name),
    User(ClassRef),
    /// A class a metaclass call makes (`GeneratedProtocolMessageType("Note", (Message,), {...})`).
    Synthesized(Arc<SynthesizedClass>),
}

/// A class made by calling a metaclass, as pyright synthesizes one: named by the call's literal
/// first argument, deriving from the classes its second names where `type.__new__` makes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SynthesizedClass {
    pub name: Name,
    /// The metaclass called, as an instance: what the class object has beside its bases' members.
    pub metaclass: Ty,
    /// Its bases as instances; none for `object` alone.
    pub bases: Vec<Ty>,
}

impl Class {
    /// The same class however it is spelled: `typing.List` is `builtins.list`.
    pub fn is_same_runtime_class(&self, other: &Class) -> bool {
        self == other || matches!((self.builtin_spelling(), other.builtin_spelling()), (Some(a), Some(b)) if a == b)
    }

    fn builtin_spelling(&self) -> Option<&str> {
        let Class::Ext(name) = self else { return None };
        Some(match name.as_str() {
            "typing.List" => "builtins.list",
            "typing.Dict" => "builtins.dict",
            "typing.Set" => "builtins.set",
            "typing.FrozenSet" => "builtins.frozenset",
            "typing.Type" => "builtins.type",
            other => other,
        })
    }
}

/// The argument marking `Self@C` (see [`Ty::self_of`]).
const SELF_MARKER: &str = "typing.Self";

/// Templates spell tuples the way types do (`sqlalchemy` is a leaf: the enum lives there).
pub use crate::sqlalchemy::template::TupleSpelling;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    /// We cannot tell. Never shown as a guess.
    Unknown,
    /// `Unknown` as the item type of an empty `[]` or `{}` display: pyright marks such a container
    /// empty, and a union drops it beside a filled container of its class or puts it last
    /// (`[] if c else rows` is `list[Row]`, `[] if c else value` is `Unknown | list[Unknown]`).
    EmptyDisplayItem,
    Any,
    Never,
    None,
    Instance(Class, Vec<Ty>),
    /// The class object: `type[User]`.
    TypeOf(Box<Ty>),
    Union(Vec<Ty>),
    Tuple(TupleSpelling, Vec<Ty>),
    /// Row-returning SQLAlchemy generics (`Select`, `Result`, `Row`, …) with the row they carry.
    Rows(Name, Arc<RowShape>),
    Module(crate::hir::Definition),
    /// A function of the workspace or a library; a method (`class` set) read on an instance, bound
    /// to it: called, its first parameter is the instance.
    Function(FunctionRef),
    /// A method read on its class (`Task.run`) or named in its class body (`alias = run`): unbound,
    /// called with its first parameter; shown with that parameter typed as the second field
    /// (`Task`, or `Self@Task` in the body).
    UnboundMethod(FunctionRef, Box<Ty>),
    /// A SQLAlchemy or typing callable or special object (`sqlalchemy.select`, `sqlalchemy.func`).
    Special(Name),
    /// A method looked up on a value, awaiting its call.
    BoundMethod(Box<Ty>, Name),
    /// A literal type checkers keep (`Literal['x']`, `Literal[3]`, `Literal[True]`); string
    /// values also name labels and classes (`relationship("User")`).
    Literal(Literal),
    /// A function as a value with what its parameters and call are (a nested `def`).
    Signature(Arc<Signature>),
}

/// What a function takes and returns, as type checkers show it: `(x: int, y: str = "a") -> bool`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    pub params: Vec<SignatureParam>,
    /// What a call returns (a coroutine for an `async def`).
    pub returns: Ty,
    /// The nested `def` it is, where a call may infer its body again with the arguments' types.
    pub origin: Option<NestedDef>,
}

/// A `def` nested in a workspace function: that function (whose own parse holds it) and where the
/// `def` starts in that parse.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NestedDef {
    pub scope: FunctionRef,
    pub start: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SignatureParam {
    /// Empty for the `*` and `/` markers.
    pub name: Name,
    pub kind: SignatureParamKind,
    /// Its declared type, or what type checkers infer for it (its default's); for `*args` and
    /// `**kwargs`, each item's.
    pub ty: Ty,
    /// The default as written.
    pub default: Option<Name>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureParamKind {
    Normal,
    /// `*args`.
    Star,
    /// `**kwargs`.
    DoubleStar,
    /// A bare `*`: what follows is passed by name.
    KeywordOnlyMarker,
    /// `/`: what precedes is passed by position.
    PositionalOnlyMarker,
}

/// The columns of a row, positionally, with their names where known.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct RowShape {
    pub cols: Vec<RowCol>,
    pub tail: RowTail,
    /// What the select outer-joins (precise view): their columns are `None` in rows that match
    /// nothing, also columns added after the join.
    pub outer: OuterJoins,
    /// How 2.0's row tuple is written: `Tuple[...]` as SQLAlchemy's annotations write it, or
    /// `tuple[...]` where the user's own annotation does (`Select[tuple[User]]`).
    pub spelling: TupleSpelling,
    /// 2.1: written `Select[tuple[User]]` (2.0's spelling), which type checkers read as one column
    /// holding the tuple; at run time the row is the tuple's items, as `cols` hold them.
    pub tuple_column: bool,
    /// 2.0: written with one argument that is no tuple (`Select[User]`, `Select[T]`), which type
    /// checkers keep as written; at run time the row is that one column.
    pub bare_argument: bool,
}

/// The entities a select outer-joins.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum OuterJoins {
    #[default]
    Nothing,
    /// `outerjoin(Address)`: columns read from these classes, and columns we cannot trace to a
    /// class, may be `None`.
    Classes(Vec<ClassRef>),
    /// `full=True`, or a join target we cannot tell: every column may be `None`.
    Everything,
}

impl OuterJoins {
    pub fn join(&self, other: &OuterJoins) -> OuterJoins {
        match (self, other) {
            (OuterJoins::Everything, _) | (_, OuterJoins::Everything) => OuterJoins::Everything,
            (OuterJoins::Nothing, other) | (other, OuterJoins::Nothing) => other.clone(),
            (OuterJoins::Classes(a), OuterJoins::Classes(b)) => {
                let mut classes = a.clone();
                classes.extend(b.iter().filter(|c| !a.contains(c)).cloned());
                OuterJoins::Classes(classes)
            }
        }
    }

    /// Whether a column read from `source` may be `None` after these joins.
    pub fn nulls(&self, source: Option<&ClassRef>) -> bool {
        match self {
            OuterJoins::Nothing => false,
            OuterJoins::Everything => true,
            OuterJoins::Classes(classes) => source.is_none_or(|s| classes.contains(s)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RowCol {
    pub ty: Ty,
    pub name: Option<Name>,
    /// The mapped class the column is read from (`User.name`, `User`), where the select names one:
    /// an outer join to that class makes it `None` in rows that match nothing.
    pub source: Option<ClassRef>,
}

impl RowCol {
    pub fn new(ty: Ty, name: Option<Name>) -> RowCol {
        RowCol { ty, name, source: None }
    }
}

/// What a type checker keeps of a row past SQLAlchemy's positional overloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum RowTail {
    /// Every column is typed.
    #[default]
    Exact,
    /// 2.1: the columns are followed by `*tuple[Any, ...]`.
    AnyTail,
    /// 2.0: the whole row is `Any`.
    Opaque,
    /// Nothing says what the row is (a bare `Select` annotation): `Select[Unknown]` in 2.0,
    /// `Select[*tuple[Unknown, ...]]` in 2.1.
    Unknown,
}

impl RowShape {
    pub fn new(cols: Vec<RowCol>) -> RowShape {
        RowShape { cols, ..RowShape::default() }
    }

    pub fn opaque() -> RowShape {
        RowShape { tail: RowTail::Opaque, ..RowShape::default() }
    }

    /// The type of the column at `index`, as far as the shape knows it.
    pub fn col(&self, index: usize) -> Ty {
        match (self.cols.get(index), self.tail) {
            (_, RowTail::Opaque) => Ty::Any,
            (_, RowTail::Unknown) => Ty::Unknown,
            (Some(col), _) => col.ty.clone(),
            (None, RowTail::AnyTail) => Ty::Any,
            (None, RowTail::Exact) => Ty::Unknown,
        }
    }

    pub fn col_named(&self, name: &str) -> Option<Ty> {
        self.cols.iter().find(|c| c.name.as_deref() == Some(name)).map(|c| c.ty.clone())
    }
}

impl Ty {
    pub fn ext(name: &str) -> Ty {
        Ty::Instance(Class::Ext(Name::from(name)), Vec::new())
    }

    pub fn ext_generic(name: &str, args: Vec<Ty>) -> Ty {
        Ty::Instance(Class::Ext(Name::from(name)), args)
    }

    pub fn builtin(name: &str) -> Ty {
        Ty::Instance(Class::Ext(Name::from(format!("builtins.{name}"))), Vec::new())
    }

    /// `Self@C`, what type checkers give an unannotated `self` of `C`'s methods: an instance of
    /// `C` (every use of an instance applies) marked to show as `Self@C`.
    pub fn self_of(class: ClassRef) -> Ty {
        Ty::generic_self_of(class, Vec::new())
    }

    /// `Self@C[T@C]` of a generic class, with its type parameters as its methods see them.
    pub fn generic_self_of(class: ClassRef, params: Vec<Ty>) -> Ty {
        let mut args = vec![Ty::Special(Name::from(SELF_MARKER))];
        args.extend(params);
        Ty::Instance(Class::User(class), args)
    }

    /// Whether the arguments of a workspace class's instance mark it `Self@C` (followed by the
    /// class's type parameters, for a generic class).
    pub fn is_self_marker(args: &[Ty]) -> bool {
        matches!(args, [Ty::Special(marker), ..] if marker.as_str() == SELF_MARKER)
    }

    /// The type with every `Self@C` read as `C` (a method's `Self` once called on an instance).
    pub fn without_self(self) -> Ty {
        match self {
            Ty::Instance(Class::User(class), args) if Ty::is_self_marker(&args) => Ty::instance_of(class),
            Ty::Instance(class, args) => Ty::Instance(class, args.into_iter().map(Ty::without_self).collect()),
            Ty::Union(parts) => Ty::union(parts.into_iter().map(Ty::without_self).collect()),
            Ty::Tuple(spelling, items) => Ty::Tuple(spelling, items.into_iter().map(Ty::without_self).collect()),
            Ty::TypeOf(inner) => Ty::TypeOf(Box::new(inner.without_self())),
            other => other,
        }
    }

    /// The item of a homogeneous tuple (`tuple[str, ...]`).
    pub fn homogeneous_item(&self) -> Option<&Ty> {
        match self {
            Ty::Tuple(_, items) => match items.as_slice() {
                [item, Ty::Instance(Class::Ext(dots), _)] if dots.as_str() == "..." => Some(item),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn instance_of(class: ClassRef) -> Ty {
        Ty::Instance(Class::User(class), Vec::new())
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Ty::Unknown | Ty::EmptyDisplayItem)
    }

    /// `Unknown` or `Any`: a type that says nothing about the value.
    pub fn is_gradual(&self) -> bool {
        matches!(self, Ty::Unknown | Ty::EmptyDisplayItem | Ty::Any)
    }

    /// Whether the type, or a type inside it (type arguments, union members, tuple items, a class
    /// object's instance type, a row's columns), is one `f` accepts.
    pub fn mentions(&self, f: &impl Fn(&Ty) -> bool) -> bool {
        f(self)
            || match self {
                Ty::Instance(_, args) | Ty::Union(args) | Ty::Tuple(_, args) => args.iter().any(|a| a.mentions(f)),
                Ty::TypeOf(inner) => inner.mentions(f),
                Ty::Rows(_, shape) => shape.cols.iter().any(|c| c.ty.mentions(f)),
                _ => false,
            }
    }

    /// An `int` or `bool`, literal or not: what typeshed's integer overloads take.
    pub fn is_integral(&self) -> bool {
        matches!(self, Ty::Literal(Literal::Int(_) | Literal::Bool(_)))
            || matches!(self.ext_name(), Some("builtins.int" | "builtins.bool"))
    }

    /// The members of a union, or the type itself.
    pub fn union_parts(&self) -> &[Ty] {
        match self {
            Ty::Union(parts) => parts,
            single => std::slice::from_ref(single),
        }
    }

    /// What `[]` and `{}` infer to: a list or dict marked empty ([`Ty::EmptyDisplayItem`]).
    fn is_empty_container(&self) -> bool {
        match self {
            Ty::Instance(Class::Ext(name), args) => {
                matches!(name.as_str(), "builtins.list" | "builtins.dict")
                    && !args.is_empty()
                    && args.iter().all(|a| matches!(a, Ty::EmptyDisplayItem))
            }
            _ => false,
        }
    }

    /// `[]` or `{}`: the list or dict marked empty.
    pub fn empty_display(class: &str) -> Ty {
        let count = if class == "builtins.dict" { 2 } else { 1 };
        Ty::ext_generic(class, vec![Ty::EmptyDisplayItem; count])
    }

    /// `T | None`, flattening unions and keeping `None` last as pyright does.
    pub fn optional(self) -> Ty {
        Ty::union(vec![self, Ty::None])
    }

    /// A union of what a function returns: pyright forgets that a returned container was empty
    /// (`return []` / `return rows` is `list[Unknown] | list[Row]`).
    pub fn union_of_returns(items: Vec<Ty>) -> Ty {
        Ty::union(items.into_iter().map(Ty::without_empty_mark).collect())
    }

    /// An empty `[]`/`{}` as a plain container (`list[Unknown]`), in a union too.
    pub fn without_empty_mark(self) -> Ty {
        match self {
            Ty::Union(parts) if parts.iter().any(Ty::is_empty_container) => {
                Ty::Union(parts.into_iter().map(Ty::without_empty_mark).collect())
            }
            ty if ty.is_empty_container() => match ty {
                Ty::Instance(class, args) => Ty::Instance(class, vec![Ty::Unknown; args.len()]),
                other => other,
            },
            other => other,
        }
    }

    /// The item of an empty `[]` taken out as a value: a plain `Unknown`.
    pub fn without_empty_item(self) -> Ty {
        match self {
            Ty::EmptyDisplayItem => Ty::Unknown,
            Ty::Union(parts) if parts.contains(&Ty::EmptyDisplayItem) => {
                Ty::union(parts.into_iter().map(Ty::without_empty_item).collect())
            }
            other => other,
        }
    }

    /// An empty `[]` is the same type as a `list[Unknown]` (pyright's `isTypeSame` ignores the
    /// mark): in a union, the first kept decides.
    fn same_but_for_empty_mark(a: &Ty, b: &Ty) -> bool {
        a == b
            || (a.is_empty_container() || b.is_empty_container())
                && matches!((a, b), (Ty::Instance(x, xs), Ty::Instance(y, ys))
                    if x == y && xs.len() == ys.len() && xs.iter().chain(ys).all(Ty::is_unknown))
    }

    /// `List[int]` and `list[int]`: one type, spelled two ways (a union keeps the first spelling,
    /// as pyright joins them).
    fn same_but_for_spelling(a: &Ty, b: &Ty) -> bool {
        matches!((a, b), (Ty::Instance(x, xs), Ty::Instance(y, ys)) if xs == ys && x.is_same_runtime_class(y))
    }

    /// Two rows that differ only in what we know of their columns' names and classes are one type
    /// to type checkers (`Select[Tuple[int]]` from `select(A.id)` and from a generic function's
    /// `Select[T]`, which may keep the row as its written type arguments): a union keeps one, with a
    /// name or class only where both rows agree on it.
    fn merged_rows(a: &Ty, b: &Ty) -> Option<Ty> {
        let (kind, x) = match (a, b) {
            (Ty::Rows(kind, x), _) => (kind, x.clone()),
            (_, Ty::Rows(kind, _)) => (kind, Arc::new(a.written_row(kind)?)),
            _ => return None,
        };
        let y = match b {
            Ty::Rows(kind_b, y) if kind_b == kind => y.clone(),
            _ => Arc::new(b.written_row(kind)?),
        };
        let same_but_for_columns =
            RowShape { cols: Vec::new(), ..(*x).clone() } == RowShape { cols: Vec::new(), ..(*y).clone() };
        if !same_but_for_columns
            || x.cols.len() != y.cols.len()
            || x.cols.iter().zip(&y.cols).any(|(c, d)| c.ty != d.ty)
        {
            return None;
        }
        let cols = x.cols.iter().zip(&y.cols).map(|(c, d)| RowCol {
            ty: c.ty.clone(),
            name: c.name.clone().filter(|_| c.name == d.name),
            source: c.source.clone().filter(|_| c.source == d.source),
        });
        Some(Ty::Rows(kind.clone(), Arc::new(RowShape { cols: cols.collect(), ..(*x).clone() })))
    }

    /// `Select[Tuple[int]]` kept as written (`Instance(sqlalchemy.Select, [Tuple[int]])`): the row
    /// of `kind` it writes.
    fn written_row(&self, kind: &Name) -> Option<RowShape> {
        let Ty::Instance(Class::Ext(class), args) = self else { return None };
        let [Ty::Tuple(spelling, items)] = args.as_slice() else { return None };
        if class.strip_prefix("sqlalchemy.") != Some(kind.as_str()) {
            return None;
        }
        let cols = items.iter().map(|item| RowCol::new(item.clone(), None)).collect();
        Some(RowShape { spelling: *spelling, ..RowShape::new(cols) })
    }

    /// Two nested `def`s of the same parameters are one type to pyright (a union keeps the first):
    /// it compares the returns it has inferred so far, and has inferred none where they meet.
    fn same_but_for_origin(a: &Ty, b: &Ty) -> bool {
        match (a, b) {
            (Ty::Signature(x), Ty::Signature(y)) => {
                x.params == y.params && (x.returns == y.returns || x.origin.is_some() && y.origin.is_some())
            }
            _ => false,
        }
    }

    /// Whether two types are one to type checkers (pyright's `isTypeSame`).
    pub fn same_type(a: &Ty, b: &Ty) -> bool {
        a == b || Ty::same_but_for_origin(a, b)
    }

    pub fn union(items: Vec<Ty>) -> Ty {
        let mut flat: Vec<Ty> = Vec::new();
        for item in items {
            let parts = match item {
                Ty::Union(parts) => parts,
                other => vec![other],
            };
            for part in parts {
                // The item of an empty `[]` in a union is a plain `Unknown`.
                let part = if part == Ty::EmptyDisplayItem { Ty::Unknown } else { part };
                let same = |t: &Ty| {
                    Ty::same_but_for_empty_mark(t, &part)
                        || Ty::same_but_for_spelling(t, &part)
                        || Ty::same_but_for_origin(t, &part)
                };
                if flat.iter().any(same) {
                    continue;
                }
                match flat.iter_mut().find_map(|t| Ty::merged_rows(t, &part).map(|merged| (t, merged))) {
                    Some((kept, merged)) => *kept = merged,
                    None => flat.push(part),
                }
            }
        }
        flat.retain(|t| !matches!(t, Ty::Never));
        // pyright's `combineTypes` puts empty containers (`[]`, `{}`) after the other types and
        // literals after them, each group in its order: the order a literal keeps once widened
        // (`[f()]` of a function returning `int`, `True` and `str` is `list[int | str | bool]`).
        flat.sort_by_key(|t| match t {
            Ty::Literal(_) => 2,
            _ if t.is_empty_container() => 1,
            _ => 0,
        });
        // `"" | f"..."`: a literal joins its class (`str`), and `True | False` is `bool`, as type
        // checkers join them.
        let both_bools = [true, false].iter().all(|b| flat.contains(&Ty::Literal(Literal::Bool(*b))));
        if both_bools && !flat.contains(&Ty::builtin("bool")) {
            let first = flat.iter().position(|t| matches!(t, Ty::Literal(Literal::Bool(_)))).unwrap_or(0);
            flat.insert(first, Ty::builtin("bool"));
        }
        let classes: Vec<Ty> = flat.iter().filter(|t| matches!(t, Ty::Instance(..))).cloned().collect();
        flat.retain(|t| match t {
            Ty::Literal(literal) => !classes.contains(&literal.class()),
            _ => true,
        });
        // pyright's empty containers (`[]`, `{}`): one joins a filled container of its class
        // (`d if c else {}` is `dict[str, int]`).
        Ty::join_empty_containers(&mut flat);
        match flat.len() {
            0 => Ty::Never,
            1 => flat.pop().unwrap_or(Ty::Never),
            _ => Ty::Union(flat),
        }
    }

    fn join_empty_containers(flat: &mut Vec<Ty>) {
        let filled: Vec<Class> = flat
            .iter()
            .filter(|t| !Ty::is_empty_container(t))
            .filter_map(|t| match t {
                Ty::Instance(class, _) => Some(class.clone()),
                _ => None,
            })
            .collect();
        flat.retain(|t| {
            !(Ty::is_empty_container(t)
                && matches!(t, Ty::Instance(class, _) if filled.iter().any(|f| f.is_same_runtime_class(class))))
        });
    }

    /// The type without `None` (narrowing by `is not None` / truthiness).
    pub fn without_none(&self) -> Ty {
        match self {
            Ty::Union(parts) => Ty::union(parts.iter().filter(|p| !matches!(p, Ty::None)).cloned().collect()),
            Ty::None => Ty::Never,
            other => other.clone(),
        }
    }

    pub fn is_optional(&self) -> bool {
        matches!(self, Ty::Union(parts) if parts.iter().any(|p| matches!(p, Ty::None)))
    }

    /// The canonical name of an external class instance (`sqlalchemy.Session`).
    pub fn ext_name(&self) -> Option<&str> {
        match self {
            Ty::Instance(Class::Ext(name), _) => Some(name),
            _ => None,
        }
    }

    pub fn args(&self) -> &[Ty] {
        match self {
            Ty::Instance(_, args) => args,
            _ => &[],
        }
    }

    pub fn first_arg(&self) -> Ty {
        self.args().first().cloned().unwrap_or(Ty::Unknown)
    }
}
