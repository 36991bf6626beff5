"""The service reads its settings from the environment; the secrets below it live in the tree's files."""
import os

DATABASE_URL = os.environ["DATABASE_URL"]
