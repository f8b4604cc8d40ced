//! Inference plumbing: assignments, loops, with, narrowing, comprehensions, calls.

use crate::Series;

use super::reveal;

#[test]
fn select_result_row_chain_in_both_series() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    stmt = select(User.id, User.name)
    stmt = stmt.where(User.id > 3).order_by(User.name)
    reveal_type(stmt)
    result = session.execute(stmt)
    reveal_type(result.all())
    for user_id, name in result:
        reveal_type(name)
    row = result.one()
    reveal_type(row.name)
    reveal_type(row[0])
"#;
    assert_eq!(
        reveal(main, Series::V20),
        "stmt: Select[Tuple[int, str]]\nresult.all(): Sequence[Row[Tuple[int, str]]]\n\
         name: str (checker: Any)\nrow.name: str (checker: Any)\nrow[0]: int (checker: Any)"
    );
    assert_eq!(
        reveal(main, Series::V21),
        "stmt: Select[int, str]\nresult.all(): Sequence[Row[int, str]]\n\
         name: str\nrow.name: str (checker: Any)\nrow[0]: int"
    );
}

#[test]
fn narrowing_by_none_checks_and_early_return() {
    let main = r#"from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import User
def f(session: Session):
    user = session.get(User, 1)
    reveal_type(user)
    if user is not None:
        reveal_type(user)
    if not user:
        return
    reveal_type(user)
    reveal_type(user.email)
    if user.email:
        reveal_type(user.email)
"#;
    assert_eq!(
        reveal(main, Series::V21),
        "user: User | None\nuser: User\nuser: User\nuser.email: str | None\nuser.email: str"
    );
}

#[test]
fn calls_to_workspace_functions_and_comprehensions() {
    let main = r#"from typing import Sequence
from sqlalchemy import select
from sqlalchemy.orm import Session
from app.models import Post, User
def users(session: Session) -> Sequence[User]:
    return session.scalars(select(User)).all()
def titles(session):
    return select(Post.title)
def g(session: Session):
    reveal_type(users(session))
    reveal_type(titles(session))
    reveal_type([u.name for u in users(session)])
    reveal_type({u.id: u for u in users(session)})
"#;
    assert_eq!(
        reveal(main, Series::V21),
        "users(session): Sequence[User]\ntitles(session): Select[str]\n\
         [u.name for u in users(session)]: list[str]\n{u.id: u for u in users(session)}: dict[int, User]"
    );
}

#[test]
fn deeply_nested_expressions_do_not_overflow() {
    let deep = format!("x = {}1{}\nreveal_type(x)\n", "(".repeat(5000), ")".repeat(5000));
    let text = reveal(&deep, Series::V21);
    assert!(text.starts_with("x: "), "{text}");
}
