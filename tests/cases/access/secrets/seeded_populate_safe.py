"""Seeding done right, beside look-alikes that use an account instead of creating one."""
import os
import secrets

import psycopg2
from werkzeug.security import generate_password_hash

from app.models import User


def load_users(session):
    admin = User(username="admin", password=generate_password_hash(os.environ["ADMIN_PASSWORD"]))
    guest = User(username="guest", password=generate_password_hash(secrets.token_urlsafe(16)))
    session.add_all([admin, guest])


def seed(cur):
    rows = [("alice", generate_password_hash(os.environ["ALICE_PASSWORD"]))]
    cur.executemany("INSERT INTO users (username, password) VALUES (?, ?)", rows)
    cur.execute("INSERT INTO users (username, password) VALUES ('carol', 'pbkdf2:sha256:600000$abc$0123456789ab')")


def connect_replicas():
    primary = psycopg2.connect(host="db1", user="app", password=os.environ["DB_PASSWORD"])
    replica = psycopg2.connect(host="db2", user="app", password=os.environ["DB_PASSWORD"])
    return primary, replica


def profile(user):
    return {"username": user.username, "role": user.role, "password_set": True}
