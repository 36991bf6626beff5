"""Jinja2 environments that render HTML without escaping flagged; select_autoescape and explicit True not."""

from flask import Flask
from jinja2 import Environment, FileSystemLoader, select_autoescape

app = Flask(__name__)
app.jinja_env.autoescape = False  # expect: CWE-116

pages = Environment(loader=FileSystemLoader("templates"))  # expect: CWE-116
emails = Environment(loader=FileSystemLoader("templates/mail"), autoescape=False)  # expect: CWE-116

safe_pages = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html", "xml"]))
safe_fragments = Environment(loader=FileSystemLoader("fragments"), autoescape=True)


def make_env(**options):
    return Environment(**options)


def setup_aiohttp(web_app):
    import aiohttp_jinja2

    aiohttp_jinja2.setup(web_app, loader=FileSystemLoader("templates"), autoescape=False)  # expect: CWE-116
    aiohttp_jinja2.setup(web_app, loader=FileSystemLoader("templates"))


TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "OPTIONS": {
            "autoescape": False,  # expect: CWE-116
            "context_processors": ["django.template.context_processors.request"],
        },
    },
    {"BACKEND": "django.template.backends.jinja2.Jinja2", "OPTIONS": {"autoescape": True}},
]
