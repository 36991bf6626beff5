"""Reports service: views read what the request hooks put in ``g``."""
import subprocess

from flask import Flask, g

app = Flask(__name__)


@app.route("/backup")
def backup():
    subprocess.run(f"pg_dump tenant_{g.tenant} > /backups/{g.tenant}.sql", shell=True)  # expect: CWE-78
    return "started"


@app.route("/region")
def region():
    subprocess.run(f"aws s3 ls --region {g.region}", shell=True)
    return "listed"
