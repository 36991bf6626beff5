"""Flask app entry point: debug switched on flagged; debug from the environment and dev configs not."""

import os

from flask import Flask

app = Flask(__name__)
app.debug = True  # expect: CWE-489
app.config["DEBUG"] = True  # expect: CWE-489


class DevelopmentConfig:
    DEBUG = True


class ProductionConfig:
    DEBUG = False


if __name__ == "__main__":
    app.run(port=8000, debug=True)  # expect: CWE-489
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
