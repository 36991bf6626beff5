"""The python-ldap group check with ldap.filter.escape_filter_chars() applied first."""

import os

import ldap
import ldap.filter
from django.http import JsonResponse
from django.views import View


class GroupMembersView(View):
    def get(self, request):
        group = ldap.filter.escape_filter_chars(request.GET["group"])
        conn = ldap.initialize(os.environ["LDAP_URL"])
        try:
            conn.simple_bind_s(os.environ["LDAP_BIND_DN"], os.environ["LDAP_BIND_PASSWORD"])
            results = conn.search_s("ou=groups,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(cn=%s)" % group, ["member"])
        finally:
            conn.unbind_s()
        return JsonResponse({"groups": len(results)})
