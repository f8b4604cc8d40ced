//! A `@declared_attr` evaluated for the class being mapped: `cls.x` reads that class's `x` (its
//! own body first, then its bases in MRO order), a guard decides whether the attribute exists.
//!
//! ```python
//! class PrincipalMixin:
//!     allow_roles = False
//!     @declared_attr
//!     def role(cls):
//!         if not cls.allow_roles:          # declares nothing where `allow_roles` is false
//!             return
//!         return relationship("Role", backref=backref(cls.backref_name))
//!
//! class LinkMixin:
//!     allowed_link_types = frozenset(LinkType)
//!     @declared_attr
//!     def category(cls):
//!         if LinkType.category in cls.allowed_link_types:   # membership in a set of members
//!             return relationship("Category")
//! ```
//!
//! A guard we cannot decide leaves the attribute unknown: it is not claimed.

use rustc_hash::FxHashSet;

use crate::db::{Db, SourceFile};
use crate::hir::index::class_item;
use crate::hir::{ClassItem, ClassStmt, Definition, Expr, Name, resolve_expr_symbol};
use crate::types::ClassRef;

/// How deep set expressions and attribute references are followed.
const MAX_DEPTH: u32 = 8;

/// The class being mapped: its body, then its bases' in MRO order.
pub struct MappedClass<'a> {
    pub db: &'a dyn Db,
    pub chain: Vec<(&'a ClassRef, &'a ClassItem)>,
}

/// An enum member (`LinkType.category`), by its class.
type Member = (ClassRef, Name);

