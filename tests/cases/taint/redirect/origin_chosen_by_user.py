"""Redirects that look built but still let the user choose where the browser goes: a one-character prefix ("/")
lets "/evil.example" become the protocol-relative "//evil.example", a format that starts with the value, and a
query-looking suffix after a value the user controls."""

from django.shortcuts import redirect


def back(request):
    return redirect("/" + request.GET["to"])  # expect: CWE-601


def legacy(request):
    return redirect("/%s" % request.GET["path"])  # expect: CWE-601


def with_query(request):
    return redirect("%s?%s" % (request.GET["next"], "ref=mail"))  # expect: CWE-601


def appended(request):
    return redirect(request.GET["next"] + "?ref=mail")  # expect: CWE-601
