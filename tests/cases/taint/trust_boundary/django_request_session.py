"""Django checkout step keeping the posted gift note in request.session."""

from django.http import JsonResponse
from django.views import View


class GiftNoteView(View):
    def post(self, request):
        request.session["gift_note"] = request.POST.get("note", "")  # expect: CWE-501
        return JsonResponse({"saved": True})
