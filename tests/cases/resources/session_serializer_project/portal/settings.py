"""Sessions in the database, but still pickled: one writable session row is code execution."""

import os

SECRET_KEY = os.environ["PORTAL_SECRET_KEY"]

DEBUG = False

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.sessions", "portal.accounts"]

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_SERIALIZER = "portal.compat.PickleSerializer"  # expect: CWE-502
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
