"""Records selected by whose they are, with the owner named by the client: a GraphQL resolver and Flask routes."""
import graphene
from flask import Flask, jsonify, request

from billing.models import Invoice, Settings, db
from billing.schema import SettingsObject

app = Flask(__name__)


class Query(graphene.ObjectType):
    settings = graphene.Field(SettingsObject, user=graphene.Int(required=True))

    @staticmethod
    def resolve_settings(root, info, user):
        query = SettingsObject.get_query(info=info)
        return query.filter(Settings.user == user).first()  # expect: CWE-639


@app.route("/invoices")
def invoices():
    owner = request.args["owner_id"]
    rows = Invoice.query.filter_by(owner_id=owner).all()  # expect: CWE-639
    return jsonify([row.as_dict() for row in rows])
