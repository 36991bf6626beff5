"""Request hooks: the tenant named by a header is kept in ``g`` for the rest of the request."""
from flask import g, request

from app import app


@app.before_request
def load_tenant():
    g.tenant = request.headers.get("X-Tenant", "public")
    g.region = "eu-west-1"  # fixed by the code
