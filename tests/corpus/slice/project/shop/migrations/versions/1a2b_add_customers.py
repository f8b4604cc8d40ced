"""An Alembic revision with its own base and a class named like the app's: never the app's model."""
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base

revision = "1a2b"
down_revision = None

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
