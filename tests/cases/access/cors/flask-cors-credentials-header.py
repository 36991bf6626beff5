"""Any-origin flask-cors resources, and a view that adds Access-Control-Allow-Credentials by hand."""

from flask import Flask, make_response, render_template, session

app = Flask(__name__)


@app.route("/account")
def account():
    response = make_response(render_template("account.html", user=session["user_id"]))
    response.headers.set("Access-Control-Allow-Credentials", "true")
    return response


if __name__ == "__main__":
    from flask_cors import CORS

    CORS(app, resources={r"/*": {"origins": "*"}})  # expect: CWE-942
    app.run()
