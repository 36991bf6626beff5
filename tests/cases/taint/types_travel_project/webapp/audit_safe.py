import os
import sqlite3
from urllib.parse import urlsplit

MIRRORS = ["https://mirror.example/data"]


def log_method(rq):
    secure = "https" if rq.is_secure() else "http"
    sqlite3.connect("x.db").cursor().execute("INSERT INTO log VALUES ('%s', '%s')" % (rq.method, secure))


class Settings:
    args = {"name": "nightly"}


def run_report(rq):
    os.system("report --name " + rq.args["name"])


class Holder:
    def __init__(self, req):
        self.req = req
        self.label = "holder"


def wrap(r):
    return Holder(r)


def show(label):
    sqlite3.connect("x.db").cursor().execute("SELECT * FROM t WHERE n = '%s'" % label)



def mirror(rq):
    conf = urlsplit(MIRRORS[0] + "?via=" + rq.method)  # a URL of ours, tagged with the method
    os.system("rsync -a /srv/data " + conf.path)  # its path is the mirror's, not the request's

