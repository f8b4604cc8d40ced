from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()


class User(Base):
    id = Column(Integer, primary_key=True)
