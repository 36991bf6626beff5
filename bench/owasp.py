#!/usr/bin/env python3
"""Score pillarscan (and Bandit, side by side) on the OWASP Benchmark for Python.

    python bench/owasp.py --benchmark /path/to/BenchmarkPython [--no-bandit] [--pillarscan-args "--min-confidence medium"]

The benchmark (https://github.com/OWASP-Benchmark/BenchmarkPython, v0.1) ships an answer key,
``expectedresults-0.1.csv``: one row per test case ``BenchmarkTestNNNNN,category,true|false,cwe``, where
``true`` means the case really is vulnerable and ``false`` means it is a look-alike that is not. The test code
is ``testcode/BenchmarkTestNNNNN.py``; ``helpers/`` holds shared code that the cases call into.

How a case is judged (the way the benchmark's own scorer, BenchmarkUtils ``BenchmarkScore.compare``, does it):
a case is *flagged* by a tool when the tool reports at least one finding whose CWE counts for the case's
category (table ``CATEGORY_CWES`` below) in that case's own file. Findings in helper files, and findings of
other categories, do not count. Then, per category:

    TP: vulnerable and flagged     FN: vulnerable, not flagged
    FP: safe but flagged           TN: safe, not flagged
    TPR = TP / (TP + FN)           FPR = FP / (FP + TN)           score (Youden index) = TPR − FPR

The overall figures are the unweighted means over the categories, as on the benchmark's scorecards, so the
321 weak-randomness cases weigh no more than the 21 LDAP ones.

Which CWEs count for a category: the official scorer matches the expected CWE exactly and leaves CWE
translation to a reader per tool (e.g. its Bearer and CodeQL readers turn 327 into 328; it accepts 89 for 564).
Here one table is applied to both tools alike, so the comparison is fair: the expected CWE, plus only its
children or the CWEs the official scorer itself accepts in its place. Generic parents (CWE-20, CWE-74,
CWE-707) do not count, because they would credit a finding for any category. A consequence worth knowing:
Bandit labels its XML-parser checks CWE-20, so it scores nothing on ``xxe`` — as it does on the official
scorecard.

Bandit runs from its own virtual environment (created on first use under ``--cache-dir``), pinned to the
version in ``BANDIT_VERSION``, so the figures do not depend on what happens to be installed.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BANDIT_VERSION = "1.9.4"

# category → the CWEs that count as flagging it (see the module docstring for the reasoning).
CATEGORY_CWES: dict[str, frozenset[int]] = {
    "cmdi": frozenset({78, 77}),  # 77 Command Injection is the parent of 78 OS Command Injection
    "codeinj": frozenset({94, 95}),  # 95 Eval Injection is the child of 94 that eval()/exec() findings carry
    "deserialization": frozenset({502}),
    "hash": frozenset({328, 327, 916}),  # scorer accepts 327 for 328; 916 = weak *password* hash
    "ldapi": frozenset({90}),
    "pathtraver": frozenset({22, 23, 36}),  # 23 relative / 36 absolute path traversal are children of 22
    "redirect": frozenset({601}),
    "securecookie": frozenset({614}),  # 1004 (no HttpOnly) is a different defect and does not count
    "sqli": frozenset({89, 564}),  # 564 Hibernate injection, accepted by the official scorer
    "trustbound": frozenset({501}),
    "weakrand": frozenset({330, 338}),  # 338 weak PRNG is the child of 330 that most tools report
    "xpathi": frozenset({643}),
    "xss": frozenset({79, 80}),  # 80 basic XSS is a child of 79
    "xxe": frozenset({611}),
}

TEST_NAME = re.compile(r"(BenchmarkTest\d+)")


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    vulnerable: bool
    cwe: int


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    @property
    def tpr(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def fpr(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def score(self) -> float:
        return self.tpr - self.fpr


@dataclass
class ToolRun:
    """What one tool reported: CWEs per test-case name, plus how long it took and how it ended."""

    name: str
    version: str = ""
    seconds: float = 0.0
    cwes_by_case: dict[str, set[int]] = field(default_factory=dict)
    findings_total: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # file → why the tool could not analyse it
    error: str = ""


# ---------------------------------------------------------------------------------------------- answer key


def read_answer_key(benchmark: Path) -> list[Case]:
    candidates = sorted(glob.glob(str(benchmark / "expectedresults-*.csv")))
    if not candidates:
        raise SystemExit(f"no expectedresults-*.csv in {benchmark}: is this a BenchmarkPython checkout?")
    cases = []
    with open(candidates[-1], newline="", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if not row or row[0].lstrip().startswith("#"):
                continue
            name, category, real, cwe = (cell.strip() for cell in row[:4])
            cases.append(Case(name, category, real.lower() == "true", int(cwe)))
    return cases


def add_finding(run: ToolRun, path: str, cwe: int | None) -> None:
    """Attribute a finding to the test case whose file it lies in; others (helpers, templates) are ignored."""
    run.findings_total += 1
    m = TEST_NAME.search(os.path.basename(path or ""))
    if m and cwe:
        run.cwes_by_case.setdefault(m.group(1), set()).add(int(cwe))


def score(cases: list[Case], run: ToolRun) -> dict[str, Counts]:
    by_category: dict[str, Counts] = {}
    for case in cases:
        counts = by_category.setdefault(case.category, Counts())
        accepted = CATEGORY_CWES.get(case.category, frozenset({case.cwe})) | {case.cwe}
        flagged = bool(run.cwes_by_case.get(case.name, set()) & accepted)
        if case.vulnerable:
            counts.tp += flagged
            counts.fn += not flagged
        else:
            counts.fp += flagged
            counts.tn += not flagged
    return dict(sorted(by_category.items()))


# ---------------------------------------------------------------------------------------------- pillarscan


def pillarscan_command() -> list[str] | None:
    """The installed ``pillarscan`` console script, preferring the one beside this interpreter."""
    import importlib.util

    if importlib.util.find_spec("pillarscan") is not None and importlib.util.find_spec("pillarscan.cli") is None:
        return None  # package installed, command line not written yet: use the engine directly
    beside = Path(sys.executable).with_name("pillarscan")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("pillarscan")
    return [found] if found else None


def run_json_tool(run: ToolRun, make_argv) -> dict | None:
    """Run a tool that writes a JSON report to the file it is given; time it; None (with run.error) on failure.

    Both tools exit 1 when they find something, so 0 and 1 are success.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        argv = make_argv(out)
        started = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True)
        run.seconds = time.perf_counter() - started
        if proc.returncode not in (0, 1) or not out.exists():
            run.error = f"`{shlex.join(argv)}` exited {proc.returncode}: {proc.stderr.strip()[-2000:]}"
            return None
        return json.loads(out.read_text(encoding="utf-8"))


