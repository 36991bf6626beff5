"""A search page served to an AngularJS front end: the query is escaped by Jinja, but the page is compiled by
Angular, so ``{{constructor.constructor('alert(1)')()}}`` in it runs in the browser. The results page passes
the same value as JSON, which Angular does not compile."""

from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/search")
def search():
    return render_template("search.html", term=request.args.get("q", ""))


@app.route("/results")
def results():
    return render_template("results.html", term=request.args.get("q", ""), count=3)
