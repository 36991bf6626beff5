"""Admin actions decided on cookies, headers, flags and unverified tokens the client sends."""
import jwt
from flask import Flask, abort, request

app = Flask(__name__)


def is_admin(req):
    return "IsAdmin" in req.cookies and req.cookies["IsAdmin"] == "1"  # expect: CWE-565


@app.route("/admin/users", methods=["POST"])
def create_user():
    role = request.cookies.get("role")
    if role != "admin":  # expect: CWE-565
        abort(403)
    return "created"


@app.route("/articles/<int:pk>", methods=["DELETE"])
def delete_article(pk):
    if request.headers.get("X-Is-Admin") == "true":  # expect: CWE-290
        return "deleted"
    abort(403)


@app.route("/reports")
def reports():
    if request.args.get("is_admin"):  # expect: CWE-807
        return "all reports"
    return "your reports"


@app.route("/billing")
def billing():
    token = request.headers["Authorization"].split()[1]
    claims = jwt.decode(token, options={"verify_signature": False})  # expect: CWE-347
    if claims.get("role") == "admin":  # expect: CWE-807
        return "all invoices"
    return "your invoices"


@app.route("/staff")
def staff_page():
    user_type = request.headers.get("X-User-Type", "")
    if user_type.lower() == "staff":  # expect: CWE-290
        return "staff area"
    abort(403)
