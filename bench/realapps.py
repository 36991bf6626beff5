"""Score pillarscan (and, in the same run, Bandit and optionally Semgrep) on the real-application development corpus.

    python bench/realapps.py --apps DIR [--app NAME ...] [--json OUT] [--semgrep-config PATH] [--no-bandit]
                             [--llm-url URL --llm-model NAME [--llm-budget N]]

DIR holds one folder per application, named as its label file in ``bench/realapps/labels/`` (``skf-labs``,
``django.nV``, …) and checked out at the commit the labels record; ``bench/realapps/README.md`` says how to get
them and what a label holds. Not run by CI: the applications are not part of this repository.

Matching (``match``): a finding matches a label when it is in the same file, within ±3 lines, and its CWE is in
the label's family — the label's CWE, one of its ancestors below the pillar, or a descendant of it. Per tool:

- a vulnerable label matched by at least one finding is a true positive, otherwise a false negative;
- a finding that matches no vulnerable label is a false positive; one that matches a *safe look-alike* is also
  counted as a look-alike hit; one that matches a ``boilerplate`` label (a lab harness's debug server) counts
  neither way, and boilerplate labels are left out of recall;
- precision = findings that match a vulnerable label / findings; recall = TP / (TP + FN); F2 weighs recall
  twice as much as precision, as a reviewer who must not miss defects would.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "realapps" / "labels"
sys.path.insert(0, str(HERE.parent / "src"))

from pillarscan import cwe  # noqa: E402  (the CWE tree comes from the code under measurement)

LINE_SLACK = 3


@dataclass(frozen=True)
class Label:
    file: str
    line: int
    cwe: int
    pillar: int
    vulnerable: bool
    boilerplate: bool = False
    description: str = ""


@dataclass(frozen=True)
class Hit:
    """One finding of one tool, reduced to what matching needs."""

    file: str
    line: int
    cwe: int | None


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    matched_findings: int = 0
    findings: int = 0
    lookalike_hits: int = 0

    def add(self, other: "Score") -> None:
        for name in ("tp", "fn", "fp", "matched_findings", "findings", "lookalike_hits"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.matched_findings / self.findings if self.findings else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f2(self) -> float:
        p, r = self.precision, self.recall
        return 5 * p * r / (4 * p + r) if p + r else 0.0


# --- labels and matching --------------------------------------------------------------------------------------

def load_labels(path: Path) -> tuple[dict, list[Label]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    labels = [Label(e["file"], e["line"], e["cwe"], e["pillar"], e["vulnerable"], e.get("boilerplate", False),
                    e.get("description", "")) for e in doc["labels"]]
    return doc, labels


def family(cwe_id: int) -> frozenset[int]:
    """The label's CWE and its ancestors below the pillar (a finding of a descendant matches through ``related``)."""
    if not cwe.known(cwe_id):
        return frozenset({cwe_id})
    chain = cwe.chain(cwe_id)
    return frozenset(chain[:-1] if len(chain) > 1 else chain)


def related(label_cwe: int, finding_cwe: int | None) -> bool:
    if finding_cwe is None:
        return False
    if finding_cwe in family(label_cwe):
        return True
    return cwe.known(finding_cwe) and label_cwe in cwe.chain(finding_cwe)[:-1]


def match(label: Label, hit: Hit) -> bool:
    return hit.file == label.file and abs(hit.line - label.line) <= LINE_SLACK and related(label.cwe, hit.cwe)


def score(labels: list[Label], hits: list[Hit], pillar: int | None = None) -> Score:
    """Score one tool on one app (``pillar``: only labels of that pillar, and findings whose CWE is in it)."""
    def in_pillar_label(label: Label) -> bool:
        return pillar is None or label.pillar == pillar

    def in_pillar_hit(hit: Hit) -> bool:
        return pillar is None or (hit.cwe is not None and cwe.known(hit.cwe) and cwe.pillar_of(hit.cwe) == pillar)

    out = Score()
    vulnerable = [l for l in labels if l.vulnerable and not l.boilerplate]
    boiler = [l for l in labels if l.boilerplate]
    safe = [l for l in labels if not l.vulnerable]
    for label in vulnerable:
        if not in_pillar_label(label):
            continue
        if any(match(label, hit) for hit in hits):
            out.tp += 1
        else:
            out.fn += 1
    for hit in hits:
        if not in_pillar_hit(hit) or any(match(l, hit) for l in boiler):
            continue
        out.findings += 1
        if any(match(l, hit) for l in vulnerable):
            out.matched_findings += 1
            continue
        out.fp += 1
        if any(match(l, hit) for l in safe):
            out.lookalike_hits += 1
    return out


# --- the tools ------------------------------------------------------------------------------------------------

LLM_USAGE = {"requests": 0, "prompt_tokens": 0, "completion_tokens": 0, "answers_from_cache": 0}


