"""A viewer that shows the file the client names: whoever can get text into any readable file (an upload, a log
line) has it rendered raw by the page, a second-order XSS beside the traversal."""

from pathlib import Path

from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/view")
def view():
    name = request.args["file"]
    with open(name) as fh:  # expect: CWE-22
        content = fh.read()
    return render_template("viewer.html", content=content)


@app.route("/notes")
def notes():
    text = (Path("/srv/notes") / request.args["note"]).read_text()  # expect: CWE-22
    return render_template("notes.html", text=text)


@app.route("/readme")
def readme():
    with open("/srv/app/README.html") as fh:
        return render_template("notes.html", text=fh.read())
