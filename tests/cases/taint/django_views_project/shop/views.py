"""Plain function views in a `views` module: no decorator, yet `request` and URL kwargs are user input."""

from django.http import HttpResponse, JsonResponse

from .models import Product


def search(request):
    term = request.GET.get("q", "")
    products = Product.objects.raw(f"SELECT * FROM shop_product WHERE name = '{term}'")  # expect: CWE-89
    return JsonResponse({"ids": [p.pk for p in products]})


def category(request, slug):
    products = Product.objects.extra(where=["category = '" + slug + "'"])  # expect: CWE-89
    return JsonResponse({"ids": [p.pk for p in products]})


def health(request):
    return HttpResponse("ok")
