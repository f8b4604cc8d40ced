"""SQLModel's own Session and select: `exec` is typed, one entity selects its instances."""
from sqlmodel import Session, create_engine, select

from .models import Hero, Team

engine = create_engine("sqlite://")


def read_heroes() -> None:
    with Session(engine) as session:
        reveal_type(session)
        statement = select(Hero).where(Hero.age == 30).offset(1).limit(2)
        reveal_type(statement)
        results = session.exec(statement)
        reveal_type(results)
        for hero in results:
            reveal_type(hero)
        reveal_type(session.exec(select(Hero)).first())
        reveal_type(session.exec(select(Hero)).one())
        reveal_type(session.exec(select(Hero)).all())
        reveal_type(session.get(Hero, 1))
        reveal_type(select(Hero, Team))
        pairs = session.exec(select(Hero, Team).where(Hero.team_id == Team.id))
        reveal_type(pairs)
        for hero, team in pairs:
            reveal_type(team)


def create_hero(session: Session, name: str) -> Hero:
    hero = Hero(name=name, secret_name="x")
    session.add(hero)
    session.commit()
    session.refresh(hero)
    reveal_type(hero)
    return hero
