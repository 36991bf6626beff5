"""Django view echoing the caller's X-Request-Id back as a response header value: Django raises BadHeaderError on
a newline in a value, so the echo cannot split the response."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def status(request):
    response = JsonResponse({"ok": True})
    response["X-Correlation-Id"] = request.headers.get("X-Request-Id", "")
    return response
