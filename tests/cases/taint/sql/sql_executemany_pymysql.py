"""Bulk import into a table named by the JSON body: executemany() with the table name formatted in."""

import os
from contextlib import closing

import pymysql
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def bulk_import():
    payload = request.get_json()
    table = payload["table"]
    rows = [(item["name"], item["email"]) for item in payload["rows"]]
    settings = {"host": os.environ["DB_HOST"], "user": os.environ["DB_USER"], "password": os.environ["DB_PASSWORD"]}
    with closing(pymysql.connect(database="crm", **settings)) as conn:
        with conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {table} (name, email) VALUES (%s, %s)", rows)  # expect: CWE-89
        conn.commit()
    return jsonify(imported=len(rows))
