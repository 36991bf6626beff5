"""CWE-352 at the form: a ``<form method="post">`` in a template with no CSRF token in it, where nothing else
checks one. A missing ``{% csrf_token %}`` is not a hole by itself: where Django's CsrfViewMiddleware or Flask's
CSRFProtect is on, such a form is rejected (broken, not exploitable). It is a hole when

- the view the form posts to is exempt from the check (``@csrf_exempt``, ``@csrf.exempt``): reported at the form,
  naming the view, unless csrf-protection-disabled already reports the exemption on the view's decorators (one
  defect, one finding); or
- the application checks CSRF tokens nowhere, and the form posts to a view for logged-in users. That cause is
  the application's
  (csrf-protection-missing, csrf-protection-disabled report it in the code): a form is reported only for an
  application none of them flagged, once, at its first such form.

The form's target comes from the route inventory (web/routes.py): a literal ``action``, ``url_for('view')``,
``{% url 'view' %}``, or, with no action, the views that render the template. Nothing is rendered or executed.
"""

from __future__ import annotations

import bisect
import functools
import os
import re

from ..cwe import pillar_of
from ..findings import Confidence, Finding, Location, Severity
from ..web import guards as G
from .registry import Rule, register

RULE = register(Rule(
    id="template-form-without-csrf-token", cwe=352, severity=Severity.MEDIUM, confidence=Confidence.MEDIUM,
    title="Form posts without a CSRF token to a view nothing protects",
    message="This form submits with the user's cookies and carries no CSRF token, and the view it posts to "
            "checks none, so any website the user visits can submit it on the user's behalf.",
    fix="Put the token in the form ({% csrf_token %} in Django, {{ form.hidden_tag() }} or {{ csrf_token() }} "
        "with Flask-WTF) and keep the check on for the view: remove @csrf_exempt, enable CSRFProtect(app) or "
        "CsrfViewMiddleware.",
    tags=("routes",),
))

