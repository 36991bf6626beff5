"""Test settings: the test runner's own sessions, never a client's."""

from .settings import *  # noqa: F401,F403

SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"
