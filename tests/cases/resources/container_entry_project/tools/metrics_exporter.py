"""Metrics exporter in a folder whose Dockerfile runs a different module: this one is not the entry point."""
import socket

PORT = 9100


def serve() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("0.0.0.0", PORT))  # expect: CWE-1327
    sock.close()
