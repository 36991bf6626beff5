"""Look-alikes: the role comes from the server's own records, the request only names what is asked for."""
import jwt
from flask import Flask, abort, g, request, session

app = Flask(__name__)
KEY = open("/run/secrets/jwt").read()


def is_admin(user):
    return user.role == "admin"


@app.route("/admin/users", methods=["POST"])
def create_user():
    if session.get("role") != "admin":
        abort(403)
    return "created"


@app.route("/register", methods=["POST"])
def register():
    role = request.form.get("role", "reader")
    if role == "admin":  # a registration asking for admin is refused: the request is data, not a claim
        abort(400)
    return "welcome"


@app.route("/billing")
def billing():
    token = request.headers["Authorization"].split()[1]
    claims = jwt.decode(token, KEY, algorithms=["HS256"])
    if claims.get("role") == "admin":
        return "all invoices"
    return "your invoices"


@app.route("/theme")
def theme():
    if request.cookies.get("theme") == "dark":
        return "dark"
    if "role" in request.args:
        return "filter by role"
    if request.headers.get("X-Requested-With") is None:
        return "plain"
    return "light"


@app.route("/users")
def users():
    wanted = request.args.get("role")
    if wanted:
        return "users with that role"
    return "all users"
