"""A document found with the client's name is the database's record: echoing it is not reflecting the client's
input (stored data reaches only the sinks that stored data can reach)."""

from flask import Flask, request
from pymongo import MongoClient

from store.collections import accounts

app = Flask(__name__)
profiles = MongoClient()["site"]["profiles"]


@app.route("/whois")
def whois():
    doc = profiles.find_one({"name": request.args.get("name", "")})
    return "<pre>%s</pre>" % doc


@app.route("/account")
def account():
    doc = accounts.find_one({"name": request.args.get("name", "")})
    return "<pre>%s</pre>" % doc
