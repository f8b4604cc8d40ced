"""SQLModel: table=True classes are mapped, data models are not."""
from typing import Optional

from sqlmodel import Field, Relationship, SQLModel


class HeroTeamLink(SQLModel, table=True):
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", primary_key=True)
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", primary_key=True)


class TeamBase(SQLModel):
    name: str


class Team(TeamBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    heroes: list["Hero"] = Relationship(back_populates="teams", link_model=HeroTeamLink)


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    mentor_id: Optional[int] = Field(default=None, foreign_key="hero.id")
    mentor: Optional["Hero"] = Relationship(sa_relationship_kwargs={"remote_side": "Hero.id"})
    teams: list[Team] = Relationship(back_populates="heroes", link_model=HeroTeamLink)
