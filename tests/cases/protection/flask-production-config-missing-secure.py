"""config.py of a Flask app: the production class never sets SESSION_COOKIE_SECURE (Flask's default is False);
the staging class does, the testing class need not, and a class whose base lives elsewhere is not judged."""

import os

from myapp.shared import SharedConfig


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")


class ProductionConfig(Config):  # expect: CWE-614
    PREFERRED_URL_SCHEME = "https"


class StagingConfig(Config):
    SESSION_COOKIE_SECURE = True


class TestingConfig(Config):
    TESTING = True


class LiveConfig(SharedConfig):
    SERVER_NAME = "shop.example.com"
