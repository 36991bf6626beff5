"""Bookmarks service."""
import os

from flask import Flask, jsonify, redirect, render_template, request

from bookmarks.models import Bookmark, db

app = Flask(__name__)
EXPORT_DIR = "exports"


@app.route("/bookmarks/<int:bookmark_id>/delete")
def delete_bookmark(bookmark_id):
    bookmark = Bookmark.query.get_or_404(bookmark_id)
    db.session.delete(bookmark)  # expect: CWE-650
    db.session.commit()
    return redirect("/bookmarks")


@app.get("/exports/<int:export_id>/purge")
def purge_export(export_id):
    os.remove(os.path.join(EXPORT_DIR, "latest.csv"))  # expect: CWE-650
    return jsonify(ok=True)


@app.route("/bookmarks/clear", methods=["GET", "POST"])
def clear_bookmarks():
    Bookmark.query.filter_by(archived=True).delete()  # expect: CWE-650
    db.session.commit()
    return jsonify(ok=True)


@app.route("/bookmarks/<int:bookmark_id>/remove", methods=["POST"])
def remove_bookmark(bookmark_id):
    db.session.delete(Bookmark.query.get_or_404(bookmark_id))
    db.session.commit()
    return jsonify(ok=True)


@app.route("/bookmarks/new", methods=["GET", "POST"])
def new_bookmark():
    if request.method == "POST":
        db.session.add(Bookmark(url=request.form["url"]))
        db.session.commit()
        return redirect("/bookmarks")
    return render_template("new.html")


@app.route("/bookmarks")
def list_bookmarks():
    counts = {}
    counts.update(total=Bookmark.query.count())
    return jsonify(counts)
