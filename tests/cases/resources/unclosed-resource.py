"""Import and export helpers of the inventory tool."""
import csv
import json
import socket
import sqlite3


def load_settings(path: str) -> dict:
    fh = open(path, encoding="utf-8")  # expect: CWE-775
    return json.load(fh)


def ping(host: str, port: int) -> bytes:
    sock = socket.create_connection((host, port), timeout=5)  # expect: CWE-775
    sock.sendall(b"PING\r\n")
    return sock.recv(64)


def export_rows(path: str, rows: list) -> None:
    out = open(path, "w", newline="")
    try:
        csv.writer(out).writerows(rows)
    finally:
        out.close()


def count_items(db_path: str) -> int:
    conn = sqlite3.connect(db_path)  # expect: CWE-775
    with conn:
        return conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]


def open_log(path: str):
    log = open(path, "a", encoding="utf-8")
    return log


class Exporter:
    def __init__(self, path: str) -> None:
        handle = open(path, "w", encoding="utf-8")
        self.handle = handle

    def read_all(self, path: str) -> str:
        with open(path, encoding="utf-8") as fh:
            return fh.read()


def count_items_closed(db_path: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    finally:
        conn.close()
