"""Real git repositories for the review tests: built with the git binary in a temporary folder, never mocked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pillarscan.cli import main

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="the git binary is not installed")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "HOME": "",  # no user or system configuration leaks into the tests
}

DB = '''\
"""Database helpers."""

import sqlite3


def connect():
    return sqlite3.connect("shop.db")


def find_user(user_id):
    cursor = connect().cursor()
    cursor.execute("SELECT * FROM users WHERE id = ?", (user_id,))
    return cursor.fetchone()
'''

VIEWS = '''\
"""Web views: three pre-existing defects (command injection, unsafe deserialization, weak hash)."""

import hashlib
import pickle
import subprocess

from flask import Flask, request

from shop import db

app = Flask(__name__)


@app.route("/user")
def user():
    return {"user": db.find_user(request.args["id"])}


@app.route("/ping")
def ping():
    subprocess.call("ping -c 1 " + request.args["host"], shell=True)
    return "ok"


@app.route("/load", methods=["POST"])
def load():
    return {"n": len(pickle.loads(request.get_data()))}


def token(value):
    return hashlib.md5(value.encode()).hexdigest()
'''

# The change under review: one tainted flow across two files (source in views.py, sink in db.py).
DB_SEARCH = '''

def search_products(term):
    cursor = connect().cursor()
    cursor.execute(f"SELECT * FROM products WHERE name LIKE '%{term}%'")
    return cursor.fetchall()
'''
VIEWS_SEARCH = '''

@app.route("/search")
def search():
    return {"results": db.search_products(request.args["q"])}
'''
SINK_CODE = "cursor.execute(f\"SELECT * FROM products WHERE name LIKE '%{term}%'\")"
SOURCE_CODE = 'return {"results": db.search_products(request.args["q"])}'


class Repo:
    """A scratch repository with helpers to write files, run git, and run pillarscan inside it."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, data: bytes | None = None) -> str:
        proc = subprocess.run(["git", *args], cwd=self.root, input=data, capture_output=True,
                              env={**os.environ, **GIT_ENV}, check=True)
        return proc.stdout.decode()

    def write(self, path: str, text: str | bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")

    def append(self, path: str, text: str) -> None:
        self.write(path, (self.root / path).read_text(encoding="utf-8") + text)

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def line_of(self, path: str, code: str, rev: str = "HEAD") -> int:
        """The line of ``code`` in ``path`` as committed at ``rev``."""
        lines = self.git("show", f"{rev}:{path}").splitlines()
        return next(i for i, line in enumerate(lines, 1) if code in line)

    def review(self, *args: str, capsys, monkeypatch, cwd: Path | None = None) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd or self.root)
        code = main(["review", *args])
        out, err = capsys.readouterr()
        return code, out, err

    def review_json(self, *args: str, capsys, monkeypatch) -> tuple[int, dict]:
        code, out, err = self.review(*args, "--format", "json", capsys=capsys, monkeypatch=monkeypatch)
        assert code in (0, 1), err
        report = json.loads(out)
        validate_report(report)  # every review's JSON is checked against the published report schema
        return code, report

    def review_subprocess(self, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pillarscan", "review", *args], cwd=self.root, input=data,
                              capture_output=True, env={**os.environ, **GIT_ENV})


def validate_report(report: dict) -> None:
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("pillarscan.reports").joinpath("report-schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    assert "change" in report


def shop_repo(root: Path) -> Repo:
    """main: the shop with its three pre-existing findings; then one commit adding the search flow."""
    repo = Repo(root)
    repo.write("shop/__init__.py", "")
    repo.write("shop/db.py", DB)
    repo.write("shop/views.py", VIEWS)
    repo.write("README.md", "# shop\n")
    repo.commit("shop")
    repo.append("shop/db.py", DB_SEARCH)
    repo.append("shop/views.py", VIEWS_SEARCH)
    repo.write("README.md", "# shop\n\nNow with search.\n")
    repo.commit("search products")
    return repo
