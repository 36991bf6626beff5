"""Comments that talk about guards, and guards that are on."""
from fastapi import APIRouter, Depends
from flask import Flask, jsonify
from flask_login import login_required

from shop.auth import get_current_user, require_roles

app = Flask(__name__)
router = APIRouter()


# Exports need a logged-in user: @login_required below.
@app.route("/reports/export")
@login_required
def export_reports():
    return jsonify(rows=[])


# @login_required was dropped on purpose: the status page is public.
@app.route("/status")
def status():
    return jsonify(ok=True)


@router.delete("/menu/{item_id}")
def delete_menu_item(
    item_id: int,
    # the role check below replaced the old user dependency
    # user=Depends(get_current_user),
    auth=Depends(require_roles(["chef"])),
):
    return None
