//! Each rule: a positive case, a negative case, and its fix (before → after).

use crate::Series;
use crate::fixture::Fixture;

use super::with_models;

#[test]
fn dynamic_relationship() {
    let files = r#"
#- /m.py
from sqlalchemy import Column, Integer, ForeignKey
from sqlalchemy.orm import declarative_base, relationship, backref, Mapped, DynamicMapped, WriteOnlyMapped
Base = declarative_base()
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    bs = relationship("B", lazy="dynamic")
    cs: DynamicMapped["C"] = relationship()
    ds: WriteOnlyMapped["C"] = relationship()
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a_id = Column(ForeignKey("a.id"))
    a = relationship("A", backref=backref("b_list", lazy="dynamic"))
class C(Base):
    __tablename__ = "c"
    id = Column(Integer, primary_key=True)
    a_id = Column(ForeignKey("a.id"))
    a = relationship("A", lazy="select")
"#;
    let fixture = Fixture::new(files, Series::V21);
    assert_eq!(
        fixture.lint_only("/m.py", &["SQA101"]),
        "SQA101 [*] 7:5 `A.bs` is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"B\"]` and `.select()`\n\
         SQA101 [*] 8:5 `A.cs` is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"C\"]` and `.select()`\n\
         SQA101 14:5 the backref `A.b_list` (of `B.a`) is a dynamic relationship (legacy `AppenderQuery`); use `WriteOnlyMapped[\"B\"]` and `.select()`"
    );
    let fixed = fixture.fixed("/m.py", false);
    assert!(fixed.contains(
        "from sqlalchemy.orm import declarative_base, relationship, backref, Mapped, DynamicMapped, WriteOnlyMapped\n"
    ));
    assert!(fixed.contains("    bs: DynamicMapped[\"B\"] = relationship(\"B\", lazy=\"dynamic\")\n"), "{fixed}");
}

#[test]
fn select_list_argument() {
    let main = "from sqlalchemy import select\nfrom app.models import User\nstmt = select([User.id, User.name])\nwhere = select([User.id], User.id > 1)\nok = select(User.id)\nother = sorted([1, 2])\n";
    let fixture = with_models(main, Series::V20);
    assert_eq!(
        fixture.lint_only("/main.py", &["SQA105"]),
        "SQA105 [*] 3:15 `select()` takes columns positionally in 2.0, not a list\n\
         SQA105 4:16 `select()` takes columns positionally in 2.0, not a list"
    );
    assert!(fixture.fixed("/main.py", false).contains("stmt = select(User.id, User.name)\n"));
}

#[test]
fn query_get() {
    let main = "from sqlalchemy.orm import Session\nfrom app.models import User\ndef f(session: Session):\n    a = session.query(User).get(5)\n    q = session.query(User)\n    b = q.get(6)\n    c = session.get(User, 7)\n    d = {}.get(1)\n";
    let fixture = with_models(main, Series::V20);
    assert_eq!(
        fixture.lint_only("/main.py", &["SQA109"]),
        "SQA109 [*] 4:9 `Query.get()` is legacy; use `Session.get()`\nSQA109 6:9 `Query.get()` is legacy; use `Session.get()`"
    );
    assert!(fixture.fixed("/main.py", false).contains("    a = session.get(User, 5)\n"));
}

#[test]
fn moved_import() {
    let main = "from sqlalchemy.ext.declarative import declarative_base, declared_attr as da\nfrom sqlalchemy.ext.declarative import DeclarativeMeta\nfrom sqlalchemy.orm import declarative_base as ok\nBase = declarative_base()\n";
    let fixture = with_models(main, Series::V20);
    assert_eq!(
        fixture.lint_only("/main.py", &["SQA114"]),
        "SQA114 [*] 1:6 `declarative_base`, `declared_attr` moved to `sqlalchemy.orm`\n\
         SQA114 2:6 `DeclarativeMeta` moved to `sqlalchemy.orm`"
    );
    assert!(fixture.fixed("/main.py", false).starts_with("from sqlalchemy.orm import declarative_base, declared_attr as da\nfrom sqlalchemy.ext.declarative import DeclarativeMeta\n"));
}

