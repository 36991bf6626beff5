"""Parameters of plain functions are not sources: here only constants ever reach them."""

import sqlite3

import click
from flask import Flask

app = Flask(__name__)


def rebuild_index(conn, table):
    conn.execute(f"REINDEX {table}")


@app.cli.command("reindex")
def reindex_command():
    conn = sqlite3.connect("shop.db")
    for table in ("products", "categories"):
        rebuild_index(conn, table)
    conn.close()
    click.echo("reindexed")
