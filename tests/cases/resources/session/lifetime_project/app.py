from datetime import timedelta

from flask import Flask

app = Flask(__name__)
app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=365)  # expect: CWE-613
app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=365)


class ProductionConfig:
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_COOKIE_SECURE = True


class DevelopmentConfig:
    PERMANENT_SESSION_LIFETIME = timedelta(days=3650)
