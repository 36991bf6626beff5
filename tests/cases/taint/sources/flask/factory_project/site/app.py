"""Application factory: the views live in views.py and are registered here."""

from flask import Flask

from . import views


def create_app():
    app = Flask(__name__)
    app.add_url_rule("/pages/<name>", view_func=views.page)
    app.add_url_rule("/pages/<int:page_id>/raw", view_func=views.raw_page)
    return app
