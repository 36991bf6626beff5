"""User data carried inside list, tuple, set and dict literals, and added by extend() and update()."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/archive/list", methods=["POST"])
def archive_list():
    parts = ["tar", "czf", "/backups/out.tgz", request.form["path"]]
    subprocess.run(" ".join(parts), shell=True, check=True)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/archive/tuple", methods=["POST"])
def archive_tuple():
    parts = ("gzip", "-k", request.form["path"])
    subprocess.run(" ".join(parts), shell=True, check=True)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/archive/set", methods=["POST"])
def archive_set():
    excludes = {"*.tmp", request.form["exclude"]}
    subprocess.run("rsync -a --exclude " + " --exclude ".join(excludes) + " /srv/data /backups", shell=True, check=True)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/archive/dict", methods=["POST"])
def archive_dict():
    options = {"level": "9", "target": request.form["target"]}
    subprocess.run("xz -{level} {target}".format(**options), shell=True, check=True)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/archive/extend", methods=["POST"])
def archive_extend():
    args = ["zip", "-r", "/backups/out.zip"]
    args.extend(request.form.getlist("paths"))
    subprocess.run(" ".join(args), shell=True, check=True)  # expect: CWE-78
    return jsonify(done=True)


@app.route("/archive/update", methods=["POST"])
def archive_update():
    options = {"level": "9"}
    options.update(target=request.form["target"])
    subprocess.run("bzip2 -{level} {target}".format_map(options), shell=True, check=True)  # expect: CWE-78
    return jsonify(done=True)
