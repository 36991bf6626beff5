"""A signature check over one value does not vouch for another: the body unpickled here is not the one signed."""

import base64
import hashlib
import hmac
import os
import pickle

from flask import Flask, abort, request

app = Flask(__name__)
SIGNING_KEY = os.environ["JOB_SIGNING_KEY"].encode()


@app.post("/jobs/resume")
def resume():
    token = request.form["token"]
    body = base64.b64decode(request.form["state"])
    if not hmac.compare_digest(request.form["sig"], hmac.new(SIGNING_KEY, token.encode(), hashlib.sha256).hexdigest()):
        abort(400)
    state = pickle.loads(body)  # expect: CWE-502
    return {"resumed": state["job_id"]}
