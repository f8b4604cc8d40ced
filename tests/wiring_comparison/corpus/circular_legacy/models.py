from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()


class A(Base):
    __tablename__ = "a_table"
    id = Column(Integer, primary_key=True)
    b_id = Column(Integer, ForeignKey("b_table.id"))
    b = relationship("B")


class B(Base):
    __tablename__ = "b_table"
    id = Column(Integer, primary_key=True)
    c_id = Column(Integer, ForeignKey("c_table.id"))
    c = relationship("C")


class C(Base):
    __tablename__ = "c_table"
    id = Column(Integer, primary_key=True)
    a_id = Column(Integer, ForeignKey("a_table.id"))
    a = relationship("A")