def run_pillarscan(app_dir: Path, root: str, llm: tuple[str, ...] = ()) -> list[Hit]:
    """``llm``: the --llm options; that run keeps its answer cache (a re-run is free) and adds up its usage."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cache = ["--cache-dir", str(Path(tmp) / "cache")] if llm else ["--no-cache"]
        subprocess.run([sys.executable, "-m", "pillarscan", "scan", root, "--format", "json", *cache, "--quiet",
                        "--isolated", "-o", str(out), *llm], cwd=app_dir, capture_output=True)
        if not out.exists():
            return []
        report = json.loads(out.read_text(encoding="utf-8"))
    for key in LLM_USAGE if "llm" in report else ():
        LLM_USAGE[key] += report["llm"][key]
    return [Hit(_norm(f["location"]["path"]), f["location"]["line"], f["cwe"]) for f in report["findings"]]


def run_bandit(app_dir: Path, root: str) -> list[Hit] | None:
    exe = shutil.which("bandit") or str(Path(sys.executable).with_name("bandit"))
    if not Path(exe).exists():
        return None
    proc = subprocess.run([exe, "-r", root, "-f", "json", "-q"], cwd=app_dir, capture_output=True, text=True)
    try:
        results = json.loads(proc.stdout)["results"]
    except (ValueError, KeyError):
        return []
    return [Hit(_norm(r["filename"]), r["line_number"], (r.get("issue_cwe") or {}).get("id")) for r in results]


def run_semgrep(app_dir: Path, root: str, config: str) -> list[Hit] | None:
    exe = shutil.which("semgrep") or str(Path(sys.executable).with_name("semgrep"))
    if not Path(exe).exists():
        return None
    proc = subprocess.run([exe, "--config", config, "--json", "--quiet", "--metrics=off", root], cwd=app_dir,
                          capture_output=True, text=True)
    try:
        results = json.loads(proc.stdout)["results"]
    except (ValueError, KeyError):
        return []
    hits = []
    for r in results:
        cwes = r.get("extra", {}).get("metadata", {}).get("cwe") or []
        cwes = [cwes] if isinstance(cwes, str) else cwes
        ids = [int(m.group(1)) for c in cwes if (m := re.match(r"CWE-(\d+)", str(c)))]
        for cwe_id in ids or [None]:
            hits.append(Hit(_norm(r["path"]), r["start"]["line"], cwe_id))
    return hits


def _norm(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


# --- the report -----------------------------------------------------------------------------------------------

@dataclass
class AppRun:
    app: str
    labels: list[Label]
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def table(title: str, rows: list[tuple[str, dict[str, Score]]], tools: list[str]) -> str:
    head = f"| {title} | tool | TP | FP | FN | precision | recall | F2 | look-alike hits |"
    out = [head, "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, scores in rows:
        for tool in tools:
            s = scores[tool]
            out.append(f"| {name} | {tool} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.0%} | {s.recall:.0%} | "
                       f"{s.f2:.0%} | {s.lookalike_hits} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps", required=True, type=Path, help="folder holding one checkout per application")
    parser.add_argument("--app", action="append", help="score only this application (repeatable)")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", type=Path, help="write every score and finding here")
    parser.add_argument("--semgrep-config", help="also run Semgrep with this configuration (public python rules)")
    parser.add_argument("--no-bandit", action="store_true")
    parser.add_argument("--llm-url", help="also score pillarscan with its LLM layer against this /v1 endpoint")
    parser.add_argument("--llm-model", default="default", help="the model name for --llm-url")
    parser.add_argument("--llm-budget", default="200", help="requests per application for --llm-url")
    args = parser.parse_args(argv)
    llm = ("--llm", "--llm-url", args.llm_url, "--llm-model", args.llm_model, "--llm-budget", args.llm_budget) \
        if args.llm_url else ()

    runs: list[AppRun] = []
    tools = ["pillarscan"]
    for path in sorted(args.labels.glob("*.json")):
        doc, labels = load_labels(path)
        if args.app and doc["app"] not in args.app:
            continue
        app_dir = args.apps / doc["app"]
        if not app_dir.is_dir():
            print(f"skipping {doc['app']}: no checkout at {app_dir}", file=sys.stderr)
            continue
        run = AppRun(doc["app"], labels)
        runners = {"pillarscan": lambda: run_pillarscan(app_dir, doc["root"])}
        if llm:
            runners["pillarscan+llm"] = lambda: run_pillarscan(app_dir, doc["root"], llm)
        if not args.no_bandit:
            runners["bandit"] = lambda: run_bandit(app_dir, doc["root"])
        if args.semgrep_config:
            runners["semgrep"] = lambda: run_semgrep(app_dir, doc["root"], args.semgrep_config)
        for tool, runner in runners.items():
            started = time.perf_counter()
            hits = runner()
            if hits is None:
                print(f"{tool} is not installed: its column is left out", file=sys.stderr)
                continue
            run.hits[tool], run.seconds[tool] = hits, time.perf_counter() - started
            if tool not in tools:
                tools.append(tool)
        runs.append(run)
    tools = [t for t in tools if all(t in r.hits for r in runs)]

    per_app = []
    total = {tool: Score() for tool in tools}
    for run in runs:
        scores = {tool: score(run.labels, run.hits[tool]) for tool in tools}
        for tool in tools:
            total[tool].add(scores[tool])
        per_app.append((run.app, scores))
    pillars = sorted({l.pillar for r in runs for l in r.labels if l.vulnerable})
    per_pillar = []
    for pillar in pillars:
        scores = {tool: Score() for tool in tools}
        for run in runs:
            for tool in tools:
                scores[tool].add(score(run.labels, run.hits[tool], pillar))
        per_pillar.append((f"CWE-{pillar}", scores))
    print(table("all apps", [("all", total)], tools))
    print()
    print(table("app", per_app, tools))
    print()
    print(table("pillar", per_pillar, tools))
    print()
    print("seconds: " + ", ".join(f"{tool} {sum(r.seconds.get(tool, 0) for r in runs):.1f}" for tool in tools))
    if llm:
        print(f"llm ({args.llm_model}): " + ", ".join(f"{key} {value}" for key, value in LLM_USAGE.items()))
    if args.json:
        args.json.write_text(json.dumps({
            "total": {t: vars(s) for t, s in total.items()},
            "apps": {app: {t: vars(s) for t, s in scores.items()} for app, scores in per_app},
            "pillars": {p: {t: vars(s) for t, s in scores.items()} for p, scores in per_pillar},
            "hits": {r.app: {t: [vars(h) for h in r.hits[t]] for t in tools} for r in runs},
        }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
