//! SQA101 dynamic-relationship: the safe `DynamicMapped` fix, and the unsafe move to
//! `WriteOnlyMapped` with the rewrite of every use site in the workspace (before → after, to a
//! fixed point), use sites it cannot rewrite listed as related information.

use crate::Series;
use crate::fixture::{Files, Fixture};

const MODELS: &str = r#"
#- /app/__init__.py
#- /app/models.py
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    posts = relationship("Post", lazy="dynamic", order_by="Post.id")

    def post_count(self):
        return self.posts.count()

class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    title = Column(String)
    published = Column(Boolean)
"#;

/// Every use site form the migration rewrites, in a file of its own.
const USES: &str = r#"
#- /app/blog.py
from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import Post, User

def titles(user: User):
    return [p.title for p in user.posts]

def loop(session: Session, user: User):
    out = []
    for p in user.posts:
        out.append(p.title)
    return out

def published(session: Session, user: User):
    return user.posts.filter(Post.published).order_by(Post.title).all()

def latest(user: User):
    return user.posts.order_by(None).order_by(Post.id.desc()).first()

def exactly_one(session: Session, user: User):
    return user.posts.filter_by(title="x").one(), user.posts.one_or_none(), user.posts.scalar()

def count(user: User):
    return user.posts.count()

def sizes(user: User):
    return len(user.posts), user.posts[0], sorted(user.posts, key=str), list(user.posts.limit(2))

def contains(user: User, post: Post):
    return post in user.posts

def joined(session: Session, user: User):
    return user.posts.join(User).all()

def write(user: User, post: Post, more: list):
    user.posts.append(post)
    user.posts.extend(more)
    user.posts.remove(post)

def local_session(user: User):
    with Session() as session:
        return user.posts.all()

def not_uses(session: Session):
    return session.scalars(select(User).join(User.posts)).all()
"#;

#[test]
fn write_only_migration_rewrites_every_use() {
    let files = Files::parse(&format!("{MODELS}{USES}"), Series::V20);
    let fixture = files.fixture();
    assert_eq!(
        fixture.lint_with_related("/app/models.py", &["SQA101"]),
        "SQA101 [*] 9:5 `User.posts` is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"Post\"]` and `.select()`"
    );

    // `sqla fix`: the safe fix only, the uses stay as they are.
    let safe = files.fix_all(&["SQA101"], false);
    assert!(
        safe.text("/app/models.py").contains(
            "    posts: DynamicMapped[\"Post\"] = relationship(\"Post\", lazy=\"dynamic\", order_by=\"Post.id\")\n"
        ),
        "{}",
        safe.text("/app/models.py")
    );
    assert_eq!(safe.text("/app/blog.py"), files.text("/app/blog.py"));

    // `sqla fix --unsafe`: the declaration and every use, in both files.
    let migrated = files.fix_all(&["SQA101"], true);
    assert_eq!(
        migrated.text("/app/models.py"),
        r#"from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, select, func
from sqlalchemy.orm import declarative_base, relationship, WriteOnlyMapped, object_session

Base = declarative_base()

class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    posts: WriteOnlyMapped["Post"] = relationship("Post", order_by="Post.id")

    def post_count(self):
        return object_session(self).scalar(select(func.count()).select_from(self.posts.select().subquery()))

class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    title = Column(String)
    published = Column(Boolean)

"#
    );
    assert_eq!(
        migrated.text("/app/blog.py"),
        r#"from sqlalchemy import select, func
from sqlalchemy.orm import Session, object_session
from app.models import Post, User

def titles(user: User):
    return [p.title for p in object_session(user).scalars(user.posts.select())]

def loop(session: Session, user: User):
    out = []
    for p in session.scalars(user.posts.select()):
        out.append(p.title)
    return out

def published(session: Session, user: User):
    return session.scalars(user.posts.select().where(Post.published).order_by(Post.title)).all()

def latest(user: User):
    return object_session(user).scalars(user.posts.select().order_by(None).order_by(Post.id.desc()).limit(1)).first()

def exactly_one(session: Session, user: User):
    return session.scalars(user.posts.select().filter_by(title="x")).one(), session.scalars(user.posts.select()).one_or_none(), session.scalars(user.posts.select()).one_or_none()

def count(user: User):
    return object_session(user).scalar(select(func.count()).select_from(user.posts.select().subquery()))

def sizes(user: User):
    return len(object_session(user).scalars(user.posts.select()).all()), object_session(user).scalars(user.posts.select()).all()[0], sorted(object_session(user).scalars(user.posts.select()), key=str), list(object_session(user).scalars(user.posts.select().limit(2)))

def contains(user: User, post: Post):
    return post in object_session(user).scalars(user.posts.select())

def joined(session: Session, user: User):
    return session.scalars(user.posts.select().join(User)).unique().all()

def write(user: User, post: Post, more: list):
    user.posts.add(post)
    user.posts.add_all(more)
    user.posts.remove(post)

def local_session(user: User):
    with Session() as session:
        return session.scalars(user.posts.select()).all()

def not_uses(session: Session):
    return session.scalars(select(User).join(User.posts)).all()
"#
    );
    assert_eq!(migrated.fixture().lint_with_related("/app/models.py", &["SQA101"]), "");
    assert_eq!(migrated.fix_all(&["SQA101"], true), migrated, "a second fix changes nothing");

    // From the safe fix's `DynamicMapped["Post"]`, the migration replaces the annotation.
    let from_safe = safe.fix_all(&["SQA101"], true);
    assert!(
        from_safe
            .text("/app/models.py")
            .contains("    posts: WriteOnlyMapped[\"Post\"] = relationship(\"Post\", order_by=\"Post.id\")\n"),
        "{}",
        from_safe.text("/app/models.py")
    );
    assert_eq!(from_safe.text("/app/blog.py"), migrated.text("/app/blog.py"));
}

