"""Django currency switch: only known currency codes reach request.session."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.views import View

CURRENCIES = ("EUR", "USD", "GBP")


class CurrencyView(View):
    def post(self, request):
        currency = request.POST.get("currency", "EUR")
        if currency not in CURRENCIES:
            return HttpResponseBadRequest("unknown currency")
        request.session["currency"] = currency
        return JsonResponse({"currency": currency})