impl<'a> MappedClass<'a> {
    fn class_name(&self) -> Option<&'a Name> {
        self.chain.first().map(|(_, item)| &item.name)
    }

    /// The class being mapped, by its qualified name.
    fn qualified_class(&self) -> Option<Expr> {
        let (class, _) = self.chain.first()?;
        crate::hir::qualified_expr(self.db, Definition::Class { file: class.file, name: class.name.clone() })
    }

    /// The value the nearest class defining `name` assigns it, with the file it is written in;
    /// `None` when that class defines it as a method.
    fn assigned(&self, name: &str) -> Option<(SourceFile, &'a Expr)> {
        let (class, item) = self.chain.iter().find(|(_, item)| {
            item.body.iter().any(|stmt| match stmt {
                ClassStmt::Attr { name: n, value: Some(_), .. } => n == name,
                ClassStmt::Method(f) => f.name == name,
                _ => false,
            })
        })?;
        Some((class.file, item.assigned(name)?))
    }

    /// `cls.name` holding a workspace class (`question_class = AbstractReviewQuestion`), as its
    /// qualified name.
    fn class_named(&self, name: &str) -> Option<Expr> {
        let (file, value) = self.assigned(name)?;
        if !matches!(value, Expr::Name(_) | Expr::Attr(..)) {
            return None;
        }
        let class @ Definition::Class { .. } = resolve_expr_symbol(self.db, file, value)? else { return None };
        crate::hir::qualified_expr(self.db, class)
    }

    /// The string a workspace class (named by its qualified name) assigns to `name` in its body;
    /// `None` for an enum, whose members are no plain strings.
    fn class_string(&self, class: &Expr, name: &str) -> Option<String> {
        let Expr::Resolved(_) = class else { return None };
        let Definition::Class { file, name: class_name } =
            resolve_expr_symbol(self.db, self.chain.first()?.0.file, class)?
        else {
            return None;
        };
        let item = class_item(self.db, file, &class_name)?;
        let enum_like = item.bases.iter().any(|b| {
            b.dotted_path().and_then(|p| p.last().cloned()).is_some_and(|n| n.ends_with("Enum") || n.ends_with("Flag"))
        });
        if enum_like {
            return None;
        }
        item.assigned(name)?.as_str().map(str::to_owned)
    }

    /// `cls.name` as a literal, when the nearest class defining `name` assigns one.
    fn literal(&self, name: &str) -> Option<&'a Expr> {
        self.assigned(name).map(|(_, value)| value).filter(|v| {
            matches!(v, Expr::Str(_) | Expr::Bool(_) | Expr::Int(_) | Expr::NoneLit | Expr::Tuple(_) | Expr::List(_))
        })
    }

    /// Python's truth of a guard's condition for this class, when proven: `cls.flag`, or
    /// `Enum.member in cls.members` (`file` is where the condition is written).
    pub fn truth(&self, file: SourceFile, cls: &str, condition: &Expr) -> Option<bool> {
        match condition {
            Expr::Attr(owner, name) if owner.as_name() == Some(cls) => Some(match self.literal(name)? {
                Expr::Bool(b) => *b,
                Expr::NoneLit => false,
                Expr::Str(s) => !s.is_empty(),
                Expr::Int(i) => *i != 0,
                Expr::Tuple(items) | Expr::List(items) => !items.is_empty(),
                _ => return None,
            }),
            Expr::In(item, collection) => {
                let Expr::Attr(owner, name) = collection.as_ref() else { return None };
                if owner.as_name() != Some(cls) {
                    return None;
                }
                let member = member(self.db, file, item)?;
                let (set_file, set) = self.assigned(name)?;
                Some(members(self.db, set_file, set, 0)?.contains(&member))
            }
            _ => None,
        }
    }

    /// `value` with each `cls.name` the class bodies prove replaced by its literal, `cls.__name__`
    /// by the class's name, any other `cls.x` read on the class by name (`Dashboard.owner_id`),
    /// and a name the body imports itself (`locals`) by the qualified name it binds.
    pub fn substitute(&self, cls: &str, locals: &[(Name, Name)], value: &Expr) -> Expr {
        let sub = |e: &Expr| self.substitute(cls, locals, e);
        match value {
            Expr::Name(name) if locals.iter().any(|(local, _)| local == name) => {
                let qualified = locals.iter().find(|(local, _)| local == name).map(|(_, q)| q.clone());
                qualified.map_or_else(|| value.clone(), Expr::Resolved)
            }
            Expr::Attr(owner, name) if owner.as_name() == Some(cls) => {
                if name == "__name__" {
                    return self.class_name().map_or_else(|| value.clone(), |n| Expr::Str(n.to_string()));
                }
                let literal = self.literal(name).filter(|v| !matches!(v, Expr::Tuple(_) | Expr::List(_)));
                match (literal, self.class_named(name), self.qualified_class()) {
                    (Some(literal), _, _) => literal.clone(),
                    // `cls.question_class` holding a class: that class, wherever it is read.
                    (None, Some(class), _) => class,
                    // `cls.owner_id`: the mapped class's, read in the mixin's module too.
                    (None, None, Some(class)) => Expr::Attr(Box::new(class), name.clone()),
                    (None, None, None) => value.clone(),
                }
            }
            // `"%s.owner_id == User.id" % cls.__name__` once the name is known.
            Expr::Format(parts) => {
                let parts: Vec<Expr> = parts.iter().map(sub).collect();
                match parts.iter().map(|p| p.as_str()).collect::<Option<String>>() {
                    Some(text) => Expr::Str(text),
                    None => Expr::Format(parts),
                }
            }
            // `cls.__name__.lower()` once the name is known (ASCII, where Python and Rust agree).
            Expr::Call { func, args, kwargs }
                if args.is_empty()
                    && kwargs.is_empty()
                    && matches!(func.as_ref(), Expr::Attr(_, m) if m == "lower" || m == "upper") =>
            {
                let Expr::Attr(owner, method) = func.as_ref() else { return value.clone() };
                match sub(owner) {
                    Expr::Str(text) if text.is_ascii() && method == "lower" => Expr::Str(text.to_ascii_lowercase()),
                    Expr::Str(text) if text.is_ascii() => Expr::Str(text.to_ascii_uppercase()),
                    owner => Expr::Call {
                        func: Box::new(Expr::Attr(Box::new(owner), method.clone())),
                        args: Vec::new(),
                        kwargs: Vec::new(),
                    },
                }
            }
            // `getattr(cls.stored_file_class, cls.stored_file_fkey)` once the name is known.
            Expr::Call { func, args, kwargs }
                if func.as_name() == Some("getattr") && args.len() == 2 && kwargs.is_empty() =>
            {
                match (sub(&args[0]), sub(&args[1])) {
                    (owner, Expr::Str(name)) => Expr::Attr(Box::new(owner), Name::from(name.as_str())),
                    (owner, name) => Expr::Call { func: func.clone(), args: vec![owner, name], kwargs: Vec::new() },
                }
            }
            // `uselist=(cls.unique_links != True)` once `cls.unique_links` is known.
            Expr::Compare(..) => {
                let compared = value.map_children(sub);
                compared.literal_equality().map_or(compared, Expr::Bool)
            }
            // `cls.stored_file_class.version_of`: a string the class held by `cls.x` assigns.
            Expr::Attr(owner, name) => {
                let owner = sub(owner);
                self.class_string(&owner, name).map_or_else(|| Expr::Attr(Box::new(owner), name.clone()), Expr::Str)
            }
            // `cls.question_class.__table__.fullname`, and every other expression's parts.
            other => other.map_children(sub),
        }
    }
}

