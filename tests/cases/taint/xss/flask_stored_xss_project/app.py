"""Stored XSS: rows read back from the database rendered raw (SQLAlchemy models and a DB-API cursor)."""

import sqlite3

from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    body = db.Column(db.Text)


@app.route("/post/<int:post_id>")
def show_post(post_id):
    post = Post.query.get_or_404(post_id)
    return render_template("post.html", post=post)


@app.route("/guestbook")
def guestbook():
    cursor = sqlite3.connect("guestbook.db").cursor()
    cursor.execute("SELECT author, message FROM entries ORDER BY id DESC LIMIT 1")
    latest = cursor.fetchone()
    total = cursor.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    return render_template("guestbook.html", latest=latest, total=total)
