"""CSRF checks turned off: csrf_exempt and WTF_CSRF_ENABLED=False flagged, test configs and protected views not."""

from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

WTF_CSRF_ENABLED = False  # expect: CWE-352


@csrf_exempt  # expect: CWE-352
def update_profile(request):
    request.user.profile.bio = request.POST.get("bio", "")
    request.user.profile.save()
    return JsonResponse({"ok": True})


@method_decorator(csrf_exempt, name="dispatch")  # expect: CWE-352
class TransferView(View):
    def post(self, request):
        return JsonResponse({"queued": True})


@csrf_protect
def change_email(request):
    return JsonResponse({"ok": True})


class TestingConfig:
    WTF_CSRF_ENABLED = False
