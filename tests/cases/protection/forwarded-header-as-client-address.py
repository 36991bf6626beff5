"""Login throttling keyed by the caller's address: the header versions trust whatever the client sends."""

from flask import Flask, request

app = Flask(__name__)


def client_ip():
    return request.headers.get("X-Forwarded-For", request.remote_addr)  # expect: CWE-348


def audit_entry(event):
    remote_addr = request.environ.get("HTTP_X_REAL_IP")  # expect: CWE-348
    return {"event": event, "from": remote_addr}


def peer_ip():
    return request.remote_addr


def proxy_chain_for_debugging():
    return request.headers.get("X-Forwarded-For", "")


def trace_headers():
    forwarded = request.headers.get("X-Forwarded-For")
    return {"x-forwarded-for": forwarded}
