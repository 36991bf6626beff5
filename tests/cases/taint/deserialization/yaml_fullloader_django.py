"""Django import endpoint using yaml.FullLoader on the raw request body."""

import yaml
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def import_fixtures(request):
    fixtures = yaml.load(request.body, Loader=yaml.FullLoader)  # expect: CWE-502
    return JsonResponse({"count": len(fixtures)})
