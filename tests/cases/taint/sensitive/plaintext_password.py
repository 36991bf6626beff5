"""Passwords written to the database as typed (CWE-256): an SQL INSERT or UPDATE, a model row, a Django manager."""

import hashlib
import sqlite3

from django.contrib.auth.models import User
from flask import Flask, request

from shop.models import Account

app = Flask(__name__)


def add_user(db: sqlite3.Connection, username, password):
    db.execute("INSERT INTO users (username, password) VALUES (?, ?)", (username, password))  # expect: CWE-256


@app.route("/register", methods=["POST"])
def register():
    pw = request.form["password"]
    Account(name=request.form["username"], password=pw)  # expect: CWE-256
    User.objects.create(username=request.form["username"], password=pw)  # expect: CWE-256
    return "ok"


def change_password(db, user_id, new_password):
    db.execute("UPDATE users SET password = ? WHERE id = ?", (new_password, user_id))  # expect: CWE-256


def add_user_md5(db: sqlite3.Connection, username, password):
    # a weak hash is weak-hash's finding (one per defect): the password is not stored as typed
    db.execute("INSERT INTO users (username, password) VALUES (?, ?)",
               (username, hashlib.md5(password.encode()).hexdigest()))  # expect: CWE-328
