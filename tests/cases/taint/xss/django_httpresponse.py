"""A Django class-based view echoing the search term into an HttpResponse."""

from django.http import HttpResponse
from django.views import View


class SearchView(View):
    def get(self, request):
        query = request.GET.get("q", "")
        return HttpResponse(f"<p>No results for {query}</p>")  # expect: CWE-79
