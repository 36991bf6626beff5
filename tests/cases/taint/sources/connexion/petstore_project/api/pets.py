"""Handlers of the pet store's operations; their parameters are the request's query and path values."""

import os
import sqlite3
from contextlib import closing

PHOTOS = "/srv/photos"


def search(species="cat"):
    with closing(sqlite3.connect("pets.db")) as conn:
        rows = conn.execute(f"SELECT name FROM pets WHERE species = '{species}'").fetchall()  # expect: CWE-89
    return [r[0] for r in rows]


def photo(pet_id):
    with open(os.path.join(PHOTOS, pet_id + ".jpg"), "rb") as fh:  # expect: CWE-22
        return fh.read()


def thumbnail_path(pet_id):
    return os.path.join(PHOTOS, "thumbs", pet_id + ".jpg")


def thumbnail(name):
    with open(os.path.join(PHOTOS, "thumbs", name), "rb") as fh:
        return fh.read()
