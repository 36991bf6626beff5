"""Look-alikes: the password hashed before it is stored, Django's create_user (which hashes), the hash column of
a row, a password used only to look a row up, and an API client given its password."""

import sqlite3

import bcrypt
import paramiko
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from flask import Flask, request
from werkzeug.security import generate_password_hash

from shop.models import Account

app = Flask(__name__)


def add_user(db: sqlite3.Connection, username, password):
    hashed = generate_password_hash(password)
    db.execute("INSERT INTO users (username, password) VALUES (?, ?)", (username, hashed))
    db.execute("INSERT INTO audit (username, password_changed) VALUES (?, ?)", (username, True))
    db.execute("SELECT * FROM users WHERE username = ? AND password = ?", (username, password))


@app.route("/register", methods=["POST"])
def register():
    pw = request.form["password"]
    Account(name=request.form["username"], password=bcrypt.hashpw(pw.encode(), bcrypt.gensalt()))
    User.objects.create_user(username=request.form["username"], password=pw)
    User.objects.create(username=request.form["username"], password=make_password(pw))
    return "ok"


def connect(host, password):
    client = paramiko.SSHClient()
    client.connect(host, username="deploy", password=password)
    return client
