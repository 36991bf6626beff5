"""Render calls joined with the templates they render: a finding at the template line that writes a tainted
context variable raw, with the trace source → … → render call → template line.

The flow engine records every render call that passes tainted data (``flow/calls.py``: one xss sink per context
variable, carrying the template's name and the variable); the cross-module solve settles their taint like any
sink's and hands them here as findings with ``link`` set. This runs after the solve (whose result the cache keeps),
so an edited template is read afresh on every run, and only templates that a flow names, or whose text may hold
a raw output of request data (``may_output_raw``), are parsed.
"""

from __future__ import annotations

import os
from dataclasses import replace

from ..findings import Confidence, Diagnostic, Finding, Location, TraceStep
from ..inputs.files import SourceFile
from ..python.values import STORED_DESC
from . import MAX_TEMPLATE_BYTES, TemplateFacts, analyse, may_output_raw

MAX_INCLUDE_DEPTH = 6
CSTI_RULE = "client-side-template-injection"


class TemplateIndex:
    """The tree's template files by name, read and parsed at most once per run."""

    def __init__(self, templates: list[SourceFile], diagnostics: list[Diagnostic]):
        self.templates = templates
        self.diagnostics = diagnostics
        self._texts: dict[str, str | None] = {}
        self._facts: dict[tuple[str, str], TemplateFacts | None] = {}
        self._paths = [(t.path.replace(os.sep, "/"), t) for t in templates]

    def text(self, source: SourceFile) -> str | None:
        if source.path in self._texts:
            return self._texts[source.path]
        data: bytes | None = source.content
        reason = ""
        if data is None:
            try:
                size = os.path.getsize(source.path)
                if size > MAX_TEMPLATE_BYTES:
                    reason = f"template larger than {MAX_TEMPLATE_BYTES // 1024} KiB; its outputs are not checked"
                else:
                    with open(source.path, "rb") as fh:
                        data = fh.read(MAX_TEMPLATE_BYTES + 1)
            except OSError as exc:
                reason = f"cannot read template: {exc.strerror or exc}"
        text = None
        if data is not None:
            text = data.decode("utf-8", errors="replace")
        elif reason:
            self.diagnostics.append(Diagnostic(source.path, reason, kind="warning"))
        self._texts[source.path] = text
        return text

    def facts(self, source: SourceFile, dialect: str | None) -> TemplateFacts | None:
        key = (source.path, dialect or "")
        if key not in self._facts:
            text = self.text(source)
            found = analyse(source.path, text, dialect) if text is not None else None
            if found is not None and found.error:
                self.diagnostics.append(Diagnostic(source.path, found.error, kind="warning"))
            self._facts[key] = found
        return self._facts[key]

    def resolve(self, name: str, near: str) -> SourceFile | None:
        """The file a loader would find for ``name``: under a ``templates/`` folder (Flask app and blueprint
        folders, Django app folders), else any folder, else a unique basename; the nearest to ``near`` wins."""
        name = name.replace("\\", "/").lstrip("./")
        if not name or ".." in name.split("/"):
            return None
        tail = "/" + name
        in_templates = [t for p, t in self._paths if p.endswith("/templates" + tail) or p == "templates" + tail]
        anywhere = in_templates or [t for p, t in self._paths if p.endswith(tail) or p == name]
        if not anywhere:
            base = "/" + name.rsplit("/", 1)[-1]
            named = [t for p, t in self._paths if p.endswith(base)]
            anywhere = named if len(named) == 1 else []
        if not anywhere:
            return None
        here = os.path.dirname(os.path.abspath(near))
        return max(anywhere, key=lambda t: (len(os.path.commonpath([here, os.path.abspath(t.path)])), -len(t.path)))

    def outputs(self, source: SourceFile, dialect: str | None):
        """(template, raw output) for the template and what it extends or includes, which render the same context."""
        seen: set[str] = set()
        pending = [(source, 0)]
        while pending:
            current, depth = pending.pop()
            if current.path in seen:
                continue
            seen.add(current.path)
            facts = self.facts(current, dialect)
            if facts is None:
                continue
            for out in facts.outputs:
                yield current, out
            if depth < MAX_INCLUDE_DEPTH:
                for name in facts.includes:
                    found = self.resolve(name, current.path)
                    if found is not None:
                        pending.append((found, depth + 1))


def place(findings: list[Finding], templates: list[SourceFile], diagnostics: list[Diagnostic],
          active: set[str]) -> list[Finding]:
    """The findings with every render flow placed in its template (or dropped where the template escapes it),
    plus raw outputs of request data that templates read themselves."""
    out = [f for f in findings if not f.link]
    pending = [f for f in findings if f.link]
    if not templates or not active & {"template-raw-output", CSTI_RULE}:
        return out
    index = TemplateIndex(templates, diagnostics)
    placed: dict[tuple, Finding] = {}
    for finding in pending:
        _, dialect, rest = finding.link.split(":", 2)
        name, _, var = rest.rpartition(":")
        source = index.resolve(name, finding.location.path)
        if source is None:
            continue
        for template, raw in index.outputs(source, dialect):
            if template.path.lower().endswith(".txt"):
                continue  # a text template (a mail, a config file) is not HTML
            if raw.root != var or (CSTI_RULE if raw.client_template else "template-raw-output") not in active:
                continue
            _keep(placed, _template_finding(finding, template, raw, name, index), raw.var)
    for template in templates:
        # Only a loader's folders: a tree's other .html files (docs, coverage reports) are pages, not templates,
        # and reading them all would cost a cold scan more than the rest of this step.
        if template.path.lower().endswith(".txt") or "templates" not in template.path.replace(os.sep, "/").split("/"):
            continue
        text = index.text(template)
        if text is None or not may_output_raw(text) or ("request" not in text and "user" not in text):
            continue
        facts = index.facts(template, None)
        for raw in facts.outputs if facts else ():
            # Only |safe and the JavaScript/URL contexts: {% autoescape off %} is how plain-text mails are written.
            if raw.why.startswith("inside {%"):
                continue
            if raw.client_template or "template-raw-output" not in active:
                continue  # (an escaped output only matters as flowing request data, which render calls say)
            if raw.from_request() or raw.from_signed_in_user():
                _keep(placed, _request_finding(template, raw, index), raw.var)
    return out + list(placed.values())


