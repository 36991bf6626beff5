"""A bare http.server handler writes header lines as given: a CR/LF in the echoed value adds headers."""

from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        name = parse_qs(urlsplit(self.path).query).get("name", ["export.csv"])[0]
        self.send_response(200)
        self.send_header("Content-Disposition", "attachment; filename=" + name)  # expect: CWE-113
        self.end_headers()
