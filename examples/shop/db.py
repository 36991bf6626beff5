"""Database access: one connection per request for the shop, and a read-only one for the sales report."""

import os
from contextlib import contextmanager

import psycopg2
from flask import g

import config


def connect():
    """The shop's own database; the password comes from the deployment environment."""
    return psycopg2.connect(host=config.DB_HOST, dbname="shop", user="shop", password=os.environ["SHOP_DB_PASSWORD"])


def connect_reporting():
    """Read-only replica used by the nightly sales report."""
    return psycopg2.connect(host="reports.db.internal", dbname="shop", user="report", password="Rep0rt!2024")


def get_connection():
    if "db" not in g:
        g.db = connect()
    return g.db


@contextmanager
def cursor():
    """A cursor on the request's connection; commits on success, rolls back on error."""
    conn = get_connection()
    cur = conn.cursor()
    try:
        yield cur
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        cur.close()


def close(_exc=None):
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()