#[test]
fn uses_it_cannot_rewrite_are_related_information_and_keep_the_fix_safe() {
    let uses = r#"
#- /app/blog.py
from sqlalchemy.orm import Session
from app.models import Base, Post, User

def helper(query):
    return query

def passed(user: User):
    return helper(user.posts)

def stored(user: User):
    query = user.posts.filter(Post.published)
    return query.all()

def unknown(u):
    return u.posts.all()

def options(user: User):
    return user.posts.options().all()

def assigned(user: User, posts: list):
    user.posts = posts

def session_attribute(user: User):
    return user.posts.session

def call_receiver(users: list[User]):
    return users[0].posts.all()

def fine(session: Session, user: User):
    return user.posts.all()

def any_model(thing: Base):
    return thing.posts.all()
#- /app/view.py
def show(thing):
    return [p.title for p in thing.posts]
"#;
    let files = Files::parse(&format!("{MODELS}{uses}"), Series::V20);
    let fixture = files.fixture();
    assert_eq!(
        fixture.lint_with_related("/app/models.py", &["SQA101"]),
        "SQA101 [*] 9:5 `User.posts` is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"Post\"]` and `.select()`; 9 uses cannot be rewritten automatically\n  \
         related /app/blog.py:8:19 `user.posts` is used as a value (passed on, returned or stored), which the fix cannot follow\n  \
         related /app/blog.py:11:13 `user.posts` is used as a value (passed on, returned or stored), which the fix cannot follow\n  \
         related /app/blog.py:15:12 `u.posts` has a receiver whose type does not tell, so it may be a use of `User.posts`\n  \
         related /app/blog.py:18:12 `user.posts` calls `.options()`, which the fix has no rewrite for\n  \
         related /app/blog.py:21:5 `user.posts` assigns or deletes the collection, which the fix cannot rewrite\n  \
         related /app/blog.py:24:12 `user.posts` reads `.session`, which the fix has no rewrite for\n  \
         related /app/blog.py:27:12 `users[0].posts` needs a session: none is in scope, and `object_session()` would evaluate `users[0]` twice\n  \
         related /app/blog.py:33:12 `thing.posts` has a receiver whose type does not tell, so it may be a use of `User.posts`\n  \
         related /app/view.py:2:36 `.posts` is in a file that does not involve SQLAlchemy (not analysed), so it may be a use of `User.posts`"
    );
    let file = fixture.host.file("/app/models.py").expect("fixture file");
    let diagnostics = fixture.host.analysis().diagnostics(file).expect("not cancelled");
    let sqa101 = diagnostics.iter().find(|d| d.rule.code == "SQA101").expect("SQA101");
    assert!(sqa101.alternatives.is_empty(), "no unsafe fix while a use cannot be rewritten");
    // `--unsafe` applies the safe fix and rewrites nothing.
    let fixed = files.fix_all(&["SQA101"], true);
    assert!(fixed.text("/app/models.py").contains("    posts: DynamicMapped[\"Post\"] = relationship("));
    assert_eq!(fixed.text("/app/blog.py"), files.text("/app/blog.py"));
    assert_eq!(fixed.text("/app/view.py"), files.text("/app/view.py"));
}

#[test]
fn the_session_is_one_that_always_holds_a_session() {
    let uses = r#"
#- /app/blog.py
from typing import Optional
from sqlalchemy.orm import Session
from app.models import Post, User

def maybe(session: Optional[Session], user: User):
    return user.posts.all()

def rebound(session: Session, user: User):
    posts = user.posts.all()
    session = None
    return posts

def later(user: User):
    posts = user.posts.all()
    session = Session()
    return posts

def branch(user: User, flag: bool):
    if flag:
        session = Session()
    return user.posts.all()

def local(user: User):
    session = Session()
    return user.posts.all()

def outer(session: Session, user: User):
    def inner():
        return user.posts.all()
    return inner

db = Session()
everyone = [p.title for p in User().posts]
"#;
    let fixed = Files::parse(&format!("{MODELS}{uses}"), Series::V20).fix_all(&["SQA101"], true);
    assert_eq!(
        fixed.text("/app/blog.py"),
        r#"from typing import Optional
from sqlalchemy.orm import Session, object_session
from app.models import Post, User

def maybe(session: Optional[Session], user: User):
    return object_session(user).scalars(user.posts.select()).all()

def rebound(session: Session, user: User):
    posts = object_session(user).scalars(user.posts.select()).all()
    session = None
    return posts

def later(user: User):
    posts = object_session(user).scalars(user.posts.select()).all()
    session = Session()
    return posts

def branch(user: User, flag: bool):
    if flag:
        session = Session()
    return object_session(user).scalars(user.posts.select()).all()

def local(user: User):
    session = Session()
    return session.scalars(user.posts.select()).all()

def outer(session: Session, user: User):
    def inner():
        return session.scalars(user.posts.select()).all()
    return inner

db = Session()
everyone = [p.title for p in db.scalars(User().posts.select())]
"#
    );
}

