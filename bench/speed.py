#!/usr/bin/env python3
"""Time pillarscan, Bandit and Semgrep on the same real tree, against the ``ast.parse`` floor measured in the run.

    python bench/speed.py                                  # Nova 34.0.0 from ../shared/real-code.sh, 3 runs each
    python bench/speed.py --tree django --repeat 1
    python bench/speed.py --tree /some/checkout --semgrep-config rules/ --by-rule

Trees named ``nova`` or ``django`` are fetched once with ``../shared/real-code.sh`` into ``--trees`` and reused;
any other value is a path. Every tool runs as a child process, end to end through its command line (start-up
included), ``--repeat`` times; the table shows the median wall time, the child's CPU time (user + system, its
worker processes included), peak resident memory both of the largest process (``wait4``'s ``ru_maxrss``) and of the
process with all its workers together (proportional set size, so pages a forked worker shares with its
parent count once; sampled from /proc every 0.25 s), lines per second, and each time as a multiple of
pillarscan's cold scan and of the floor. Rows for tools that are not installed say so.

pillarscan rows: a cold scan with no cache; a cold scan filling an empty cache; a re-scan after ``touch`` of one
file (content unchanged); a re-scan after editing one file (a function appended); and ``pillarscan review`` of a
10-file change in a throw-away git copy of the tree, when the installed pillarscan has a ``review`` command.
The edited file is restored afterwards. Not run by CI: it needs a large tree and minutes.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL_CODE = HERE.parent.parent / "shared" / "real-code.sh"
KNOWN_TREES = {"nova": "nova-34.0.0", "django": "django-5.2.19"}
SKIP_DIRS = {".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules", "__pycache__", "build", "dist",
             ".pillarscan_cache"}
EDIT = "\n\ndef _bench_added_function(value):\n    return value\n"

FLOOR_SCRIPT = r"""
import ast, os, sys, warnings
warnings.simplefilter("ignore")
skip = set(sys.argv[2].split(","))
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = sorted(d for d in dirnames if d not in skip)
    for name in sorted(filenames):
        if name.endswith(".py"):
            with open(os.path.join(dirpath, name), "rb") as fh:
                try:
                    ast.parse(fh.read())
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    pass
"""


@dataclass
class Row:
    name: str
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss_mb: float = 0.0  # the largest single process (wait4's ru_maxrss)
    total_rss_mb: float = 0.0  # the process and its workers together (proportional set size), sampled every 0.25 s
    findings: int | None = None
    by_rule: Counter = field(default_factory=Counter)
    note: str = ""  # "not installed" and the like: the row has no figures

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)


class TreeMemory:
    """Samples the memory of a process and all its descendants together (Linux /proc), keeping the peak. Every
    quarter second: a sample walks /proc and reads each process's page summary (several ms of CPU with large
    workers), CPU taken from the very run it measures."""

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid, self.interval, self.peak_mb = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.peak_mb = max(self.peak_mb, sum(self._pss_kb(pid) for pid in self._tree()) / 1024)
            except OSError:
                pass

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as fh:
                        ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        found, stack = [], [self.pid]
        while stack:
            pid = stack.pop()
            found.append(pid)
            stack.extend(children.get(pid, ()))
        return found

    @staticmethod
    def _pss_kb(pid: int) -> int:
        """Proportional set size: pages shared by forked workers are split between them, not counted twice."""
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        return int(line.split()[1])
        except (OSError, IndexError, ValueError):
            pass
        return 0


def run_child(argv: list[str], cwd: Path | None = None, accept=(0, 1)) -> tuple[float, float, float, float]:
    """(wall s, CPU s of the child and its reaped descendants, peak RSS MB of the largest of them, peak RSS MB
    of all of them together)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeMemory(proc.pid) if os.path.isdir("/proc") else None
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    total_mb = sampler.stop() if sampler else 0.0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in accept:
        raise SystemExit(f"`{' '.join(argv)}` exited {proc.returncode}:\n{stderr.decode(errors='replace')[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, max(total_mb, usage.ru_maxrss / 1024)


def measure(row: Row, argv: list[str], repeat: int, before=None, cwd: Path | None = None) -> Row:
    for _ in range(repeat):
        if before:
            before()
        wall, cpu, rss, total = run_child(argv, cwd)
        row.walls.append(wall)
        row.cpus.append(cpu)
        row.rss_mb = max(row.rss_mb, rss)
        row.total_rss_mb = max(row.total_rss_mb, total)
    return row


# --- trees -----------------------------------------------------------------------------------------------------

def resolve_tree(name: str, trees: Path) -> Path:
    if name in KNOWN_TREES:
        target = trees / KNOWN_TREES[name]
        if not target.is_dir():
            if not REAL_CODE.exists():
                raise SystemExit(f"{target} is missing and {REAL_CODE} is not there to fetch it")
            subprocess.run(["bash", str(REAL_CODE), str(trees)], check=True)
        return target
    path = Path(name).resolve()
    if not path.is_dir():
        raise SystemExit(f"{name} is neither a known tree ({', '.join(KNOWN_TREES)}) nor a directory")
    return path


def python_files(root: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        found += [Path(dirpath, n) for n in sorted(filenames) if n.endswith(".py")]
    return found


def count_lines(files: list[Path]) -> int:
    total = 0
    for path in files:
        with open(path, "rb") as fh:
            total += sum(1 for _ in fh)
    return total


# --- tools -----------------------------------------------------------------------------------------------------

def executable(name: str) -> str | None:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def byte_compile(exe: str) -> None:
    """Write pillarscan's .pyc files, as ``pip install`` does: an editable install under
    PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run (0.1 s, paid by the short runs)."""
    probe = "import pathlib, pillarscan; print(pathlib.Path(pillarscan.__file__).parent)"
    python = Path(exe).with_name("python")
    if not python.exists():
        return
    found = subprocess.run([str(python), "-c", probe], capture_output=True, text=True)
    if found.returncode == 0:
        subprocess.run([str(python), "-m", "compileall", "-q", found.stdout.strip()], capture_output=True)


def pillarscan_rows(tree: Path, files: list[Path], repeat: int, extra: list[str]) -> list[Row]:
    exe = executable("pillarscan")
    if exe is None:
        return [Row("pillarscan", note="not installed (pip install -e . in this checkout)")]
    byte_compile(exe)
    rows = []
    with tempfile.TemporaryDirectory(prefix="pillarscan-bench-") as tmp:
        report = Path(tmp) / "report.json"
        cache = Path(tmp) / "cache"
        base = [exe, "scan", str(tree), "--format", "json", "--output", str(report), "--quiet", *extra]

        cold = measure(Row("pillarscan, cold (no cache)"), base + ["--no-cache"], repeat)
        _read_pillarscan_findings(cold, report)
        rows.append(cold)
        fill = measure(Row("pillarscan, cold, filling the cache"), base + ["--cache-dir", str(cache)], repeat,
                       before=lambda: shutil.rmtree(cache, ignore_errors=True))
        _read_pillarscan_findings(fill, report)
        rows.append(fill)

        victim = _victim(files)
        original = victim.read_bytes()
        touch = measure(Row(f"pillarscan, re-scan after touching 1 file ({victim.name})"),
                        base + ["--cache-dir", str(cache)], repeat, before=lambda: os.utime(victim))
        _read_pillarscan_findings(touch, report)
        rows.append(touch)
        try:
            edits = iter(range(10**6))
            edit = measure(Row(f"pillarscan, re-scan after editing 1 file ({victim.name})"),
                           base + ["--cache-dir", str(cache)], repeat,
                           before=lambda: victim.write_bytes(original + EDIT.replace("_function", f"_{next(edits)}")
                                                             .encode()))
            _read_pillarscan_findings(edit, report)
            rows.append(edit)
        finally:
            victim.write_bytes(original)
        target = _widely_imported_function(tree, files)
        if target is not None:
            module, name, line = target
            text = module.read_text(encoding="utf-8").splitlines(keepends=True)
            indent = text[line - 1][:len(text[line - 1]) - len(text[line - 1].lstrip())]
            probes = iter(range(10**6))

            def edit_body() -> None:  # a statement inserted at the top of the function's body, new each time
                n = next(probes)
                module.write_text("".join(text[:line - 1] + [f"{indent}_bench_probe = {n}\n"] + text[line - 1:]),
                                  encoding="utf-8")

            try:
                called = measure(Row(f"pillarscan, re-scan after editing a function of the most imported module "
                                     f"({module.relative_to(tree)}: {name})"),
                                 base + ["--cache-dir", str(cache)], repeat, before=edit_body)
                _read_pillarscan_findings(called, report)
                rows.append(called)
            finally:
                module.write_text("".join(text), encoding="utf-8")
        rows.extend(review_rows(exe, tree, files, repeat, Path(tmp)))
    return rows


def _victim(files: list[Path]) -> Path:
    """A mid-sized module of the project itself (not a test): what a developer typically edits."""
    candidates = [p for p in files if "test" not in str(p) and 200 < p.stat().st_size < 40_000]
    return sorted(candidates, key=lambda p: (p.stat().st_size, str(p)))[len(candidates) // 2] if candidates \
        else files[0]


IMPORT_LINE = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import\s+([\w, ]+)|import\s+([\w.]+))", re.MULTILINE)


def _widely_imported_function(tree: Path, files: list[Path]) -> tuple[Path, str, int] | None:
    """(module, function, first line of its body) for the first top-level function with a body of two
    statements or more in the module that the most files import: an edit whose effect can spread furthest."""
    by_name = {".".join(p.relative_to(tree).with_suffix("").parts): p for p in files
               if p.name != "__init__.py" and "test" not in str(p.relative_to(tree))}
    counts: Counter = Counter()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for package, names, module in IMPORT_LINE.findall(text):
            if module:
                counts[module] += 1
            else:
                counts.update(f"{package}.{n.strip()}" for n in names.split(",") if n.strip())
    for name, _ in counts.most_common():
        path = by_name.get(name)
        if path is None:
            continue
        try:
            module = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue
        for node in module.body:
            if isinstance(node, ast.FunctionDef) and len(node.body) >= 2:
                return path, node.name, node.body[0].lineno
    return None


def _read_pillarscan_findings(row: Row, report: Path) -> None:
    findings = json.loads(report.read_text(encoding="utf-8")).get("findings", [])
    row.findings = len(findings)
    row.by_rule = Counter(f"{f.get('rule') or f.get('rule_id')} (CWE-{f.get('cwe')})" for f in findings)


def review_rows(exe: str, tree: Path, files: list[Path], repeat: int, tmp: Path) -> list[Row]:
    """``pillarscan review`` of a commit touching 10 files, in a throw-away git copy of the tree: with no cache
    (a first review), and with the cache an earlier review of the repository left (a pre-commit hook's or a
    CI job's daily case: most blobs, and the context modules, were analysed before)."""
    cold_name = "pillarscan review of a 10-file change, no cache"
    warm_name = "pillarscan review of a 10-file change, cache from an earlier review"
    if subprocess.run([exe, "review", "--help"], capture_output=True).returncode != 0:
        return [Row(cold_name, note="no `review` command in this pillarscan")]
    if shutil.which("git") is None:
        return [Row(cold_name, note="git not installed")]
    copy = tmp / "repo"
    shutil.copytree(tree, copy, ignore=shutil.ignore_patterns(".pillarscan_cache", "__pycache__"))
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-C", str(copy)]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(git + args, check=True, capture_output=True)
    candidates = [copy / p.relative_to(tree) for p in files if "test" not in str(p.relative_to(tree))]
    changed = candidates[::max(1, len(candidates) // 11)][:11]  # spread over the tree
    earlier, changed = changed[-1], changed[:-1]  # an earlier commit, reviewed before, leaves its cache
    earlier.write_text(earlier.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    subprocess.run(git + ["commit", "-qam", "earlier change"], check=True, capture_output=True)
    cache, saved = tmp / "review-cache", tmp / "cache-after-earlier-review"
    review = [exe, "review", "HEAD~1..HEAD", "--format", "json", "--output", str(tmp / "review.json"),
              "--cache-dir", str(cache)]
    subprocess.run(review, capture_output=True, cwd=copy)
    shutil.copytree(cache, saved)
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    subprocess.run(git + ["commit", "-qam", "the change under review"], check=True, capture_output=True)

    def restore_cache() -> None:  # every repetition starts from the earlier review's cache, not its own
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(saved, cache)

    cold = measure(Row(cold_name), review + ["--no-cache"], repeat, cwd=copy)
    warm = measure(Row(warm_name), review, repeat, before=restore_cache, cwd=copy)

    # A pull request updated: the same ten files edited again on top, and the whole change (same base) reviewed
    # again, with the cache its previous review left (a CI job re-run on each push).
    restore_cache()
    subprocess.run(review, capture_output=True, cwd=copy)
    pushed = tmp / "cache-after-first-version"
    shutil.copytree(cache, pushed)
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + EDIT.replace("_function", "_function_2"),
                        encoding="utf-8")
    subprocess.run(git + ["commit", "-qam", "the change, second version"], check=True, capture_output=True)

    def restore_first_version() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(pushed, cache)

    again = measure(Row("pillarscan review of a 10-file change, cache from the review of its previous version"),
                    [exe, "review", "HEAD~2..HEAD", "--format", "json", "--output", str(tmp / "review.json")],
                    repeat, before=restore_first_version, cwd=copy)
    return [cold, warm, again]


def bandit_row(tree: Path, repeat: int) -> Row:
    exe = executable("bandit")
    if exe is None:
        return Row("Bandit", note="not installed (pip install -e '.[bench]')")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.split()[1]
    row = Row(f"Bandit {version} (-r -f json)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bandit.json"
        measure(row, [exe, "-r", str(tree), "-f", "json", "-o", str(out), "-q"], repeat)
        issues = json.loads(out.read_text(encoding="utf-8")).get("results", [])
    row.findings = len(issues)
    row.by_rule = Counter(f"{i['test_id']} {i['test_name']} (CWE-{(i.get('issue_cwe') or {}).get('id')})"
                          for i in issues)
    return row


def semgrep_row(tree: Path, repeat: int, config: str | None, jobs: int) -> Row:
    exe = executable("semgrep") or (os.environ.get("SEMGREP") or None)
    if exe is None:
        return Row("Semgrep", note="not installed")
    if config is None:
        return Row("Semgrep", note="installed, but no rules given (--semgrep-config; this machine has no registry)")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    row = Row(f"Semgrep {version} (--config {Path(config).name}, -j {jobs})")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "semgrep.json"
        measure(row, [exe, "scan", "--metrics=off", "--disable-version-check", "--quiet", "--json", "--output",
                      str(out), "-j", str(jobs), "--config", config, str(tree)], repeat)
        results = json.loads(out.read_text(encoding="utf-8")).get("results", [])
    row.findings = len(results)
    row.by_rule = Counter(r.get("check_id", "?") for r in results)
    return row


def floor_row(tree: Path, repeat: int) -> Row:
    return measure(Row("CPython `ast.parse` of every file, one core (the floor)"),
                   [sys.executable, "-c", FLOOR_SCRIPT, str(tree), ",".join(sorted(SKIP_DIRS))], repeat)


# --- report ----------------------------------------------------------------------------------------------------

def table(rows: list[Row], lines: int) -> str:
    floor = next((r for r in rows if "floor" in r.name and r.walls), None)
    cold = next((r for r in rows if r.name.startswith("pillarscan, cold (no cache)") and r.walls), None)
    out = ["| run | wall | CPU | peak RSS, largest process | peak memory, all processes (PSS) | lines/s | findings | "
           "× pillarscan cold | × floor |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        if not row.walls:
            out.append(f"| {row.name} | {row.note} | | | | | | | |")
            continue
        vs_cold = f"{row.wall / cold.wall:.2f}×" if cold else "–"
        vs_floor = f"{row.wall / floor.wall:.1f}×" if floor else "–"
        out.append(f"| {row.name} | {row.wall:.2f} s | {row.cpu:.2f} s | {row.rss_mb:,.0f} MB | "
                   f"{row.total_rss_mb:,.0f} MB | "
                   f"{lines / row.wall:,.0f} | {'–' if row.findings is None else row.findings} | {vs_cold} | "
                   f"{vs_floor} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", default="nova", help="nova, django or a path (default: nova)")
    parser.add_argument("--trees", type=Path, default=Path("/tmp/realcode"),
                        help="where real-code.sh keeps the downloaded trees (default: /tmp/realcode)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the median is shown (default 3)")
    parser.add_argument("--pillarscan-args", default="", help="extra arguments for pillarscan, one string")
    parser.add_argument("--no-bandit", action="store_true", help="leave Bandit out")
    parser.add_argument("--semgrep-config", help="Semgrep rules (a local file or folder) for the Semgrep row")
    parser.add_argument("--semgrep-jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--semgrep-repeat", type=int, help="runs for the Semgrep row (default: --repeat); a Semgrep "
                        "run of a large tree takes minutes")
    parser.add_argument("--by-rule", type=int, default=0, metavar="N", help="also list each tool's top N rules")
    args = parser.parse_args(argv)

    tree = resolve_tree(args.tree, args.trees)
    files = python_files(tree)
    lines = count_lines(files)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = [floor_row(tree, args.repeat)]
    rows += pillarscan_rows(tree, files, args.repeat, args.pillarscan_args.split())
    rows.append(bandit_row(tree, args.repeat) if not args.no_bandit else Row("Bandit", note="left out"))
    rows.append(semgrep_row(tree, args.semgrep_repeat or args.repeat, args.semgrep_config, args.semgrep_jobs))
    end_load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    print(f"{tree.name}: {len(files):,} Python files, {lines:,} lines; {os.cpu_count()} cores; "
          f"median of {args.repeat}; load average {load:.2f} at start, {end_load:.2f} at end")
    print()
    print(table(rows, lines))
    if args.by_rule:
        shown: list[Counter] = []
        for row in rows:
            if row.by_rule and row.by_rule not in shown:
                shown.append(row.by_rule)
                print(f"\n### {row.name}: findings by rule\n")
                for rule, n in row.by_rule.most_common(args.by_rule):
                    print(f"  {n:6d}  {rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
