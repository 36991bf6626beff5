"""Handlers of a web application that a dispatcher reaches by name (nothing here calls them): a URL, a redirect
target or a query they receive is of unknown origin, reported at low confidence. A file path and an HTML string
are not: helpers take those from their callers by design."""

from typing import Dict

import requests
from bottle import redirect
from lxml import etree


def trigger_fetch(params: Dict):
    url = params.get("url")
    return requests.get(url, timeout=5).text  # expect: CWE-918


def trigger_jump(params: Dict):
    return redirect(params.get("next"))  # expect: CWE-601


def trigger_lookup(doc, params: Dict):
    return doc.xpath("//user[@name='" + params["name"] + "']")  # expect: CWE-643


def trigger_read(params: Dict):
    with open("/srv/pages/" + params["page"]) as fh:
        return fh.read()


def trigger_fixed():
    return requests.get("https://status.example.com/health", timeout=5).text


def _parse(xml_text):
    return etree.fromstring(xml_text)
