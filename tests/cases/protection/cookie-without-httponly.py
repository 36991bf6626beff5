"""Cookies readable from JavaScript: httponly=False flagged, httponly=True not."""

from django.http import HttpResponse

SESSION_COOKIE_HTTPONLY = False  # expect: CWE-1004


def login_done(request):
    response = HttpResponse("welcome")
    response.set_cookie("sid", request.session.session_key, secure=True, httponly=False)  # expect: CWE-1004
    response.set_cookie("prefs", "compact", secure=True, httponly=True)
    return response


def remember_theme(request):
    response = HttpResponse("saved")
    response.set_cookie("theme", request.GET.get("theme", "light"), secure=True, httponly=False)
    return response
