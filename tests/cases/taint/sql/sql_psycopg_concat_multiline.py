"""Order listing on PostgreSQL: the status filter is concatenated, and the call spans several lines.

The finding belongs on the first line of the call.
"""

import os
from contextlib import closing

import psycopg2
from flask import Flask, jsonify, request

app = Flask(__name__)


def connect():
    return psycopg2.connect(os.environ["DATABASE_URL"])


@app.route("/orders", methods=["POST"])
def list_orders():
    status = request.form["status"]
    with closing(connect()) as conn:
        with conn.cursor() as cur:
            cur.execute(  # expect: CWE-89
                "SELECT id, total FROM orders WHERE status = '"
                + status
                + "' ORDER BY id"
            )
            rows = cur.fetchall()
    return jsonify(rows)
