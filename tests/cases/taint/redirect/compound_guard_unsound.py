"""Compound conditions that do not protect the redirect: the check is on the other side of an `or`, or it tests
a different value from the one used."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def either(request):
    target = request.GET["next"]
    if request.user.is_staff or url_has_allowed_host_and_scheme(url=target, allowed_hosts=None):
        return HttpResponseRedirect(target)  # expect: CWE-601
    return HttpResponseRedirect("/")


def other_value(request):
    target = request.GET["next"]
    fallback = request.GET.get("back", "/")
    if url_has_allowed_host_and_scheme(url=fallback, allowed_hosts=None) and target:
        return HttpResponseRedirect(target)  # expect: CWE-601
    return HttpResponseRedirect("/")