def run_pillarscan(benchmark: Path, extra_args: list[str]) -> ToolRun:
    run = ToolRun("pillarscan")
    command = pillarscan_command()
    if command is None:
        return run_pillarscan_in_process(benchmark, run)
    report = run_json_tool(run, lambda out: command + ["scan", str(benchmark), "--format", "json", "--output",
                                                        str(out), *extra_args])
    if report is None:
        return run
    run.version = str(report.get("tool", {}).get("version", "") if isinstance(report.get("tool"), dict)
                      else report.get("version", ""))
    for finding in report.get("findings", []):
        add_finding(run, finding.get("location", {}).get("path", ""), finding.get("cwe"))
    for entry in report.get("skipped", []) or []:
        if isinstance(entry, dict):
            run.skipped[entry.get("path", "?")] = entry.get("reason", "")
    return run


def run_pillarscan_in_process(benchmark: Path, run: ToolRun) -> ToolRun:
    """Fallback while no console script is installed: call the engine directly (same analysis, no CLI)."""
    import pillarscan
    from pillarscan.engine import scan

    run.version = getattr(pillarscan, "__version__", "")
    started = time.perf_counter()
    result = scan([str(benchmark)])
    run.seconds = time.perf_counter() - started
    for finding in result.findings:
        add_finding(run, finding.location.path, finding.cwe)
    run.skipped = {d.path: d.reason for d in result.skipped}
    return run


# ---------------------------------------------------------------------------------------------- Bandit


def bandit_executable(cache_dir: Path, python: str) -> Path:
    """Bandit pinned to BANDIT_VERSION in a venv of its own (per interpreter), created once and reused."""
    version = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    venv = cache_dir / f"bandit-{BANDIT_VERSION}-py{version}-venv"
    exe = venv / ("Scripts" if os.name == "nt" else "bin") / "bandit"
    if exe.exists():
        return exe
    print(f"setting up Bandit {BANDIT_VERSION} in {venv} …", file=sys.stderr)
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    pip = exe.with_name("pip")
    subprocess.run([str(pip), "install", "--quiet", f"bandit=={BANDIT_VERSION}"], check=True)
    return exe


def run_bandit(benchmark: Path, cache_dir: Path, python: str) -> ToolRun:
    run = ToolRun("Bandit", version=BANDIT_VERSION)
    try:
        exe = bandit_executable(cache_dir, python)
    except (subprocess.CalledProcessError, OSError) as exc:
        run.error = f"could not install Bandit {BANDIT_VERSION}: {exc}"
        return run
    report = run_json_tool(run, lambda out: [str(exe), "-r", str(benchmark), "-f", "json", "-o", str(out), "-q"])
    if report is None:
        return run
    for issue in report.get("results", []):
        add_finding(run, issue.get("filename", ""), (issue.get("issue_cwe") or {}).get("id"))
    run.skipped = {e.get("filename", "?"): e.get("reason", "") for e in report.get("errors", [])}
    return run


