"""A Django view that lets the caller name a response header: Django checks header values for CR/LF, not what a
name taken from the request may carry."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def status(request):
    response = JsonResponse({"ok": True})
    response[request.GET.get("echo", "X-Echo")] = "1"  # expect: CWE-113
    return response
