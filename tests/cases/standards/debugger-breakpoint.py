"""Breakpoints left in request handling flagged; the names merely mentioned or logged not."""

import logging
import pdb

log = logging.getLogger(__name__)


def apply_payment(order, amount):
    pdb.set_trace()  # expect: CWE-489
    order.balance -= amount
    breakpoint()  # expect: CWE-489
    return order


def describe_tools():
    log.debug("use pdb.set_trace() or breakpoint() locally, never in commits")
    return pdb.__name__
