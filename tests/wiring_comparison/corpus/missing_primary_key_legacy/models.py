from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()


class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer)
    name = Column(String(50))
