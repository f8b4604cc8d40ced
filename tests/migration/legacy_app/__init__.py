"""A small blog + shop application written the SQLAlchemy 1.3/1.4 way.

It is the input of the migration behaviour check (tests/migration/run.sh): every module uses
calling styles that SQLAlchemy 1.4 still accepts (most of them with a RemovedIn20Warning) and
that a migration to 2.x has to rewrite without changing what the application does.
"""

__version__ = "0.9.3"
