"""Forms of the app: Flask-WTF fills each field from the submitted request."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField


class SearchForm(FlaskForm):
    term = StringField("Search")
    page = IntegerField("Page", default=1)


class Settings:
    theme = "dark"
