from flask_wtf import FlaskForm
from wtforms import StringField


class EmailForm(FlaskForm):
    email = StringField("email")
