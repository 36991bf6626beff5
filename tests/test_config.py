"""[tool.pillarscan] configuration: discovery, strict validation with errors that name the key, precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from pillarscan.config import (DEFAULT_MAX_FILE_BYTES, ConfigError, LoadedConfig, FileConfig, find_config,
                               load_config, merge, select_rules)
from pillarscan.findings import Confidence, Severity
from pillarscan.rules.registry import Rule

RULES = [
    Rule("sql-injection", 89, Severity.HIGH, Confidence.HIGH, "t", "m", "f", sink_kind="sql"),
    Rule("weak-hash", 328, Severity.MEDIUM, Confidence.HIGH, "t", "m", "f"),
    Rule("weak-hash-hmac", 328, Severity.LOW, Confidence.LOW, "t", "m", "f"),
    Rule("weak-cipher", 327, Severity.HIGH, Confidence.HIGH, "t", "m", "f"),
]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository root (it holds .git) so discovery never wanders above the test folder."""
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_discovery_walks_up_from_the_first_target(repo):
    config = write(repo / "pyproject.toml", '[project]\nname = "x"\n[tool.pillarscan]\nmin-severity = "high"\n')
    target = write(repo / "src" / "pkg" / "mod.py", "x = 1\n")
    assert find_config(target) == config.resolve()
    loaded = load_config(None, [str(target)])
    assert loaded.path == config.resolve()
    assert loaded.values.min_severity == "high"


def test_discovery_skips_a_pyproject_without_our_table(repo):
    outer = write(repo / "pyproject.toml", "[tool.pillarscan]\ndisable = ['weak-hash']\n")
    write(repo / "sub" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    assert find_config(repo / "sub") == outer.resolve()


def test_discovery_stops_at_the_repository_root(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.pillarscan]\nmin-severity = 'high'\n")
    (tmp_path / "inner" / ".git").mkdir(parents=True)
    assert find_config(tmp_path / "inner") is None
    assert load_config(None, [str(tmp_path / "inner")]).values == FileConfig()


def test_explicit_config_file_pyproject_or_dedicated(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", "[tool.pillarscan]\nexclude = ['gen/']\n")
    assert load_config(str(pyproject), ["."]).values.exclude == ["gen/"]
    dedicated = write(tmp_path / "pillarscan.toml", "exclude = ['migrations/']\nmin-confidence = 'Medium'\n")
    values = load_config(str(dedicated), ["."]).values
    assert values.exclude == ["migrations/"] and values.min_confidence == "medium"


@pytest.mark.parametrize("body, names", [
    ("min_severty = 'high'", ["unknown key 'min_severty'", "min-severity"]),
    ("min-severity = 'extreme'", ["'min-severity'", "extreme"]),
    ("min-confidence = 3", ["'min-confidence'"]),
    ("exclude = 'migrations/'", ["'exclude'"]),
    ("max-file-bytes = -5", ["'max-file-bytes'"]),
    ("max-file-bytes = '100'", ["'max-file-bytes'"]),
    ("disable = [1, 2]", ["'disable.0'"]),
])
def test_bad_values_are_errors_that_name_the_key(tmp_path, body, names):
    path = write(tmp_path / "pyproject.toml", f"[tool.pillarscan]\n{body}\n")
    with pytest.raises(ConfigError) as info:
        load_config(str(path), ["."])
    message = str(info.value)
    assert str(path) in message
    for name in names:
        assert name in message


def test_broken_toml_and_missing_files_are_config_errors(tmp_path):
    broken = write(tmp_path / "pyproject.toml", "[tool.pillarscan\nexclude = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(str(broken), ["."])
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(str(tmp_path / "nope.toml"), ["."])
    plain = write(tmp_path / "p2" / "pyproject.toml", "[tool.black]\n")
    with pytest.raises(ConfigError, match=r"no \[tool.pillarscan\] table"):
        load_config(str(plain), ["."])


def test_command_line_overrides_file_values(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.pillarscan]\nmin-severity = 'high'\nmin-confidence = 'high'\n"
                 "exclude = ['a/']\nbaseline = 'base.json'\nmax-file-bytes = 1000\nmodels = ['extra/models.toml']\n")
    write(tmp_path / "extra" / "models.toml", "[[sink]]\ncall = 'app.db.raw'\nkind = 'sql'\n")
    loaded = load_config(str(path), ["."])
    from_file = merge(loaded, RULES)
    assert from_file.min_severity == Severity.HIGH and from_file.min_confidence == Confidence.HIGH
    assert from_file.baseline == str(tmp_path / "base.json")  # relative to the configuration file
    assert from_file.extra_models == (str(tmp_path / "extra" / "models.toml"),)
    assert from_file.max_file_bytes == 1000
    overridden = merge(loaded, RULES, excludes=["b/", "a/"], min_severity="low", min_confidence="medium",
                       baseline="other.json")
    assert overridden.min_severity == Severity.LOW and overridden.min_confidence == Confidence.MEDIUM
    assert overridden.baseline == "other.json"
    assert overridden.excludes == ("a/", "b/")  # added to the file's list, once each


def test_defaults_without_any_file():
    settings = merge(LoadedConfig(None, FileConfig()), RULES)
    assert settings.min_severity == Severity.LOW and settings.min_confidence == Confidence.LOW
    assert settings.enabled_rules is None and settings.disabled_rules == frozenset()
    assert settings.max_file_bytes == DEFAULT_MAX_FILE_BYTES and settings.baseline is None


def test_rule_selectors_take_ids_and_cwes():
    assert select_rules(["sql-injection", "CWE-328"], RULES, "disable") == {"sql-injection", "weak-hash",
                                                                          "weak-hash-hmac"}
    assert select_rules(["cwe-327"], RULES, "enable") == {"weak-cipher"}
    with pytest.raises(ConfigError, match="unknown rule 'sql-injektion'"):
        select_rules(["sql-injektion"], RULES, "disable")
    with pytest.raises(ConfigError, match="no rule reports CWE-79"):
        select_rules(["CWE-79"], RULES, "disable")


def test_enable_and_disable_reach_the_settings(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.pillarscan]\nenable = ['CWE-328', 'sql-injection']\n"
                 "disable = ['weak-hash-hmac']\n")
    settings = merge(load_config(str(path), ["."]), RULES)
    assert settings.enabled_rules == {"weak-hash", "weak-hash-hmac", "sql-injection"}
    assert settings.disabled_rules == {"weak-hash-hmac"}
    bad = write(tmp_path / "b" / "pyproject.toml", "[tool.pillarscan]\ndisable = ['nope']\n")
    with pytest.raises(ConfigError, match="disable: unknown rule 'nope'"):
        merge(load_config(str(bad), ["."]), RULES)
