import sqlite3
from contextlib import closing


def orders_of(customer):
    with closing(sqlite3.connect("lab.db")) as conn:
        return conn.execute("SELECT id FROM orders WHERE customer = ?", (customer,)).fetchall()