#[test]
fn column_typing_limit_per_series() {
    let main = "from sqlalchemy import select\nfrom app.models import User\nten = select(User.id, User.id, User.id, User.id, User.id, User.id, User.id, User.id, User.id, User.name)\neleven = select(User.id, User.id, User.id, User.id, User.id, User.id, User.id, User.id, User.id, User.id, User.name)\nnine = select(User.id, User.id, User.id, User.id, User.id, User.id, User.id, User.id, User.name)\n";
    assert_eq!(
        with_models(main, Series::V20).lint_only("/main.py", &["SQA202"]),
        "SQA202 4:10 11 columns here, past the 10 SQLAlchemy 2.0 types: type checkers see the whole row as `Any`"
    );
    assert_eq!(
        with_models(main, Series::V21).lint_only("/main.py", &["SQA202"]),
        "SQA202 3:7 10 columns here, past the 10 SQLAlchemy 2.1 types: type checkers see columns 10..10 as `Any` (`*tuple[Any, ...]`)\n\
         SQA202 4:10 11 columns here, past the 10 SQLAlchemy 2.1 types: type checkers see columns 11..11 as `Any` (`*tuple[Any, ...]`)"
    );
}

#[test]
fn row_tuple_accessor_only_under_2_1() {
    let main = "from sqlalchemy import select\nfrom sqlalchemy.orm import Session\nfrom app.models import User\ndef f(session: Session):\n    row = session.execute(select(User.id, User.name)).one()\n    a, b = row.t\n    c = row.tuple()\n    d = (1, 2).count(1)\n";
    assert_eq!(with_models(main, Series::V20).lint_only("/main.py", &["SQA203"]), "");
    let fixture = with_models(main, Series::V21);
    assert_eq!(
        fixture.lint_only("/main.py", &["SQA203"]),
        "SQA203 [*] 6:12 `row.t` is not needed with SQLAlchemy 2.1: the row is typed itself\n\
         SQA203 [*] 7:9 `row.tuple()` is not needed with SQLAlchemy 2.1: the row is typed itself"
    );
    assert_eq!(
        fixture.fixed("/main.py", false),
        fixture.host.analysis().text(fixture.host.file("/main.py").unwrap()).unwrap().to_string()
    );
    assert!(fixture.fixed("/main.py", true).contains("    a, b = row\n    c = row\n"));
}

#[test]
fn nullable_mismatch() {
    let files = r#"
#- /m.py
from typing import Optional
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[Optional[int]] = mapped_column(primary_key=True)
    x: Mapped[str] = mapped_column(nullable=True)
    y: Mapped[Optional[str]] = mapped_column(nullable=False)
    ok1: Mapped[Optional[str]] = mapped_column(nullable=True)
    ok2: Mapped[str]
"#;
    assert_eq!(
        Fixture::new(files, Series::V21).lint_only("/m.py", &["SQA204"]),
        "SQA204 7:5 `A.id`: a primary key is never NULL, but the annotation is `Optional`\n\
         SQA204 8:5 `A.x`: `nullable=True` but the annotation is not `Optional`\n\
         SQA204 9:5 `A.y`: `nullable=False` but the annotation is `Optional`"
    );
}

#[test]
fn unknown_relationship_target_with_a_suggestion() {
    let files = r#"
#- /m.py
from sqlalchemy import Column, Integer, ForeignKey
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class Address(Base):
    __tablename__ = "address"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("user.id"))
class User(Base):
    __tablename__ = "user"
    id = Column(Integer, primary_key=True)
    addresses = relationship("Adress")
    orders = relationship("Order")
    ok = relationship("Address")
"#;
    let fixture = Fixture::new(files, Series::V21);
    assert_eq!(
        fixture.lint_only("/m.py", &["SQA301"]),
        "SQA301 [*] 11:30 `User.addresses`: no mapped class `Adress`; did you mean `Address`?\n\
         SQA301 12:27 `User.orders`: no mapped class `Order`"
    );
    assert!(fixture.fixed("/m.py", false).contains("addresses = relationship(\"Address\")"));
}

