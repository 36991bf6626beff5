"""ariadne resolvers: keyword arguments are the client's; the parent object and info are not."""

import os

from ariadne import QueryType

REPORTS = "/srv/reports"
query = QueryType()


@query.field("archive")
def resolve_archive(obj, info, path):
    with open(os.path.join(REPORTS, path)) as fh:  # expect: CWE-22
        return fh.read()


@query.field("owner")
def resolve_owner(obj, info):
    with open(os.path.join(REPORTS, obj.filename)) as fh:
        return fh.readline()