#[test]
fn dynamic_loader_and_dynamic_mapped_in_the_files_style() {
    let text = r#"
#- /m.py
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, DynamicMapped, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    items = sa.orm.dynamic_loader("Item", order_by="Item.id")
    more: DynamicMapped["Item"] = sa.orm.relationship(viewonly=True)
    other: sa.orm.DynamicMapped["Item"] = sa.orm.relationship(viewonly=True)
    typed: Mapped["Item"] = sa.orm.relationship(viewonly=True)

class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(sa.ForeignKey("tags.id"))

def names(tag: Tag, other: Tag):
    return [i.id for i in tag.items.filter(Item.id.in_([o.id for o in other.items]))], tag.more.count(), tag.typed
"#;
    let files = Files::parse(text, Series::V20);
    assert_eq!(
        files.fixture().lint_with_related("/m.py", &["SQA101"]),
        "SQA101 [*] 10:5 `Tag.items` is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"Item\"]` and `.select()`\n\
         SQA101 [*] 11:5 `Tag.more` is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"Item\"]` and `.select()`\n\
         SQA101 [*] 12:5 `Tag.other` is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"Item\"]` and `.select()`"
    );
    // Annotated already: no safe fix, so `sqla fix` changes nothing.
    assert_eq!(
        files.fixture().fixed_only("/m.py", &["SQA101"], false),
        files.text("/m.py").replace(
            "    items = sa.orm.dynamic_loader(",
            "    items: DynamicMapped[\"Item\"] = sa.orm.dynamic_loader("
        )
    );
    assert_eq!(
        files.fix_all(&["SQA101"], true).text("/m.py"),
        r#"import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, DynamicMapped, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    items: sa.orm.WriteOnlyMapped["Item"] = sa.orm.relationship("Item", order_by="Item.id")
    more: sa.orm.WriteOnlyMapped["Item"] = sa.orm.relationship(viewonly=True)
    other: sa.orm.WriteOnlyMapped["Item"] = sa.orm.relationship(viewonly=True)
    typed: Mapped["Item"] = sa.orm.relationship(viewonly=True)

class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(sa.ForeignKey("tags.id"))

def names(tag: Tag, other: Tag):
    return [i.id for i in sa.orm.object_session(tag).scalars(tag.items.select().where(Item.id.in_([o.id for o in sa.orm.object_session(other).scalars(other.items.select())])))], sa.orm.object_session(tag).scalar(sa.select(sa.func.count()).select_from(tag.more.select().subquery())), tag.typed
"#
    );
}

#[test]
fn a_dynamic_backref_migrates_once_it_is_a_relationship() {
    let text = r#"
#- /app/__init__.py
#- /app/models.py
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()

class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)

class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    customer_id = Column(ForeignKey("customers.id"))
    customer = relationship("Customer", backref=backref("orders", lazy="dynamic"))
#- /app/shop.py
from sqlalchemy.orm import Session
from app.models import Customer, Order

def open_orders(session: Session, customer: Customer):
    return customer.orders.filter(Order.id > 1).all()
"#;
    let files = Files::parse(text, Series::V20);
    assert_eq!(
        lint(&files.fixture(), "/app/models.py"),
        "SQA101 14:5 the backref `Customer.orders` (of `Order.customer`) is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"Order\"]` and `.select()`"
    );
    // SQA111 declares `Customer.orders` with `back_populates`; the next round migrates it.
    let fixed = files.fix_all(&["SQA101", "SQA111"], true);
    assert!(
        fixed.text("/app/models.py").contains(
            "    orders: WriteOnlyMapped[\"Order\"] = relationship(\"Order\", back_populates=\"customer\")\n"
        ),
        "{}",
        fixed.text("/app/models.py")
    );
    assert!(
        fixed
            .text("/app/shop.py")
            .contains("    return session.scalars(customer.orders.select().where(Order.id > 1)).all()\n"),
        "{}",
        fixed.text("/app/shop.py")
    );
}

fn lint(fixture: &Fixture, path: &str) -> String {
    fixture.lint_with_related(path, &["SQA101"])
}
