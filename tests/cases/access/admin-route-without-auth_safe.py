"""An admin blueprint guarded once for all its routes."""
from flask import Blueprint, abort, jsonify
from flask_login import current_user

admin = Blueprint("admin", __name__, url_prefix="/admin")


@admin.before_request
def only_admins():
    if not current_user.is_authenticated or not current_user.is_admin:
        abort(403)


@admin.route("/admin/flush", methods=["POST"])
def flush():
    return jsonify(ok=True)
