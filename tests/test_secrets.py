"""The shared notion of 'looks like a real secret' (rules/secrets.py) and the configuration-file search
(rules/config_secrets.py) with the walk that feeds it (inputs/files.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan
from pillarscan.findings import Confidence, Severity
from pillarscan.inputs.files import collect, is_config_name
from pillarscan.rules import config_secrets
from pillarscan.rules.secrets import (entropy, has_high_entropy, is_fixture_path, is_secret_name, known_format,
                                      looks_hashed, looks_like_secret, plausible_password, used_as_credential)


@pytest.mark.parametrize("value, name", [
    ("AKIAZ3MSJV6WQ7HXUP4D", "AWS access key ID"),
    ("token = 'ghp_R4nd0mL00k1ngT0k3nV4lu3F0rD3m0sXYZ12'", "GitHub token"),
    ("xoxb-2048123456-2048123456789-AbCdEfGhIjKlMnOpQrStUvWx", "Slack token"),
    ("sk_live_51HqLyjWDarjtT1zdp7dcAbXy", "Stripe live secret key"),
    ("AIzaSyD4f8Kq2LmN9pQrStUvWxYz0123456789A", "Google API key"),
    ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk", "JSON Web Token"),
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi7b7PVR9yJ8wqGGmOjmOP3\n", "private key"),
])
def test_known_formats(value: str, name: str) -> None:
    found = known_format(value)
    assert found is not None and found.name == name


@pytest.mark.parametrize("value", [
    "AKIAIOSFODNN7EXAMPLE",  # AWS's documentation key
    "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  # a template of the format
    "-----BEGIN RSA PRIVATE KEY-----",  # a marker a parser looks for
    "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
    "sk_live_",
    "just some text",
])
def test_not_known_formats(value: str) -> None:
    assert known_format(value) is None


def test_secret_names() -> None:
    assert all(map(is_secret_name, ["db_password", "SECRET_KEY", "apiKey", "smtp_pw", "client_secret"]))
    assert not any(map(is_secret_name, ["password_field", "secretary", "PASSWORD_MIN_LENGTH", "token_url"]))


def test_plausible_and_placeholder_literals() -> None:
    assert looks_like_secret("Tr0ub4dor&3") and looks_like_secret(b"\xff\x01key")
    for placeholder in ("changeme", "your-api-key", "<password>", "${DB_PASSWORD}", "DB_PASSWORD", "xxxxxx",
                        "example-secret", "", "two words"):
        assert not looks_like_secret(placeholder), placeholder
    assert plausible_password("letmein2024") and not plausible_password("host")
    assert not plausible_password("viewer") and not plausible_password("read-only")


def test_a_literal_used_as_a_key_counts_even_when_it_reads_like_a_placeholder() -> None:
    assert used_as_credential("secret") and used_as_credential(b"key")
    assert not used_as_credential("") and not used_as_credential("JWT_SECRET_KEY") and not used_as_credential("***")


def test_entropy() -> None:
    assert entropy("aaaa") == 0
    assert entropy("abcd") == 2
    assert has_high_entropy("Zq8pL2xv!rT4wq") and has_high_entropy("p7#Kd9!mQw2Lx")
    assert not has_high_entropy("Passwort") and not has_high_entropy("Hello-World-Again")
    assert not has_high_entropy("short1A!")


def test_hashes_and_fixture_paths() -> None:
    assert looks_hashed("pbkdf2_sha256$600000$abc$0123") and looks_hashed("$2b$12$abcdefghijk")
    assert looks_hashed("5f4dcc3b5aa765d61d8327deb882cf99") and not looks_hashed("S3cret!")
    for rel in ("tests/fixtures/users.yaml", "examples/.env.example", "config.yml.sample", "docs/conf.json",
                "app/settings.example"):
        assert is_fixture_path(rel), rel
    assert not is_fixture_path("deploy/docker-compose.yml") and not is_fixture_path("app/contest.py")


def test_config_names() -> None:
    for name in (".env", ".env.production", "docker-compose.override.yml", "settings.yaml", "app.ini",
                 "setup.cfg", "creds.json", ".env.example", "config.yml.sample"):
        assert is_config_name(name), name
    for name in ("package-lock.json", "app.py", "README.md", "env.txt", "yarn.lock"):
        assert not is_config_name(name), name


def test_json_values() -> None:
    text = '{\n  "password": "Jq8!nB3xW0zR7v",\n  "password_label": "Password",\n  "client_secret": "hashed:no"\n}\n'
    found = config_secrets.find_secrets("config/credentials.json", text)
    assert [(line, confidence) for line, _, _, confidence in found] == [(2, Confidence.MEDIUM)]


def test_django_fixture_hashes_are_not_secrets() -> None:
    text = '[{"model": "auth.user", "fields": {"password": "pbkdf2_sha256$870000$salt$hashhashhash="}}]'
    assert config_secrets.find_secrets("app/fixtures/users.json", text) == []


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "svc"
    (root / "examples").mkdir(parents=True)
    (root / "app.py").write_text("import os\n")
    (root / ".env").write_text("DB_PASSWORD=Zq8pL2xv!rT4wq\n")
    (root / "examples" / "settings.yaml").write_text("password: 'Zq8pL2xv!rT4wq'\n")
    return root


def test_findings_are_graded_down_in_examples(tmp_path: Path) -> None:
    result = scan([str(_tree(tmp_path))], ScanOptions(jobs=1))
    by_file = {Path(f.location.path).name: f for f in result.findings if f.rule_id == "secret-in-config-file"}
    assert by_file[".env"].severity == Severity.HIGH and by_file[".env"].confidence == Confidence.HIGH
    assert by_file["settings.yaml"].severity == Severity.LOW and by_file["settings.yaml"].confidence == Confidence.LOW


def test_rule_can_be_disabled(tmp_path: Path) -> None:
    result = scan([str(_tree(tmp_path))], ScanOptions(jobs=1, disabled_rules=frozenset({"secret-in-config-file"})))
    assert not [f for f in result.findings if f.rule_id == "secret-in-config-file"]


def test_large_files_are_skipped_with_a_diagnostic(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "big.json").write_text('{"password": "Zq8pL2xv!rT4wq"}\n' + " " * (config_secrets.MAX_CONFIG_BYTES + 1))
    result = scan([str(root)], ScanOptions(jobs=1))
    assert any(d.path.endswith("big.json") and "not searched for secrets" in d.reason for d in result.diagnostics)
    assert not any(f.location.path.endswith("big.json") for f in result.findings)


def test_walk_respects_gitignore_excludes_and_symlinks(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / ".git").mkdir()
    (root / ".gitignore").write_text("local.env\n")
    (root / "local.env").write_text("DB_PASSWORD=Zq8pL2xv!rT4wq\n")
    (root / "skipme.yaml").write_text("password: Zq8pL2xv!rT4wq\n")
    outside = tmp_path / "outside.yaml"
    outside.write_text("password: Zq8pL2xv!rT4wq\n")
    os.symlink(outside, root / "linked.yaml")
    configs: list = []
    files, diags = collect([str(root)], excludes=("skipme.yaml",), configs=configs)
    names = sorted(Path(c.path).name for c in configs)
    assert names == [".env", "settings.yaml"]
    assert [Path(f.path).name for f in files] == ["app.py"]
    assert any(d.path.endswith("linked.yaml") and "outside" in d.reason for d in diags)
    assert collect([str(root)])[0] == files  # without a list for them, the walk is what it was
