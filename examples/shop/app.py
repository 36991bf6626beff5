"""The shop service: a small Flask application selling things to people.

Run locally with `python app.py`; production runs `create_app()` under gunicorn behind one reverse proxy.
"""

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

import auth
import config
import db
from views import account, catalog, files, webhooks


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = config.SECRET_KEY
    app.config["SESSION_COOKIE_SECURE"] = True
    # Exactly one proxy sits in front of us; trust one X-Forwarded-For hop and no more.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)
    for module in (catalog, files, account, webhooks):
        app.register_blueprint(module.bp)

    @app.before_request
    def load_user():
        g.user = auth.current_user()

    app.teardown_appcontext(db.close)
    return app


if __name__ == "__main__":
    create_app().run(host="127.0.0.1", port=8000, debug=True)
