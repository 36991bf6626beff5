"""http.server handler: self.path, self.headers and the body from self.rfile are client-controlled."""

import os
import pickle
from http.server import BaseHTTPRequestHandler, HTTPServer

SITE_ROOT = "/srv/site"


class SiteHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        with open(SITE_ROOT + self.path, "rb") as fh:  # expect: CWE-22
            body = fh.read()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)

    def do_DELETE(self):
        archive = self.headers.get("X-Archive", "")
        os.system("rm -f /srv/archives/" + archive)  # expect: CWE-78
        self.send_response(204)
        self.end_headers()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        state = pickle.loads(self.rfile.read(length))  # expect: CWE-502
        self.send_response(200 if state else 400)
        self.end_headers()


if __name__ == "__main__":
    with HTTPServer(("127.0.0.1", 8000), SiteHandler) as server:
        server.serve_forever()
