"""Django views redirecting to a URL taken straight from the query string."""

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.views.decorators.http import require_GET


@require_GET
def continue_to(request):
    return HttpResponseRedirect(request.GET["next"])  # expect: CWE-601


@require_GET
def after_signup(request):
    destination = request.GET.get("then", "/welcome/")
    return redirect(destination)  # expect: CWE-601
