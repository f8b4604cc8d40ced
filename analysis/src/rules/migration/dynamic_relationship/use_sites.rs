//! Where the workspace reads dynamic relationships on instances (`user.posts...`), and what each
//! use becomes with a write-only collection.
//!
//! Each file is scanned once per change (`use_sites_in_file`), the workspace's answer is gathered
//! once (`use_sites`): diagnostics of every declaring file read the same result.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::rewrite;
use crate::db::{Db, SourceFile, is_python_path};
use crate::hir::Name;
use crate::models::{AttrKind, Collection, ModelRegistry, model_registry};
use crate::rules::{Edit, RuleContext};
use crate::syntax::node_ext::field;
use crate::types::{Class, ClassRef, Ty};

/// A dynamic relationship declared by `relationship()` / `dynamic_loader()` in a class body (not
/// through a `backref`): the class that declares it and the attribute's name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RelationshipKey {
    pub class: ClassRef,
    pub name: Name,
}

/// One read of a dynamic relationship on an instance: the `obj.rel` expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseSite {
    /// The relationships it may be a use of (several when the receiver's type is unknown).
    pub relationships: Vec<RelationshipKey>,
    pub file: SourceFile,
    pub start: u32,
    pub end: u32,
    /// The edits that make it work with a write-only collection, or why there are none (a phrase
    /// that follows the site's text: "is passed on or stored, which the fix cannot follow").
    pub rewrite: Result<Vec<Edit>, String>,
    /// The site's text (`user.posts`), shortened for messages.
    pub text: String,
}

/// The workspace's use sites of each dynamic relationship.
#[salsa::tracked(returns(ref))]
pub fn dynamic_use_sites(db: &dyn Db) -> Arc<FxHashMap<RelationshipKey, Vec<UseSite>>> {
    let mut out: FxHashMap<RelationshipKey, Vec<UseSite>> = FxHashMap::default();
    if dynamic_relationships(model_registry(db)).is_empty() {
        return Arc::new(out);
    }
    for &file in db.project().files(db).iter() {
        for site in dynamic_use_sites_in_file(db, file).iter() {
            for key in &site.relationships {
                out.entry(key.clone()).or_default().push(site.clone());
            }
        }
    }
    Arc::new(out)
}

/// The relationships whose uses we look for.
pub fn dynamic_relationships(registry: &ModelRegistry) -> Vec<RelationshipKey> {
    let mut out = Vec::new();
    for model in &registry.models {
        for attr in &model.attributes {
            if attr.kind == AttrKind::Relationship
                && attr.collection == Some(Collection::Dynamic)
                && attr.declared_in == model.class
                && !attr.via_backref
            {
                out.push(RelationshipKey { class: model.class.clone(), name: attr.name.clone() });
            }
        }
    }
    out
}

/// The use sites of dynamic relationships in one file.
#[salsa::tracked(returns(ref))]
pub fn dynamic_use_sites_in_file(db: &dyn Db, file: SourceFile) -> Arc<[UseSite]> {
    if !*file.exists(db) || !is_python_path(file.path(db)) || file.path(db).ends_with(".pyi") {
        return Arc::from([]);
    }
    let registry = model_registry(db);
    let relationships = dynamic_relationships(registry);
    let text = file.text(db);
    // Only names the text spells after a dot can be used here: most files are never parsed.
    let names: Vec<&str> = relationships
        .iter()
        .map(|r| r.name.as_str())
        .filter(|name| !attribute_offsets(text, name).is_empty())
        .collect();
    if names.is_empty() {
        return Arc::from([]);
    }
    if !crate::hir::prescan::involves_sqlalchemy(db, file) {
        return unanalysed_sites(file, text, &names, &relationships).into();
    }
    let cx = RuleContext::new(db, file);
    let mut sites = Vec::new();
    for node in cx.nodes("attribute") {
        let (Some(object), Some(attribute)) = (field(node, "object"), field(node, "attribute")) else { continue };
        let name = cx.text(attribute);
        if !names.contains(&name) {
            continue;
        }
        let (keys, rewrite) = match receiver(registry, &cx.type_of(object), name) {
            Receiver::Other => continue,
            Receiver::Model(key) => (vec![key], rewrite::rewrite(&cx, node)),
            Receiver::Unknown => {
                let keys: Vec<RelationshipKey> = relationships.iter().filter(|r| r.name == name).cloned().collect();
                let reason = format!("has a receiver whose type does not tell, so it may be a use of {}", list(&keys));
                (keys, Err(reason))
            }
            Receiver::Mixed(key) => {
                let reason = format!("has a receiver that may or may not be a `{}`", key.class.name);
                (vec![key], Err(reason))
            }
        };
        sites.push(UseSite {
            relationships: keys,
            file,
            start: node.start_byte() as u32,
            end: node.end_byte() as u32,
            rewrite,
            text: shorten(cx.text(node)),
        });
    }
    sites.into()
}

