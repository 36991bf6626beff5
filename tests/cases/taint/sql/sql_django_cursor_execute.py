"""A class-based view writing a note through Django's raw cursor with %-formatting of POST data."""

from django.db import connection
from django.http import JsonResponse
from django.views import View


class NoteView(View):
    def post(self, request, ticket_id):
        note = request.POST.get("note", "")
        with connection.cursor() as cursor:
            cursor.execute("UPDATE tickets SET note = '%s' WHERE id = %%s" % note, [ticket_id])  # expect: CWE-89
        return JsonResponse({"saved": True})
