"""Configuration: ``[tool.pillarscan]`` in pyproject.toml, validated, then merged under the command line.

Why validate strictly: a misspelt key (``min_severty``) or a wrong value silently ignored would make a review
look stricter than it is. Every problem becomes a ``ConfigError`` naming the file and the key, and the CLI exits
with status 2. Precedence: command line > configuration file > built-in defaults; ``--exclude`` patterns are
added to the file's ``exclude`` list rather than replacing it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .cwe import PILLARS, pillar_of
from .findings import Confidence, Severity
from .python.models import InlineModels, ModelError, check_model_file, check_models
from .rules.registry import Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_MAX_FILE_BYTES = 2_000_000


class ConfigError(Exception):
    """A configuration the review cannot honour; the message names the file and the key."""


class FileConfig(BaseModel):
    """The keys of ``[tool.pillarscan]``; anything else is an error."""

    model_config = ConfigDict(extra="forbid", strict=True, alias_generator=lambda name: name.replace("_", "-"))

    exclude: list[str] = Field(default_factory=list)
    min_severity: Optional[Literal["low", "medium", "high", "critical"]] = None
    min_confidence: Optional[Literal["low", "medium", "high"]] = None
    disable: list[str] = Field(default_factory=list)
    enable: Optional[list[str]] = None
    max_file_bytes: Optional[int] = Field(default=None, gt=0)
    baseline: Optional[str] = None
    models: list[str] = Field(default_factory=list)
    enable_pillars: Optional[list[str]] = None
    disable_pillars: list[str] = Field(default_factory=list)
    honour_nosec: bool = False
    report_unused_ignores: bool = False
    sources: list[dict[str, Any]] = Field(default_factory=list)
    sinks: list[dict[str, Any]] = Field(default_factory=list)
    sanitizers: list[dict[str, Any]] = Field(default_factory=list)
    cache_dir: Optional[str] = None

    @field_validator("min_severity", "min_confidence", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


KNOWN_KEYS = tuple(field.alias or name for name, field in FileConfig.model_fields.items())
INLINE_MODEL_TABLES = {"sources": "source", "sinks": "sink", "sanitizers": "sanitizer"}  # key → model table


@dataclass(frozen=True)
class LoadedConfig:
    """The validated file settings and where they came from (relative paths in it resolve against ``path``)."""

    path: Path | None
    values: FileConfig

    def resolve(self, relative: str) -> str:
        if self.path is None or Path(relative).is_absolute():
            return relative
        return str(self.path.parent / relative)


@dataclass(frozen=True)
class Settings:
    """The merged result: everything a run needs from configuration and command line together."""

    excludes: tuple[str, ...] = ()
    min_severity: Severity = Severity.LOW
    min_confidence: Confidence = Confidence.LOW
    enabled_rules: frozenset[str] | None = None
    disabled_rules: frozenset[str] = frozenset()
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    baseline: str | None = None
    extra_models: tuple[str | InlineModels, ...] = ()
    config_path: str | None = None
    honour_nosec: bool = False
    report_unused_ignores: bool = False
    cache_dir: str | None = None  # from the file; None: the default (.pillarscan_cache at the scan root)


def find_config(start: str | Path) -> Path | None:
    """The nearest pyproject.toml with a ``[tool.pillarscan]`` table, walking up from ``start`` but not past the
    root of the repository that contains it (a folder holding ``.git``)."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            data = _read_toml(candidate)
            if "pillarscan" in data.get("tool", {}):
                return candidate
        if (folder / ".git").exists():
            return None
    return None


