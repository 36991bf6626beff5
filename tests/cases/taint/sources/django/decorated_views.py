"""Views marked by a view decorator are views wherever they live; their URL arguments are input."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def rename(request, table):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET name = %s", [request.POST.get("name", "")])  # expect: CWE-89
    return JsonResponse({"ok": True})
