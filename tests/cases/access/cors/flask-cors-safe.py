"""flask-cors done right: credentials only for listed origins, and any origin only without credentials."""

from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"], supports_credentials=True)

public = Flask("public")
CORS(public)
CORS(public, resources={r"/static/*": {"origins": "*"}})
