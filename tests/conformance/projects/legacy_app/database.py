"""Old-style setup: declarative_base(), a module-level Session factory and a scoped session."""
from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

engine = create_engine("postgresql://scott:tiger@localhost/legacy")
Session = sessionmaker(bind=engine)
db_session = scoped_session(sessionmaker(autocommit=False, autoflush=False, bind=engine))

Base = declarative_base()
Base.query = db_session.query_property()
