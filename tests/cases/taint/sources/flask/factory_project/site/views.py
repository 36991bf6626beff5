"""Views of the site, registered by the application factory; one helper that no rule routes."""

import os

from flask import send_file

PAGES = "/srv/pages"


def page(name):
    with open(os.path.join(PAGES, name + ".html")) as fh:  # expect: CWE-22
        return fh.read()


def raw_page(page_id):
    return send_file(os.path.join(PAGES, f"{page_id}.txt"))


def page_path(name):
    return open(os.path.join(PAGES, name)).read()
