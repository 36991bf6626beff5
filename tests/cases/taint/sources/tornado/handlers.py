"""Tornado handlers: arguments, the raw request and URL groups are the client's; write() of a string is HTML."""

import sqlite3
import subprocess
from contextlib import closing

import tornado.web


class SearchHandler(tornado.web.RequestHandler):
    def get(self):
        term = self.get_argument("q", "")
        self.write("<p>Results for " + term + "</p>")  # expect: CWE-79

    def post(self):
        body = self.request.body.decode("utf-8")
        with closing(sqlite3.connect("app.db")) as conn:
            conn.execute(f"INSERT INTO notes (body) VALUES ('{body}')")  # expect: CWE-89


class ReportHandler(tornado.web.RequestHandler):
    def get(self, report_name):
        subprocess.run(f"render-report {report_name}", shell=True, check=True)  # expect: CWE-78
        self.redirect(self.get_query_argument("next"))  # expect: CWE-601


def make_app():
    return tornado.web.Application([(r"/search", SearchHandler), (r"/reports/(\w+)", ReportHandler)])
