"""A validating helper that raises for anything outside the allow-list returns only known values."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)
SERVICES = ("nginx", "postgresql", "redis")


def known_service(name):
    if name not in SERVICES:
        raise ValueError(f"unknown service {name!r}")
    return name


@app.route("/services/restart", methods=["POST"])
def restart_service():
    service = known_service(request.form["service"])
    subprocess.run(f"systemctl restart {service}", shell=True, check=True)
    return jsonify(restarted=True)
