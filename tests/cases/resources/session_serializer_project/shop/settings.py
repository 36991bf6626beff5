"""Production settings kept 'compatible with older Django': sessions live in signed cookies and are pickled."""

SECRET_KEY = "k3y-sh0p-7f2a9c1e8b4d6f0a3c5e7b9d1f2a4c6e"  # expect: CWE-798

DEBUG = False

ALLOWED_HOSTS = ["shop.example.com"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "shop.orders",
]

SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"  # expect: CWE-502
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
