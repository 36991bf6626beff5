"""graphene: resolver and mutation arguments are the client's."""

import sqlite3
import subprocess
from contextlib import closing

import graphene


class Query(graphene.ObjectType):
    user = graphene.String(name=graphene.String())

    def resolve_user(self, info, name):
        with closing(sqlite3.connect("app.db")) as conn:
            row = conn.execute(f"SELECT email FROM users WHERE name = '{name}'").fetchone()  # expect: CWE-89
        return row[0] if row else None


class Ping(graphene.Mutation):
    class Arguments:
        host = graphene.String()

    ok = graphene.Boolean()

    @staticmethod
    def mutate(root, info, host):
        subprocess.run("ping -c 1 " + host, shell=True, check=False)  # expect: CWE-78
        return Ping(ok=True)


schema = graphene.Schema(query=Query, mutation=graphene.ObjectType)
