"""Sales tables: carts, addresses, orders (quotations and sales orders) and their lines,
invoices and credit notes (immutable documents with their own lines)."""

from atelier.sales.models.carts import Cart, CartLine
from atelier.sales.models.changes import ChangeRequest, DepositReceipt
from atelier.sales.models.documents import CreditNote, CreditNoteLine, Invoice, InvoiceLine
from atelier.sales.models.orders import Address, OrderLine, SalesOrder

__all__ = [
    "Address",
    "Cart",
    "CartLine",
    "ChangeRequest",
    "CreditNote",
    "CreditNoteLine",
    "DepositReceipt",
    "Invoice",
    "InvoiceLine",
    "OrderLine",
    "SalesOrder",
]
