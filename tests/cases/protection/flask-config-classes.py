"""Flask configuration classes loaded with from_object: production classes that switch debug or the session
cookie flags off are flagged; development and testing classes are meant to be lax."""

from flask import Flask


class Config:
    SESSION_COOKIE_HTTPONLY = True
    WTF_CSRF_ENABLED = True


class ProductionConfig(Config):
    DEBUG = True  # expect: CWE-489
    SESSION_COOKIE_SECURE = False  # expect: CWE-614
    SESSION_COOKIE_HTTPONLY = False  # expect: CWE-1004


class DevelopmentConfig(Config):
    DEBUG = True
    SESSION_COOKIE_SECURE = False


class TestingConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False


def create_app(name):
    app = Flask(__name__)
    app.config.from_object(DevelopmentConfig if name == "dev" else ProductionConfig)
    app.config.update(dict(SECRET_KEY_FILE="/run/secrets/key", WTF_CSRF_ENABLED=False))  # expect: CWE-352
    return app
