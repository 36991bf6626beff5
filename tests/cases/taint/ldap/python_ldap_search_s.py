"""Group membership check with python-ldap: the group name is %-formatted into the filter."""

import os

import ldap
from django.http import JsonResponse
from django.views import View


class GroupMembersView(View):
    def get(self, request):
        group = request.GET["group"]
        conn = ldap.initialize(os.environ["LDAP_URL"])
        try:
            conn.simple_bind_s(os.environ["LDAP_BIND_DN"], os.environ["LDAP_BIND_PASSWORD"])
            results = conn.search_s("ou=groups,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(cn=%s)" % group, ["member"])  # expect: CWE-90
        finally:
            conn.unbind_s()
        return JsonResponse({"groups": len(results)})
