import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.sessions", "notes"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
