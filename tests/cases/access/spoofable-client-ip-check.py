"""Allow-listing for the metrics endpoint."""
import ipaddress

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
TRUSTED = {"10.0.0.5", "10.0.0.6"}
OFFICE = ipaddress.ip_network("192.168.10.0/24")


@app.route("/metrics")
def metrics():
    forwarded = request.headers.get("X-Forwarded-For", "")
    client = forwarded.split(",")[0].strip()
    if client not in TRUSTED:  # expect: CWE-290
        abort(403)
    return "ok"


@app.route("/office")
def office_only():
    if ipaddress.ip_address(request.headers["X-Real-IP"]) not in OFFICE:  # expect: CWE-290
        abort(403)
    return "hello"


@app.route("/whoami")
def whoami():
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded is None:
        return request.remote_addr or ""
    if "," in forwarded:
        forwarded = forwarded.split(",")[0]
    return jsonify(ip=forwarded)


@app.route("/local")
def local_only():
    if request.remote_addr != "127.0.0.1":  # expect: CWE-291
        abort(403)
    return "local"
