"""What a change review keeps about git blobs between runs and shares between its two sides: import lists and
per-file keys by blob id, per-file entries read once, flow facts decoded once. Counted, never timed."""

from __future__ import annotations

import shutil
from pathlib import Path
import subprocess

import pytest

from pillarscan.change_review import ChangeRequest, review_change
from pillarscan.engine import ScanOptions
from pillarscan.python.imports import ImportLists, ModuleIndex, git_blob_id, importers

from review_repo import Repo, needs_git, shop_repo

pytestmark = needs_git


@pytest.fixture
def shop(tmp_path) -> Repo:
    return shop_repo(tmp_path / "shop")


def _review(repo: Repo, revisions: str | None = "HEAD~1..HEAD", cache: bool = True):
    return review_change(ChangeRequest(revisions=revisions, cwd=str(repo.root)),
                         ScanOptions(jobs=1, cache_dir="" if cache else None))


def _same(a, b) -> bool:
    return [(f.rule_id, f.location, f.trace) for f in a.result.findings] == \
        [(f.rule_id, f.location, f.trace) for f in b.result.findings] and a.scope == b.scope


def _cache_of(repo: Repo) -> Path:
    from pillarscan.cache import default_directory

    return Path(default_directory([str(repo.root)]))


def _forget_solves(repo: Repo) -> None:
    cache = _cache_of(repo)
    shutil.rmtree(cache / "solve")
    (cache / "solve").mkdir()
    for latest in cache.glob("latest-*"):
        latest.unlink()


def test_import_lists_are_kept_by_blob_id_and_reused_by_the_next_review(shop):
    uncached = _review(shop, cache=False)
    cold = _review(shop)
    assert cold.imports_parsed > 0
    warm = _review(shop)
    assert warm.imports_parsed == 0 and warm.imports_reused >= cold.imports_parsed
    assert _same(warm, cold) and _same(warm, uncached)
    assert any(f.rule_id == "sql-injection" for f in warm.result.findings)


def test_a_commit_parses_the_imports_of_its_new_blobs_only_and_follows_a_new_import(shop):
    _review(shop)
    shop.write("shop/payments.py", "import subprocess\n\n\ndef charge(card):\n"
                                   "    subprocess.call('charge ' + card, shell=True)\n")
    shop.append("shop/views.py", '\nfrom shop import payments\n\n\n@app.route("/pay")\ndef pay():\n'
                                 '    payments.charge(request.args["card"])\n')
    shop.commit("payments")
    reviewed = _review(shop)
    # two new blobs on the head side (views.py edited, payments.py added); every other import list is known
    assert reviewed.imports_parsed == 2
    assert "shop/payments.py" in reviewed.scope.files
    flows = [f for f in reviewed.result.findings if f.rule_id == "command-injection"
             and f.location.path == "shop/payments.py"]
    assert flows and any(step.location.path == "shop/views.py" for step in flows[0].trace)
    assert _same(reviewed, _review(shop, cache=False))
    # content that comes back (a revert) has a blob id seen before: nothing to parse
    shop.git("revert", "--no-edit", "HEAD")
    assert _review(shop).imports_parsed == 0


def test_a_damaged_blob_memo_is_a_miss_not_an_error(shop):
    cold = _review(shop)
    memos = sorted((_cache_of(shop)).glob("blobs-*"))
    assert [m.name.split("-")[1] for m in memos] == ["imports", "keys"]
    for memo in memos:
        memo.write_bytes(memo.read_bytes()[:-7])  # torn
    again = _review(shop)
    assert again.imports_parsed == cold.imports_parsed and again.blob_batches >= 1
    assert _same(again, cold)
    assert _review(shop).imports_parsed == 0  # rewritten whole


def test_blobs_analysed_before_are_neither_read_nor_analysed_again(shop):
    cold = _review(shop)
    assert cold.blob_batches >= 1
    warm = _review(shop)
    assert warm.blob_batches == 0  # every per-file entry found by (path, blob id)
    assert warm.result.files_analysed == 0
    assert warm.result.files_from_cache == cold.result.files_analysed + cold.result.files_from_cache
    # each per-file entry is read from disk once, though both sides use the unchanged ones
    assert warm.entries_read < warm.result.files_from_cache
    assert _same(warm, cold)


def test_a_pruned_per_file_entry_is_analysed_again(shop):
    _review(shop)
    for entry in (_cache_of(shop) / "files").rglob("*"):
        if entry.is_file():
            entry.unlink()
    again = _review(shop)
    assert again.result.files_analysed > 0 and again.blob_batches >= 1
    assert _same(again, _review(shop, cache=False))


def test_flow_facts_shared_by_both_sides_are_decoded_once(tmp_path):
    repo = Repo(tmp_path / "app")
    repo.write("app/__init__.py", "")
    repo.write("app/db.py", "def run(cursor, sql):\n    cursor.execute(sql)\n")
    repo.write("app/util.py", "def clean(text):\n    return text.strip()\n")
    repo.write("app/views.py", "from flask import request\n\nfrom app import db, util\n\n\n"
                               "def view(cursor):\n    db.run(cursor, 'SELECT ' + util.clean(request.args['q']))\n")
    repo.commit("app")
    repo.append("app/db.py", "\n\ndef other():\n    return 1\n")
    repo.commit("other")
    _review(repo)  # warms the per-file entries
    _forget_solves(repo)
    shared = _review(repo)
    solved_modules = 2 * len(shared.result.files_scanned)  # both sides: db.py, views.py (imports it), and theirs
    assert 0 < shared.facts_decoded < solved_modules
    assert _same(shared, _review(repo, cache=False))
    flows = [f for f in shared.scope.preexisting if f.rule_id == "sql-injection"]  # views.py → util → db.py
    assert flows and {step.location.path for step in flows[0].trace} >= {"app/views.py", "app/db.py"}


def test_the_working_tree_keys_its_files_by_the_id_git_would_give_them(shop):
    assert git_blob_id(b"x = 1\n") == subprocess.run(["git", "hash-object", "--stdin"], input=b"x = 1\n",
                                                     capture_output=True, check=True).stdout.decode().strip()
    _review(shop)  # the commits' blobs: the working tree holds the same contents
    shop.append("shop/db.py", "\n\ndef count():\n    return 0\n")
    first = _review(shop, revisions=None)
    assert first.imports_parsed == 1  # only the edited file is new content
    assert _review(shop, revisions=None).imports_parsed == 0


def _importers_of(target: str, files: dict[str, bytes]) -> list[str]:
    index = ModuleIndex(files)
    lists = ImportLists(lambda paths: {p: files[p] for p in paths if p in files}, lambda path: None)
    return importers({target}, index, lists)


def test_an_importer_must_also_mention_the_module_by_name_as_before():
    """The filter the importer search always applied: a file counts when it imports a target *and* names it
    (its last part) somewhere. An import statement that names it spares reading the file; one that does not
    (a relative import of the package itself) leaves the decision to the file's text."""
    files = {
        "shop/__init__.py": b"",
        "shop/db.py": b"from shop import views\n",  # imports the package, and names it in the statement
        "shop/views.py": b"from . import db\n",  # loads the package too, names it nowhere
        "shop/admin.py": b"from . import db\n\n# the shop's admin pages\n",  # names it in a comment
        "other.py": b"import json\n# shop\n",  # names it, imports nothing of it
    }
    assert _importers_of("shop/__init__.py", files) == ["shop/admin.py", "shop/db.py"]
