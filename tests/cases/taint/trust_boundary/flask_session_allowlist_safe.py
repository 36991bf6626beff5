"""Values checked against an allow-list or converted with int()/bool() before they enter the session."""

from flask import Flask, abort, jsonify, request, session

app = Flask(__name__)
THEMES = {"light", "dark", "high-contrast"}


@app.route("/preferences", methods=["POST"])
def save_preferences():
    theme = request.form.get("theme", "light")
    if theme not in THEMES:
        abort(400)
    session["theme"] = theme
    session["page_size"] = int(request.form.get("page_size", "20"))
    session["compact"] = bool(request.form.get("compact"))
    return jsonify(saved=True)
