from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()


class Parent(Base):
    __tablename__ = "parents"
    a = Column(Integer, primary_key=True)
    b = Column(Integer, primary_key=True)


class Child(Base):
    __tablename__ = "children"
    __table_args__ = (ForeignKeyConstraint(["parent_a", "parent_b"], ["parents.a", "parents.b"]),)
    id = Column(Integer, primary_key=True)
    parent_a = Column(Integer)
    parent_b = Column(Integer)
    parent = relationship("Parent")
