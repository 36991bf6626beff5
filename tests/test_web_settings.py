"""The configuration model (web/settings.py): what it reads from a module, and what it says it cannot know."""

from __future__ import annotations

import textwrap

from pillarscan.python.context import ModuleContext
from pillarscan.python.names import module_name_for
from pillarscan.python.parse import parse_source
from pillarscan.web.settings import (DEFAULTS, DEVELOPMENT, PRODUCTION, UNKNOWN, UNSPECIFIED, module_role,
                                     settings_of)


def _context(source: str, rel: str = "site/settings.py") -> ModuleContext:
    text = textwrap.dedent(source)
    parsed = parse_source(text.encode("utf-8"), rel)
    return ModuleContext.build(rel, parsed.tree, parsed.lines, module_name_for(rel), rel_path=rel)


def test_django_settings_module_values_and_middleware_comments() -> None:
    ctx = _context("""
        import os
        DEBUG = os.environ.get("DEBUG") == "1"
        ALLOWED_HOSTS = ["shop.example.com"]
        INSTALLED_APPS = ["django.contrib.sessions"]
        MIDDLEWARE = [
            "django.contrib.sessions.middleware.SessionMiddleware",
            # "django.middleware.csrf.CsrfViewMiddleware",
        ]
        MIDDLEWARE += ["shop.middleware.AuditMiddleware"]
        if os.environ.get("HTTPS"):
            SESSION_COOKIE_SECURE = True
    """)
    module = settings_of(ctx).module
    assert module.framework == "django" and module.role == PRODUCTION and module.complete
    assert module.value("DEBUG") is UNKNOWN and module.value("ALLOWED_HOSTS") == ["shop.example.com"]
    assert module.get("SESSION_COOKIE_SECURE").conditional
    middleware = module.middleware
    assert [name for name, _ in middleware.active] == ["django.contrib.sessions.middleware.SessionMiddleware",
                                                       "shop.middleware.AuditMiddleware"]
    assert middleware.commented_line("CsrfViewMiddleware") == 8 and middleware.complete
    assert settings_of(ctx) is settings_of(ctx)  # built once per module


def test_star_import_and_computed_middleware_make_the_model_incomplete() -> None:
    ctx = _context("""
        from .base import *
        MIDDLEWARE = BASE_MIDDLEWARE + ["x.Y"]
    """, rel="site/settings/production.py")
    module = settings_of(ctx).module
    assert not module.complete and not module.middleware.complete and module.role == PRODUCTION


def test_roles_follow_the_path() -> None:
    roles = {rel: module_role(_context("X = 1\n", rel)) for rel in (
        "site/settings.py", "site/settings/prod.py", "site/settings/dev.py", "site/local_settings.py",
        "django/conf/global_settings.py", "site/tests/settings.py", "site/helpers.py")}
    assert roles == {"site/settings.py": PRODUCTION, "site/settings/prod.py": PRODUCTION,
                     "site/settings/dev.py": DEVELOPMENT, "site/local_settings.py": DEVELOPMENT,
                     "django/conf/global_settings.py": DEFAULTS, "site/tests/settings.py": DEVELOPMENT,
                     "site/helpers.py": UNSPECIFIED}


def test_flask_app_config_merges_local_config_classes() -> None:
    ctx = _context("""
        from flask import Flask
        class BaseConfig:
            SESSION_COOKIE_SECURE = True
        class ProductionConfig(BaseConfig):
            DEBUG = False
        app = Flask(__name__)
        app.config.from_object(ProductionConfig)
        app.config.update(dict(SESSION_COOKIE_HTTPONLY=False))
        app.config["DEBUG"] = True
    """, rel="app.py")
    model = settings_of(ctx)
    (app,) = model.apps
    assert app.name == "app" and app.complete
    assert app.value("SESSION_COOKIE_SECURE") is True and app.value("SESSION_COOKIE_HTTPONLY") is False
    assert app.value("DEBUG") is True and [s.value for s in app.writes if s.name == "DEBUG"] == [True]
    production = next(c for c in model.classes if c.name == "ProductionConfig")
    assert production.role == PRODUCTION and production.value("SESSION_COOKIE_SECURE") is True
    assert [getattr(s.node, "lineno", None) for s in model.debug_switches] == [10]


def test_config_loaded_from_elsewhere_is_incomplete() -> None:
    ctx = _context("""
        from flask import Flask
        app = Flask(__name__)
        app.config.from_object("myapp.config.Production")
    """, rel="app.py")
    assert not settings_of(ctx).apps[0].complete


def test_cors_policies() -> None:
    ctx = _context("""
        from flask import Flask
        from flask_cors import CORS
        from fastapi.middleware.cors import CORSMiddleware
        app = Flask(__name__)
        CORS(app)
        CORS(app, origins=["https://a.example"], supports_credentials=True)
        api.add_middleware(CORSMiddleware, allow_origin_regex="https://.*", allow_credentials=True)
    """, rel="app.py")
    policies = [(p.library, p.any_origin, p.credentials) for p in settings_of(ctx).cors]
    assert policies == [("flask-cors", True, None), ("flask-cors", False, True), ("starlette", True, True)]
