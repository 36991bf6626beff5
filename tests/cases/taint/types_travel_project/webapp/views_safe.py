"""Views that hand the request to helpers which read only what the server sets, or hand on other objects."""
from flask import Flask, request

import audit_safe as audit
from audit_safe import Settings, log_method, wrap

app = Flask("safe")


@app.route("/m", methods=["GET", "POST"])
def m():
    log_method(request)  # reads rq.method and rq.is_secure() only
    return "ok"


@app.route("/s")
def s():
    audit.run_report(Settings())  # an object of the app's own, not a request: its .args are fixed
    return "ok"


@app.route("/w")
def w():
    ctx = wrap(request)
    return audit.show(ctx.label)  # another field of the holder, a constant



@app.route("/mirror")
def mirror():
    audit.mirror(request)
    return "ok"
