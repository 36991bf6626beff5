"""Notes app that remembers who you are in a cookie."""
from flask import Flask, make_response, render_template, request, session

from notes.store import load_notes, save_note

app = Flask(__name__)


@app.route("/notes")
def notes():
    if not session.get("logged_in"):
        return render_template("login.html")
    items = load_notes(request.cookies.get("userId"))  # expect: CWE-639
    return render_template("notes.html", notes=items)


@app.route("/notes/new", methods=["POST"])
def new_note():
    owner = request.cookies["user_id"]  # expect: CWE-639
    save_note(owner, request.form["text"])
    return "saved"


@app.route("/theme")
def theme():
    resp = make_response(render_template("theme.html", theme=request.cookies.get("theme")))
    return resp


@app.route("/mine")
def mine():
    return render_template("notes.html", notes=load_notes(session["user_id"]))
