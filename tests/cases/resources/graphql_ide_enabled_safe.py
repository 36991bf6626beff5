"""The IDE only where the settings say this is development, and a router with it switched off."""

import os

import graphene
from flask import Flask
from flask_graphql import GraphQLView
from strawberry.fastapi import GraphQLRouter

DEBUG = os.environ.get("APP_DEBUG") == "1"


class Query(graphene.ObjectType):
    hello = graphene.String()


app = Flask(__name__)
app.add_url_rule(
    "/graphql",
    view_func=GraphQLView.as_view("graphql", schema=graphene.Schema(query=Query), graphiql=DEBUG),
)

router = GraphQLRouter(schema=None, graphql_ide=None)
