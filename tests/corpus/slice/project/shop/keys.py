"""Keys named by mixins, constraints and classes elsewhere (indico, airflow, mlflow, galaxy, SQLAlchemy examples)."""
from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, Text
from sqlalchemy.orm import backref, declarative_base, declared_attr, foreign, relationship
Base = declarative_base()
class VersionedMixin:
    stored_file_class = None
    stored_file_fkey = None
    unique = False
    @declared_attr
    def file_id(cls):
        return Column(Integer, ForeignKey(cls.stored_file_class.__table__.fullname + ".id", use_alter=True), nullable=True)
    @declared_attr
    def file(cls):
        return relationship(cls.stored_file_class, primaryjoin=lambda: cls.file_id == cls.stored_file_class.id,
                            foreign_keys=lambda: cls.file_id, post_update=True)
    @declared_attr
    def all_files(cls):
        return relationship(cls.stored_file_class,
            primaryjoin=lambda: cls.id == getattr(cls.stored_file_class, cls.stored_file_fkey),
            foreign_keys=lambda: getattr(cls.stored_file_class, cls.stored_file_fkey),
            backref=backref(cls.stored_file_class.version_of, uselist=(cls.unique != True)))
    @declared_attr.cascading
    def note_id(cls):
        return Column(Integer, ForeignKey("notes.id"), nullable=False)
    @declared_attr
    def note(cls):
        return relationship("Note", backref=backref("holder", uselist=(cls.unique != True)))
class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
class AttachmentFile(Base):
    __tablename__ = "files"
    version_of = "owner"
    id = Column(Integer, primary_key=True)
    attachment_id = Column(Integer, ForeignKey("attachments.id"), nullable=False)
class Attachment(VersionedMixin, Base):
    __tablename__ = "attachments"
    stored_file_class = AttachmentFile
    stored_file_fkey = "attachment_id"
    unique = True
    id = Column(Integer, primary_key=True)
class Dag(Base):
    __tablename__ = "dag"
    dag_id = Column(Text, primary_key=True)
    references = relationship("DagReference", back_populates="dag")
class DagReference(Base):
    __tablename__ = "dag_reference"
    id = Column(Integer, primary_key=True)
    dag_id = Column(Text, nullable=False)
    dag = relationship("Dag", back_populates="references")
    __table_args__ = (ForeignKeyConstraint(columns=(dag_id,), refcolumns=["dag.dag_id"]),)
class Record(Base):
    __tablename__ = "records"
    id = Column(Integer, primary_key=True)
    dag_id = Column(Text, ForeignKey("dag.dag_id"), nullable=False)
    dag = relationship("Dag")
    __table_args__ = (ForeignKeyConstraint(["dag_id"], ["dag.dag_id"]),)
class Vault(Base):
    __tablename__ = "vault"
    key = Column(Text, primary_key=True)
    parent_key = Column(Text, ForeignKey(key))
    parent = relationship("Vault", remote_side=[key])
class Company(Base):
    __tablename__ = "company"
    id = Column(Integer, primary_key=True)
class Person(Base):
    __tablename__ = "person"
    id = Column(Integer, primary_key=True)
    company_id = Column(ForeignKey("company.id"))
    company = relationship(Company)
class Engineer(Person):
    __tablename__ = "engineer"
    __mapper_args__ = {"concrete": True}
    id = Column(Integer, primary_key=True)
    company_id = Column(ForeignKey("company.id"), nullable=False)
    company = relationship(Company)
class Pin(Base):
    __tablename__ = "pins"
    id = Column(Integer, primary_key=True)
    dag_id = Column(Text)
    dag = relationship("Dag", primaryjoin=lambda: foreign(Pin.dag_id) == _models.Dag.dag_id)
import shop.keys as _models
class NamedByClass:
    @declared_attr.directive
    def __tablename__(cls):
        return cls.__name__.lower()
class Badge(NamedByClass, Base):
    id = Column(Integer, primary_key=True)
    holder_id = Column(ForeignKey("attachments.id"), nullable=False)
    holder = relationship(Attachment, backref="badges")
