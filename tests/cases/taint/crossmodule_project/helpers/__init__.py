"""Helpers for the document service; re-exports the deletion helper."""

from .storage import remove_upload

__all__ = ["remove_upload"]
