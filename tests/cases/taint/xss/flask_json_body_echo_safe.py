"""An API that echoes its JSON body: Flask parses ``request.json`` / ``get_json()`` only for a request whose
Content-Type is JSON, which a page on another site cannot make a victim's browser send without this site's CORS
consent, so the echo is no reflected XSS (the caller only attacks their own browser)."""

from flask import Flask, request

app = Flask(__name__)


@app.post("/api/echo")
def echo():
    return request.get_json()


@app.post("/api/greet")
def greet():
    body = request.json
    return "<p>Hello %s</p>" % body["name"]


@app.post("/api/preview")
def preview():
    payload = request.get_json(silent=True) or {}
    return f"<h1>{payload.get('title', '')}</h1>"
