"""The pet store API: connexion routes each operation of openapi/petstore.yaml to the function it names."""

import connexion

app = connexion.App(__name__, specification_dir="openapi/")
app.add_api("petstore.yaml")

if __name__ == "__main__":
    app.run(port=8080)
