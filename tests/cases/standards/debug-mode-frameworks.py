"""Debug servers of other frameworks: Bottle's run(debug=True) and debug(True), FastAPI(debug=True), Tornado's
Application(debug=True)."""

import os

import bottle
from fastapi import FastAPI

api = FastAPI(debug=True)  # expect: CWE-489
quiet_api = FastAPI(debug=os.environ.get("API_DEBUG") == "1")

bottle.debug(True)  # expect: CWE-489
bottle.debug(False)

if __name__ == "__main__":
    bottle.run(host="127.0.0.1", port=8080, debug=True)  # expect: CWE-489
    bottle.run(host="127.0.0.1", port=8080, reloader=True)


def make_tornado_app(handlers):
    import tornado.web

    return tornado.web.Application(handlers, debug=True)  # expect: CWE-489
