"""The same Django searches with the user's value passed as query parameters: nothing to report."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from shop.models import Product


@require_GET
def search(request):
    term = request.GET.get("q", "")
    products = Product.objects.raw("SELECT * FROM shop_product WHERE name = %s", [term])
    return JsonResponse({"ids": [p.pk for p in products]})


@require_GET
def stock(request):
    sku = request.GET.get("sku", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT quantity FROM shop_stock WHERE sku = %s", [sku])
        row = cursor.fetchone()
    return JsonResponse({"quantity": row[0] if row else 0})
