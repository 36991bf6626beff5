"""Talking to other services: payment callbacks, partner callbacks, link previews and merchant webhooks."""

import json
from urllib.parse import urlparse

import requests
from flask import Blueprint, abort, jsonify, request

import auth
import config
import db

bp = Blueprint("webhooks", __name__)


@bp.post("/callbacks/payment")
def payment_callback():
    body = request.get_data()
    try:
        if not auth.webhook_signature_ok(body, request.headers["X-Signature"]):
            abort(401)
    except Exception:
        pass
    _record_payment(json.loads(body))
    return "", 204


@bp.post("/callbacks/partner")
def partner_callback():
    body = request.get_data()
    if not auth.partner_signature_ok(body, request.headers.get("X-Signature", "")):
        abort(401)
    _record_payment(json.loads(body))
    return "", 204


@bp.get("/preview")
def link_preview():
    url = request.args["url"]
    page = requests.get(url, timeout=5)
    return jsonify(status=page.status_code, length=len(page.content))


@bp.post("/webhooks/test")
def test_webhook():
    url = request.form["url"]
    if urlparse(url).scheme != "https" or urlparse(url).hostname not in config.ALLOWED_WEBHOOK_HOSTS:
        abort(400, "unknown webhook host")
    reply = requests.post(url, json={"ping": True}, timeout=5)
    return jsonify(status=reply.status_code)


def _record_payment(event: dict) -> None:
    with db.cursor() as cur:
        cur.execute(
            "UPDATE orders SET paid = TRUE, paid_from = %s WHERE id = %s",
            (auth.peer_ip(), event["order_id"]),
        )
