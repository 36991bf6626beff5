"""The route inventory as a report (``pillarscan routes``): text, markdown or JSON (reports/routes-schema.json),
and the one line the CWE-284 section of a review says about it."""

from __future__ import annotations

import json
import os

ROUTES_SCHEMA_VERSION = 1


def _where(path: str, root: str | None) -> str:
    if root and os.path.isdir(root):
        try:
            return os.path.relpath(path, root).replace(os.sep, "/")
        except ValueError:
            pass
    return path.replace(os.sep, "/")


def route_dict(r, root: str | None = None) -> dict:
    return {
        "methods": list(r.methods),
        "path": r.rule,
        "handler": r.handler,
        "file": _where(r.path, root),
        "line": r.line,
        "framework": r.framework,
        "auth": r.auth,
        "public_by_design": r.public_by_design,
        "guards": [{"name": g.name, "kind": g.kind, "level": g.level, "file": _where(g.path, root), "line": g.line}
                   for g in r.guards],
        "unresolved_decorators": list(r.unknown),
        "csrf": r.csrf,
        "rate_limited": r.rate_limited or None,
        "inputs": list(r.inputs),
        "models_read": list(r.models_read),
        "models_written": list(r.models_written),
    }


def summary_counts(inventory) -> dict:
    routes = [r for r in inventory.routes if not r.test_code] if inventory is not None else []
    guarded = [r for r in routes if r.auth in ("authenticated", "authorised")]
    public = [r for r in routes if r.public_by_design and r not in guarded]
    return {"routes": len(routes), "guarded": len(guarded), "public_by_design": len(public),
            "public": [r.rule or r.handler for r in public]}


def summary_line(inventory) -> str:
    """``42 routes, 39 guarded, 3 public by design: /login, /health, /static`` (or "" with no route)."""
    c = summary_counts(inventory)
    if not c["routes"]:
        return ""
    text = f"{c['routes']} route{'s' if c['routes'] != 1 else ''}, {c['guarded']} guarded"
    if c["public_by_design"]:
        names = sorted(set(c["public"]))
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        text += f", {c['public_by_design']} public by design: {shown}"
    return text


def render_json(inventory, root: str | None = None) -> str:
    routes = [r for r in inventory.routes if not r.test_code]
    counts = summary_counts(inventory)
    counts.pop("public")
    return json.dumps({"schema_version": ROUTES_SCHEMA_VERSION, "summary": counts,
                       "routes": [route_dict(r, root) for r in routes]}, indent=2) + "\n"


def _guards_text(r) -> str:
    if not r.guards:
        return "none" + (f" (unresolved: {', '.join(u.rsplit('.', 1)[-1] for u in r.unknown)})" if r.unknown else "")
    return "; ".join(f"{g.name} [{g.kind}, {g.level}, line {g.line}]" for g in r.guards)


def render_text(inventory, root: str | None = None) -> str:
    routes = [r for r in inventory.routes if not r.test_code]
    lines = [f"Route inventory: {summary_line(inventory) or 'no route found'}", ""]
    for r in routes:
        methods = ",".join(r.methods) or "ANY"
        lines.append(f"{methods:<8} {r.rule or '(path not registered)'}")
        lines.append(f"         handler {r.handler}  {_where(r.path, root)}:{r.line}  [{r.framework}]")
        status = r.auth + (" (public by design)" if r.public_by_design else "")
        lines.append(f"         auth {status}; csrf {r.csrf}; rate limit {r.rate_limited or 'none'}")
        lines.append(f"         guards {_guards_text(r)}")
        if r.inputs:
            lines.append(f"         inputs {', '.join(r.inputs)}")
        if r.models_read or r.models_written:
            lines.append(f"         models read {', '.join(r.models_read) or '-'}; written "
                         f"{', '.join(r.models_written) or '-'}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(inventory, root: str | None = None) -> str:
    routes = [r for r in inventory.routes if not r.test_code]
    out = ["# Route inventory", "", summary_line(inventory) or "No route found.", ""]
    if routes:
        out += ["| methods | path | handler | auth | guards | CSRF | rate limit |", "|---|---|---|---|---|---|---|"]
        for r in routes:
            out.append("| " + " | ".join(_cell(x) for x in (
                ",".join(r.methods) or "ANY", f"`{r.rule}`" if r.rule else "(not registered)",
                f"`{r.handler}` ({_where(r.path, root)}:{r.line})",
                r.auth + (" (by design)" if r.public_by_design else ""), _guards_text(r), r.csrf,
                r.rate_limited or "none")) + " |")
    return "\n".join(out) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
