"""A project's own Session subclass: what it does not define is SQLAlchemy's Session's."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import engine
from .models import User


class AppSession(Session):
    def usernames(self) -> list[str]:
        return list(self.scalars(select(User.username)))


def use_app_session() -> None:
    with AppSession(engine) as session:
        reveal_type(session)
        reveal_type(session.execute(select(User.id, User.username)))
        reveal_type(session.scalars(select(User)).all())
        reveal_type(session.get(User, 1))
        reveal_type(session.usernames())
        with session.begin() as transaction:
            reveal_type(transaction)
