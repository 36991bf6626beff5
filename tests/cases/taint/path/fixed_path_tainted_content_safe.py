"""Writing user data *into* a fixed file is not path traversal: the path is constant."""

from flask import Flask, jsonify, request

app = Flask(__name__)
FEEDBACK_LOG = "/srv/app/feedback.txt"


@app.route("/feedback", methods=["POST"])
def feedback():
    with open(FEEDBACK_LOG, "a", encoding="utf-8") as fh:
        fh.write(request.form.get("text", "").replace("\n", " ") + "\n")
    return jsonify(received=True)
