"""Bottle's own redirect and template functions: a target or template source taken from the request."""
from bottle import redirect, request, route, template


@route("/go")
def go():
    redirect(request.query.get("next"))  # expect: CWE-601


@route("/hello")
def hello():
    greeting = "<p>Hello {{name}}</p>" + request.query.get("footer", "")
    return template(greeting, name="guest")  # expect: CWE-1336


@route("/home")
def home():
    redirect("/dashboard")


@route("/page")
def page():
    return template("page", title=request.query.get("title", ""))
