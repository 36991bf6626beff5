"""Removed, unsafe helpers called flagged; their current replacements not."""

import base64
import html
import socket
import ssl


def connect(host: str):
    raw = socket.create_connection((host, 443))
    return ssl.wrap_socket(raw)  # expect: CWE-477


def connect_checked(host: str):
    raw = socket.create_connection((host, 443))
    return ssl.create_default_context().wrap_socket(raw, server_hostname=host)


def encode(data: bytes) -> bytes:
    legacy = base64.encodestring(data)  # expect: CWE-477
    return legacy + base64.encodebytes(data) + html.escape("x").encode()
