"""Redirects to the canonical URL of an object the id in the query string picks: the id only chooses which
stored row (or which registered model) is loaded; the URL comes from the application's code and data."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseRedirect
from django.views.decorators.http import require_GET


@require_GET
def shortcut(request):
    content_type = ContentType.objects.get_for_id(int(request.GET["ct"]))
    obj = content_type.get_object_for_this_type(pk=request.GET["id"])
    return HttpResponseRedirect(obj.get_absolute_url())


@require_GET
def model_index(request):
    model = apps.get_model(request.GET["app"], request.GET["model"])
    return HttpResponseRedirect(model.index_url)
