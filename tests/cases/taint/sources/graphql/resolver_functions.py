"""GraphQL resolvers given to their fields by name (graphene's resolver=, strawberry.field(resolver=), ariadne's
set_field): their arguments after the parent object and info are the client's."""

import subprocess

import graphene
import strawberry
from ariadne import QueryType
from sqlalchemy import text

from pastebin.db import session


def resolve_pastes(root, info, title=None):
    return session.execute(text("SELECT * FROM pastes WHERE title = '%s'" % title)).fetchall()  # expect: CWE-89


class Query(graphene.ObjectType):
    pastes = graphene.List(graphene.String, title=graphene.String(), resolver=resolve_pastes)


def lookup(host: str) -> str:
    return subprocess.check_output("nslookup " + host, shell=True).decode()  # expect: CWE-78


@strawberry.type
class NetQuery:
    lookup: str = strawberry.field(resolver=lookup)


query = QueryType()


def resolve_ping(_, info, host):
    return subprocess.check_output(f"ping -c 1 {host}", shell=True).decode()  # expect: CWE-78


query.set_field("ping", resolve_ping)
