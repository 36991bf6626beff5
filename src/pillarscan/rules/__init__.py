"""Detection rules, one module per CWE-1000 pillar; importing ``load_all`` registers them all."""

from __future__ import annotations

import importlib

PILLAR_MODULES = (
    "access",  # CWE-284
    "access_routes",  # CWE-284 checks on the route inventory (run by the engine after joining files)
    "access_csrf_forms",  # CWE-352 at template forms, judged on the route inventory
    "access_idor",  # CWE-284: insecure direct object references
    "interaction",  # CWE-435
    "resources",  # CWE-664
    "deserialization_config",  # CWE-664: settings that make the framework unpickle what clients can write
    "calculation",  # CWE-682
    "control_flow",  # CWE-691
    "crypto",  # CWE-693: weak hashes, ciphers, keys and randomness; TLS and SSH checks switched off
    "protection",  # CWE-693: the web application's protections (cookies, CSRF, JWT, password hashers, headers)
    "protection_tokens",  # CWE-693: tokens made from observable data
    "comparison",  # CWE-697
    "exceptions",  # CWE-703
    "neutralization",  # CWE-707
    "standards",  # CWE-710
    "taint",  # taint rules across pillars: injection, traversal, SSRF, …
    "sensitive",  # the sensitive-data taint rules: logs, responses, storage
    "llm",  # code that uses language models, and text aimed at the models reviewing it
)

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in PILLAR_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    # the two rules about suppression comments themselves (blanket-suppression, unused-suppression) live with
    # the code that reads those comments
    importlib.import_module("pillarscan.python.suppressions")
