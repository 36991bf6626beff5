import sqlite3
from contextlib import closing


class Product:
    def __init__(self, sku):
        self.sku = sku

    def load(self):
        with closing(sqlite3.connect("lab.db")) as conn:
            return conn.execute("SELECT * FROM products WHERE sku = '" + self.sku + "'").fetchall()  # expect: CWE-89
