"""Case and fixture files are inputs for the scanner, never test modules: pytest must not import them."""

import pytest

collect_ignore_glob = ["cases/*", "fixtures/*"]


@pytest.fixture(autouse=True)
def _cache_home(tmp_path_factory, monkeypatch):
    """Every test's cache lives in a folder of its own, never in the user's cache directory (and never in the
    work tree): tests cannot depend on what an earlier command or test left behind."""
    monkeypatch.setenv("PILLARSCAN_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))
