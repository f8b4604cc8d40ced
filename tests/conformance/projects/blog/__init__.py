"""Blog package: re-exports the models and the session factory."""
from .db import SessionLocal, engine, scoped
from .models import Base, Comment, Post, PostStatus, Tag, User

__all__ = ["Base", "Comment", "Post", "PostStatus", "Tag", "User", "SessionLocal", "engine", "scoped"]
