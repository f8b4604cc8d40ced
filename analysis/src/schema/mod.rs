//! The relational model below everything that reads it: which table each class maps, the `Table`
//! declarations, the foreign keys between tables, and the shape of every relationship. Models,
//! inference, the IDE features and the rules read these facts here; nothing recomputes them.

mod joins;
mod links;
mod mapping;
mod names;
mod relationships;
pub mod tables;

pub use links::{ForeignKeyLink, class_tables, foreign_key_links, join_given, links_between, mapped_tables};
pub use mapping::{
    ModelSchema, Schema, TableView, attr_table, column_key, referenced_table, same_hierarchy, schema, table_arg_items,
    table_object_name,
};
pub use names::{annotation_class_name, is_subclass, mapped_class_named};
pub use relationships::{
    Direction, DirectionReason, RelationshipShape, backref_optional, backref_shape, column_nullable,
    foreign_key_nullable, option as relationship_option, relationship_shape,
};
pub use tables::{ColumnInfo, TableDecl, table_decls, workspace_tables};
