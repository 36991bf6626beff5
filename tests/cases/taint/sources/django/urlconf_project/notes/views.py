"""Views of the notes app, registered in urls.py; one helper that looks like a view but is not routed."""

from django.db import connection
from django.http import JsonResponse
from django.views import View


def _rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def note_detail(request, pk):
    rows = _rows(f"SELECT body FROM notes WHERE id = {pk}")
    return JsonResponse({"rows": rows})


def note_raw(request, slug):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM notes WHERE slug = '{slug}'")  # expect: CWE-89
        return JsonResponse({"rows": cursor.fetchall()})


def tag(request, tag_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM tags WHERE id = %s" % tag_id)
        return JsonResponse({"rows": cursor.fetchall()})


def author(request, author):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM notes WHERE author = '%s'" % author)  # expect: CWE-89
        return JsonResponse({"rows": cursor.fetchall()})


def export_table(request, table, columns="*"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table}")
        return JsonResponse({"rows": cursor.fetchall()})


class SearchView(View):
    def get(self, request):
        term = self.request.GET.get("q", "")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM notes WHERE body LIKE '%{term}%'")  # expect: CWE-89
            return JsonResponse({"rows": cursor.fetchall()})
