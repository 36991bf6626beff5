"""flask-restx / flask-restful: api.payload and a RequestParser's parse_args() are the client's."""

import subprocess

from flask import Flask
from flask_restful import reqparse
from flask_restx import Api, Resource

app = Flask(__name__)
api = Api(app)
parser = reqparse.RequestParser()
parser.add_argument("host")


@api.route("/jobs")
class Jobs(Resource):
    def post(self):
        job = api.payload
        subprocess.run("run-job " + job["name"], shell=True, check=True)  # expect: CWE-78
        return {"ok": True}

    def get(self):
        args = parser.parse_args()
        subprocess.run("ping -c1 " + args["host"], shell=True, check=True)  # expect: CWE-78
        return {"ok": True}