/// `` `User.posts` `` or `` `User.posts` or `Tag.posts` ``.
fn list(keys: &[RelationshipKey]) -> String {
    keys.iter().map(|k| format!("`{}.{}`", k.class.name, k.name)).collect::<Vec<_>>().join(" or ")
}

fn shorten(text: &str) -> String {
    let single_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match single_line.char_indices().nth(60) {
        Some((at, _)) => format!("{}...", &single_line[..at]),
        None => single_line,
    }
}

/// What a receiver's type says about `receiver.name`.
enum Receiver {
    /// An instance of a model whose `name` is this dynamic relationship.
    Model(RelationshipKey),
    /// Partly such a model, partly something else.
    Mixed(RelationshipKey),
    /// We cannot tell (an unknown type, `object`, a base class of such a model).
    Unknown,
    /// Something else: a class (`User.posts` in a query), another type.
    Other,
}

fn receiver(registry: &ModelRegistry, ty: &Ty, name: &str) -> Receiver {
    let parts: Vec<Ty> = match ty.without_none() {
        Ty::Union(parts) => parts,
        single => vec![single],
    };
    let mut keys: Vec<Option<RelationshipKey>> = Vec::new();
    let mut unknown = false;
    for part in &parts {
        match part {
            Ty::Unknown | Ty::Any => unknown = true,
            Ty::Instance(Class::User(class), _) => match relationship_of(registry, class, name) {
                Some(key) => keys.push(Some(key)),
                // A declarative base or mixin: the object may be a model that has the relationship.
                None if registry
                    .models
                    .iter()
                    .any(|m| m.bases.contains(class) && relationship_of(registry, &m.class, name).is_some()) =>
                {
                    unknown = true
                }
                None => keys.push(None),
            },
            Ty::Instance(Class::Ext(class), _) if class.as_str() == "builtins.object" => unknown = true,
            _ => keys.push(None),
        }
    }
    match keys.iter().flatten().next() {
        Some(key) if !unknown && keys.iter().all(|k| k.as_ref() == Some(key)) => Receiver::Model(key.clone()),
        Some(key) => Receiver::Mixed(key.clone()),
        None if unknown => Receiver::Unknown,
        None => Receiver::Other,
    }
}

fn relationship_of(registry: &ModelRegistry, class: &ClassRef, name: &str) -> Option<RelationshipKey> {
    let attr = registry.model(class)?.attribute(name)?;
    let dynamic = attr.kind == AttrKind::Relationship && attr.collection == Some(Collection::Dynamic);
    (dynamic && !attr.via_backref).then(|| RelationshipKey { class: attr.declared_in.clone(), name: attr.name.clone() })
}

/// A file that cannot involve SQLAlchemy is never parsed for analysis: each `.name` its text
/// spells (outside import lines and comments) may be a use we cannot see.
fn unanalysed_sites(file: SourceFile, text: &str, names: &[&str], relationships: &[RelationshipKey]) -> Vec<UseSite> {
    let mut sites = Vec::new();
    for name in names {
        let keys: Vec<RelationshipKey> = relationships.iter().filter(|r| r.name == *name).cloned().collect();
        for at in attribute_offsets(text, name) {
            sites.push(UseSite {
                relationships: keys.clone(),
                file,
                start: at as u32,
                end: (at + name.len()) as u32,
                rewrite: Err(format!(
                    "is in a file that does not involve SQLAlchemy (not analysed), so it may be a use of {}",
                    list(&keys)
                )),
                text: format!(".{name}"),
            });
        }
    }
    sites.sort_by_key(|s| s.start);
    sites
}

/// Offsets of `name` where the text reads `x.name` (an attribute, not a longer name), outside
/// comments and import lines.
fn attribute_offsets(text: &str, name: &str) -> Vec<usize> {
    let needle = format!(".{name}");
    let bytes = text.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let mut out = Vec::new();
    for found in memchr::memmem::find_iter(bytes, needle.as_bytes()) {
        let end = found + needle.len();
        if bytes.get(end).is_some_and(|b| is_ident(*b)) {
            continue;
        }
        if !found.checked_sub(1).and_then(|i| bytes.get(i)).is_some_and(|b| is_ident(*b) || matches!(b, b')' | b']')) {
            continue;
        }
        let line_start = text[..found].rfind('\n').map_or(0, |at| at + 1);
        let line = &text[line_start..found];
        let code = line.trim_start();
        if line.contains('#') || code.starts_with("import ") || code.starts_with("from ") {
            continue;
        }
        out.push(found + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::attribute_offsets;

    #[test]
    fn attribute_spellings() {
        let text = "import app.posts\nfrom .posts import x\nuser.posts.all()  # .posts\nf().posts\nposts_count = u.posts_count\n# u.posts\n";
        let lines: Vec<usize> =
            attribute_offsets(text, "posts").into_iter().map(|at| text[..at].matches('\n').count() + 1).collect();
        assert_eq!(lines, [3, 4]);
    }
}
