"""A compiled lxml XPath object built from a user name taken from the query string."""

from django.http import JsonResponse
from django.views import View
from lxml import etree

USERS = etree.parse("/srv/app/users.xml")


class UserRoleView(View):
    def get(self, request):
        name = request.GET["name"]
        find_roles = etree.XPath(f"//user[@name='{name}']/role/text()")  # expect: CWE-643
        return JsonResponse({"roles": [str(r) for r in find_roles(USERS)]})
