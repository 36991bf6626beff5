"""A production Django settings module that gets it right: nothing here is a finding."""

import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.sessions",
    "corsheaders",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # "debug_toolbar.middleware.DebugToolbarMiddleware",
]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

CORS_ALLOW_ALL_ORIGINS = True  # a public read-only API: no credentials, so any origin reads only public data
CSP_SCRIPT_SRC = ("'self'", "https://cdn.example.com")
