"""CWE-291: "only from this machine" as the whole of an endpoint's protection.

A check that the connection's peer address is the loopback address looks strict, but behind a reverse proxy or a
load balancer every request arrives from the proxy on the same host, and any server-side request forgery in a
service on that host reaches the endpoint as a local caller. The evidence is a comparison (``==``, ``!=``,
``in``, ``not in``) of the address the server saw (``request.remote_addr``, ``request.client.host``,
``request.META["REMOTE_ADDR"]``, ``self.client_address[0]``, Tornado's ``remote_ip``, or a local name holding
one) with loopback literals only, or an ``is_loopback`` test on it, in an ``if`` or ``assert``. Comparisons with
other addresses are a network allow-list, a different (and weaker) claim that this rule leaves alone.
"""

from __future__ import annotations

import ast
from typing import Iterator

from .registry import Hit, pattern_rule

_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"})
_PEER_ATTRS = frozenset({"remote_addr", "remote_ip"})
_REQUEST_WORDS = ("request", "req")


def _request_like(node: ast.AST) -> bool:
    """``request``, ``req``, ``self.request``, ``rq``: the object a peer attribute is read from."""
    while isinstance(node, ast.Attribute):
        if any(w in node.attr.lower() for w in _REQUEST_WORDS):
            return True
        node = node.value
    return isinstance(node, ast.Name) and (any(w in node.id.lower() for w in _REQUEST_WORDS) or node.id == "rq")


def _is_peer_read(node: ast.AST, ctx) -> bool:
    if isinstance(node, ast.Attribute):
        if node.attr in _PEER_ATTRS:
            return _request_like(node.value)
        if node.attr == "host" and isinstance(node.value, ast.Attribute) and node.value.attr == "client":
            return _request_like(node.value.value)  # Starlette / FastAPI: request.client.host
        return False
    if isinstance(node, ast.Subscript):
        if isinstance(node.value, ast.Attribute) and node.value.attr == "client_address":
            return True  # http.server: self.client_address[0]
        key, container = ctx.literal(node.slice), node.value
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        key, container = ctx.literal(node.args[0]), node.func.value
    else:
        return False
    if key != "REMOTE_ADDR":
        return False
    return (isinstance(container, ast.Attribute) and container.attr in {"META", "environ"}) or \
        (isinstance(container, ast.Name) and container.id == "environ")


def _loopback_literal(expr: ast.AST, ctx) -> bool:
    value = ctx.literal(expr)
    if isinstance(value, str):
        return value.lower() in _LOOPBACK
    if isinstance(value, (list, tuple, set, frozenset)) and value:
        return all(isinstance(v, str) and v.lower() in _LOOPBACK for v in value)
    return False


@pattern_rule(
    id="loopback-only-authorization", cwe=291, severity="medium", confidence="medium",
    title="Endpoint protected only by a loopback-address check",
    message="The code lets a caller in because its connection comes from this machine. Behind a reverse proxy or "
            "load balancer every request arrives from the proxy on this machine, and a server-side request "
            "forgery anywhere on the host reaches the endpoint as a local caller, so the check admits them.",
    fix="Authenticate the caller (a login, an API token, mutual TLS); to keep an endpoint internal, bind it to a "
        "separate port or socket that the proxy does not forward.",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef),
    requires_words=("remote_addr", "remote_ip", "REMOTE_ADDR", "client_address", "client"),
    skips_test_code=True,
)
def loopback_only_authorization(node: ast.FunctionDef, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    own = ctx.scope_nodes(node, with_header=False)
    peers: set[str] = set()
    for n in own:  # client_host = request.client.host
        if isinstance(n, ast.Assign) and _is_peer_read(n.value, ctx):
            peers.update(t.id for t in n.targets if isinstance(t, ast.Name))

    def peer(expr: ast.AST) -> bool:
        return _is_peer_read(expr, ctx) or (isinstance(expr, ast.Name) and expr.id in peers)

    for n in own:
        if not isinstance(n, (ast.If, ast.Assert)):
            continue
        for test in ast.walk(n.test):
            if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
                    isinstance(test.ops[0], (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
                left, right = test.left, test.comparators[0]
                if (peer(left) and _loopback_literal(right, ctx)) or (peer(right) and _loopback_literal(left, ctx)):
                    yield Hit(test)
                    return
            elif isinstance(test, ast.Attribute) and test.attr == "is_loopback" and \
                    isinstance(test.value, ast.Call) and test.value.args and peer(test.value.args[0]):
                yield Hit(test)
                return
