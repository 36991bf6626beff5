"""Suppression comments: ``# pillarscan: ignore[CWE-89] -- reason`` and, on request, Bandit's ``# nosec``.

Why statements and not lines: a formatter is free to move a trailing comment to any line of a multi-line call,
and the finding points at the call's first line. So a comment covers every physical line of the statement it
sits on (for ``if``/``def``/``with``…, only the header, never the whole body), and a comment alone on its line
also covers the statement that starts on the next line, the other place people put them.

Why a bare ``ignore`` is itself reported: it hides every rule on the statement, including checks added later,
and records no decision; it still suppresses (code written for older versions keeps working), but appears as a
low-severity ``blanket-suppression`` finding so teams can see and narrow them. ``# nosec`` is Bandit's: any
form (``# nosec``, ``# nosec B602``) is honoured as blanket, and only with ``--honour-nosec``, since its codes
name Bandit's tests, not ours.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field

from ..cwe import pillar_of
from ..findings import Confidence, Diagnostic, Finding, Location, Severity
from ..rules.registry import Rule, register

PILLARSCAN = "pillarscan"
NOSEC = "nosec"

BLANKET_SUPPRESSION = register(Rule(
    id="blanket-suppression", cwe=1076, severity=Severity.LOW, confidence=Confidence.HIGH,
    title="Suppression comment that names no rule or CWE",
    message="A bare '# pillarscan: ignore' hides every finding on this statement, including checks added later, "
            "and records nothing about which risk was accepted or why.",
    fix="Name what is accepted and why, e.g. '# pillarscan: ignore[CWE-89] -- the table name comes from a fixed "
        "list'.",
))
UNUSED_SUPPRESSION = register(Rule(
    id="unused-suppression", cwe=1164, severity=Severity.LOW, confidence=Confidence.HIGH,
    title="Suppression comment that matched no finding",
    message="This suppression matched no finding in this review; left in place it would silently hide a real "
            "defect introduced on this statement later.",
    fix="Remove the comment, or correct the rule id / CWE it names (`pillarscan rules` lists them).",
))

_QUICK = re.compile(r"pillarscan|nosec", re.IGNORECASE)
_DIRECTIVE = re.compile(r"pillarscan:\s*ignore(?![\w-])(?:\[([^\]]*)\])?(.*)", re.IGNORECASE)
_NOSEC = re.compile(r"(?<![\w-])nosec(?![\w-])", re.IGNORECASE)
_CWE_CODE = re.compile(r"cwe-(\d+)")


@dataclass(frozen=True)
class SuppressionComment:
    """One suppression as written: where, which codes (lower case; None for blanket), and the stated reason."""

    line: int
    column: int
    codes: frozenset[str] | None
    reason: str = ""
    kind: str = PILLARSCAN  # or NOSEC
    standalone: bool = False  # the comment is alone on its line
    source: str = ""  # the physical line, stripped, for reports
    written: str = ""  # the directive as written, without the reason: "# pillarscan: ignore[CWE-89]"

    @property
    def label(self) -> str:
        return self.written or ("# nosec" if self.kind == NOSEC else "# pillarscan: ignore")


def find_suppressions(text: str) -> list[SuppressionComment]:
    """Every suppression comment in ``text`` (both kinds; the engine decides whether ``nosec`` counts)."""
    if not _may_hold_suppressions(text):
        return []
    lines = text.splitlines()
    out: list[SuppressionComment] = []
    for line, column, comment in _comments(text, lines):
        source = lines[line - 1].strip() if line <= len(lines) else comment
        standalone = not lines[line - 1][:column].strip() if line <= len(lines) else True
        directive = _DIRECTIVE.search(comment)
        if directive:
            codes = frozenset(c.strip().lower() for c in (directive.group(1) or "").split(",") if c.strip())
            reason = directive.group(2).strip().lstrip("-—–:").strip()
            written = "# " + directive.group(0)[: directive.start(2) - directive.start()].strip()
            out.append(SuppressionComment(line, column, codes or None, reason, PILLARSCAN, standalone, source,
                                          written))
        if _NOSEC.search(comment):
            out.append(SuppressionComment(line, column, None, "", NOSEC, standalone, source, "# nosec"))
    return out


def _may_hold_suppressions(text: str) -> bool:
    """The quick test before tokenizing, run on every file: ASCII text (nearly all of it) is searched lower-cased,
    ten times faster than the case-insensitive regex; other text keeps the regex, whose case folding is Unicode's
    (``ſ`` matches ``s``)."""
    if text.isascii():
        lowered = text.lower()
        return "pillarscan" in lowered or "nosec" in lowered
    return _QUICK.search(text) is not None


def _comments(text: str, lines: list[str]):
    """(line, column, text) of each comment token; a per-line scan when the tokenizer rejects the file."""
    try:
        found = [(token.start[0], token.start[1], token.string)
                 for token in tokenize.generate_tokens(io.StringIO(text).readline) if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        found = None
    if found is not None:
        yield from found
        return
    for number, line in enumerate(lines, 1):  # rough but safe: only lines whose '#' starts a directive
        for match in re.finditer(r"#[^#]*", line):
            if _DIRECTIVE.match(match.group().lstrip("# \t")) or _NOSEC.search(match.group()):
                yield number, match.start(), line[match.start():]
                break


@dataclass
class FileSuppressions:
    """The suppressions that count in one file, and for each line the comments that cover it."""

    path: str
    comments: list[SuppressionComment]
    covers: dict[int, list[int]] = field(default_factory=dict)  # line → indexes into ``comments``


def file_suppressions(path: str, comments: list[SuppressionComment], tree: ast.AST, lines: list[str],
                      honour_nosec: bool = False) -> FileSuppressions | None:
    """Spread each comment over the statement it sits on (and the next one, when it stands alone)."""
    comments = [c for c in comments if c.kind == PILLARSCAN or honour_nosec]
    if not comments:
        return None
    span_of = _statement_spans(tree)
    result = FileSuppressions(path, comments)
    for index, comment in enumerate(comments):
        covered = set(_span_lines(span_of, comment.line))
        if comment.standalone:
            following = _next_code_line(lines, comment.line)
            if following is not None:
                covered.update(_span_lines(span_of, following))
        for line in covered:
            result.covers.setdefault(line, []).append(index)
    return result


def _statement_spans(tree: ast.AST) -> dict[int, tuple[int, int]]:
    """line → (first, last) line of the innermost simple statement or compound-statement header on it."""
    spans: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            last = max(node.lineno, body[0].lineno - 1)  # the header only: never the whole block
        else:
            last = getattr(node, "end_lineno", None) or node.lineno
        spans.append((first, last))
    span_of: dict[int, tuple[int, int]] = {}
    for first, last in sorted(spans, key=lambda s: s[0] - s[1]):  # widest first, so inner spans win
        for line in range(first, last + 1):
            span_of[line] = (first, last)
    return span_of


def _span_lines(span_of: dict[int, tuple[int, int]], line: int) -> range:
    first, last = span_of.get(line, (line, line))
    return range(first, last + 1)


def _next_code_line(lines: list[str], line: int) -> int | None:
    """The next line that holds code, passing over further comment lines (a blank line ends the search)."""
    for number in range(line + 1, len(lines) + 1):
        text = lines[number - 1].strip()
        if not text:
            return None
        if not text.startswith("#"):
            return number
    return None


class SuppressionLedger:
    """Applies the suppressions of every file to the findings and remembers which codes were used, so that
    unused suppressions and blanket ones can be reported afterwards."""

    EXEMPT = frozenset({BLANKET_SUPPRESSION.id, UNUSED_SUPPRESSION.id})  # a comment cannot hide its own report

    def __init__(self) -> None:
        self.files: dict[str, FileSuppressions] = {}
        self.used: dict[tuple[str, int], set[str]] = {}  # (path, comment index) → codes that matched ("*")

    def add(self, suppressions: FileSuppressions | None) -> None:
        if suppressions is not None:
            self.files[suppressions.path] = suppressions

    def suppresses(self, finding: Finding) -> bool:
        """True when a comment covering the finding's line names its rule or CWE (or names nothing)."""
        if finding.rule_id in self.EXEMPT:
            return False
        found = self.files.get(finding.location.path)
        if found is None:
            return False
        hit = False
        for index in found.covers.get(finding.location.line, ()):
            comment = found.comments[index]
            if comment.codes is None:
                matched = {"*"}
            else:
                matched = comment.codes & {finding.rule_id.lower(), f"cwe-{finding.cwe}"}
            if matched:
                self.used.setdefault((found.path, index), set()).update(matched)
                hit = True
        return hit

    def blanket_findings(self) -> list[Finding]:
        """One finding per bare ``# pillarscan: ignore`` (``nosec`` is an opt-in migration aid, not reported)."""
        return [_finding(BLANKET_SUPPRESSION, path, c, BLANKET_SUPPRESSION.message)
                for path, c in self._all() if c.kind == PILLARSCAN and c.codes is None]

    def unused_findings(self) -> list[Finding]:
        """One finding per suppression whose codes (or some of them) matched nothing in this review."""
        out = []
        for path, index, comment in self._indexed():
            used = self.used.get((path, index), set())
            if comment.codes is None or not used:
                if used:
                    continue
                what = f"'{comment.label}'"
            else:
                idle = sorted(comment.codes - used)
                if not idle:
                    continue
                what = f"{', '.join(_display(code) for code in idle)} in '{comment.label}'"
            out.append(_finding(UNUSED_SUPPRESSION, path, comment,
                                f"{what} matched no finding in this review; left in place it would silently hide "
                                f"a real defect introduced on this statement later."))
        return out

    def unknown_codes(self, rule_ids: set[str]) -> list[Diagnostic]:
        """Codes that are neither a rule id nor CWE-NNN can never match: say so rather than stay silent."""
        known = {r.lower() for r in rule_ids}
        out = []
        for path, comment in self._all():
            for code in sorted(comment.codes or ()):
                if code not in known and not _CWE_CODE.fullmatch(code):
                    out.append(Diagnostic(path, f"suppression names unknown rule '{code}' (`pillarscan rules` "
                                                f"lists them; CWE-NNN names a weakness)", kind="warning",
                                          line=comment.line))
        return out

    def _indexed(self):
        for path, found in self.files.items():
            for index, comment in enumerate(found.comments):
                yield path, index, comment

    def _all(self):
        for path, _, comment in self._indexed():
            yield path, comment


def _display(code: str) -> str:
    return code.upper() if _CWE_CODE.fullmatch(code) else code


def _finding(rule: Rule, path: str, comment: SuppressionComment, message: str) -> Finding:
    return Finding(
        rule_id=rule.id, cwe=rule.cwe, pillar=pillar_of(rule.cwe), severity=rule.severity,
        confidence=rule.confidence, location=Location(path, comment.line, comment.column), snippet=comment.source,
        message=message, fix=rule.fix, title=rule.title,
    )
