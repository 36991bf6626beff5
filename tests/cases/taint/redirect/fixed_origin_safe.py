"""Redirects whose scheme and host are fixed in code: the user's value only fills a path segment below a fixed
prefix, or the query string after a trusted base. None of them can send the browser to another site."""

from django.conf import settings
from django.shortcuts import redirect
from flask import Flask, request
from flask import redirect as flask_redirect

app = Flask(__name__)


def project_files(request, project_id):
    return redirect("/projects/" + project_id + "/files/")


def edit_user(request):
    return redirect("/users/%s/edit" % request.GET["id"])


def search_again(request):
    base = settings.SEARCH_URL
    return redirect("%s?%s" % (base, request.META.get("QUERY_STRING", "")))


def search_page(request):
    return redirect(settings.SEARCH_URL + "?q=" + request.GET["q"])


@app.route("/continue")
def continue_search():
    return flask_redirect(f"{app.config['SEARCH_URL']}?q={request.args['q']}")


@app.route("/fragment")
def fragment():
    return flask_redirect("#" + request.args["section"])
