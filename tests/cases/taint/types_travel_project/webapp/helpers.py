import os
import sqlite3


def run_query(rq):
    name = rq.args.get("name")
    sqlite3.connect("x.db").cursor().execute("SELECT * FROM t WHERE n = '%s'" % name)  # expect: CWE-89


def do_cmd(incoming):
    os.system("ls " + incoming.form["dir"])  # expect: CWE-78


class Ctx:
    def __init__(self, req):
        self.req = req


def wrap(r):
    return Ctx(r)
