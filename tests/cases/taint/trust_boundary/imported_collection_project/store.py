"""The MongoDB collections, opened once and imported by the views."""

from pymongo import MongoClient

client = MongoClient("localhost", 27017)
users = client.shop.users
