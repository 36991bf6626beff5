"""Django's request.META mixes what the client sends (HTTP_* headers, the query string) with what the server sets
(the peer address, the authenticated remote user, the server's own name). Only the first kind is untrusted."""

from django.db import connection
from django.http import HttpResponse


def audit(request):
    peer = request.META["REMOTE_ADDR"]
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit (peer) VALUES ('%s')" % peer)
    agent = request.META.get("HTTP_USER_AGENT", "")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit (agent) VALUES ('%s')" % agent)  # expect: CWE-89
    return HttpResponse("ok")


def whoami(request):
    user = request.META.get("REMOTE_USER", "anonymous")
    request.session["remote_user"] = user
    query = request.META["QUERY_STRING"]
    return HttpResponse("<p>%s %s</p>" % (request.META["SERVER_NAME"], query))  # expect: CWE-79
