"""Layout editor: a Jinja2 Environment compiles the layout text posted to a Django view."""

from django.http import JsonResponse
from django.views import View
from jinja2 import Environment, select_autoescape

env = Environment(autoescape=select_autoescape())


class LayoutPreviewView(View):
    def post(self, request):
        layout = request.POST["layout"]
        rendered = env.from_string(layout).render(title="Preview")  # expect: CWE-1336
        return JsonResponse({"html": rendered})
