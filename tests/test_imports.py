"""Import discovery for change reviews: only import statements are parsed, at any depth, across continuations."""

from __future__ import annotations

from pillarscan.python.imports import imported_names

MODULE = b'''"""A module docstring that mentions from-imports in prose."""
import os, sys as system
from . import (views,  # the web layer
    db)
try:
    from shop.payments import gateway
except ImportError:  # optional
    gateway = None


def lazy():
    from shop.reports \\
        import monthly
    return monthly
'''


def test_every_import_statement_is_found_without_parsing_the_module():
    names = imported_names(MODULE, "shop.app", is_package=False)
    assert {"os", "sys", "shop.views", "shop.db", "shop.payments", "shop.payments.gateway", "shop.reports",
            "shop.reports.monthly"} <= names
    assert "system" not in names and "the" not in names


def test_relative_imports_resolve_against_a_package_and_broken_lines_are_skipped():
    names = imported_names(b"from .models import Order\nfrom ..util import (\nimport json\n", "shop.api",
                           is_package=True)
    assert {"shop.api.models", "shop.api.models.Order", "json"} <= names
    assert not any(name.startswith("shop.util") for name in names)  # the unclosed parenthesis is not an import


def test_source_that_is_not_python_imports_nothing():
    assert imported_names(b"\xff\xfe\x00binary", "blob", is_package=False) == set()
