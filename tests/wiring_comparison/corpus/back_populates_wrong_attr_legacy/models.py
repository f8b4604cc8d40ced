from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    posts = relationship("Post", back_populates="author", foreign_keys="Post.author_id")
    edited = relationship("Post", back_populates="editor", foreign_keys="Post.editor_id")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    author_id = Column(Integer, ForeignKey("users.id"))
    editor_id = Column(Integer, ForeignKey("users.id"))
    author = relationship("User", back_populates="edited", foreign_keys=[author_id])
    editor = relationship("User", back_populates="posts", foreign_keys=[editor_id])
