"""Look-alikes: the framework's login rotates the session, or the view rotates it by hand."""
from django.contrib.auth import authenticate, login
from django.http import HttpResponse, HttpResponseForbidden
from django_ratelimit.decorators import ratelimit


@ratelimit(key="ip", rate="5/m")
def login_view(request):
    user = authenticate(request, username=request.POST.get("username"), password=request.POST.get("password"))
    if user is None:
        return HttpResponseForbidden()
    login(request, user)
    request.session["welcome_shown"] = False
    return HttpResponse("welcome")


def pin_view(request):
    if not request.user.check_password(request.POST.get("password")):
        return HttpResponseForbidden()
    request.session.cycle_key()
    request.session["sudo"] = True
    return HttpResponse("confirmed")
