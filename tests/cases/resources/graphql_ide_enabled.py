"""A GraphQL API that serves the GraphiQL IDE to everyone, and a Strawberry router with its IDE on."""

import graphene
from flask import Flask
from flask_graphql import GraphQLView
from strawberry.fastapi import GraphQLRouter


class Query(graphene.ObjectType):
    hello = graphene.String()


app = Flask(__name__)
app.add_url_rule(
    "/graphql",
    view_func=GraphQLView.as_view("graphql", schema=graphene.Schema(query=Query), graphiql=True),  # expect: CWE-200
)

router = GraphQLRouter(schema=None, graphql_ide="graphiql")  # expect: CWE-200

app.add_url_rule(
    "/graphql/v2",
    view_func=GraphQLView.as_view(  # expect: CWE-200 (reported at the view, not at its graphiql switch)
        "graphql_v2",
        schema=graphene.Schema(query=Query),
        graphiql=True,
    ),
)
