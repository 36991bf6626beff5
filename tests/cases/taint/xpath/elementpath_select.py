"""elementpath queries on FastAPI: a raw XPath from the client, and the safe form with a bound variable."""

import xml.etree.ElementTree as ET

import elementpath
from fastapi import FastAPI

app = FastAPI()
INVENTORY = ET.parse("/srv/app/inventory.xml").getroot()


@app.get("/inventory/query")
def query_inventory(xpath: str):
    nodes = elementpath.select(INVENTORY, xpath)  # expect: CWE-643
    return {"count": len(nodes)}


@app.get("/inventory/by-sku")
def by_sku(sku: str):
    nodes = elementpath.select(INVENTORY, "//item[@sku = $sku]", variables={"sku": sku})
    return {"count": len(nodes)}
