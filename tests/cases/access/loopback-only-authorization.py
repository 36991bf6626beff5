"""Admin endpoints that let in whoever connects from this machine: behind nginx, that is everyone."""

from django.http import HttpResponseForbidden, JsonResponse
from fastapi import APIRouter, HTTPException, Request
from flask import Flask, abort, request

app = Flask(__name__)
router = APIRouter()


@app.route("/internal/flush", methods=["POST"])
def flush_cache():
    if request.remote_addr != "127.0.0.1":  # expect: CWE-291
        abort(403)
    return {"flushed": True}


@router.get("/ops/status")
def ops_status(request: Request):
    client_host = request.client.host
    if client_host not in ("127.0.0.1", "::1"):  # expect: CWE-291
        raise HTTPException(status_code=403)
    return {"queue": 3, "workers": 2}


def metrics(request):
    if request.META.get("REMOTE_ADDR") == "127.0.0.1":  # expect: CWE-291
        return JsonResponse({"users": 42})
    return HttpResponseForbidden()
