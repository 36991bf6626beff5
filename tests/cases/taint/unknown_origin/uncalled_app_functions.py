"""Public functions of a web application that nothing here calls (a task queue runs them): their parameters
are of unknown origin, so a query or a load built from them is reported at low confidence. Private helpers,
parameterised queries and constants are not."""

import pickle
import sqlite3
from contextlib import closing

from flask import Flask

app = Flask(__name__)


def purge_customer(customer_id):
    with closing(sqlite3.connect("shop.db")) as conn:
        conn.execute("DELETE FROM customers WHERE id = " + customer_id)  # expect: CWE-89


def restore_cart(blob):
    return _load(blob)


def _load(data):
    return pickle.loads(data)  # expect: CWE-502


def _purge_internal(customer_id):
    with closing(sqlite3.connect("shop.db")) as conn:
        conn.execute("DELETE FROM customers WHERE id = " + customer_id)


def purge_safely(customer_id):
    with closing(sqlite3.connect("shop.db")) as conn:
        conn.execute("DELETE FROM customers WHERE id = ?", (customer_id,))
