"""Invoice preview with a customer-supplied Jinja2 template in the request body (a pydantic model)."""

from fastapi import FastAPI
from jinja2 import Template
from pydantic import BaseModel

app = FastAPI()


class PreviewRequest(BaseModel):
    template: str
    customer: str


@app.post("/invoices/preview")
def preview(payload: PreviewRequest):
    rendered = Template(payload.template).render(customer="ACME Ltd")  # expect: CWE-1336
    return {"preview": rendered}
