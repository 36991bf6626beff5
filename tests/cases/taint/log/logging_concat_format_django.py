"""Django upload view logging the client's file name via concatenation and str.format()."""

import logging

from django.http import JsonResponse
from django.views.decorators.http import require_POST

logger = logging.getLogger(__name__)
ACCEPTED = (".csv", ".xlsx")


@require_POST
def upload_sheet(request):
    filename = request.POST.get("filename", "")
    if not filename.endswith(ACCEPTED):
        logging.warning("rejected upload " + filename)  # expect: CWE-117
        return JsonResponse({"accepted": False}, status=400)
    logger.error("conversion not implemented for {}".format(filename))  # expect: CWE-117
    return JsonResponse({"accepted": True})
