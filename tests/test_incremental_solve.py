"""The cross-module phase after an edit: the cells of the latest solve that the edit cannot reach are reused, the
rest evaluated again, and the result is exactly what a cold run gives. Work done is observed through
ScanResult.cells_evaluated and modules_solved, never through timing."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pillarscan.engine import ScanOptions, scan

VIEWS = '''from flask import Flask, request

from shop.helpers import tidy
from shop.storage import save

app = Flask(__name__)


@app.route("/upload")
def upload():
    name = tidy(request.args.get("name", ""))
    save(name)
    return "ok"
'''
HELPERS_SAFE = '''def tidy(value):
    return "fixed-name"
'''
HELPERS_LEAKY = '''def tidy(value):
    return value.strip()
'''
STORAGE = '''import os


def save(name):
    os.remove(os.path.join("/srv/uploads", name))
'''
UNCALLED = '''

def _added_later(value):
    return value
'''


def make_tree(root: Path) -> Path:
    package = root / "shop"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "views.py").write_text(VIEWS)
    (package / "helpers.py").write_text(HELPERS_SAFE)
    (package / "storage.py").write_text(STORAGE)
    for path in package.iterdir():
        os.utime(path, (time.time() - 600, time.time() - 600))
    return root


_edits = iter(range(1, 10**6))


def write(path: Path, text: str) -> None:
    """Rewrite with a modification time in the past, a distinct one each time: old enough that the run indexes
    it (files written in the two seconds before a scan are not indexed), new whatever the clock's resolution."""
    path.write_text(text)
    when = time.time() - 300 + next(_edits)
    os.utime(path, (when, when))


def run(tree: Path, cache: Path | None):
    return scan([str(tree)], ScanOptions(jobs=1, cache_dir=None if cache is None else str(cache)))


def report(result) -> tuple:
    return ([(f.rule_id, f.location, f.message, f.trace) for f in result.findings],
            sorted((d.path, d.reason) for d in result.diagnostics), result.lines_scanned)


def path_findings(result) -> list:
    return [f for f in result.findings if f.cwe == 22]


def test_a_leaf_edit_that_changes_its_summary_re_solves_and_the_flow_appears(tmp_path):
    tree, cache = make_tree(tmp_path / "tree"), tmp_path / "cache"
    first = run(tree, cache)
    assert first.modules_solved == 4 and path_findings(first) == []
    write(tree / "shop" / "helpers.py", HELPERS_LEAKY)
    warm = run(tree, cache)
    cold = run(tree, None)
    assert warm.files_analysed == 1 and warm.modules_solved == 4
    flows = path_findings(warm)
    assert len(flows) == 1 and flows[0].location.path.endswith("storage.py")
    assert any("tidy" in step.code for step in flows[0].trace)
    assert report(warm) == report(cold)
    assert 0 < warm.cells_evaluated <= cold.cells_evaluated  # here every cell reads `tidy`, and is evaluated again


def test_an_edit_that_removes_a_flow_drops_it_as_a_cold_run_does(tmp_path):
    tree, cache = make_tree(tmp_path / "tree"), tmp_path / "cache"
    write(tree / "shop" / "helpers.py", HELPERS_LEAKY)
    assert len(path_findings(run(tree, cache))) == 1
    write(tree / "shop" / "helpers.py", HELPERS_SAFE)
    warm = run(tree, cache)
    assert path_findings(warm) == [] and report(warm) == report(run(tree, None))


def test_an_edit_far_from_every_flow_evaluates_few_cells(tmp_path):
    tree, cache = make_tree(tmp_path / "tree"), tmp_path / "cache"
    write(tree / "shop" / "helpers.py", HELPERS_LEAKY)
    assert len(path_findings(run(tree, cache))) == 1
    write(tree / "shop" / "views.py", VIEWS + UNCALLED)
    warm = run(tree, cache)
    cold = run(tree, None)
    assert warm.files_analysed == 1
    assert report(warm) == report(cold)
    assert warm.cells_evaluated < cold.cells_evaluated
    write(tree / "shop" / "views.py", VIEWS + UNCALLED.replace("value", "other"))
    again = run(tree, cache)  # the state the first re-scan left is the one reused now
    assert report(again) == report(run(tree, None)) and again.cells_evaluated < cold.cells_evaluated


def test_an_added_function_that_changes_what_a_call_resolves_to_is_followed(tmp_path):
    tree, cache = make_tree(tmp_path / "tree"), tmp_path / "cache"
    run(tree, cache)
    # `save` now also exists in helpers, and `shop.storage.save` still resolves to storage: results as cold
    write(tree / "shop" / "helpers.py", HELPERS_SAFE + "\n\ndef save(name):\n    return name\n")
    warm = run(tree, cache)
    assert report(warm) == report(run(tree, None))
    write(tree / "shop" / "helpers.py", HELPERS_LEAKY)
    warm = run(tree, cache)
    assert len(path_findings(warm)) == 1 and report(warm) == report(run(tree, None))


def test_an_unchanged_tree_reuses_the_whole_result(tmp_path):
    tree, cache = make_tree(tmp_path / "tree"), tmp_path / "cache"
    run(tree, cache)
    write(tree / "shop" / "storage.py", STORAGE.replace("import os", "import os  # a comment"))
    run(tree, cache)
    again = run(tree, cache)
    assert (again.files_analysed, again.modules_solved, again.cells_evaluated) == (0, 0, 0)
