"""One module never aborts or silently shrinks the review: same-named modules, a defect in the cross-module
phase, flows longer than the analysis follows with confidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan
from pillarscan.findings import Confidence
from pillarscan.python import summaries

FLASK_VIEW = "from flask import Flask, request\n\nimport {first}\n\napp = Flask(__name__)\n\n\n" \
             "@app.route('/run')\ndef run():\n    {first}.step0(request.args['cmd'])\n    return 'ok'\n"


def _scan(tree: Path):
    return scan([str(tree)], ScanOptions(jobs=1, cache_dir=None))


def test_a_script_beside_a_package_of_the_same_name(tmp_path):
    """The shape of a real crash (KeyError in the cross-module phase): ``tool.py`` next to ``tool/``, both
    defining module-level code and functions of the same names, calling into each other."""
    (tmp_path / "tool.py").write_text(
        "import os\nimport sys\n\nfrom tool.core import Runner\n\n\ndef main():\n    Runner().go(sys.argv[1])\n"
        "    helper(sys.argv[2])\n\n\ndef helper(x):\n    os.system(x)\n\n\ndef cli():\n    Runner().go(input())\n"
        "\n\nif __name__ == '__main__':\n    main()\n    main()\n    cli()\n")
    (tmp_path / "tool").mkdir()
    (tmp_path / "tool" / "__init__.py").write_text("from tool.core import Runner\n\n\ndef main():\n    pass\n")
    (tmp_path / "tool" / "core.py").write_text(
        "import os\n\n\nclass Runner:\n    def go(self, cmd):\n        os.system('run ' + cmd)\n")
    result = _scan(tmp_path)
    assert sorted(Path(p).name for p in result.files_scanned) == ["__init__.py", "core.py", "tool.py"]
    assert not [d for d in result.diagnostics if "internal error" in d.reason]
    assert any(d.path.endswith("tool.py") and "same name" in d.reason for d in result.diagnostics), \
        "the shadowed definitions are named, not dropped in silence"
    assert any(f.cwe == 78 and f.location.path.endswith("core.py") for f in result.findings)


def test_an_internal_error_in_the_cross_module_phase_costs_a_diagnostic(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("import os\n\n\ndef run():\n    os.system(input())\n")
    (tmp_path / "b.py").write_text("import hashlib\n\n\ndef token(v):\n    return hashlib.md5(v).hexdigest()\n")
    real = summaries.Solver.flows

    def broken(self):
        if len(self.index.shapes) > 1:
            raise KeyError(5)
        yield from real(self)

    monkeypatch.setattr(summaries.Solver, "flows", broken)
    result = _scan(tmp_path)
    assert any("cross-module phase" in d.reason and "KeyError" in d.reason for d in result.diagnostics)
    assert any(f.cwe == 78 and f.location.path.endswith("a.py") for f in result.findings), \
        "flows inside one module are still reported"
    assert any(f.cwe == 328 for f in result.findings), "pattern findings are untouched"


def _chain(tmp_path: Path, length: int) -> None:
    """A Flask view whose request value passes through ``length`` helpers, one per module, into os.system."""
    (tmp_path / "app.py").write_text(FLASK_VIEW.format(first="h0"))
    for i in range(length):
        body = f"import h{i + 1}\n\n\ndef step{i}(v):\n    return h{i + 1}.step{i + 1}(v)\n" if i + 1 < length \
            else f"import os\n\n\ndef step{i}(v):\n    os.system('echo ' + v)\n"
        (tmp_path / f"h{i}.py").write_text(body)


@pytest.mark.parametrize("length", [3, 12])
def test_a_long_flow_is_named_never_dropped_in_silence(tmp_path, length):
    _chain(tmp_path, length)
    result = _scan(tmp_path)
    hits = [f for f in result.findings if f.cwe == 78]
    cut = [d for d in result.diagnostics if "function boundaries" in d.reason]
    if length <= summaries.MAX_HOPS:
        assert len(hits) == 1 and hits[0].confidence == Confidence.HIGH and not cut
        assert hits[0].location.path.endswith(f"h{length - 1}.py")
    else:  # too long to be sure of: a warning at the sink, with its source and the count
        assert not hits
        assert len(cut) == 1 and cut[0].path.endswith(f"h{length - 1}.py") and cut[0].line == 5
        assert "Flask request data" in cut[0].reason and "12 function boundaries" in cut[0].reason


def test_a_huge_module_keeps_its_findings_and_says_what_was_cut(tmp_path):
    body = "".join(f"v{i} = {i}\n" for i in range(30_000))
    (tmp_path / "huge.py").write_text(body + "import hashlib\nimport os\n\n\ndef run():\n    os.system(input())\n\n\n"
                                      "def token(v):\n    return hashlib.md5(v).hexdigest()\n")
    result = _scan(tmp_path)
    assert [Path(p).name for p in result.files_scanned] == ["huge.py"]
    found = {(f.cwe, f.location.line) for f in result.findings}
    assert (78, 30_006) in found, "a function that fits its budget keeps its flow"
    assert (328, 30_010) in found, "pattern findings are kept"
    assert any("module-level code exceeds the analysis budget" in d.reason for d in result.diagnostics)


def test_a_flow_analysis_that_fails_keeps_the_pattern_findings(tmp_path, monkeypatch):
    from pillarscan.python import flow

    (tmp_path / "m.py").write_text("import hashlib\n\n\ndef token(v):\n    return hashlib.md5(v).hexdigest()\n")
    monkeypatch.setattr(flow, "extract_module_facts", lambda *a, **k: (_ for _ in ()).throw(ValueError("boom")))
    result = _scan(tmp_path)
    assert any(f.cwe == 328 for f in result.findings)
    assert any("data-flow analysis not completed" in d.reason and "boom" in d.reason for d in result.diagnostics)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_workers_do_not_outlive_the_main_process(tmp_path, how):
    import signal
    import subprocess
    import sys
    import time

    function = "def f{n}(request):\n    x = request.args['a{n}']\n    y = [x, x + 'b']\n    return y[0] + str(len(y))\n\n\n"
    for i in range(40):
        (tmp_path / f"m{i}.py").write_text("".join(function.format(n=n) for n in range(1500)))
    proc = subprocess.Popen([sys.executable, "-m", "pillarscan", "scan", str(tmp_path), "-j", "2", "--no-cache",
                             "--quiet", "--format", "json", "-o", str(tmp_path / "out.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers |= _children(proc.pid)
        time.sleep(0.05)
    assert workers, "the scan finished before its workers could be seen; make the tree larger"
    proc.send_signal(getattr(signal, how))
    code = proc.wait(timeout=30)
    if how == "SIGTERM":
        assert code == 2 and b"interrupted" in proc.stderr.read()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a worker outlived the main process"
