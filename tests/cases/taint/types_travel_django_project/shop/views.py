from django.http import HttpResponse
from django.views import View

from . import search


def results(request):
    return HttpResponse(search.run(request))


class Export(View):
    def get(self, request):
        search.export(self.request)
        search.who(request)
        return HttpResponse("ok")
