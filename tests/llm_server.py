"""A scripted OpenAI-compatible endpoint on 127.0.0.1 for the LLM layer's tests (stdlib only).

``script(body) -> (status, payload, delay_s)``: payload a str is sent as the chat message's content; a dict is
sent as the whole JSON body; bytes are sent raw (a broken answer)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ScriptedServer:
    def __init__(self, script):
        self.script = script
        self.bodies: list[dict] = []
        self.raw: list[bytes] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                body = json.loads(raw)
                with owner._lock:
                    owner.raw.append(raw)
                    owner.bodies.append(body)
                status, payload, delay = owner.script(body)
                if delay:
                    time.sleep(delay)
                if isinstance(payload, bytes):
                    data = payload
                elif isinstance(payload, dict):
                    data = json.dumps(payload).encode()
                else:
                    data = json.dumps({"choices": [{"message": {"role": "assistant", "content": payload}}],
                                       "usage": {"prompt_tokens": 10, "completion_tokens": 5}}).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    @staticmethod
    def user_text(body: dict) -> str:
        return "\n".join(m["content"] for m in body["messages"] if m["role"] == "user")

    @staticmethod
    def is_triage(body: dict) -> bool:
        return "Task: judge the static finding" in ScriptedServer.user_text(body)
