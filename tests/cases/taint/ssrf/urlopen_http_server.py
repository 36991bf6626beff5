"""A tiny stdlib proxy: the target URL comes from the request path's query string."""

import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse


class ProxyHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        target = parse_qs(urlparse(self.path).query).get("target", [""])[0]
        with urllib.request.urlopen(target, timeout=10) as upstream:  # expect: CWE-918
            length = len(upstream.read())
        self.send_response(200)
        self.end_headers()
        self.wfile.write(str(length).encode())


if __name__ == "__main__":
    with HTTPServer(("127.0.0.1", 8080), ProxyHandler) as server:
        server.serve_forever()
