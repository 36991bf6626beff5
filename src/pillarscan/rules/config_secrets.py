"""Secrets in the configuration files of the tree: ``.env``, YAML (docker-compose included), JSON, INI and CFG.

These files have no grammar we analyse, so only high-confidence evidence counts, line by line: a known credential
format (``secrets.known_format``: vendor keys, PEM private keys, JWTs), a secret-named key with a random-looking
value (``DB_PASSWORD=Zq8pL2xv!rT4``, ``password: "k9#Lm2…"``), or a connection URL whose password looks chosen
(``postgres://app:Zq8pL2xv@db/app``). References (``${DB_PASSWORD}``, ``{{ vault_pw }}``, ``%(pw)s``), hashes
and placeholders are not secrets. Files under ``tests/``, ``fixtures/``, ``examples/`` and ``*.example``-style
copies are reported at low severity and confidence. The walk (``inputs/files.py``) decides which files come
here, within the tree, its excludes and ``.gitignore``; ``MAX_CONFIG_BYTES`` bounds each one.
"""

from __future__ import annotations

import os
import re

from ..cwe import pillar_of
from ..findings import Confidence, Diagnostic, Finding, Location, Severity
from .registry import Rule, register
from .secrets import (has_high_entropy, is_fixture_path, is_secret_name, known_format, looks_hashed,
                      pem_has_body, plausible_password, private_key_header)

MAX_CONFIG_BYTES = 512 * 1024
MAX_LINE_CHARS = 8192

RULE = register(Rule(
    id="secret-in-config-file", cwe=798, severity=Severity.HIGH, confidence=Confidence.HIGH,
    title="Secret in a configuration file",
    message="A key, token or password is committed in a configuration file of the tree, so everyone who can read "
            "the repository (or an image built from it) holds a live credential.",
    fix="Remove it from the file and from the history, rotate it, and inject it at deploy time (an untracked "
        ".env, the orchestrator's secrets, a vault); commit a template with placeholders instead.",
))

_KEY_VALUE = re.compile(r"""^\s*(?:export\s+|-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*(.*?)\s*,?\s*$""")
_URL_PASSWORD = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@'\"]*:([^/\s@'\"]+)@[^\s@'\"]+")
_REFERENCE = re.compile(r"\$\{|\$\(|\{\{|%\(|!vault|ENC\[|^\$[A-Za-z_]|<[^>]+>|^\*+$")


def _is_env_like(rel: str) -> bool:
    name = os.path.basename(rel).lower()
    return name.startswith((".env", "docker-compose", "compose.")) or name.endswith(".env")


def _value(raw: str) -> str:
    """The value of a ``key: value`` line without its quotes and trailing comment."""
    raw = raw.strip()
    if raw and raw[0] in "'\"":
        end = raw.find(raw[0], 1)
        return raw[1:end] if end > 0 else raw[1:]
    return re.split(r"\s+[#;]", raw, maxsplit=1)[0].strip()


def find_secrets(rel: str, text: str) -> list[tuple[int, int, str, Confidence]]:
    """(line, column, what was found, confidence) for each secret in a configuration file's text."""
    found = []
    env_like = _is_env_like(rel)
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        line = line[:MAX_LINE_CHARS]
        stripped = line.lstrip()
        if not stripped or stripped.startswith(("#", ";", "//")):
            continue
        if "PRIVATE KEY" in line:
            pem = private_key_header(line)
            if pem is not None and pem_has_body(line[pem.end():] + "\n" + "\n".join(lines[number:number + 40])):
                found.append((number, pem.start(), "private key", Confidence.HIGH))
                continue
        fmt = known_format(line)
        if fmt is not None and fmt.name != "private key":
            m = fmt.pattern.search(line)
            found.append((number, m.start() if m else 0, fmt.name,
                          Confidence.HIGH if fmt.confidence == "high" else Confidence.MEDIUM))
            continue
        kv = _KEY_VALUE.match(line)
        if kv is None:
            continue
        key, raw = kv.group(1), kv.group(2)
        value = _value(raw)
        if not value or _REFERENCE.search(value) or looks_hashed(value):
            continue
        url = _URL_PASSWORD.search(value)
        if url is not None:
            password = url.group(1)
            if not _REFERENCE.search(password) and plausible_password(password):
                found.append((number, line.find(password), "password in a connection URL", Confidence.HIGH))
            continue
        if is_secret_name(key.rsplit(".", 1)[-1]) and has_high_entropy(value):
            found.append((number, max(0, line.find(value)), f"value of '{key}'",
                          Confidence.HIGH if env_like else Confidence.MEDIUM))
    return found


def scan_config_files(configs, rule_active: bool) -> tuple[list[Finding], list[Diagnostic]]:
    """Findings for every secret in the configuration files ``configs`` (``inputs.files.SourceFile``), and
    diagnostics for those that could not be read or are too large to search."""
    findings: list[Finding] = []
    diagnostics: list[Diagnostic] = []
    if not rule_active:
        return findings, diagnostics
    for source in configs:
        try:
            size = os.stat(source.path).st_size
            if size > MAX_CONFIG_BYTES:
                diagnostics.append(Diagnostic(source.path, f"configuration file larger than {MAX_CONFIG_BYTES // 1024} "
                                              "KiB; not searched for secrets"))
                continue
            with open(source.path, "rb") as fh:
                data = fh.read(MAX_CONFIG_BYTES + 1)
        except OSError as exc:
            diagnostics.append(Diagnostic(source.path, f"cannot read configuration file: {exc.strerror or exc}",
                                          kind="warning"))
            continue
        text = data.decode("utf-8", errors="replace")
        lines = text.splitlines()
        fixture = is_fixture_path(source.rel)
        for line, column, what, confidence in find_secrets(source.rel, text):
            findings.append(Finding(
                rule_id=RULE.id, cwe=RULE.cwe, pillar=pillar_of(RULE.cwe),
                severity=Severity.LOW if fixture else RULE.severity,
                confidence=Confidence.LOW if fixture else confidence,
                location=Location(source.path, line, column),
                snippet=lines[line - 1].strip()[:300] if line <= len(lines) else "",
                message=f"{RULE.message} Found: {what}.", fix=RULE.fix, title=RULE.title,
            ))
    return findings, diagnostics
