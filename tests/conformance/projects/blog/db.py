from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///blog.db", echo=False)
SessionLocal = sessionmaker(engine, expire_on_commit=False)
scoped = scoped_session(SessionLocal)
