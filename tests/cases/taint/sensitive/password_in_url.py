"""A password put in a URL's query string (CWE-598): requests, urllib and redirects."""

import urllib.request

import requests
from flask import Flask, redirect, request

app = Flask(__name__)


def sync(username, password):
    requests.get(f"https://legacy.example.com/api?user={username}&password={password}", timeout=10)  # expect: CWE-598
    requests.get("https://legacy.example.com/api", params={"user": username, "pwd": password}, timeout=10)  # expect: CWE-598
    urllib.request.urlopen("https://legacy.example.com/login?pw=" + password, timeout=10)  # expect: CWE-598


@app.route("/sso", methods=["POST"])
def sso():
    password = request.form["password"]
    return redirect(f"https://partner.example.com/login?password={password}")  # expect: CWE-598
