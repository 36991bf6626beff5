class Finder:
    """Keeps the request it is given and reads it later, in another method."""

    def __init__(self, rq):
        self.rq = rq

    def run(self, db):
        return db.execute("SELECT * FROM t WHERE q = '%s'" % self.rq.values["q"]).fetchall()  # expect: CWE-89

    def verb(self, db):
        return db.execute("SELECT * FROM verbs WHERE v = '%s'" % self.rq.method).fetchall()
