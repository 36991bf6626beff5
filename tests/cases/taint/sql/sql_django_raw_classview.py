"""Catalogue search in a class-based Django view: Manager.raw() receives %-formatted user input."""

from django.http import JsonResponse
from django.views import View

from shop.models import Product


class ProductSearchView(View):
    def get(self, request):
        term = request.GET.get("q", "")
        products = Product.objects.raw("SELECT * FROM shop_product WHERE name = '%s'" % term)  # expect: CWE-89
        return JsonResponse({"ids": [p.pk for p in products]})
