"""The collections the views below import: the views themselves never name pymongo."""

from pymongo import MongoClient

accounts = MongoClient()["site"]["accounts"]