#[test]
fn missing_tablename() {
    let files = r#"
#- /m.py
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class UserAccount(Base):
    id: Mapped[int] = mapped_column(primary_key=True)
class Named(Base):
    __abstract__ = True
    name: Mapped[str]
class Ok(Base):
    __tablename__ = "ok"
    id: Mapped[int] = mapped_column(primary_key=True)
class SubOk(Ok):
    extra: Mapped[str]
"#;
    let fixture = Fixture::new(files, Series::V21);
    assert_eq!(
        fixture.lint_only("/m.py", &["SQA302"]),
        "SQA302 [*] 4:7 `UserAccount` is mapped but has no `__tablename__`"
    );
    assert!(!fixture.fixed("/m.py", false).contains("user_account"), "the fix is unsafe");
    assert!(
        fixture
            .fixed("/m.py", true)
            .contains("class UserAccount(Base):\n    __tablename__ = \"user_account\"\n    id: Mapped[int]")
    );
}

#[test]
fn noqa_suppresses_by_code_name_or_all() {
    let main = "from sqlalchemy import select\nfrom app.models import User\na = select([User.id])  # noqa: SQA105\nb = select([User.id])  # noqa: select-list-argument\nc = select([User.id])  # noqa\nd = select([User.id])  # noqa: SQA101\n";
    assert_eq!(
        with_models(main, Series::V20).lint_only("/main.py", &["SQA105", "SQA001"]),
        "SQA105 [*] 6:12 `select()` takes columns positionally in 2.0, not a list\n\
         SQA001 [*] 6:32 `# noqa: SQA101` silences nothing on this line"
    );
}

#[test]
fn unused_noqa_codes_are_reported_and_removed() {
    let main = "from sqlalchemy import select\nfrom app.models import User\na = select(User.id)  # noqa: SQA105\nb = select([User.id])  # noqa: SQA105, SQA202\nc = 1  # noqa: E501\nd = 2  # noqa\n";
    let fixture = with_models(main, Series::V20);
    assert_eq!(
        fixture.lint_only("/main.py", &["SQA001"]),
        "SQA001 [*] 3:30 `# noqa: SQA105` silences nothing on this line\nSQA001 [*] 4:40 `# noqa: SQA202` silences nothing on this line"
    );
    assert!(
        fixture
            .fixed("/main.py", false)
            .contains("a = select(User.id)\nb = select([User.id])  # noqa: SQA105\nc = 1  # noqa: E501\n")
    );
}

#[test]
fn fixes_adding_the_same_import_apply_in_one_round() {
    let files = r#"
#- /m.py
from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import DeclarativeBase
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    name = Column(String(20), nullable=False)
    code = Column(String(5), nullable=False)
"#;
    let fixed = Fixture::new(files, Series::V21).fixed("/m.py", true);
    for line in ["    id: Mapped[int] = ", "    name: Mapped[str] = ", "    code: Mapped[str] = "] {
        assert!(fixed.contains(line), "one round annotates every column:\n{fixed}");
    }
    assert_eq!(
        fixed.matches("Mapped,").count()
            + fixed.matches(", Mapped\n").count()
            + fixed.matches("import Mapped\n").count(),
        1,
        "{fixed}"
    );
}

#[test]
fn on_1_4_fixes_writing_2_0_api_say_so_and_are_never_safe() {
    let files = r#"
#- /m.py
from sqlalchemy import Column, Integer
from sqlalchemy.ext.declarative import declarative_base
Base = declarative_base()
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
"#;
    let fixture = Fixture::new(files, Series::V14);
    let analysis = fixture.host.analysis();
    let file = fixture.host.file("/m.py").unwrap();
    let findings = analysis.diagnostics(file).unwrap();
    let fixes: Vec<(&str, String, bool)> = findings
        .iter()
        .flat_map(|d| d.fix.iter().chain(&d.alternatives).map(move |f| (d.rule.code, f)))
        .map(|(code, f)| (code, f.message.clone(), f.applicability == crate::rules::Applicability::Safe))
        .collect();
    // Moving the import works on 1.4: still safe. `Mapped[...]`, `mapped_column()` and
    // `DeclarativeBase` exist from 2.0 on.
    assert!(fixes.contains(&("SQA114", "Import from `sqlalchemy.orm`".to_owned(), true)), "{fixes:?}");
    assert!(
        fixes.contains(&(
            "SQA103",
            "Annotate with `Mapped[int]` and use `mapped_column()` (needs SQLAlchemy 2.0)".to_owned(),
            false
        )),
        "{fixes:?}"
    );
    assert!(
        fixes
            .iter()
            .filter(|(_, m, _)| m.contains("DeclarativeBase"))
            .all(|(_, m, safe)| m.ends_with("(needs SQLAlchemy 2.0)") && !safe)
    );
}