# ---------------------------------------------------------------------------------------------- tables


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def comparison_table(cases: list[Case], scored: list[tuple[ToolRun, dict[str, Counts]]]) -> str:
    """One row per category: case counts, then TPR / FPR / score for each tool, then the means."""
    cwe_of = {c.category: c.cwe for c in cases}
    real = {cat: sum(c.vulnerable for c in cases if c.category == cat) for cat in cwe_of}
    total = {cat: sum(c.category == cat for c in cases) for cat in cwe_of}
    header = ["category", "CWE", "cases (vulnerable)"]
    for run, _ in scored:
        header += [f"{run.name} TPR", f"{run.name} FPR", f"{run.name} score"]
    rows = [header, ["---"] * 3 + ["---:"] * (3 * len(scored))]
    for cat in sorted(cwe_of):
        row = [cat, f"CWE-{cwe_of[cat]}", f"{total[cat]} ({real[cat]})"]
        for _, counts in scored:
            c = counts[cat]
            row += [pct(c.tpr), pct(c.fpr), f"**{pct(c.score)}**"]
        rows.append(row)
    overall = ["**overall** (mean of categories)", "", f"{len(cases)} ({sum(real.values())})"]
    for _, counts in scored:
        cs = list(counts.values())
        overall += [pct(mean([c.tpr for c in cs])), pct(mean([c.fpr for c in cs])),
                    f"**{pct(mean([c.score for c in cs]))}**"]
    rows.append(overall)
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def counts_table(run: ToolRun, counts: dict[str, Counts]) -> str:
    rows = [["category", "TP", "FP", "TN", "FN", "TPR", "FPR", "score"], ["---"] + ["---:"] * 7]
    for cat, c in counts.items():
        rows.append([cat, str(c.tp), str(c.fp), str(c.tn), str(c.fn), pct(c.tpr), pct(c.fpr), pct(c.score)])
    cs = list(counts.values())
    rows.append(["**total / mean**", str(sum(c.tp for c in cs)), str(sum(c.fp for c in cs)),
                 str(sum(c.tn for c in cs)), str(sum(c.fn for c in cs)), pct(mean([c.tpr for c in cs])),
                 pct(mean([c.fpr for c in cs])), pct(mean([c.score for c in cs]))])
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def describe(run: ToolRun, cases: list[Case]) -> str:
    version = f" {run.version}" if run.version else ""
    text = f"- {run.name}{version}: {run.findings_total} findings in {run.seconds:.1f} s"
    if run.skipped:
        names = {c.name for c in cases}
        lost = sum(1 for path in run.skipped if (m := TEST_NAME.search(os.path.basename(path))) and m[1] in names)
        reasons = sorted({r for r in run.skipped.values()})
        text += (f"; could not analyse {len(run.skipped)} files ({lost} of them test cases), "
                 f"e.g. {reasons[0]!r}")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--benchmark", required=True, type=Path, help="a BenchmarkPython checkout")
    parser.add_argument("--bandit", action=argparse.BooleanOptionalAction, default=True,
                        help=f"also run Bandit {BANDIT_VERSION} and show it side by side (default: yes)")
    parser.add_argument("--pillarscan-args", default="", help="extra arguments for `pillarscan scan`, one string")
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pillarscan-bench",
                        help="where Bandit's virtual environment is kept")
    parser.add_argument("--bandit-python", default=sys.executable,
                        help="interpreter for Bandit's venv; Bandit parses with it, so Python 3.11 cannot read the "
                             "benchmark's Python 3.12 f-strings (default: this interpreter)")
    parser.add_argument("--json", type=Path, help="also write the per-category counts to this JSON file")
    args = parser.parse_args(argv)

    benchmark = args.benchmark.resolve()
    cases = read_answer_key(benchmark)
    unknown = sorted({c.category for c in cases} - set(CATEGORY_CWES))
    if unknown:
        print(f"note: categories without a CWE table entry (exact CWE match used): {', '.join(unknown)}",
              file=sys.stderr)

    runs = [run_pillarscan(benchmark, shlex.split(args.pillarscan_args))]
    if args.bandit:
        runs.append(run_bandit(benchmark, args.cache_dir, args.bandit_python))
    failed = [r for r in runs if r.error]
    for r in failed:
        print(f"error: {r.name}: {r.error}", file=sys.stderr)
    scored = [(r, score(cases, r)) for r in runs if not r.error]
    if not scored:
        return 2

    print(f"OWASP Benchmark for Python — {benchmark.name}: {len(cases)} test cases, "
          f"{len({c.category for c in cases})} categories")
    print()
    print("\n".join(describe(r, cases) for r, _ in scored))
    print()
    print(comparison_table(cases, scored))
    for run, counts in scored:
        print()
        print(f"### {run.name}")
        print()
        print(counts_table(run, counts))
    if args.json:
        args.json.write_text(json.dumps({
            run.name: {"version": run.version, "seconds": round(run.seconds, 2), "findings": run.findings_total,
                       "skipped_files": len(run.skipped),
                       "categories": {cat: vars(c) | {"tpr": c.tpr, "fpr": c.fpr, "score": c.score}
                                      for cat, c in counts.items()}}
            for run, counts in scored}, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
