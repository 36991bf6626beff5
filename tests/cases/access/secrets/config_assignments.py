"""Application factory: configuration keys set in code."""
import os

from flask import Flask

app = Flask(__name__)
app.secret_key = "9f8e7d6c5b4a3f2e"  # expect: CWE-798
app.config["SECRET_KEY"] = "kL9#mQ2$vX7!"  # expect: CWE-798
app.config.update(SECRET_KEY="b7Hq2Lp9Zx")  # expect: CWE-798
app.config["JWT_SECRET_KEY"] = "ghp_0123456789abcdefghijABCDEFGHIJ012345"  # expect: CWE-798
app.config["STRIPE_KEY"] = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"  # expect: CWE-798

app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
app.config.update(SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"])
app.config["SESSION_COOKIE_NAME"] = "session"
app.config["SECRET_KEY_ENV"] = "APP_SECRET_KEY"
AWS_SAMPLE = "AKIAIOSFODNN7EXAMPLE"
GITHUB_TEMPLATE = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

# enum-like constants that only spell their own names
CHANGE_PASSWORD = "changePassword"
UPDATING_PASSWORD = "updating_password"


def secret_mode(secret_security: str) -> bool:
    return secret_security != "host"


app.config["SECRET_KEY"] = "secret"  # expect: CWE-798
POSTGRES_PASSWORD = os.getenv("POSTGRES_PASSWORD", "password")  # expect: CWE-798
MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
DEBUG = os.getenv("DEBUG", "false")
FERNET_KEY = b"8fofGbsrUJuj9P9Za9lVZhjVEzZohhiu4cfSWc5cgLo="  # expect: CWE-798
CACHE_KEY = "user:profile:v2"
PRIMARY_KEY = "account_identifier_key"
ADMIN_PASSWORD = "changeme"  # expect: CWE-798


def check_login(form) -> bool:
    return form["password"] == "letmein"  # expect: CWE-798


class ResetView:
    INTERNAL_RESET_SESSION_TOKEN = "_password_reset_token"
    TOKEN_SALT_KEY = "django.contrib.auth.tokens"
