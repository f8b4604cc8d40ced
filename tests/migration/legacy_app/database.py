"""Engine and session setup, the way Flask-era tutorials wrote it."""
from sqlalchemy import create_engine
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import sessionmaker

Base = declarative_base()

# Configured (bound) by init_engine().
Session = sessionmaker(autocommit=False, autoflush=False)

engine = None


def init_engine(url="sqlite://", echo=False):
    """Create the engine, bind the session factory to it and create every table."""
    global engine
    from . import audit, models  # noqa: F401  (register the blog models on Base)
    from .shop import models as shop_models

    engine = create_engine(url, echo=echo)
    Session.configure(bind=engine)
    Base.metadata.create_all(engine)
    shop_models.Base.metadata.create_all(engine)
    audit.create(engine)
    return engine


def autocommit_session():
    """A session in the legacy autocommit mode: every flush is its own transaction."""
    return Session(bind=engine, autocommit=True)
