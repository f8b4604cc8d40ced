//! Calls of a metaclass (a class deriving from `type`) make a class, as pyright 1.1.414 reads them:
//! `GeneratedProtocolMessageType("Note", (Message,), {...})` (protobuf's generated modules) is
//! `type[Note]`, named by the literal first of three arguments; otherwise `__class_` and the name of
//! the class `__new__` returns (`EnumTypeWrapper(descriptor)`, through `type.__new__(o)`, is
//! `type[__class_type]`). The class made has its bases' members (none but `object`'s where its own
//! `__new__` makes it), and its class object its metaclass's too.

use std::sync::Arc;

use super::overloads::Picked;
use super::walker::Walker;
use crate::hir::Name;
use crate::types::{Class, ClassRef, FunctionRef, Literal, SynthesizedClass, Ty};

/// The class a call of `class` makes, where `class` is a metaclass; `None` for any other class.
pub(super) fn made_class(walker: &Walker<'_>, class: &ClassRef, args: &[Ty], keywords: &[(Name, Ty)]) -> Option<Ty> {
    if !is_metaclass(walker.db, class) {
        return None;
    }
    let (returned, bases) = match super::members::method_in_lineage(walker.db, class, "__new__") {
        Some(new) => (returned_metaclass(walker, &new, args, keywords)?, Vec::new()),
        // `type.__new__`: one argument gives `type`, three a new instance of the metaclass deriving
        // from the classes named.
        None => match args {
            [_] => (Name::from("type"), Vec::new()),
            [_, bases, _] => (Name::from(class.own_name()), named_bases(bases)),
            _ => return None,
        },
    };
    let name = match args {
        [Ty::Literal(Literal::Str(name)), _, _] => name.clone(),
        _ => Name::from(format!("__class_{returned}")),
    };
    let metaclass = Ty::Instance(Class::User(class.clone()), Vec::new());
    Some(synthesized(name, metaclass, bases))
}

/// `type("Extension", (Base,), {})`: the class made, deriving from the classes named.
pub(super) fn made_by_type(name: &Ty, bases: &Ty) -> Ty {
    // pyright names a class whose name is not a literal `_`.
    let name = match name {
        Ty::Literal(Literal::Str(name)) => name.clone(),
        _ => Name::from("_"),
    };
    synthesized(name, Ty::builtin("type"), named_bases(bases))
}

/// The class object of a synthesized class.
fn synthesized(name: Name, metaclass: Ty, bases: Vec<Ty>) -> Ty {
    let class = SynthesizedClass { name, metaclass, bases };
    Ty::TypeOf(Box::new(Ty::Instance(Class::Synthesized(Arc::new(class)), Vec::new())))
}

/// The bases a tuple of classes names, as instances; an unknown one stays unknown.
fn named_bases(bases: &Ty) -> Vec<Ty> {
    match bases {
        Ty::Tuple(_, items) => items
            .iter()
            .map(|item| match item {
                Ty::TypeOf(class) => (**class).clone(),
                _ => Ty::Unknown,
            })
            .collect(),
        _ => vec![Ty::Unknown],
    }
}

/// The name of the metaclass a class's own `__new__` (or an overload of it) returns an instance of.
fn returned_metaclass(walker: &Walker<'_>, new: &FunctionRef, args: &[Ty], keywords: &[(Name, Ty)]) -> Option<Name> {
    let class_args = Default::default();
    let call = super::generics::CallArguments {
        receiver: None,
        positional: args,
        keywords,
        class_args: &class_args,
        view: walker.mode.view(),
    };
    let made = match super::overloads::pick(walker.db, new, &call) {
        Some(Picked::Overload(_, made) | Picked::Undecided(made)) => made,
        None => super::function_return_type(walker.db, new.clone(), walker.mode.view()),
    };
    match made {
        Ty::Instance(Class::User(made), _) if is_metaclass(walker.db, &made) => Some(Name::from(made.own_name())),
        _ => None,
    }
}

/// Whether a workspace or library class derives from `type`.
fn is_metaclass(db: &dyn crate::db::Db, class: &ClassRef) -> bool {
    super::members::derives_from_external(db, class, &["builtins.type"])
}

/// The receiver a method read on `receiver` is bound to: the metaclass instance where the method is
/// the metaclass's, read on a class a metaclass call made (`Kind.Value("a")` of an
/// `EnumTypeWrapper(...)`).
pub(super) fn method_receiver(db: &dyn crate::db::Db, receiver: Ty, method: &FunctionRef) -> Ty {
    let Ty::TypeOf(class) = &receiver else { return receiver };
    let Ty::Instance(Class::Synthesized(class), _) = class.as_ref() else { return receiver };
    let (Ty::Instance(Class::User(metaclass), _), Some(owner)) = (&class.metaclass, &method.class) else {
        return receiver;
    };
    let owner = ClassRef { file: method.file, name: owner.clone() };
    if super::members::lineage(db, metaclass).iter().any(|(c, _)| *c == owner) {
        class.metaclass.clone()
    } else {
        receiver
    }
}
