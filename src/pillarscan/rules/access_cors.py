"""CWE-942: a wildcard Access-Control-Allow-Origin written on every response, in an application whose own
per-route CORS policy says the other routes are not for other origins (permissive-cors-with-credentials, in
access.py, covers the policies that admit any origin with credentials)."""

from __future__ import annotations

import ast
from typing import Iterator

from ..web.settings import settings_of
from .registry import Hit, pattern_rule


@pattern_rule(
    id="cors-wildcard-overrides-route-policy", cwe=942, severity="medium", confidence="medium",
    title="Every response opened to all origins, over a per-route CORS policy",
    message="A hook that runs on every response adds Access-Control-Allow-Origin: *, while the application opens "
            "only chosen routes to other origins (cross_origin): every other route, meant for same-origin use, "
            "becomes readable by any website, including pages that reach it from inside the user's network.",
    fix="Remove the wildcard from the response hook and keep the per-route policy (flask-cors cross_origin or "
        "CORS(resources=...)) with the origins that may call each route.",
    nodes=(ast.Module,),
    requires_words=("Access-Control-Allow-Origin", "access-control-allow-origin"),
    skips_test_code=True,
)
def cors_wildcard_overrides_route_policy(node: ast.Module, ctx) -> Iterator[Hit]:
    """The per-route policy is the evidence that the other routes are not meant to be shared: a public API that
    opens every response on purpose declares no route-level CORS at all, and is not reported."""
    if ctx.is_test_code:
        return
    model = settings_of(ctx)
    if not any(p.library == "flask-cors" and (ctx.call_name(p.node) or "").endswith(".cross_origin")
               for p in model.cors):
        return
    for policy in model.cors:
        if policy.every_response and not policy.reflected:
            yield Hit(policy.node)
