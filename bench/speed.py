#!/usr/bin/env python3
"""Time `pillarscan scan` on a real tree (and optionally Bandit on the same tree) and say what it found.

    ../shared/real-code.sh /tmp/realcode          # fetches nova-34.0.0/ and django-5.2.19/ (not committed)
    python bench/speed.py /tmp/realcode/nova-34.0.0 [--repeat 3] [--bandit] [--pillarscan-args "--jobs 2"]

Reports wall time (best of ``--repeat`` runs, end to end through the command line, start-up included), the
size of the tree (Python files and lines), the files the tool could not analyse, and findings per rule, so a
change in speed or in noise shows up side by side. Not run by CI: it needs a large tree and minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from owasp import BANDIT_VERSION, bandit_executable, pillarscan_command  # noqa: E402  (sibling script)

SKIP_DIRS = {".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules", "__pycache__", "build", "dist"}


def tree_size(root: Path) -> tuple[int, int]:
    """Python files and lines under ``root`` (what a reviewer would call the size of the code base)."""
    files = lines = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in filenames:
            if name.endswith(".py"):
                files += 1
                with open(os.path.join(dirpath, name), "rb") as fh:
                    lines += sum(1 for _ in fh)
    return files, lines


def timed(argv: list[str], repeat: int, accept: tuple[int, ...]) -> tuple[float, subprocess.CompletedProcess]:
    best = float("inf")
    proc = None
    for _ in range(repeat):
        started = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True)
        best = min(best, time.perf_counter() - started)
        if proc.returncode not in accept:
            raise SystemExit(f"`{shlex.join(argv)}` exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    assert proc is not None
    return best, proc


def run_pillarscan(tree: Path, extra: list[str], repeat: int) -> dict:
    command = pillarscan_command()
    if command is None:
        return run_pillarscan_in_process(tree, repeat)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        seconds, _ = timed(command + ["scan", str(tree), "--format", "json", "--output", str(out), *extra],
                           repeat, (0, 1))
        report = json.loads(out.read_text(encoding="utf-8"))
    findings = report.get("findings", [])
    return {
        "tool": "pillarscan",
        "seconds": seconds,
        "findings": len(findings),
        "by_rule": Counter(f"{f.get('rule') or f.get('rule_id')} (CWE-{f.get('cwe')})" for f in findings),
        "skipped": len(report.get("skipped", []) or []),
    }


def run_pillarscan_in_process(tree: Path, repeat: int) -> dict:
    """Fallback while the command line is not installed: the engine alone, without interpreter start-up."""
    from pillarscan.engine import scan

    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = scan([str(tree)])
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return {
        "tool": "pillarscan (engine, in process)",
        "seconds": best,
        "findings": len(result.findings),
        "by_rule": Counter(f"{f.rule_id} (CWE-{f.cwe})" for f in result.findings),
        "skipped": len(result.skipped),
    }


def run_bandit(tree: Path, repeat: int, cache_dir: Path, python: str) -> dict:
    exe = bandit_executable(cache_dir, python)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bandit.json"
        seconds, _ = timed([str(exe), "-r", str(tree), "-f", "json", "-o", str(out), "-q"], repeat, (0, 1))
        report = json.loads(out.read_text(encoding="utf-8"))
    issues = report.get("results", [])
    return {
        "tool": f"Bandit {BANDIT_VERSION}",
        "seconds": seconds,
        "findings": len(issues),
        "by_rule": Counter(f"{i['test_id']} {i['test_name']} (CWE-{(i.get('issue_cwe') or {}).get('id')})"
                           for i in issues),
        "skipped": len(report.get("errors", [])),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", type=Path, help="the code base to review, e.g. /tmp/realcode/nova-34.0.0")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; the best wall time is reported")
    parser.add_argument("--pillarscan-args", default="", help="extra arguments for `pillarscan scan`, one string")
    parser.add_argument("--bandit", action=argparse.BooleanOptionalAction, default=False,
                        help=f"also time Bandit {BANDIT_VERSION} on the same tree")
    parser.add_argument("--bandit-python", default=sys.executable, help="interpreter for Bandit's venv")
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pillarscan-bench")
    parser.add_argument("--top", type=int, default=25, help="how many rules to list per tool")
    args = parser.parse_args(argv)

    tree = args.tree.resolve()
    if not tree.is_dir():
        raise SystemExit(f"{tree} is not a directory")
    files, lines = tree_size(tree)
    runs = [run_pillarscan(tree, shlex.split(args.pillarscan_args), args.repeat)]
    if args.bandit:
        runs.append(run_bandit(tree, args.repeat, args.cache_dir, args.bandit_python))

    print(f"{tree.name}: {files:,} Python files, {lines:,} lines; {os.cpu_count()} cores; best of {args.repeat}")
    print()
    print("| tool | wall time | lines/s | findings | files not analysed |")
    print("|---|---:|---:|---:|---:|")
    for run in runs:
        rate = lines / run["seconds"] if run["seconds"] else 0
        print(f"| {run['tool']} | {run['seconds']:.2f} s | {rate:,.0f} | {run['findings']} | {run['skipped']} |")
    for run in runs:
        print()
        print(f"### {run['tool']}: findings by rule")
        print()
        for rule, n in run["by_rule"].most_common(args.top):
            print(f"  {n:6d}  {rule}")
        rest = len(run["by_rule"]) - args.top
        if rest > 0:
            print(f"  … and {rest} more rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