def load_config(explicit: str | None, targets: Iterable[str]) -> LoadedConfig:
    """Read ``explicit`` (``--config``) or the pyproject.toml found above the first target (or the working
    directory); no file at all gives the defaults."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"configuration file {explicit} does not exist")
        data = _read_toml(path)
        table = _section(data, path)
    else:
        first = next((t for t in targets if t != "-"), ".")
        found = find_config(first if Path(first).exists() else ".")
        if found is None:
            return LoadedConfig(None, FileConfig())
        path, table = found, _read_toml(found)["tool"]["pillarscan"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.pillarscan] must be a table")
    try:
        values = FileConfig.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, path)) from None
    return LoadedConfig(path, values)


def merge(
    config: LoadedConfig,
    rules: list[Rule],
    *,
    excludes: Iterable[str] = (),
    min_severity: str | None = None,
    min_confidence: str | None = None,
    baseline: str | None = None,
    honour_nosec: bool | None = None,
    report_unused_ignores: bool | None = None,
) -> Settings:
    """Command-line values over file values over defaults; rule selectors checked against the known rules."""
    values = config.values
    where = f"{config.path} [tool.pillarscan]" if config.path else "configuration"
    enabled = None if values.enable is None else select_rules(values.enable, rules, f"{where} enable")
    if values.enable_pillars is not None:
        pillars = select_pillars(values.enable_pillars, f"{where} enable-pillars")
        enabled = (enabled or frozenset()) | {rule.id for rule in rules if pillar_of(rule.cwe) in pillars}
    disabled = select_rules(values.disable, rules, f"{where} disable")
    if values.disable_pillars:
        pillars = select_pillars(values.disable_pillars, f"{where} disable-pillars")
        disabled |= {rule.id for rule in rules if pillar_of(rule.cwe) in pillars}
    file_baseline = config.resolve(values.baseline) if values.baseline else None
    return Settings(
        excludes=tuple(dict.fromkeys([*values.exclude, *excludes])),
        min_severity=Severity.parse(min_severity or values.min_severity or "low"),
        min_confidence=Confidence.parse(min_confidence or values.min_confidence or "low"),
        enabled_rules=enabled,
        disabled_rules=disabled,
        max_file_bytes=values.max_file_bytes or DEFAULT_MAX_FILE_BYTES,
        baseline=baseline if baseline is not None else file_baseline,
        extra_models=_models(config, rules, where),
        config_path=str(config.path) if config.path else None,
        honour_nosec=values.honour_nosec if honour_nosec is None else honour_nosec,
        report_unused_ignores=values.report_unused_ignores if report_unused_ignores is None
        else report_unused_ignores,
        cache_dir=config.resolve(values.cache_dir) if values.cache_dir else None,
    )


def select_pillars(selectors: Iterable[str], where: str) -> frozenset[int]:
    """Pillar ids from ``CWE-NNN`` (or ``NNN``) selectors; anything but one of the ten pillars is an error."""
    chosen = set()
    for selector in selectors:
        text = selector.strip().upper()
        number = text[4:] if text.startswith("CWE-") else text
        if not number.isdigit() or int(number) not in PILLARS:
            raise ConfigError(f"{where}: {selector!r} is not a pillar (the pillars are "
                              f"{', '.join(f'CWE-{p}' for p in sorted(PILLARS))})")
        chosen.add(int(number))
    return frozenset(chosen)


def _models(config: LoadedConfig, rules: list[Rule], where: str) -> tuple[str | InlineModels, ...]:
    """Model files named in ``models`` and the inline source/sink/sanitizer tables, all checked before the run
    starts so that a mistake is an error naming the file and key, not a model silently ignored."""
    from .python.flow import SINK_CONDITIONS

    kinds = frozenset(rule.sink_kind for rule in rules if rule.sink_kind) or None
    conditions = frozenset(SINK_CONDITIONS)
    out: list[str | InlineModels] = []
    for name in config.values.models:
        path = config.resolve(name)
        if not Path(path).is_file():
            raise ConfigError(f"{where} models: model file {path} does not exist")
        try:
            check_model_file(path, kinds, conditions)
        except ModelError as exc:
            raise ConfigError(str(exc)) from None
        out.append(path)
    inline = {key: getattr(config.values, key) for key in INLINE_MODEL_TABLES if getattr(config.values, key)}
    if inline:
        try:
            check_models(inline, f"{where}:", INLINE_MODEL_TABLES, kinds, conditions)
        except ModelError as exc:
            raise ConfigError(str(exc)) from None
        out.append(InlineModels.of(where, {INLINE_MODEL_TABLES[key]: value for key, value in inline.items()}))
    return tuple(out)


def select_rules(selectors: Iterable[str], rules: list[Rule], where: str) -> frozenset[str]:
    """Rule ids from selectors that are rule ids or ``CWE-NNN`` (every rule reporting that CWE)."""
    by_id = {rule.id: rule for rule in rules}
    chosen: set[str] = set()
    for selector in selectors:
        text = selector.strip()
        if text in by_id:
            chosen.add(text)
            continue
        if text.upper().startswith("CWE-") and text[4:].isdigit():
            matching = {rule.id for rule in rules if rule.cwe == int(text[4:])}
            if not matching:
                raise ConfigError(f"{where}: no rule reports {text.upper()}")
            chosen |= matching
            continue
        raise ConfigError(f"{where}: unknown rule {text!r} (`pillarscan rules` lists them; CWE-NNN selects by CWE)")
    return frozenset(chosen)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def _section(data: dict[str, Any], path: Path) -> Any:
    """``[tool.pillarscan]`` when present; otherwise a dedicated file (not pyproject.toml) holds keys at top level."""
    tool = data.get("tool")
    if isinstance(tool, dict) and "pillarscan" in tool:
        return tool["pillarscan"]
    if path.name == "pyproject.toml":
        raise ConfigError(f"{path} has no [tool.pillarscan] table")
    return data


def _explain(exc: ValidationError, path: Path) -> str:
    problems = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(table)"
        if error["type"] == "extra_forbidden":
            problems.append(f"unknown key '{key}' (known keys: {', '.join(KNOWN_KEYS)})")
        else:
            problems.append(f"'{key}': {error['msg']} (got {error.get('input')!r})")
    return f"{path} [tool.pillarscan]: " + "; ".join(problems)
