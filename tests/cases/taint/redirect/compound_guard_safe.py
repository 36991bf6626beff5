"""Redirect targets checked inside compound conditions, with the URL passed by keyword: the check still holds on
the path that redirects, and a target that is empty redirects nowhere."""

from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def set_language(request):
    next_url = request.POST.get("next", request.GET.get("next"))
    if (next_url or request.accepts("text/html")) and not url_has_allowed_host_and_scheme(
        url=next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = request.META.get("HTTP_REFERER")
        if not url_has_allowed_host_and_scheme(url=next_url, allowed_hosts={request.get_host()}):
            next_url = "/"
    return HttpResponseRedirect(next_url) if next_url else HttpResponse(status=204)


def after_login(request):
    target = request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(url=target, allowed_hosts=None) and request.user.is_active:
        return HttpResponseRedirect(target)
    return HttpResponseRedirect("/")
