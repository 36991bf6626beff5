"""A class of a sibling module whose methods share str's names (find, replace): they are its own methods."""
from flask import Flask, request

from catalog import Catalog

app = Flask(__name__)


@app.route("/search")
def search():
    books = Catalog("books.db")
    return str(books.find(request.args["q"]))


@app.route("/position")
def position():
    title = "The Pillars of the Earth"
    return str(title.find(request.args["q"]))  # a real str.find: an index, nothing reaches SQL


@app.route("/rename")
def rename():
    books = Catalog("books.db")
    books.replace("draft", "final")  # constants only
    return "ok"
