"""http.server handler that escapes what it echoes and sends fixed headers: nothing to report."""

import html
import json
from http.server import BaseHTTPRequestHandler


class StatusHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        page = "<h1>Not found</h1><p>No page at " + html.escape(self.path) + "</p>"
        self.wfile.write(page.encode("utf-8"))

    def do_HEAD(self):
        size = len(self.headers.get("X-Probe", ""))
        self.send_response(200)
        self.send_header("X-Probe-Length", str(size))
        self.end_headers()
        self.wfile.write(json.dumps({"ok": True}).encode())
