"""Security headers whose literal value switches their protection off: a CSP that lets inline or any-origin
scripts run, HSTS with max-age=0. A nonce-based policy and a real HSTS max-age are fine."""

from flask import Flask, make_response

app = Flask(__name__)


@app.after_request
def security_headers(response):
    response.headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'"  # expect: CWE-693
    response.headers["Strict-Transport-Security"] = "max-age=0"  # expect: CWE-319
    return response


@app.route("/widget")
def widget():
    response = make_response("<div id=w></div>")
    response.headers.set("Content-Security-Policy", "default-src *")  # expect: CWE-693
    return response


@app.route("/report")
def report():
    response = make_response("ok")
    response.headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'nonce-r4nd0m' 'unsafe-inline'"
    response.headers["Content-Security-Policy-Report-Only"] = "script-src 'unsafe-eval'"
    response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    response.headers["X-XSS-Protection"] = "0"
    return response
