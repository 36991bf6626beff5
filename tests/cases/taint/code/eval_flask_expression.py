"""A "calculator" endpoint that evaluates the expression it is sent."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expression = request.args.get("expr", "0")
    result = eval(expression)  # expect: CWE-95
    return jsonify(result=result)
