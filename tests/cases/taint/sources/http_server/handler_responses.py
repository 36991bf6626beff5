"""http.server handler writing its own response: the request path echoed into the HTML body, a query value
into a response header."""

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class EchoHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        page = "<h1>Not found</h1><p>No page at " + self.path + "</p>"
        self.wfile.write(page.encode("utf-8"))  # expect: CWE-79

    def do_POST(self):
        query = parse_qs(urlsplit(self.path).query)
        name = query.get("name", ["report"])[0]
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Disposition", "attachment; filename=" + name)  # expect: CWE-113
        self.end_headers()
        self.wfile.write(body)  # expect: CWE-79


def serve():
    ThreadingHTTPServer(("127.0.0.1", 8080), EchoHandler).serve_forever()