_FORM = re.compile(r"<form\b([^>]{0,1500})>", re.IGNORECASE)
_POST = re.compile(r"""\bmethod\s*=\s*(["']?)\s*post\s*\1""", re.IGNORECASE)
_ACTION = re.compile(r"""\baction\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_END = re.compile(r"</form\s*>", re.IGNORECASE)
# what puts a token into the form: Django's tag, Flask-WTF's field and helpers, form renderers that add it
_TOKEN = re.compile(r"csrf_token|csrfmiddlewaretoken|csrf_input|hidden_tag\s*\(|quick_form|render_form|crispy|"
                    r"_csrf|xsrf|authenticity_token", re.IGNORECASE)
_OPAQUE = re.compile(r"\{%-?\s*(include|call|embed)\b", re.IGNORECASE)  # the token may come from elsewhere
_COMMENT_OPEN = re.compile(r"<!--|\{#|\{%-?\s*comment\b")
_COMMENT_CLOSE = {"<!--": re.compile(r"-->"), "{#": re.compile(r"#\}"), "{%": re.compile(r"\{%-?\s*endcomment\b[^%]*%\}")}
_URL_FOR = re.compile(r"""url_for\(\s*["']([\w.]+)["']""")
_DJANGO_URL = re.compile(r"""\{%-?\s*url\s+["']([\w:.-]+)["']""")
_PARAM = re.compile(r"\(\?P<\w+>[^)]*\)|<[^>]*>|\{[^}]*\}|\([^)]*\)")
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class _Form:
    def __init__(self, line: int, action: str | None, has_token: bool, opaque: bool):
        self.line, self.action, self.has_token, self.opaque = line, action, has_token, opaque


def _without_comments(text: str) -> str:
    """HTML and template comments blanked out (lines kept), in one pass: a form in a comment is not a form."""
    parts = []
    pos = 0
    while True:
        opening = _COMMENT_OPEN.search(text, pos)
        if opening is None:
            parts.append(text[pos:])
            break
        close = _COMMENT_CLOSE[opening.group(0)[:4] if opening.group(0) == "<!--" else opening.group(0)[:2]]
        end = close.search(text, opening.end())
        stop = end.end() if end else len(text)
        parts += [text[pos:opening.start()], re.sub(r"[^\n]", " ", text[opening.start():stop])]
        pos = stop
        if end is None:
            break
    return "".join(parts)


def forms(text: str) -> list[_Form]:
    """The POST forms of a template: line, action (None when absent), whether a token is inside. A form ends at
    its ``</form>`` or at the next ``<form`` (forms do not nest), so each part of the text is read once."""
    clean = _without_comments(text)
    starts = list(_FORM.finditer(clean))
    ends = [m.start() for m in _END.finditer(clean)]
    out = []
    line, counted = 1, 0
    for i, m in enumerate(starts):
        attrs = m.group(1)
        if not _POST.search(attrs):
            continue
        limit = starts[i + 1].start() if i + 1 < len(starts) else len(clean)
        k = bisect.bisect_left(ends, m.end())
        inner = clean[m.end():min(ends[k], limit) if k < len(ends) else limit]
        line += clean.count("\n", counted, m.start())
        counted = m.start()
        action = _ACTION.search(attrs)
        value = next((g for g in action.groups() if g is not None), "") if action else None
        out.append(_Form(line, value, bool(_TOKEN.search(inner) or _TOKEN.search(attrs)),
                         bool(_OPAQUE.search(inner))))
    return out


@functools.lru_cache(maxsize=4096)
def _rule_regex(rule: str) -> re.Pattern | None:
    text = rule.strip("^$").strip("/")
    parts = _PARAM.split(text)
    try:
        return re.compile("/?" + "[^/]+".join(re.escape(p) for p in parts) + "/?$")
    except re.error:
        return None


def _targets(form: _Form, template_name: str, routes, bodies) -> list:
    """The routes the form posts to, as far as the inventory tells."""
    action = (form.action or "").strip()
    named = _URL_FOR.search(action) or _DJANGO_URL.search(action)
    if named:
        name = named.group(1).replace(":", ".").rsplit(".", 1)[-1]
        return [r for r in routes if r.handler.rsplit(".", 1)[-1] == name or
                (r.view_class and r.view_class.rsplit(".", 1)[-1] == name)]
    if action and ("{" in action or "://" in action or action.startswith("//")):
        return []  # computed, or another site's
    if action and action not in (".", "#", "?"):
        path = action.split("?", 1)[0].split("#", 1)[0]
        hits = []
        for r in routes:
            pattern = _rule_regex(r.rule) if r.rule else None
            if pattern is not None and pattern.match(path.strip("/") or "/"):
                hits.append(r)
        return hits
    # no action: the form posts back to the page, served by the views that render this template
    return [r for r in routes if template_name and template_name in bodies(r)]


def _posts(r) -> bool:
    return not r.methods or bool(set(r.methods) & _WRITES)


def _template_name(path: str) -> tuple[str, str]:
    """("blog/edit.html", the folder that holds ``templates/``) for .../blog/templates/blog/edit.html."""
    parts = path.replace(os.sep, "/").split("/")
    if "templates" in parts:
        i = len(parts) - 1 - parts[::-1].index("templates")
        return "/".join(parts[i + 1:]), "/".join(parts[:i]) or "."
    return parts[-1], "/".join(parts[:-1]) or "."


def _under(path: str, folder: str) -> bool:
    path = path.replace(os.sep, "/")
    return folder in (".", "") or path.startswith(folder.rstrip("/") + "/")


def check_forms(templates, inventory, findings, active: set[str], read) -> list[Finding]:
    """Findings at template forms (see the module docstring). ``read(source)`` gives a template's text or None;
    ``findings`` are the scan's others, so that an application's CSRF cause is reported once."""
    if RULE.id not in active or inventory is None or not templates:
        return []
    routes = [r for r in inventory.routes if not r.test_code]
    if not routes:
        return []
    texts: dict[str, str] = {}

    def bodies(r) -> str:
        if r.path not in texts:
            try:
                with open(r.path, encoding="utf-8", errors="replace") as fh:
                    texts[r.path] = fh.read()
            except OSError:
                texts[r.path] = ""
        lines = texts[r.path].splitlines()
        start = r.line - 1  # the def line, then its indented body
        end = start + 1
        while end < len(lines) and (not lines[end] or lines[end][0].isspace() or lines[end].startswith(")")):
            end += 1
        return "\n".join(lines[start:end])

    csrf_findings = [f for f in findings if f.cwe == 352]
    csrf_flagged = [f.location.path for f in csrf_findings]
    out: list[Finding] = []
    app_reported: set[str] = set()
    for source in sorted(templates, key=lambda s: s.path):
        text = read(source)
        if not text or "<form" not in text.lower():
            continue
        name, folder = _template_name(source.path)
        # the application the template belongs to: the routes beside its templates folder, else one level up
        scope = [r for r in routes if _under(r.path, folder)] or \
            [r for r in routes if _under(r.path, os.path.dirname(folder))]
        if not scope:
            continue
        for form in forms(text):
            if form.has_token or form.opaque:
                continue
            targets = [r for r in _targets(form, name, scope, bodies) if _posts(r)]
            exempt = [r for r in targets if r.csrf == "exempt"]
            if exempt and all(_reported_at_view(r, csrf_findings) for r in exempt):
                continue  # one defect, one finding: the exemption is reported where it is written, at the view
            if exempt:
                r = next(r for r in exempt if not _reported_at_view(r, csrf_findings))
                out.append(_finding(source.path, form.line,
                                    f"This form posts to {r.label} ({r.handler.rsplit('.', 1)[-1]}), which is exempt "
                                    "from CSRF checks, and carries no token, so any website the user visits can "
                                    "submit it with the user's cookies.", Confidence.MEDIUM, text))
                continue
            if targets and all(r.csrf == "protected" for r in targets):
                continue  # the check is on: a form without a token is rejected, not forged
            # the application's cause: nothing checks tokens anywhere, and the form acts for a logged-in user (a
            # login form's forgery signs the victim in to the attacker's account: a weaker issue, left out)
            acting = [r for r in targets if not r.public_by_design and r.auth in (G.AUTHENTICATED, G.AUTHORISED)]
            if not acting:
                continue
            writes = [r for r in scope if _posts(r)]
            if not writes or any(r.csrf in ("protected", "unknown") for r in writes) or \
                    not any(r.auth in (G.AUTHENTICATED, G.AUTHORISED) for r in scope):
                continue
            root = os.path.commonpath([os.path.dirname(r.path).replace(os.sep, "/") for r in scope] + [folder])
            django = any(r.framework == "django" for r in writes)
            if root in app_reported or any(_under(p, root) or (django and _is_settings(p)) for p in csrf_flagged):
                continue  # the application's cause is reported already
            app_reported.add(root)
            out.append(_finding(source.path, form.line,
                                f"This form posts to {acting[0].label} ({acting[0].handler.rsplit('.', 1)[-1]}) for "
                                "a logged-in user, carries no CSRF token, and nothing in the application checks "
                                "one (no CSRFProtect, no CsrfViewMiddleware): any website the user visits can "
                                "submit it with the user's cookies.", Confidence.LOW, text))
    return out


def _reported_at_view(route, csrf_findings) -> bool:
    """Whether a CSRF finding already sits on the view's decorators (``@csrf_exempt`` above its ``def``). An
    exemption applied elsewhere (``csrf_exempt(view)`` in a URLconf) is not, and the form reports it."""
    return any(f.location.path == route.path and route.line - _DECORATOR_REACH <= f.location.line <= route.line
               for f in csrf_findings)


_DECORATOR_REACH = 12  # lines above a def that its decorators may take


def _is_settings(path: str) -> bool:
    name = os.path.basename(path)
    return name.startswith("settings") or "settings" in path.replace(os.sep, "/").split("/")


def _finding(path: str, line: int, message: str, confidence: Confidence, text: str) -> Finding:
    lines = text.splitlines()
    snippet = lines[line - 1].strip()[:200] if 0 < line <= len(lines) else ""
    return Finding(rule_id=RULE.id, cwe=RULE.cwe, pillar=pillar_of(RULE.cwe), severity=RULE.severity,
                   confidence=confidence, location=Location(path, line), snippet=snippet, message=message,
                   fix=RULE.fix, title=RULE.title)
