"""Filtering and ranking with QuerySet.extra() and RawSQL(): both take SQL text, here built from the request."""

from django.db.models.expressions import RawSQL
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from shop.models import Product


@require_GET
def by_category(request):
    category = request.GET["category"]
    products = Product.objects.extra(where=[f"category = '{category}'"])  # expect: CWE-89
    return JsonResponse({"ids": [p.pk for p in products]})


@require_GET
def ranked(request):
    weight = request.GET.get("weight", "1")
    products = Product.objects.annotate(score=RawSQL("SELECT price * " + weight, []))  # expect: CWE-89
    return JsonResponse({"ids": [p.pk for p in products.order_by("-score")]})
