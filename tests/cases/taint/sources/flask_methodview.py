"""Flask class-based views (MethodView): request data and URL variables reach the verb methods."""

import os
import sqlite3
from contextlib import closing

from flask import Flask, jsonify, request
from flask.views import MethodView

app = Flask(__name__)
AVATARS = "/srv/app/avatars"


class UserAPI(MethodView):
    def get(self, username):
        with open(os.path.join(AVATARS, username + ".png"), "rb") as fh:  # expect: CWE-22
            size = len(fh.read())
        return jsonify(avatar_bytes=size)

    def post(self):
        role = request.form.get("role", "member")
        with closing(sqlite3.connect("users.db")) as conn:
            rows = conn.execute(f"SELECT id FROM users WHERE role = '{role}'").fetchall()  # expect: CWE-89
        return jsonify(rows=rows)


user_view = UserAPI.as_view("users")
app.add_url_rule("/users/<username>", view_func=user_view, methods=["GET"])
app.add_url_rule("/users", view_func=user_view, methods=["POST"])