/// `LinkType.category`: a member of a workspace class.
fn member(db: &dyn Db, file: SourceFile, expr: &Expr) -> Option<Member> {
    let Expr::Attr(owner, name) = expr else { return None };
    match resolve_expr_symbol(db, file, owner)? {
        Definition::Class { file, name: class } => Some((ClassRef { file, name: class }, name.clone())),
        _ => None,
    }
}

/// The members a set expression holds: `frozenset(LinkType)` (every member), `{A.x, A.y}`,
/// `a - b`, `a | b`, another class's attribute (`LinkMixin.allowed_link_types`).
fn members(db: &dyn Db, file: SourceFile, expr: &Expr, depth: u32) -> Option<FxHashSet<Member>> {
    if depth > MAX_DEPTH {
        return None;
    }
    match expr {
        Expr::Set(items) | Expr::List(items) | Expr::Tuple(items) => {
            items.iter().map(|item| member(db, file, item)).collect()
        }
        Expr::Call { func, args, kwargs } if kwargs.is_empty() && args.len() <= 1 => {
            let is_set = matches!(func.as_name(), Some("frozenset" | "set"));
            match (is_set, args.first()) {
                (true, None) => Some(FxHashSet::default()),
                (true, Some(Expr::Set(_) | Expr::List(_) | Expr::Tuple(_))) => members(db, file, &args[0], depth + 1),
                (true, Some(enum_class)) => every_member(db, file, enum_class),
                (false, _) => None,
            }
        }
        Expr::Sub(a, b) => {
            let (a, b) = (members(db, file, a, depth + 1)?, members(db, file, b, depth + 1)?);
            Some(a.difference(&b).cloned().collect())
        }
        Expr::BitOr(a, b) => {
            let (a, b) = (members(db, file, a, depth + 1)?, members(db, file, b, depth + 1)?);
            Some(a.union(&b).cloned().collect())
        }
        Expr::Attr(owner, name) => match resolve_expr_symbol(db, file, owner)? {
            Definition::Class { file, name: class } => {
                let item = class_item(db, file, &class)?;
                members(db, file, &item.assigned(name)?.clone(), depth + 1)
            }
            _ => None,
        },
        _ => None,
    }
}

/// Every member an enum class declares (its public class attributes with a value).
fn every_member(db: &dyn Db, file: SourceFile, class: &Expr) -> Option<FxHashSet<Member>> {
    let Definition::Class { file, name } = resolve_expr_symbol(db, file, class)? else { return None };
    let item = class_item(db, file, &name)?;
    let class = ClassRef { file, name };
    Some(
        item.body
            .iter()
            .filter_map(|stmt| match stmt {
                ClassStmt::Attr { name, value: Some(_), .. } if !name.starts_with('_') => {
                    Some((class.clone(), name.clone()))
                }
                _ => None,
            })
            .collect(),
    )
}
