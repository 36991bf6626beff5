"""url_for() builds an in-app URL; user data only fills a route variable, so the target stays on this site."""

from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/find")
def find():
    return redirect(url_for("product", slug=request.args.get("slug", "")))


@app.route("/products/<slug>")
def product(slug):
    return "product page"
