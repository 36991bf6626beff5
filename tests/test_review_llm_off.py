"""With the LLM layer off, ``pillarscan review`` writes every format byte for byte as it did before the layer
could run in a review: the outputs below were recorded before ``review --llm`` existed, and the same review of
the same repository must still give them. Only what varies from run to run is normalised (durations, the
version, absolute paths of the temporary repository).

Regenerate (only when a report change is intended): ``python tests/test_review_llm_off.py --regenerate``."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from review_repo import needs_git, shop_repo

pytestmark = needs_git

GOLDEN = Path(__file__).parent / "fixtures" / "review_off"
FORMATS = ("text", "json", "sarif", "markdown", "concise", "github", "github-review", "gerrit", "gitlab", "html")
# a fixed rule set, so rules added to pillarscan later do not change the pillar tables and rule lists
SELECT = "sql-injection,command-injection,unsafe-deserialization,weak-hash"
FIXED_DATES = {"GIT_AUTHOR_DATE": "2026-01-02T03:04:05+00:00", "GIT_COMMITTER_DATE": "2026-01-02T03:04:05+00:00"}


def normalised(text: str, root: Path) -> str:
    text = text.replace(str(root.resolve()), "<repo>").replace(str(root), "<repo>")
    text = re.sub(r"\d+\.\d+ s\b", "<t> s", text)
    text = re.sub(r'"(duration_s|durationS?)": [0-9.e-]+', r'"\1": 0', text)
    text = re.sub(r'"(startTimeUtc|endTimeUtc)": "[^"]*"', r'"\1": "<time>"', text)
    from pillarscan import __version__

    return text.replace(__version__, "<version>")


def outputs(tmp_path: Path, capsys, monkeypatch) -> dict[str, str]:
    for name, value in FIXED_DATES.items():
        monkeypatch.setenv(name, value)
    repo = shop_repo(tmp_path / "shop")
    out = {}
    for fmt in FORMATS:
        for label, extra in (("range", ["HEAD~1..HEAD"]), ("all", ["HEAD~1..HEAD", "--all"])):
            if label == "all" and fmt not in ("text", "json", "markdown"):
                continue
            code, text, err = repo.review(*extra, "--isolated", "--no-cache", "--no-progress", "--select", SELECT,
                                          "--format", fmt, capsys=capsys, monkeypatch=monkeypatch)
            assert code == 1, err
            out[f"{label}.{fmt}"] = normalised(text, repo.root)
    return out


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.*")) or ["missing"])
def test_review_without_the_layer_is_unchanged(name, tmp_path, capsys, monkeypatch):
    assert name != "missing", "no recorded outputs: run this file with --regenerate"
    got = _cached(tmp_path, capsys, monkeypatch)
    assert got[name] == (GOLDEN / name).read_text(encoding="utf-8")


_SEEN: dict[str, dict[str, str]] = {}


def _cached(tmp_path, capsys, monkeypatch) -> dict[str, str]:
    """One repository and one set of reviews for all the parametrised checks (the same inputs every time)."""
    if "outputs" not in _SEEN:
        _SEEN["outputs"] = outputs(tmp_path, capsys, monkeypatch)
    return _SEEN["outputs"]


def test_the_layer_is_not_imported_when_off(tmp_path):
    """Off means not loaded at all: no httpx, no pillarscan.llm (so nothing of it can run or fail)."""
    import subprocess

    import os

    repo = shop_repo(tmp_path / "shop")
    probe = ("import sys, runpy; sys.argv = ['pillarscan', 'review', 'HEAD~1..HEAD', '--isolated', '--no-cache', "
             "'--format', 'json', '-o', 'out.json']\n"
             "try:\n    runpy.run_module('pillarscan', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "assert not [m for m in sys.modules if m.startswith(('pillarscan.llm', 'httpx'))], sys.modules.keys()\n")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=repo.root, capture_output=True, text=True,
                          env={**os.environ, **FIXED_DATES})
    assert proc.returncode == 0, proc.stderr
    assert (repo.root / "out.json").stat().st_size > 0


if __name__ == "__main__" and "--regenerate" in sys.argv:
    import tempfile

    class _Capsys:  # what outputs() needs of pytest's fixtures, for regenerating outside pytest
        def readouterr(self):
            import io

            out, err = sys.stdout.getvalue(), sys.stderr.getvalue()
            sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
            return out, err

    class _Patch:
        def setenv(self, name, value):
            import os

            os.environ[name] = value

        def chdir(self, path):
            import os

            os.chdir(path)

    import io
    import os

    os.environ.setdefault("PILLARSCAN_CACHE_HOME", tempfile.mkdtemp())
    real = sys.stdout
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        produced = outputs(Path(folder), _Capsys(), _Patch())
    sys.stdout = real
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for old in GOLDEN.glob("*.*"):
        old.unlink()
    for name, text in produced.items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(produced)} files to {GOLDEN}")
