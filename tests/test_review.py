"""`pillarscan review` on real git repositories: each mode, the new / pre-existing / fixed split, renames,
deletions, binary and non-Python files, patches, and the errors a user can make."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_repo import DB, DB_SEARCH, SINK_CODE, SOURCE_CODE, VIEWS, Repo, needs_git, shop_repo

pytestmark = needs_git

PREEXISTING = {"command-injection", "unsafe-deserialization", "weak-hash"}


@pytest.fixture
def shop(tmp_path) -> Repo:
    return shop_repo(tmp_path / "shop")


def _new_sql_injection(repo: Repo, report: dict) -> dict:
    """The one finding the search commit introduces, checked field by field."""
    assert [f["rule_id"] for f in report["findings"]] == ["sql-injection"]
    finding = report["findings"][0]
    assert finding["location"]["path"] == "shop/db.py"
    assert finding["location"]["line"] == repo.line_of("shop/db.py", SINK_CODE)
    steps = [(s["path"], s["line"]) for s in finding["trace"]]
    assert ("shop/views.py", repo.line_of("shop/views.py", SOURCE_CODE)) in steps
    assert steps[-1] == ("shop/db.py", repo.line_of("shop/db.py", SINK_CODE))
    return finding


def test_commit_range_reports_exactly_the_new_cross_file_flow_and_counts_three_preexisting(shop, capsys,
                                                                                           monkeypatch):
    code, report = shop.review_json("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    _new_sql_injection(shop, report)
    change = report["change"]
    assert sorted(f["rule_id"] for f in change["preexisting"]) == sorted(PREEXISTING)
    assert change["fixed"] == [] and change["files"] == ["shop/db.py", "shop/views.py"]
    assert change["base"] == shop.git("rev-parse", "HEAD~1").strip()
    assert change["head"] == shop.git("rev-parse", "HEAD").strip()

    code, text, _ = shop.review("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert "3 pre-existing findings in touched files not shown; --all to show." in text
    assert f"shop/db.py:{shop.line_of('shop/db.py', SINK_CODE)}" in text
    assert "CWE-707  Improper Neutralization" in text and "1 new security defect (1 high)" in text
    assert "README.md: not a Python file: not reviewed" in text  # a non-Python file is named, not dropped


def test_all_shows_preexisting_findings_but_exit_code_counts_only_new_ones(shop, capsys, monkeypatch):
    code, report = shop.review_json("HEAD~1..HEAD", "--all", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert sorted(f["rule_id"] for f in report["findings"]) == sorted(PREEXISTING | {"sql-injection"})
    assert report["change"]["new"] == 1
    code, text, _ = shop.review("HEAD~1..HEAD", "--all", capsys=capsys, monkeypatch=monkeypatch)
    assert text.count("(pre-existing: touches no line of this change)") == 3

    # the first commit alone: nothing after it is new, so a review of an unchanged range is clean
    code, text, _ = shop.review("HEAD..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and "nothing to review" in text


def test_commit_range_reads_the_revision_not_the_working_tree(shop, capsys, monkeypatch):
    shop.write("shop/db.py", DB)  # the working tree no longer has the flaw; the commit still does
    shop.write("shop/views.py", VIEWS)
    code, report = shop.review_json("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    _new_sql_injection(shop, report)
    code, report = shop.review_json(capsys=capsys, monkeypatch=monkeypatch)  # working tree vs HEAD: removes it
    assert code == 0 and report["findings"] == []
    assert [f["rule_id"] for f in report["change"]["fixed"]] == ["sql-injection"]


def test_single_revision_means_revision_to_head(shop, capsys, monkeypatch):
    code, report = shop.review_json("HEAD~1", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    _new_sql_injection(shop, report)


def test_staged_reviews_the_index_and_the_default_reviews_everything_in_the_working_tree(tmp_path, capsys,
                                                                                          monkeypatch):
    repo = Repo(tmp_path / "r")
    repo.write("shop/__init__.py", "")
    repo.write("shop/db.py", DB)
    repo.write("shop/views.py", VIEWS)
    repo.commit("shop")
    repo.append("shop/db.py", "\n\ndef drop(name):\n    connect().execute(\"DROP TABLE \" + name)\n")
    repo.append("shop/views.py", '\n\n@app.route("/drop")\ndef drop():\n    db.drop(request.args["t"])\n'
                "    return 'ok'\n")
    repo.git("add", "shop/db.py", "shop/views.py")
    # after staging: an unstaged edit and an untracked module, each with a flaw of its own
    repo.append("shop/views.py", '\n\n@app.route("/calc")\ndef calc():\n    return str(eval(request.args["e"]))\n')
    repo.write("shop/tools.py", "import os\n\n\ndef run():\n    os.system(input())\n")

    code, staged = repo.review_json("--staged", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert [(f["rule_id"], f["location"]["path"]) for f in staged["findings"]] == [("sql-injection", "shop/db.py")]
    assert staged["change"]["description"] == "staged changes"

    code, worktree = repo.review_json(capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    paths = {f["location"]["path"] for f in worktree["findings"]}
    assert paths == {"shop/db.py", "shop/views.py", "shop/tools.py"}  # staged + unstaged + untracked
    assert "shop/tools.py" in worktree["change"]["files"]


def test_patch_from_a_file_already_applied_and_from_stdin_not_yet_applied(shop, capsys, monkeypatch, tmp_path):
    patch = shop.git("format-patch", "-1", "--stdout", "HEAD")
    patch_file = tmp_path / "search.patch"
    patch_file.write_text(patch, encoding="utf-8")

    # a CI job that checked out the change and downloaded its patch: the working tree is the new side
    code, report = shop.review_json("--patch", str(patch_file), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    _new_sql_injection(shop, report)
    assert len(report["change"]["preexisting"]) == 3

    # the parent checked out, the patch on standard input: it is applied in memory, nothing is written
    shop.git("checkout", "-q", "HEAD~1")
    proc = shop.review_subprocess("--patch", "-", "--format", "json", data=patch.encode())
    assert proc.returncode == 1, proc.stderr
    import json

    report = json.loads(proc.stdout)
    assert [f["rule_id"] for f in report["findings"]] == ["sql-injection"]
    assert report["findings"][0]["location"]["line"] == (DB + DB_SEARCH).splitlines().index(
        "    " + SINK_CODE) + 1
    assert SINK_CODE not in (shop.root / "shop" / "db.py").read_text()  # the working tree was not touched


def test_patch_that_matches_neither_side_is_an_error(shop, capsys, monkeypatch, tmp_path):
    patch = shop.git("format-patch", "-1", "--stdout", "HEAD")
    shop.write("shop/db.py", "x = 1\n")
    patch_file = tmp_path / "p.diff"
    patch_file.write_text(patch, encoding="utf-8")
    code, out, err = shop.review("--patch", str(patch_file), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 2 and out == ""
    assert err.startswith("pillarscan: error: shop/db.py: the patch does not match") and err.count("\n") == 1


def test_three_dot_range_reviews_against_the_merge_base(shop, capsys, monkeypatch):
    shop.git("checkout", "-q", "-b", "feature", "HEAD~1")
    shop.append("shop/db.py", "\n\ndef wipe(table):\n    connect().execute(\"DELETE FROM \" + table)\n")
    shop.append("shop/views.py", '\n\n@app.route("/wipe")\ndef wipe():\n    db.wipe(request.args["t"])\n'
                "    return 'ok'\n")
    shop.commit("wipe")
    # main moved on (the search commit) after feature branched: a pull request shows only feature's change
    code, report = shop.review_json("main...feature", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    findings = report["findings"]
    assert len(findings) == 1 and findings[0]["rule_id"] == "sql-injection"
    assert "DELETE FROM" in findings[0]["snippet"]
    assert report["change"]["fixed"] == []
    assert report["change"]["base"] == shop.git("merge-base", "main", "feature").strip()

    # two dots compare the tips: main's search flow is then absent on the feature side, so counted as fixed
    code, report = shop.review_json("main..feature", capsys=capsys, monkeypatch=monkeypatch)
    assert [f["rule_id"] for f in report["change"]["fixed"]] == ["sql-injection"]


def test_rename_with_an_edit_maps_old_findings_to_the_new_path(shop, capsys, monkeypatch):
    shop.git("mv", "shop/views.py", "shop/routes.py")
    shop.append("shop/routes.py", '\n\n@app.route("/eval")\ndef calc():\n    return str(eval(request.args["e"]))\n')
    shop.commit("rename views to routes, add calc")
    code, report = shop.review_json("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    change = report["change"]
    assert change["renamed"] == [{"from": "shop/views.py", "to": "shop/routes.py"}]
    assert {f["location"]["path"] for f in report["findings"]} == {"shop/routes.py"}
    assert "code-injection" in {f["rule_id"] for f in report["findings"]}
    # the renamed file's old findings are neither new nor fixed: they moved with the file
    assert change["fixed"] == []
    assert {f["rule_id"] for f in change["preexisting"]} >= PREEXISTING - {"sql-injection"}


def test_deleting_a_file_introduces_nothing_and_fixes_its_findings(shop, capsys, monkeypatch):
    shop.git("rm", "-q", "shop/views.py")
    shop.commit("drop the views")
    code, report = shop.review_json("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and report["findings"] == []
    change = report["change"]
    assert change["deleted"] == ["shop/views.py"]
    assert sorted(f["rule_id"] for f in change["fixed"]) == sorted(PREEXISTING | {"sql-injection"})
    assert all(f["location"]["path"] == "shop/views.py" for f in change["fixed"]
               if f["rule_id"] != "sql-injection")
    code, text, _ = shop.review("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert "4 findings fixed by this change:" in text and "no new security defect in 1 changed file" in text


def test_a_change_that_only_adds_a_sanitizer_is_reported_as_a_fix(tmp_path, capsys, monkeypatch):
    repo = Repo(tmp_path / "r")
    repo.write("app.py", 'import sqlite3\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n'
                         '@app.route("/u")\ndef user():\n    user_id = request.args["id"]\n'
                         '    rows = sqlite3.connect("a.db").execute("SELECT * FROM u WHERE id = " + user_id)\n'
                         '    return {"n": len(list(rows))}\n')
    repo.commit("vulnerable")
    text = (repo.root / "app.py").read_text()
    repo.write("app.py", text.replace('    user_id = request.args["id"]\n',
                                      '    user_id = request.args["id"]\n    user_id = str(int(user_id))\n'))
    repo.commit("validate the id")
    code, report = repo.review_json("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and report["findings"] == []
    fixed = report["change"]["fixed"]
    assert [(f["rule_id"], f["location"]["path"], f["location"]["line"]) for f in fixed] == [
        ("sql-injection", "app.py", 10)]
    code, text, _ = repo.review("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert "1 finding fixed by this change:" in text
    assert "CWE-89 sql-injection at app.py:10 (before the change)" in text


def test_binary_and_non_python_files_are_listed_as_not_reviewed(shop, capsys, monkeypatch):
    shop.write("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    shop.write("docs/setup.cfg", "[metadata]\nname = shop\n")
    shop.write("bin/shop-admin", "#!/usr/bin/env python3\nimport os\nos.system(input())\n")
    shop.commit("assets")
    code, report = shop.review_json("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    skipped = {d["path"]: d["reason"] for d in report["skipped"]}
    assert skipped == {"logo.png": "binary file: not reviewed", "docs/setup.cfg": "not a Python file: not reviewed"}
    # an extensionless script with a Python shebang is Python, and is reviewed
    assert report["change"]["files"] == ["bin/shop-admin"]
    assert code == 1 and {f["location"]["path"] for f in report["findings"]} == {"bin/shop-admin"}


def test_errors_exit_2_with_one_line(shop, tmp_path, capsys, monkeypatch):
    outside = tmp_path / "plain"
    outside.mkdir()
    code, out, err = shop.review(capsys=capsys, monkeypatch=monkeypatch, cwd=outside)
    assert code == 2 and out == ""
    assert err.startswith("pillarscan: error: not a git repository") and err.count("\n") == 1

    for bad in ("nope..HEAD", "HEAD..nope", "nope", "--help-me"):
        code, out, err = shop.review("--", bad, capsys=capsys, monkeypatch=monkeypatch) if bad.startswith("-") \
            else shop.review(bad, capsys=capsys, monkeypatch=monkeypatch)
        assert code == 2 and out == ""
        assert "unknown revision" in err and err.count("\n") == 1

    code, out, err = shop.review("HEAD~1..HEAD", "--staged", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 2 and "not several" in err
    code, out, err = shop.review("--patch", str(tmp_path / "missing.diff"), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 2 and "no such patch file" in err


def test_a_repository_without_commits_reviews_everything_as_new(tmp_path, capsys, monkeypatch):
    repo = Repo(tmp_path / "fresh")
    repo.write("run.py", "import os\nos.system(input())\n")
    code, report = repo.review_json(capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and report["change"]["base"] is None
    assert [f["location"]["path"] for f in report["findings"]] == ["run.py"]


def test_review_from_a_subfolder_keeps_repository_relative_paths(shop, capsys, monkeypatch):
    code, out, _ = shop.review("HEAD~1..HEAD", "--format", "json", capsys=capsys, monkeypatch=monkeypatch,
                               cwd=shop.root / "shop")
    import json

    assert code == 1 and json.loads(out)["findings"][0]["location"]["path"] == "shop/db.py"


def test_a_fix_in_the_callee_is_seen_through_the_untouched_caller(shop, capsys, monkeypatch):
    """Only db.py changes; the source of the flow is in views.py, which imports db.py and is not touched."""
    text = (shop.root / "shop" / "db.py").read_text()
    shop.write("shop/db.py", text.replace(SINK_CODE, 'cursor.execute("SELECT * FROM products WHERE name LIKE ?", '
                                                     '(f"%{term}%",))'))
    shop.commit("bind the search term")
    code, report = shop.review_json("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0 and report["findings"] == []
    assert report["change"]["files"] == ["shop/db.py"]
    assert "shop/views.py" in report["change"]["context_files"]
    assert [(f["rule_id"], f["location"]["line"]) for f in report["change"]["fixed"]] == [
        ("sql-injection", shop.line_of("shop/db.py", SINK_CODE, rev="HEAD~1"))]


def test_a_new_sink_in_the_callee_is_reported_with_the_untouched_callers_source(shop, capsys, monkeypatch):
    text = (shop.root / "shop" / "db.py").read_text()
    shop.write("shop/db.py", text.replace('cursor.execute("SELECT * FROM users WHERE id = ?", (user_id,))',
                                          'cursor.execute("SELECT * FROM users WHERE id = " + user_id)'))
    shop.commit("inline the id")
    code, report = shop.review_json("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    [finding] = report["findings"]
    assert finding["rule_id"] == "sql-injection" and finding["location"]["path"] == "shop/db.py"
    assert finding["trace"][0]["path"] == "shop/views.py"  # the source lies in the file the change did not touch


def test_an_edited_sink_line_that_stays_vulnerable_is_new_and_not_fixed(shop, capsys, monkeypatch):
    text = (shop.root / "shop" / "db.py").read_text()
    shop.write("shop/db.py", text.replace("def search_products(term):", "def search_products(needle):")
               .replace("'%{term}%'", "'%{needle}%'"))
    shop.commit("rename the parameter")
    code, report = shop.review_json("HEAD~1..HEAD", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1 and [f["rule_id"] for f in report["findings"]] == ["sql-injection"]
    assert report["change"]["fixed"] == []  # the same defect on an edited line, not a fix plus a new one


def test_a_second_review_reuses_the_cache_and_reports_the_same(shop, monkeypatch):
    """Blobs already analysed (on either side, in an earlier review) come from the repository's cache."""
    from pillarscan.change_review import ChangeRequest, review_change
    from pillarscan.engine import ScanOptions

    monkeypatch.chdir(shop.root)

    def review(cache_dir: str | None):
        reviewed = review_change(ChangeRequest(revisions="HEAD~1..HEAD"), ScanOptions(jobs=1, cache_dir=cache_dir))
        return reviewed.result

    uncached = review(None)
    cold, warm = review(""), review("")
    from pillarscan.cache import default_directory

    assert Path(default_directory([str(shop.root)])).is_dir()
    assert not (shop.root / ".pillarscan_cache").exists(), "nothing is written into the repository"
    assert cold.files_analysed > 0 and uncached.files_from_cache == 0
    # even the first review analyses a file the change left alone once, not once per side
    assert cold.files_from_cache >= 1
    assert warm.files_analysed == 0 and warm.files_from_cache == cold.files_analysed + cold.files_from_cache
    assert [(f.rule_id, f.location, f.trace) for f in warm.findings] == \
        [(f.rule_id, f.location, f.trace) for f in cold.findings] == \
        [(f.rule_id, f.location, f.trace) for f in uncached.findings]
    assert any(f.rule_id == "sql-injection" for f in warm.findings)
