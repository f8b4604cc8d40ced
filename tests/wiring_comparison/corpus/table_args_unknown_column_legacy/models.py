from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("titel", name="uq_posts_title"), Index("ix_posts_slug", "slugg"))
    id = Column(Integer, primary_key=True)
    title = Column(String)
    slug = Column(String)
