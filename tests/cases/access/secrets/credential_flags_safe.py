"""Settings about credentials that are not credentials: a CORS header that allows cookies, a flag that turns
password login on, a header name that says where the token travels."""

from flask import Flask

app = Flask(__name__)
app.config["SESSION_COOKIE_SECURE"] = True
app.config["PASSWORD_LOGIN"] = "enabled"
API_TOKEN_HEADER = "X-Api-Token"


@app.after_request
def allow_credentials(response):
    response.headers["Access-Control-Allow-Credentials"] = "true"
    response.headers.update({"Access-Control-Allow-Credentials": "true", "Vary": "Origin"})
    return response


def client_settings():
    return {"send_credentials": "yes", "secret_rotation": "off"}

