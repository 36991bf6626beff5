"""Configuration that makes the framework unpickle data a client can write (CWE-502).

Django's ``SESSION_SERIALIZER = "...PickleSerializer"`` unpickles every session it loads. With the
``signed_cookies`` engine the pickle *is* the cookie: whoever knows or guesses ``SECRET_KEY`` (a key written in
the settings, a leaked one, a default) signs a pickle of their own and runs code on the server with the next
request. With a server-side store the attacker needs a way to write a session row or cache entry first (an
injection, a shared cache), so the finding is graded down. Django removed the serializer in 5.0 for this reason;
code that keeps it "for compatibility" keeps the hole.

The setting is read from the configuration model (``web/settings.py``): any module-level or config-class source
that names it, test and development settings left out (they never serve clients).
"""

from __future__ import annotations

import ast
from typing import Iterator

from ..findings import Confidence
from ..web.settings import settings_of
from .registry import Hit, pattern_rule


def _pickles(value: object) -> bool:
    return isinstance(value, str) and value.rsplit(".", 1)[-1].lower().startswith("pickle")


@pattern_rule(
    id="pickle-session-serializer", cwe=502, severity="high", confidence="high",
    title="Sessions stored as pickles",
    message="SESSION_SERIALIZER is Django's PickleSerializer: every session the server loads is unpickled, so "
            "whoever can write a session (with signed cookies, anyone who knows SECRET_KEY) runs code on the "
            "server.",
    fix="Remove the setting (Django's default JSONSerializer) and store only JSON-serialisable values in the "
        "session; if old pickled sessions must be read, migrate them once, offline.",
    nodes=(ast.Module,),
    requires_words=("SESSION_SERIALIZER",),
    skips_test_code=True,
)
def pickle_session_serializer(node: ast.Module, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    for source, setting in settings_of(ctx).settings_named("SESSION_SERIALIZER"):
        if source.relaxed or not _pickles(setting.value):
            continue
        engine = source.value("SESSION_ENGINE")
        if isinstance(engine, str) and engine.endswith("signed_cookies"):
            key = source.get("SECRET_KEY")
            known = key is not None and isinstance(key.value, str)
            yield Hit(setting.node, message=(
                "SESSION_SERIALIZER is PickleSerializer and SESSION_ENGINE keeps sessions in signed cookies: the "
                "cookie is a pickle the server unpickles on every request, so whoever can sign one runs code on "
                "the server" + (", and SECRET_KEY, the signing key, is written in these settings." if known
                                else " (the signing key is SECRET_KEY; a leaked or default one is enough).")))
        else:
            yield Hit(setting.node, confidence=Confidence.MEDIUM, message=(
                "SESSION_SERIALIZER is PickleSerializer: every session the server loads is unpickled, so a way to "
                "write one session row or cache entry (an injection, a shared cache) becomes code execution on "
                "the server."))
