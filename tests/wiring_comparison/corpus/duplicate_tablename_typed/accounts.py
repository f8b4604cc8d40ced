from sqlalchemy.orm import Mapped, mapped_column

from models import Base


class Account(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
