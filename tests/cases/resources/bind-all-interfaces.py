"""Entry points of the status service."""
import os
import socket
import socketserver

import uvicorn
from flask import Flask

app = Flask(__name__)
PORT = 8125


def serve_metrics() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("0.0.0.0", PORT))  # expect: CWE-1327
    sock.close()


def serve_local() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", PORT))
    sock.close()


def serve_tcp(handler) -> socketserver.TCPServer:
    return socketserver.TCPServer(("", PORT), handler)  # expect: CWE-1327


def run_web() -> None:
    app.run(host="0.0.0.0", port=8080)  # expect: CWE-1327


def run_api(api) -> None:
    uvicorn.run(api, host=os.environ.get("HOST", "127.0.0.1"), port=8000)


def describe(host: str) -> str:
    return "every interface" if host == "0.0.0.0" else host
