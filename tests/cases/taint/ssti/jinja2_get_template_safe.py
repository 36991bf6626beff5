"""Templates loaded from disk by name constant; user data is only a render() variable."""

from fastapi import FastAPI
from jinja2 import Environment, FileSystemLoader, select_autoescape

app = FastAPI()
env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())


@app.get("/invoices/{customer}")
def invoice(customer: str):
    html = env.get_template("invoice.html").render(customer=customer)
    return {"html": html}
