"""View functions using both the legacy Model.query property and db.session."""
from flask import abort

from .extensions import db
from .models import Login, Task, User


def user_detail(username: str) -> str:
    reveal_type(db)
    reveal_type(db.session)
    reveal_type(User.query)  # sqla: Query[User]
    reveal_type(User.query.filter_by(username=username))  # sqla: Query[User]
    user = User.query.filter_by(username=username).first()
    reveal_type(user)  # sqla: User | None
    reveal_type(User.query.get(1))  # sqla: User | None
    reveal_type(User.query.all())  # sqla: List[User]
    reveal_type(User.query.count())
    reveal_type(Task.query.filter(Task.done.is_(False)).order_by(Task.due).all())  # sqla: List[Task]
    reveal_type(db.get_or_404(User, 1))
    reveal_type(db.first_or_404(db.select(User).filter_by(username=username)))  # sqla: User
    reveal_type(db.one_or_404(db.select(Task).where(Task.id == 3)))  # sqla: Task
    reveal_type(db.paginate(db.select(Task)))
    return username


def task_list(user_id: int) -> list[str]:
    user = db.session.get(User, user_id)
    reveal_type(user)
    if user is None:
        abort(404)
    reveal_type(user)
    reveal_type(user.tasks)
    reveal_type(user.logins)
    reveal_type(user.logins.order_by(Login.at.desc()).first())
    reveal_type(user.logins.count())
    reveal_type(user.logins.all())
    stmt = db.select(Task.id, Task.title).where(Task.owner_id == user_id)
    reveal_type(stmt)  # sqla-2.0: Select[Tuple[int, str]]  sqla-2.1: Select[int, str]
    rows = db.session.execute(stmt).all()
    reveal_type(rows)  # sqla-2.0: Sequence[Row[Tuple[int, str]]]  sqla-2.1: Sequence[Row[int, str]]
    titles = db.session.scalars(db.select(Task.title)).all()
    reveal_type(titles)  # sqla: Sequence[str]
    reveal_type(db.session.scalar(db.select(db.func.count(Task.id))))  # sqla: int | None
    reveal_type(db.session.query(Task).filter_by(done=True).all())
    return list(titles)
