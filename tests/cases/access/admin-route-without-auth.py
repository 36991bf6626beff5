"""Admin views of the shop."""
from flask import Flask, jsonify
from flask_login import login_required

from shop.models import User, db

app = Flask(__name__)


@app.route("/admin/users/<int:user_id>/delete", methods=["POST"])  # expect: CWE-306
def admin_delete_user(user_id):
    db.session.delete(User.query.get_or_404(user_id))
    db.session.commit()
    return jsonify(ok=True)


@app.route("/admin/stats")
@login_required
def admin_stats():
    return jsonify(users=User.query.count())


@app.route("/internal/reindex", methods=["POST"])
def reindex():
    if not current_user_is_admin():
        return jsonify(error="forbidden"), 403
    return jsonify(ok=True)


@app.route("/administrators-guide")
def guide():
    return "read the docs"


def current_user_is_admin() -> bool:
    return False
