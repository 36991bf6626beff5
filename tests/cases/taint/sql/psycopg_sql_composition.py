"""psycopg's ``sql`` module composes statements safely only when the client's text goes in as an Identifier or a
Literal; formatting it into the ``SQL(...)`` template first makes it SQL."""

import psycopg2
from psycopg2 import sql
from flask import Flask, request

app = Flask(__name__)
conn = psycopg2.connect("dbname=shop")


@app.route("/table")
def table_rows():
    with conn.cursor() as cur:
        query = sql.SQL("SELECT * FROM {} WHERE owner = %s").format(sql.Identifier(request.args["table"]))
        cur.execute(query, [request.args["owner"]])
        return {"rows": cur.fetchall()}


@app.route("/literal")
def literal_rows():
    with conn.cursor() as cur:
        query = sql.SQL("SELECT * FROM items WHERE name = {}").format(sql.Literal(request.args["name"]))
        cur.execute(query)
        return {"rows": cur.fetchall()}


@app.route("/raw")
def raw_rows():
    with conn.cursor() as cur:
        cur.execute(sql.SQL(f"SELECT * FROM items ORDER BY {request.args['sort']}"))  # expect: CWE-89
        return {"rows": cur.fetchall()}
