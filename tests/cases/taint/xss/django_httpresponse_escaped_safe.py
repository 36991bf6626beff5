"""The Django search view with html.escape() around the echoed term."""

import html

from django.http import HttpResponse
from django.views import View


class SearchView(View):
    def get(self, request):
        query = html.escape(request.GET.get("q", ""))
        return HttpResponse(f"<p>No results for {query}</p>")
