"""Records selected by their owner where the owner is the caller, or a field of a record the app loaded itself."""
import graphene
from flask import Flask, jsonify, request, session
from flask_login import current_user

from billing.models import Comment, Invoice, Settings, User, db
from billing.schema import SettingsObject

app = Flask(__name__)


class Query(graphene.ObjectType):
    settings = graphene.Field(SettingsObject)

    @staticmethod
    def resolve_settings(root, info):
        query = SettingsObject.get_query(info=info)
        return query.filter(Settings.user == info.context.user.id).first()


@app.route("/invoices")
def invoices():
    rows = Invoice.query.filter_by(owner_id=current_user.id).all()
    return jsonify([row.as_dict() for row in rows])


@app.route("/account/settings")
def account_settings():
    user = db.session.query(User).filter_by(uuid=session["uid"]).first()
    settings = db.session.query(Settings).filter_by(user=user.uuid).first()
    return jsonify(settings.as_dict())


@app.route("/comments")
def comments_by_author():
    rows = Comment.query.filter_by(author=request.args["author"]).all()
    return jsonify([row.as_dict() for row in rows])
