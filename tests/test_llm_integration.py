"""The LLM layer end to end against a real model server (in CI: llama.cpp's server with SmolLM2-135M, started
by .ci/run). Checks the plumbing and the grounding rules, never the quality of a 135M model's judgement:
the scan completes, every LLM-provenance finding is grounded in the code, no static finding is lost, and a
second run is served from the cache. Skipped unless PILLARSCAN_LLM_TEST_URL names the server's /v1 URL."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pillarscan import cwe
from pillarscan.cli import main

URL = os.environ.get("PILLARSCAN_LLM_TEST_URL")
MODEL = os.environ.get("PILLARSCAN_LLM_TEST_MODEL", "smollm2")
BUDGET = os.environ.get("PILLARSCAN_LLM_TEST_BUDGET", "10")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

pytestmark = pytest.mark.skipif(not URL, reason="no model server (set PILLARSCAN_LLM_TEST_URL)")


def _scan(capsys, *extra: str) -> dict:
    main(["scan", str(EXAMPLES), "--isolated", "--format", "json", "--no-progress", *extra])
    return json.loads(capsys.readouterr().out)


def _static(data: dict) -> list:
    return sorted((f["fingerprint"], f["rule_id"]) for f in data["findings"]
                  if f.get("provenance", "static") == "static")


def test_scan_with_a_real_model(capsys):
    plain = _scan(capsys)
    llm = ("--llm", "--llm-url", URL, "--llm-model", MODEL, "--llm-budget", BUDGET)
    first = _scan(capsys, *llm)
    account = first["llm"]
    assert account["requests"] >= 1 and account["endpoint"].startswith(("127.0.0.1", "localhost"))
    assert account["requests"] <= int(BUDGET)
    assert _static(first) == _static(plain)  # nothing the model said removed a static finding
    for finding in first["findings"]:
        if finding["provenance"] == "llm":  # grounded: a known CWE, the quoted line really there
            lines = Path(finding["location"]["path"]).read_text().splitlines()
            assert cwe.known(finding["cwe"]) and finding["confidence"] in ("low", "medium")
            assert lines[finding["location"]["line"] - 1].strip() == finding["snippet"]
    second = _scan(capsys, *llm)
    answered = account["questions"] - account["unanswered"]
    assert second["llm"]["answers_from_cache"] >= answered
    again = {f["fingerprint"]: f["llm"] for f in second["findings"]}
    for finding in first["findings"]:
        if finding["llm"] is not None and finding["provenance"] == "static":
            assert again[finding["fingerprint"]] == finding["llm"]  # the same verdict, from the cache
    if account["unanswered"] == 0:
        assert second["llm"]["requests"] == 0


def test_review_with_a_real_model(tmp_path, capsys, monkeypatch):
    """A change review: the same plumbing and grounding, and what the model proposes is reported only on the
    lines the change wrote."""
    from review_repo import needs_git, shop_repo

    if needs_git.args[0]:
        pytest.skip("the git binary is not installed")
    repo = shop_repo(tmp_path / "shop")
    llm = ("--llm", "--llm-url", URL, "--llm-model", MODEL, "--llm-budget", BUDGET)
    _, plain = repo.review_json("HEAD~1..HEAD", "--isolated", capsys=capsys, monkeypatch=monkeypatch)
    _, first = repo.review_json("HEAD~1..HEAD", "--isolated", *llm, capsys=capsys, monkeypatch=monkeypatch)
    account = first["llm"]
    assert 1 <= account["requests"] <= int(BUDGET) and account["entry_points"] == 1  # the new /search route
    assert _static(first) == _static(plain)
    changed = {path: set(lines) for path, lines in first["change"]["changed_lines"].items()}
    for finding in first["findings"]:
        if finding["provenance"] == "llm":
            assert finding["location"]["line"] in changed[finding["location"]["path"]]
            assert cwe.known(finding["cwe"])
    _, second = repo.review_json("HEAD~1..HEAD", "--isolated", *llm, capsys=capsys, monkeypatch=monkeypatch)
    assert second["llm"]["answers_from_cache"] >= account["questions"] - account["unanswered"]
    assert _static(second) == _static(plain)
