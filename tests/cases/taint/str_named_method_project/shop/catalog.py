import sqlite3


class Catalog:
    def __init__(self, path):
        self.db = sqlite3.connect(path)

    def find(self, title):
        return self.db.execute("SELECT * FROM books WHERE title = '" + title + "'").fetchall()  # expect: CWE-89

    def replace(self, old, new):
        self.db.execute("UPDATE books SET state = '%s' WHERE state = '%s'" % (new, old))
