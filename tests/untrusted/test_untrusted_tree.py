"""One repository built the way an attacker would, reviewed end to end with ``scan`` and ``review`` in a fresh
process, as CI runs pillarscan on a stranger's pull request. Each area also has its own focused tests beside
this file; this one proves the properties hold together:

- no payload runs (the marker file is never created);
- nothing outside the tree is read into a report, written or deleted;
- every Python file is reviewed or accounted for;
- no raw escape byte from the input reaches the output;
- the change's own configuration does not weaken its review.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from forged_cache import plant as _plant_cache
from review_repo import GIT_ENV, Repo, needs_git

SECRET = "AKIA-OUTSIDE-THE-TREE-0123456789"
VULNERABLE = "import os\n\n\ndef run():\n    os.system(input())\n"
def _hostile_tree(root: Path, outside: Path, marker: Path) -> dict[str, Path]:
    """The tree, and the places outside it that it points at."""
    secret_dir = outside / "secrets"
    secret_dir.mkdir(parents=True)
    (secret_dir / "keys.py").write_text(f'AWS_KEY = "{SECRET}"\npassword = "{SECRET}"\n')
    victim = outside / "victim"
    victim.mkdir()
    for i in range(20):
        (victim / f"file{i}.txt").write_text(f"precious {i}\n")
    root.mkdir(parents=True, exist_ok=True)
    (root / "app.py").write_text(VULNERABLE)
    # a committed cache in the old layout, and cache folders that are links to the victim
    _plant_cache(root / ".pillarscan_cache", marker)
    (root / "sub").mkdir()
    (root / "sub" / "__init__.py").write_text("")
    (root / "sub" / ".pillarscan_cache").symlink_to(victim, target_is_directory=True)
    # links out of the tree
    (root / "leak.py").symlink_to(secret_dir / "keys.py")
    (root / "vendor").symlink_to(secret_dir, target_is_directory=True)
    (root / "system").symlink_to("/", target_is_directory=True)
    # names that git C-quotes, and escape sequences in names and code
    for name in ('quote"d.py', "back\\slash.py", "tab\tname.py", "new\nline.py", "esc\x1b[2Jname.py"):
        (root / name).write_text(VULNERABLE)
    os.makedirs(root / "raw", exist_ok=True)
    with open(os.path.join(os.fsencode(root / "raw"), b"caf\xe9.py"), "w") as fh:
        fh.write(VULNERABLE)
    (root / "forge.py").write_text(
        'import os\n\nNOTE = """\rVerdict: no security defect found"""\n\n\ndef run():\n'
        "    os.system(input())  # \x1b[2J\x1b[1;1H Verdict: no security defect found \x1b]0;owned\x07\n")
    # a pathological ignore file
    (root / ".gitignore").write_text("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n**/**/**/**/**/**/**/**/**/z\n")
    # a module far past any statement budget, with a pattern finding at its end
    (root / "huge.py").write_text("".join(f"v{i} = {i}\n" for i in range(30_000)) + "import hashlib\n\n\n"
                                  "def token(data):\n    return hashlib.md5(data).hexdigest()\n")
    return {"victim": victim, "secrets": secret_dir}


def _env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {**os.environ, **GIT_ENV, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
            "PILLARSCAN_CACHE_HOME": str(home / ".cache" / "pillarscan"), "NO_COLOR": "1"}


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pillarscan", *args], cwd=cwd, env=env, capture_output=True,
                          timeout=300)


def _victim_intact(victim: Path) -> None:
    assert sorted(p.name for p in victim.iterdir()) == sorted(f"file{i}.txt" for i in range(20))
    for i in range(20):
        assert (victim / f"file{i}.txt").read_text() == f"precious {i}\n"


def _no_raw_escapes(output: bytes) -> None:
    assert b"\x1b" not in output and b"\x07" not in output and b"\r" not in output
    for line in output.decode("utf-8", "replace").splitlines():
        assert not line.lstrip().startswith("Verdict: no security defect found"), line


@pytest.mark.skipif(sys.platform != "linux", reason="file names with newlines and ESC need a Linux file system")
def test_scan_of_a_hostile_tree(tmp_path):
    root, marker = tmp_path / "repo", tmp_path / "PWNED"
    places = _hostile_tree(root, tmp_path / "outside", marker)
    env = _env(tmp_path)
    for _ in range(2):  # the second run is the one that would read back a (forged) cache
        for fmt in ("json", "text", "markdown", "sarif", "github", "gitlab"):
            proc = _run(["scan", ".", "--format", fmt], root, env)
            assert proc.returncode == 1, proc.stderr.decode(errors="replace")
            assert not marker.exists(), "a forged cache entry was unpickled"
            assert SECRET.encode() not in proc.stdout, f"a file outside the tree reached the {fmt} report"
            if fmt in ("text", "markdown", "github", "gitlab"):
                _no_raw_escapes(proc.stdout)
                _no_raw_escapes(proc.stderr)
            if fmt == "json":
                report = json.loads(proc.stdout)
    _victim_intact(places["victim"])
    # every Python file of the tree is reviewed or accounted for
    reviewed = set(report["files_scanned"])
    accounted = reviewed | {d["path"] for d in report["skipped"]} | {d["path"] for d in report["warnings"]}
    flagged = {f["location"]["path"] for f in report["findings"] if f["cwe"] == 78}
    for name in ('quote"d.py', "back\\slash.py", "tab\tname.py", "new\nline.py", "esc\x1b[2Jname.py", "forge.py",
                 "app.py"):
        assert name in reviewed, f"{name!r} was not reviewed"
        assert name in flagged, f"{name!r} was reviewed but its command injection not reported"
    assert any("caf" in path and path.endswith(".py") for path in flagged), "the non-UTF-8 name was not reviewed"
    assert "huge.py" in accounted
    assert any(f["location"]["path"] == "huge.py" and f["cwe"] == 328 for f in report["findings"]), \
        "a huge module keeps its pattern findings"
    for link in ("leak.py", "vendor", "system"):
        assert any(path == link or path.startswith(link + "/") for path in accounted), f"{link} not accounted for"
        assert not any(path.startswith(link + "/") for path in reviewed)
    assert not (root / ".pillarscan_cache" / "files" / "ab").exists() or \
        sorted(p.name for p in (root / ".pillarscan_cache" / "files" / "ab").iterdir()) == ["ab" * 20], \
        "nothing is written into a committed cache folder"


@needs_git
@pytest.mark.skipif(sys.platform != "linux", reason="file names with newlines and ESC need a Linux file system")
def test_review_of_a_hostile_change(tmp_path):
    marker = tmp_path / "PWNED"
    repo = Repo(tmp_path / "repo")
    repo.write("pyproject.toml", "[tool.pillarscan]\nmin-severity = \"low\"\n")
    repo.write("lib.py", "X = 1\n")
    repo.commit("base")
    places = _hostile_tree(repo.root, tmp_path / "outside", marker)
    # the change also rewrites the configuration to hide itself, and points the cache outside
    (repo.root / "pyproject.toml").write_text(
        "[tool.pillarscan]\ndisable-pillars = [\"CWE-707\", \"CWE-664\"]\nmin-severity = \"critical\"\n"
        f"exclude = [\"*.py\"]\ncache-dir = \"{places['victim']}\"\n")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "refactor")
    env = _env(tmp_path)
    for _ in range(2):
        for fmt in ("json", "text", "markdown", "github"):
            proc = _run(["review", "HEAD~1..HEAD", "--format", fmt], repo.root, env)
            assert proc.returncode == 1, proc.stderr.decode(errors="replace")
            assert not marker.exists()
            assert SECRET.encode() not in proc.stdout
            if fmt != "json":
                _no_raw_escapes(proc.stdout)
                _no_raw_escapes(proc.stderr)
            else:
                report = json.loads(proc.stdout)
    _victim_intact(places["victim"])
    flagged = {f["location"]["path"] for f in report["findings"] if f["cwe"] == 78}
    for name in ('quote"d.py', "back\\slash.py", "tab\tname.py", "new\nline.py", "esc\x1b[2Jname.py", "app.py"):
        assert name in flagged, f"{name!r}: the change's command injection was not reported"
    assert any("caf" in path for path in flagged), "the non-UTF-8 name was not reviewed"
    assert any(w["path"] == "pyproject.toml" for w in report["warnings"]), "the config edit is listed"
    # option-shaped revisions are refused, and create nothing
    for revision in (f"--output={tmp_path / 'made'}", f"--output={tmp_path / 'made'}..HEAD",
                     f"HEAD..--output={tmp_path / 'made'}"):
        proc = _run(["review", "--", revision], repo.root, env)
        assert proc.returncode == 2, revision
        assert not (tmp_path / "made").exists()
