"""The package as users get it: `python -m build` makes an sdist and a wheel that `twine check` accepts, the
wheel (built from the sdist, as build does) carries every data file the package reads at run time, and a fresh
virtual environment with only the wheel installed reviews the example service.

Built without build isolation (setuptools, build and twine are test extras), so it needs no package index; the
fresh environment borrows this one's dependencies through a .pth file and installs the wheel with --no-deps,
so what runs there is the wheel's pillarscan, not the checkout. Deselect with `-m "not packaging"`.
"""
from __future__ import annotations

import email
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import pillarscan

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "pillarscan"
LEFT_OUT = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                  ".pillarscan_cache", "out")


def package_files() -> list[str]:
    """Every file of the package in the checkout, as a path under pillarscan/ (code and data alike)."""
    return sorted(str(Path("pillarscan") / path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc")


def run(command: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(sdist, wheel), built from a copy of the checkout so the checkout gets no build/ or egg-info."""
    for module in ("build", "twine", "setuptools"):
        if not _importable(module):
            pytest.fail(f"{module} is missing: install the test extras (pip install -e '.[test]')")
    root = tmp_path_factory.mktemp("packaging")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=LEFT_OUT)
    out = root / "dist"
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)], cwd=root)
    sdists, wheels = sorted(out.glob("*.tar.gz")), sorted(out.glob("*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, sorted(p.name for p in out.iterdir())
    return sdists[0], wheels[0]


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_the_version_is_written_once():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text and '\nversion = "' not in text  # written in __init__.py only
    assert pillarscan.__version__ == "0.2.0"
    assert f"## {pillarscan.__version__}" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_twine_check_passes(built):
    sdist, wheel = built
    done = run([sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)], cwd=sdist.parent)
    assert done.stdout.count("PASSED") == 2, done.stdout
    assert sdist.name == f"pillarscan-{pillarscan.__version__}.tar.gz"
    assert wheel.name == f"pillarscan-{pillarscan.__version__}-py3-none-any.whl"


def test_wheel_carries_every_package_file_and_its_metadata(built):
    _, wheel = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"pillarscan-{pillarscan.__version__}.dist-info"
        metadata = email.message_from_string(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    missing = [name for name in package_files() if name not in names]
    assert not missing, f"the wheel lacks {missing}: add them to [tool.setuptools.package-data]"
    assert "pillarscan/py.typed" in names and "pillarscan/reports/html/report.html.j2" in names
    assert not [n for n in names if n.startswith(("tests/", "examples/", "bench/"))], "tests shipped as packages"
    assert metadata["Version"] == pillarscan.__version__
    assert metadata["License-Expression"] == "Apache-2.0"
    assert f"{info}/licenses/LICENSE" in names
    assert metadata["Requires-Python"] == ">=3.10"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert "pillarscan = pillarscan.cli:main" in entry_points


def test_sdist_carries_the_models_docs_tests_and_examples(built):
    sdist, _ = built
    top = f"pillarscan-{pillarscan.__version__}"
    with tarfile.open(sdist) as archive:
        names = {name.removeprefix(top + "/") for name in archive.getnames()}
    models = sorted(p.name for p in (PACKAGE / "python" / "models").glob("*.toml"))
    assert len(models) >= 5
    missing = [f"src/{name}" for name in package_files() if f"src/{name}" not in names]
    assert not missing, f"the sdist lacks {missing}"
    for name in ("LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "MANIFEST.in", "action.yml",
                 ".pre-commit-hooks.yaml", "docs/cli.md", "examples/shop/app.py", "tests/test_cases.py",
                 "scripts/gen_cli_docs.py"):
        assert name in names, f"the sdist lacks {name}"
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_fresh_environment_with_only_the_wheel_reviews_the_example(built, tmp_path):
    _, wheel = built
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    quiet_pip = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], cwd=tmp_path,
        env=quiet_pip)
    # The dependencies come from this environment (not the checkout: its src/ folder is not a site folder).
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    cwd=tmp_path).stdout.strip())
    borrowed = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    (site / "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PILLARSCAN"))}
    env["PILLARSCAN_CACHE_HOME"] = str(tmp_path / "cache")
    where = run([str(python), "-c", "import pillarscan; print(pillarscan.__file__)"], cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout  # the wheel's copy, not the checkout's

    script = venv / ("Scripts/pillarscan.exe" if os.name == "nt" else "bin/pillarscan")
    version = run([str(script), "--version"], cwd=tmp_path, env=env)
    assert version.stdout.strip() == f"pillarscan {pillarscan.__version__}"

    shop = tmp_path / "shop"
    shutil.copytree(REPO / "examples" / "shop", shop)
    scanned = subprocess.run([str(script), "scan", "shop", "--isolated", "--format", "json", "--jobs", "1"],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert scanned.returncode == 1, scanned.stderr  # findings
    report = json.loads(scanned.stdout)
    rules = {finding["rule_id"] for finding in report["findings"]}
    assert {"path-traversal", "unsafe-deserialization", "hardcoded-credential"} <= rules, rules
    assert report["tool"]["version"] == pillarscan.__version__

    # Data read through importlib.resources and the HTML templates are in the wheel too.
    explained = run([str(script), "rule", "path-traversal"], cwd=tmp_path, env=env)
    assert "CWE-22" in explained.stdout
    html = subprocess.run([str(script), "scan", "shop", "--isolated", "--format", "html", "--jobs", "1"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert html.returncode == 1 and html.stdout.lstrip().lower().startswith("<!doctype html>"), html.stderr
