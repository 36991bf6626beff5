"""Parameters of plain functions are not sources: here only constants ever reach them."""

import sqlite3
from contextlib import closing

import click
from flask import Flask

app = Flask(__name__)


def rebuild_index(conn, table):
    conn.execute(f"REINDEX {table}")


@app.cli.command("reindex")
def reindex_command():
    with closing(sqlite3.connect("shop.db")) as conn:
        for table in ("products", "categories"):
            rebuild_index(conn, table)
    click.echo("reindexed")
