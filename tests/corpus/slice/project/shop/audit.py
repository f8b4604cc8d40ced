"""Mixins whose @declared_attr bodies read the mapped class (indico's and Flask-AppBuilder's patterns)."""
import enum

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, backref, declared_attr, relationship

from shop.columns import StringID


class AuditBase(DeclarativeBase):
    pass


class Reviewer(AuditBase):
    __tablename__ = "reviewers"
    __table_args__ = {"schema": "people"}
    id = Column(Integer, primary_key=True)


class Team(AuditBase):
    __tablename__ = "reviewers"
    __table_args__ = {"schema": "teams"}
    id = Column(Integer, primary_key=True)


class Status(enum.Enum):
    OPEN = "open"


class PrincipalMixin:
    principal_backref_name = None
    allow_teams = False

    @declared_attr
    def reviewer_id(cls):
        return Column(Integer, ForeignKey("people.reviewers.id"), nullable=False)

    @declared_attr
    def reviewer(cls):
        from shop.audit import Reviewer

        return relationship(
            Reviewer,
            primaryjoin="%s.reviewer_id == Reviewer.id" % cls.__name__,
            backref=backref(cls.principal_backref_name, lazy="dynamic"),
        )

    @declared_attr
    def team_id(cls):
        if not cls.allow_teams:
            return
        return Column(Integer, ForeignKey("teams.reviewers.id"))

    @declared_attr
    def team(cls):
        if not cls.allow_teams:
            return
        return relationship("Team", foreign_keys=[cls.team_id])


class ReportPrincipal(PrincipalMixin, AuditBase):
    __tablename__ = "report_principals"
    principal_backref_name = "in_report_acls"
    id = Column(Integer, primary_key=True)
    state = Column(String(20), nullable=False)
    code = Column(StringID(), nullable=False)


class BoardPrincipal(PrincipalMixin, AuditBase):
    __tablename__ = "board_principals"
    principal_backref_name = "in_board_acls"
    allow_teams = True
    id = Column(Integer, primary_key=True)
