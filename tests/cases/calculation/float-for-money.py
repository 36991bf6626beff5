"""Checkout arithmetic of the shop."""
from decimal import ROUND_HALF_UP, Decimal

TAX_RATE = 0.2
CENT = Decimal("0.01")


def order_total(items: list) -> float:
    subtotal = 0
    for item in items:
        subtotal += float(item["price"]) * item["quantity"]  # expect: CWE-1339
    return subtotal


def with_shipping(order_total):
    return order_total + 4.99  # expect: CWE-1339


def refund(form) -> float:
    refund_amount = float(form["value"])  # expect: CWE-1339
    return refund_amount


def weight_kg(form) -> float:
    return float(form["weight"]) * 0.001


def total_with_tax(items: list) -> Decimal:
    subtotal = sum((Decimal(item["price"]) * item["quantity"] for item in items), Decimal("0"))
    return (subtotal * (1 + Decimal(str(TAX_RATE)))).quantize(CENT, rounding=ROUND_HALF_UP)


def items_per_page(total_items: int) -> float:
    return total_items * 0.5


def is_large(form) -> bool:
    threshold = float(form["amount"])
    return threshold > 1000


def progress(done: int, total: int) -> float:
    return 100.0 * done / float(total)
