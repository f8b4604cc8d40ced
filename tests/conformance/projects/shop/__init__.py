"""Shop: models are re-exported from here."""
from .base import Base as Base
from .base import Currency as Currency
from .catalog import Category, Product, Variant
from .orders import *  # noqa: F403
from .records import AuditLog, Coupon, Redemption, Supplier, Warehouse

__all__ = [
    "Category",
    "Product",
    "Variant",
    "Customer",  # noqa: F405
    "Order",  # noqa: F405
    "OrderItem",  # noqa: F405
    "Payment",  # noqa: F405
    "CardPayment",  # noqa: F405
    "BankTransfer",  # noqa: F405
    "Employee",  # noqa: F405
    "Manager",  # noqa: F405
    "Engineer",  # noqa: F405
    "Coupon",
    "Redemption",
    "Supplier",
    "Warehouse",
    "AuditLog",
]
