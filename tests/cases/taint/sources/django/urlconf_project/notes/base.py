"""A project-wide base view."""

from django.views import View


class BaseView(View):
    http_method_names = ["get"]