def _line(index: TemplateIndex, template: SourceFile, line: int) -> str:
    text = index.text(template) or ""
    lines = text.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _template_finding(flow: Finding, template: SourceFile, raw, name: str, index: TemplateIndex) -> Finding:
    location = Location(template.path, raw.line, raw.column)
    code = _line(index, template, raw.line)
    steps = list(flow.trace)
    api = flow.trace[-1].note.removeprefix("sink: ") if flow.trace else "render call"
    if steps:
        last = steps[-1]
        steps[-1] = TraceStep(last.location, last.code, f"rendered by {api}: {name}, as '{raw.root}'")
    steps.append(TraceStep(location, code, f"sink: raw output of '{raw.var}' ({raw.why})"))
    stored = bool(flow.trace) and flow.trace[0].note == f"source: {STORED_DESC}"
    if raw.client_template:
        return _client_template_finding(flow, template, raw, name, location, code, tuple(steps), stored)
    if stored:
        message = (f"Data read back from the database (stored earlier, possibly by another user) is written by "
                   f"{name} without escaping: {raw.why}. If any user can write that data, this is stored "
                   "cross-site scripting")
    else:
        source = flow.trace[0].note.removeprefix("source: ") if flow.trace else "untrusted input"
        message = (f"Untrusted data (from {source}) is rendered into {name} as '{raw.root}' and written without "
                   f"escaping: {raw.why}; a crafted value can run script in other users' browsers")
    return replace(flow, location=location, snippet=code, message=message, trace=tuple(steps), link="",
                   confidence=Confidence.MEDIUM if stored else flow.confidence)


def _client_template_finding(flow: Finding, template: SourceFile, raw, name: str, location: Location, code: str,
                             steps: tuple, stored: bool) -> Finding:
    from ..cwe import pillar_of
    from ..rules.registry import get_rule

    rule = get_rule(CSTI_RULE)
    source = "data read back from the database" if stored else \
        (flow.trace[0].note.removeprefix("source: ") if flow.trace else "untrusted input")
    message = (f"Untrusted data (from {source}) is rendered into {name} as '{raw.root}' {raw.why}: a value such as "
               "{{constructor.constructor('alert(1)')()}} runs script in the victim's browser")
    return replace(flow, rule_id=rule.id, cwe=rule.cwe, pillar=pillar_of(rule.cwe), title=rule.title, fix=rule.fix,
                   location=location, snippet=code, message=message, trace=steps, link="",
                   confidence=Confidence.MEDIUM if stored else flow.confidence)


def _request_finding(template: SourceFile, raw, index: TemplateIndex) -> Finding:
    from ..cwe import pillar_of
    from ..rules.registry import get_rule

    rule = get_rule("template-raw-output")
    location = Location(template.path, raw.line, raw.column)
    code = _line(index, template, raw.line)
    if raw.from_request():
        source = f"request data read by the template ('{raw.var}')"
        message = (f"The template writes request data ('{raw.var}') into the page without escaping: {raw.why}; "
                   "a link with a crafted parameter runs script in the victim's browser (reflected cross-site "
                   "scripting)")
    else:
        source = f"{STORED_DESC}: the signed-in user's own text ('{raw.var}')"
        message = (f"The template writes text a user chose ('{raw.var}', stored with their account) into the page "
                   f"without escaping: {raw.why}; a name like <script>… runs in every browser that shows it "
                   "(stored cross-site scripting)")
    return Finding(
        rule_id=rule.id, cwe=rule.cwe, pillar=pillar_of(rule.cwe), severity=rule.severity,
        confidence=rule.confidence if raw.from_request() else Confidence.MEDIUM, location=location, snippet=code,
        message=message, fix=rule.fix, title=rule.title,
        trace=(TraceStep(location, code, f"source: {source}"),
               TraceStep(location, code, f"sink: raw output ({raw.why})")),
    )


def _rank(f: Finding) -> tuple:
    """Higher confidence first; then a flow through the code (it says where the data comes from) over one the
    template shows alone; then the shorter trace."""
    through_code = any(step.location.path != f.location.path for step in f.trace)
    return (-int(f.confidence), not through_code, len(f.trace))


def _keep(placed: dict[tuple, Finding], finding: Finding, var: str) -> None:
    """One finding per raw output of one variable: the flow from a real source, else the shortest."""
    key = (finding.location.path, finding.location.line, finding.location.column, var)
    old = placed.get(key)
    if old is None or _rank(finding) < _rank(old):
        placed[key] = finding
