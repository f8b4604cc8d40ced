from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declared_attr


class OwnedMixin:
    @declared_attr
    def owner_id(cls):
        return Column(Integer, ForeignKey("customers.id"))


class NamedTableMixin:
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return "shop_" + cls.__name__.lower()
