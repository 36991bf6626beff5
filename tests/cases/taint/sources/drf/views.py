"""Django REST framework views: request.data, query_params and self.kwargs are the client's."""

import subprocess

from django.db import connection
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ViewSet


class ExportView(APIView):
    def post(self, request):
        fmt = request.data.get("format", "csv")
        subprocess.run("export --format " + fmt, shell=True, check=True)  # expect: CWE-78
        return Response({"queued": True})


class ArticleViewSet(ViewSet):
    def list(self, request):
        order = request.query_params.get("order", "id")
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM articles ORDER BY " + order)  # expect: CWE-89
            return Response(cursor.fetchall())

    def retrieve(self, request, pk=None):
        slug = self.kwargs["slug"]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM articles WHERE slug = '{slug}'")  # expect: CWE-89
            return Response(cursor.fetchone())
