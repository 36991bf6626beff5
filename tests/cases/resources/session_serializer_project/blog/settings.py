"""Signed-cookie sessions serialised as JSON (Django's default): nothing is unpickled."""

import os

SECRET_KEY = os.environ["BLOG_SECRET_KEY"]

DEBUG = False

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.sessions", "blog.posts"]

SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_SERIALIZER = "django.contrib.sessions.serializers.JSONSerializer"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
