"""Shapes proven without table names (prefect) or target (superset); a `Table` column beside an annotation (ckan); a backref over `foreign()` keys (airflow)."""
import re
import uuid
from typing import Optional
import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, foreign, mapped_column, relationship, backref

CAMEL = re.compile(r"(?<!^)(?=[A-Z])")

class Base(DeclarativeBase):
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return CAMEL.sub("_", cls.__name__).lower()
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)

class Flow(Base):
    name: Mapped[str]
    flow_runs: Mapped[list["FlowRun"]] = relationship(back_populates="flow")

class FlowRun(Base):
    flow_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("flow.id"))
    parent_task_run_id: Mapped[Optional[uuid.UUID]] = mapped_column(sa.ForeignKey("task_run.id", use_alter=True))
    flow: Mapped["Flow"] = relationship(back_populates="flow_runs")
    task_runs: Mapped[list["TaskRun"]] = relationship(primaryjoin="TaskRun.flow_run_id==FlowRun.id")

class TaskRun(Base):
    flow_run_id: Mapped[Optional[uuid.UUID]] = mapped_column(sa.ForeignKey("flow_run.id"))
    subflow_run: Mapped["FlowRun"] = relationship(primaryjoin="FlowRun.parent_task_run_id==TaskRun.id", uselist=False)

    @declared_attr.directive
    @classmethod
    def __table_args__(cls):
        return (sa.Index("ix_task_run_flow_run_id", cls.flow_run_id),)

class BlockType(Base):
    slug: Mapped[str]

class BlockSchema(Base):
    block_type_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("block_type.id"))
    block_type: Mapped["BlockType"] = relationship()

class User(Base):
    __tablename__ = "ab_user"
    id = Column(Integer, primary_key=True)

token_table = Table("api_token", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("ab_user.id")))

class ApiToken:
    id: Mapped[int]
    user_id: Mapped[Optional[int]]

Base.registry.map_imperatively(ApiToken, token_table, properties={"owner": relationship(User, backref="tokens")})

class Run(Base):
    __tablename__ = "run"
    id = Column(Integer, primary_key=True)
    dag_id = Column(Text, nullable=False)

class Serialized(Base):
    __tablename__ = "serialized"
    dag_id = Column(Text, primary_key=True)
    runs = relationship(Run, primaryjoin=dag_id == foreign(Run.dag_id), backref=backref("serialized", uselist=False))

class _Security:
    @property
    def user_model(self):
        return User

security = _Security()

class Log(Base):
    __tablename__ = "logs"
    user_id = Column(Integer, ForeignKey("ab_user.id"))
    owner_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False)
    user = relationship(security.user_model, foreign_keys=[user_id])
    owner = relationship(security.user_model, foreign_keys=[owner_id])
