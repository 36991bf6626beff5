"""Hand-written logins that mark the visitor's existing server-side session as logged in."""
from django.contrib.auth.models import User
from django.http import HttpResponse, HttpResponseForbidden


def login_view(request):  # expect: CWE-307
    user = User.objects.filter(username=request.POST.get("username")).first()
    if user is None or not user.check_password(request.POST.get("password")):
        return HttpResponseForbidden()
    request.session["member"] = True  # expect: CWE-384
    return HttpResponse("welcome")
