"""Django webhook tester: requests.request() and a Session both send to a URL from the POST body."""

import requests
from django.http import JsonResponse
from django.views import View


class WebhookTestView(View):
    def post(self, request):
        target = request.POST["url"]
        method = "POST" if request.POST.get("with_body") else "GET"
        first = requests.request(method, target, timeout=5)  # expect: CWE-918
        with requests.Session() as session:
            second = session.get(target, timeout=5)  # expect: CWE-918
        return JsonResponse({"statuses": [first.status_code, second.status_code]})
