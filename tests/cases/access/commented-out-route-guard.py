"""Guards switched off while debugging and never switched back on."""
from fastapi import APIRouter, Depends
from flask import Flask, jsonify
from flask_login import login_required

from shop.auth import get_current_user, require_roles
from shop.db import get_db

app = Flask(__name__)
router = APIRouter()


# @login_required  # expect: CWE-306
@app.route("/reports/export")
def export_reports():
    return jsonify(rows=[])


@router.delete("/menu/{item_id}")
def delete_menu_item(
    item_id: int,
    user=Depends(get_current_user),
    db=Depends(get_db),
    # auth=Depends(require_roles(["chef"])),  # expect: CWE-862
):
    db.delete(item_id)
