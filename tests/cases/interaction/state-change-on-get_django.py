"""Django views of the newsletter app."""
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_POST, require_safe

from newsletter.models import Subscriber


@require_GET
def unsubscribe(request, token):
    Subscriber.objects.filter(token=token).delete()  # expect: CWE-650
    return HttpResponse("bye")


@require_safe
def confirm(request, token):
    subscriber = Subscriber.objects.get(token=token)
    subscriber.confirmed = True
    subscriber.save()  # expect: CWE-650
    return HttpResponse("confirmed")


@require_POST
def unsubscribe_form(request, token):
    Subscriber.objects.filter(token=token).delete()
    return HttpResponse("bye")


@require_GET
def status(request, token):
    return JsonResponse({"confirmed": Subscriber.objects.filter(token=token, confirmed=True).exists()})
