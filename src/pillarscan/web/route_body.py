"""What a route handler's own text says, for the route inventory (web/routes.py): a guard left in a comment
above it or among its parameters, the request inputs it reads and the ORM models it reads and writes."""

from __future__ import annotations

import ast
import re


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


_GUARD_WORDS = re.compile(r"login_required|jwt_required|permission|auth|roles?_required|admin_required|"
                          r"Depends\(.*(user|auth|admin|role|token)|permission_classes|IsAuthenticated|IsAdmin",
                          re.IGNORECASE)


def commented_guard(ctx, node) -> tuple[int, str] | None:
    """A guard in a comment directly above the route's decorators or def, or among its parameters."""
    first = min([d.lineno for d in node.decorator_list] + [node.lineno])
    line = first - 1
    while line >= 1:
        text = ctx.line(line).strip()
        if not text.startswith("#"):
            break
        code = text.lstrip("#").strip()
        if (code.startswith("@") or "Depends(" in code) and _GUARD_WORDS.search(code):
            return line, code
        line -= 1
    end = node.body[0].lineno if node.body else node.lineno
    for line in range(first, end):
        text = ctx.line(line).strip()
        if text.startswith("#"):
            code = text.lstrip("#").strip()
            if (code.startswith("@") or "Depends(" in code) and _GUARD_WORDS.search(code):
                return line, code
    return None


_INPUT_ATTRS = {"args": "query", "form": "form", "json": "json", "values": "values", "files": "files",
                "cookies": "cookie", "headers": "header", "GET": "query", "POST": "form", "data": "body",
                "query_params": "query", "FILES": "files", "COOKIES": "cookie", "META": "header",
                "get_json": "json", "query": "query", "forms": "form", "params": "query", "match_info": "path"}
_READ_METHODS = {"get", "filter", "all", "first", "exclude", "get_or_404", "first_or_404", "one", "scalar",
                 "values", "count", "exists", "query", "execute", "get_object_or_404", "filter_by", "select"}
_WRITE_METHODS = {"create", "update", "delete", "save", "bulk_create", "bulk_update", "get_or_create",
                  "update_or_create", "add", "merge", "insert", "remove"}


def body_facts(ctx, node, route) -> None:
    """Request inputs read, ORM models read and written, CSRF status of the handler."""
    inputs: list[str] = []
    read: set[str] = set()
    written: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, (ast.Name, ast.Attribute)) and \
                _dotted(sub.value).endswith("request") and sub.attr in _INPUT_ATTRS:
            parent = ctx.parent(sub)
            key = None
            if isinstance(parent, ast.Subscript):
                key = ctx.literal(parent.slice, None)
            elif isinstance(parent, ast.Attribute) and parent.attr == "get":
                call = ctx.parent(parent)
                if isinstance(call, ast.Call) and call.args:
                    key = ctx.literal(call.args[0], None)
            item = f"{_INPUT_ATTRS[sub.attr]}:{key}" if isinstance(key, str) else _INPUT_ATTRS[sub.attr]
            if item not in inputs:
                inputs.append(item)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute):
            model = _model_of(sub.func.value)
            method = sub.func.attr
            if model and method in _READ_METHODS:
                read.add(model)
            elif model and method in _WRITE_METHODS:
                written.add(model)
            if method in ("add", "delete", "merge") and sub.args and isinstance(sub.args[0], ast.Call):
                m = _dotted(sub.args[0].func).split(".")[0]
                if m[:1].isupper():
                    written.add(m)
            if method in ("get", "query") and sub.args and _dotted(sub.func.value).endswith("session"):
                m = _dotted(sub.args[0])
                if m[:1].isupper():
                    read.add(m)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and \
                sub.func.id in ("get_object_or_404", "get_list_or_404") and sub.args:
            m = _dotted(sub.args[0])
            if m[:1].isupper():
                read.add(m)
    route.inputs = tuple(inputs[:20])
    route.models_read = tuple(sorted(read - written))
    route.models_written = tuple(sorted(written))


def _model_of(node: ast.AST) -> str:
    """``User.objects`` / ``User.query`` / ``User.objects.filter(...)`` → "User"."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        node = node.func.value
    if isinstance(node, ast.Attribute) and node.attr in ("objects", "query") and isinstance(node.value, ast.Name):
        return node.value.id if node.value.id[:1].isupper() else ""
    return ""
