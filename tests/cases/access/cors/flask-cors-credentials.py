"""flask-cors with its default origins ('*', which it answers by echoing the caller's Origin) and credentials on."""

from flask import Flask, jsonify, session
from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(app, supports_credentials=True)  # expect: CWE-942


@app.route("/api/me")
@cross_origin(origins="*", supports_credentials=True)  # expect: CWE-942
def me():
    return jsonify(user=session.get("user_id"))


@app.route("/api/public")
@cross_origin()
def public():
    return jsonify(status="ok")
