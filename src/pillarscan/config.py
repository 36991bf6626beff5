"""Configuration: ``[tool.pillarscan]`` in pyproject.toml, validated, then merged under the command line.

Why validate strictly: a misspelt key (``min_severty``) or a wrong value silently ignored would make a review
look stricter than it is. Every problem becomes a ``ConfigError`` naming the file and the key, and the CLI exits
with status 2. Precedence: command line > configuration file > built-in defaults; ``--exclude`` patterns are
added to the file's ``exclude`` list rather than replacing it.

Why two kinds of configuration file: a ``pyproject.toml`` *found* in the scanned tree belongs to whoever wrote the
code under review (a pull request from a stranger, in CI), while a file named with ``--config`` is the user's own
choice. A found file may tune what is reported, but it never chooses where pillarscan reads or writes outside
the repository: its ``cache-dir`` is ignored (with a warning), and its ``baseline`` and ``models`` must resolve
inside the repository that holds it. ``--isolated`` reads no file at all; ``review`` reads the configuration of
the base revision, so a change cannot weaken its own review (see ``change_review.base_config``).
"""

from __future__ import annotations

import sys
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .cwe import PILLARS, chain, known, pillar_of
from .findings import Confidence, Severity
from .inputs.files import MAX_WILDCARD_RUNS, ExcludeSet, wildcard_runs, within
from .python.models import InlineModels, ModelError, check_model_file, check_models
from .rules.registry import GROUPS, PILLAR_GROUPS, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_MAX_FILE_BYTES = 2_000_000


class ConfigError(Exception):
    """A configuration the review cannot honour; the message names the file and the key."""


class LlmConfig(BaseModel):
    """``[tool.pillarscan.llm]``: the optional LLM layer, honoured only from the user's own (--config) file."""

    model_config = ConfigDict(extra="forbid", strict=True, alias_generator=lambda name: name.replace("_", "-"))

    enabled: bool = False
    url: Optional[str] = None
    model: Optional[str] = None
    budget: Optional[int] = Field(default=None, ge=0)
    triage: Optional[Literal["annotate", "hide", "off"]] = None
    review: Optional[bool] = None
    concurrency: Optional[int] = Field(default=None, ge=1, le=64)
    timeout: Optional[float] = Field(default=None, gt=0)


class FileConfig(BaseModel):
    """The keys of ``[tool.pillarscan]``; anything else is an error."""

    model_config = ConfigDict(extra="forbid", strict=True, alias_generator=lambda name: name.replace("_", "-"))

    exclude: list[str] = Field(default_factory=list)
    min_severity: Optional[Literal["low", "medium", "high", "critical"]] = None
    min_confidence: Optional[Literal["low", "medium", "high"]] = None
    select: Optional[list[str]] = None
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    fail_on: Optional[str] = None
    disable: list[str] = Field(default_factory=list)
    enable: Optional[list[str]] = None
    max_file_bytes: Optional[int] = Field(default=None, gt=0)
    baseline: Optional[str] = None
    models: list[str] = Field(default_factory=list)
    enable_pillars: Optional[list[str]] = None
    disable_pillars: list[str] = Field(default_factory=list)
    honour_nosec: bool = False
    flow_in_tests: bool = False
    report_unused_ignores: bool = False
    sources: list[dict[str, Any]] = Field(default_factory=list)
    sinks: list[dict[str, Any]] = Field(default_factory=list)
    sanitizers: list[dict[str, Any]] = Field(default_factory=list)
    cache_dir: Optional[str] = None
    llm: Optional[LlmConfig] = None

    @field_validator("min_severity", "min_confidence", "fail_on", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


KNOWN_KEYS = tuple(field.alias or name for name, field in FileConfig.model_fields.items())
INLINE_MODEL_TABLES = {"sources": "source", "sinks": "sink", "sanitizers": "sanitizer"}  # key → model table


@dataclass(frozen=True)
class LoadedConfig:
    """The validated file settings and where they came from (relative paths in it resolve against ``path``).

    ``trusted``: the user chose the file (``--config``). Otherwise it was found in the reviewed tree, and
    ``repository`` is the folder its paths must stay inside. ``read`` is set when the file was read from a git
    revision rather than the disk: it reads other repository-relative files (model files) at that revision.
    ``origin`` is how reports name it (a path, or ``REV:path``)."""

    path: Path | None
    values: FileConfig
    trusted: bool = False
    repository: Path | None = None
    read: Callable[[str], bytes | None] | None = None
    origin: str | None = None

    def resolve(self, relative: str) -> str:
        if self.path is None or Path(relative).is_absolute():
            return relative
        return str(self.path.parent / relative)

    @property
    def where(self) -> str:
        if self.origin:
            return f"{self.origin} [tool.pillarscan]"
        return f"{self.path} [tool.pillarscan]" if self.path else "configuration"


@dataclass(frozen=True)
class Settings:
    """The merged result: everything a run needs from configuration and command line together."""

    excludes: tuple[ExcludeSet, ...] = ()  # the file's, anchored at its folder; the command line's, at the cwd
    min_severity: Severity = Severity.LOW
    min_confidence: Confidence = Confidence.LOW
    fail_on: tuple[Severity, Confidence] = (Severity.LOW, Confidence.LOW)  # a reported finding at this exits 1
    enabled_rules: frozenset[str] | None = None
    disabled_rules: frozenset[str] = frozenset()
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    baseline: str | None = None
    extra_models: tuple[str | InlineModels, ...] = ()
    config_path: str | None = None
    honour_nosec: bool = False
    flow_in_tests: bool = False  # follow data flow in test code too (engine.ScanOptions.flow_in_tests)
    report_unused_ignores: bool = False
    cache_dir: str | None = None  # from a --config file only; None: the default (see cache.default_directory)
    llm: LlmConfig | None = None  # from a --config file only: a reviewed tree cannot send its code anywhere
    warnings: tuple[str, ...] = ()  # settings of a found configuration that were not honoured, and why


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


def load_config(explicit: str | None, targets: Iterable[str], isolated: bool = False) -> LoadedConfig:
    """Read ``explicit`` (``--config``, trusted) or the pyproject.toml found above the first target (or the working
    directory); ``isolated`` or no file at all gives the defaults. ``--config /dev/null`` is a valid way to say
    "the defaults, whatever the tree holds"."""
    if isolated:
        return LoadedConfig(None, FileConfig(), trusted=True)
    if explicit is not None:
        path = Path(explicit)
        if not path.exists() or path.is_dir():
            raise ConfigError(f"configuration file {explicit} does not exist")
        data = _read_toml(path)
        if not data and path.name == "pyproject.toml":
            raise ConfigError(f"{path} has no [tool.pillarscan] table")
        return LoadedConfig(path, _validate(_section(data, path) if data else {}, str(path)), trusted=True)
    first = next((t for t in targets if t != "-"), ".")
    found = find_config(first if Path(first).exists() else ".")
    if found is None:
        return LoadedConfig(None, FileConfig())
    return LoadedConfig(found, _validate(_read_toml(found)["tool"]["pillarscan"], str(found)),
                        repository=repository_of(found))


def config_from_text(text: bytes, path: Path, origin: str, repository: Path,
                     read: Callable[[str], bytes | None]) -> LoadedConfig | None:
    """The ``[tool.pillarscan]`` table of a pyproject.toml read from a git revision (None when it has none)."""
    try:
        data = tomllib.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{origin} is not valid TOML: {exc}") from None
    tool = data.get("tool")
    if not isinstance(tool, dict) or "pillarscan" not in tool:
        return None
    return LoadedConfig(path, _validate(tool["pillarscan"], origin), repository=repository, read=read, origin=origin)


def repository_of(config_path: Path) -> Path:
    """The folder a found configuration's paths must stay inside: the enclosing repository (the nearest folder
    holding ``.git``), or the configuration's own folder outside any repository."""
    folder = config_path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def _validate(table: Any, where: str) -> FileConfig:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [tool.pillarscan] must be a table")
    try:
        return FileConfig.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, where)) from None


def merge(
    config: LoadedConfig,
    rules: list[Rule],
    *,
    excludes: Iterable[str] = (),
    min_severity: str | None = None,
    min_confidence: str | None = None,
    baseline: str | None = None,
    honour_nosec: bool | None = None,
    flow_in_tests: bool | None = None,
    report_unused_ignores: bool | None = None,
    select: Iterable[str] | None = None,
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    fail_on: str | None = None,
) -> Settings:
    """Command-line values over file values over defaults; rule selectors checked against the known rules."""
    values = config.values
    where = config.where
    warnings: list[str] = []
    chosen = resolve_selection([file_selection(config), Selection.of(select, extend_select, ignore)], rules)
    every = frozenset(rule.id for rule in rules)
    enabled = None if chosen == every else chosen
    disabled = every - chosen
    file_baseline = _inside(config, values.baseline, "baseline") if values.baseline else None
    cache_dir = None
    if values.cache_dir:
        if config.trusted:
            cache_dir = config.resolve(values.cache_dir)
        else:
            warnings.append(f"{where}: cache-dir ignored: where pillarscan writes is chosen on the command line "
                            "(--cache-dir) or in a configuration passed with --config, not by the reviewed tree")
    if values.llm is not None and not config.trusted:
        warnings.append(f"{where}: llm ignored: whether and where code is sent to a model is chosen on the command "
                        "line (--llm) or in a configuration passed with --config, not by the reviewed tree")
    return Settings(
        excludes=_exclude_sets(config, values.exclude, excludes),
        min_severity=Severity.parse(min_severity or values.min_severity or "low"),
        min_confidence=Confidence.parse(min_confidence or values.min_confidence or "low"),
        fail_on=parse_fail_on(fail_on, "--fail-on") if fail_on is not None
        else parse_fail_on(values.fail_on or "low", f"{where} fail-on"),
        enabled_rules=enabled,
        disabled_rules=disabled,
        max_file_bytes=values.max_file_bytes or DEFAULT_MAX_FILE_BYTES,
        baseline=baseline if baseline is not None else file_baseline,
        extra_models=_models(config, rules, where),
        config_path=str(config.path) if config.path else None,
        honour_nosec=values.honour_nosec if honour_nosec is None else honour_nosec,
        flow_in_tests=values.flow_in_tests if flow_in_tests is None else flow_in_tests,
        report_unused_ignores=values.report_unused_ignores if report_unused_ignores is None
        else report_unused_ignores,
        cache_dir=cache_dir,
        llm=values.llm if config.trusted else None,
        warnings=tuple(warnings),
    )


def _exclude_sets(config: LoadedConfig, from_file: list[str], from_cli: Iterable[str]) -> tuple[ExcludeSet, ...]:
    """The file's patterns anchored at its folder (gitignore semantics, as the documentation promises), then the
    command line's at the current folder. A found file's pattern that could backtrack for minutes is refused:
    the reviewed tree must not be able to hang its own review."""
    out = []
    patterns = tuple(dict.fromkeys(p.strip() for p in from_file if p.strip()))
    for pattern in patterns:
        if not config.trusted and wildcard_runs(pattern) > MAX_WILDCARD_RUNS:
            raise ConfigError(f"{config.where} exclude: {pattern[:80]!r} has more than {MAX_WILDCARD_RUNS} "
                              "wildcards (matching it could take minutes); simplify it")
    if patterns:
        base = str(config.path.parent.absolute()) if config.path is not None else None
        out.append(ExcludeSet(patterns, base))
    loose = tuple(dict.fromkeys(p.strip() for p in from_cli if p.strip()))
    if loose:
        out.append(ExcludeSet(loose))
    return tuple(out)


def _inside(config: LoadedConfig, relative: str, key: str) -> str:
    """``relative`` resolved against the configuration; for a found (untrusted) one it must stay inside its
    repository, checked before anything is read there so that no file outside is probed or echoed."""
    path = config.resolve(relative)
    if config.trusted or config.repository is None:
        return path
    root = os.path.realpath(config.repository)
    real = os.path.realpath(path)
    if not within(real, root):
        raise ConfigError(f"{config.where} {key}: {relative!r} points outside the repository ({config.repository}); "
                          "a configuration found in the reviewed tree may only name files inside it (pass "
                          "your own with --config)")
    return path


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
        path = _inside(config, name, "models")
        if config.read is not None:  # read at the configuration's own revision, not from the disk
            out.append(_model_at_revision(config, name, path, kinds, conditions))
            continue
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


def _model_at_revision(config: LoadedConfig, name: str, path: str, kinds, conditions) -> InlineModels:
    """A model file named by a configuration read from a git revision, read at that same revision."""
    assert config.read is not None and config.repository is not None
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(config.repository)).replace(os.sep, "/")
    where = f"{config.origin or config.where}: models: {name}"
    text = config.read(rel)
    if text is None:
        raise ConfigError(f"{where}: model file {rel} does not exist at that revision")
    try:
        data = tomllib.loads(text.decode("utf-8"))
        check_models(data, f"{where}:", sink_kinds=kinds, conditions=conditions)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{where} is not valid TOML: {exc}") from None
    except ModelError as exc:
        raise ConfigError(str(exc)) from None
    return InlineModels.of(where, data)


def parse_fail_on(text: str, where: str) -> tuple[Severity, Confidence]:
    """``SEVERITY[:CONFIDENCE]`` (``high``, ``medium:high``): a reported finding at least this severe and this
    confident makes the exit status 1. The default ``low`` is what pillarscan always did: any reported finding."""
    severity, _, confidence = text.strip().lower().partition(":")
    try:
        return Severity.parse(severity), Confidence.parse(confidence or "low")
    except (KeyError, ValueError):
        raise ConfigError(f"{where}: {text!r} is not SEVERITY[:CONFIDENCE] (severity: low, medium, high, critical; "
                          "confidence: low, medium, high), e.g. 'high' or 'medium:high'") from None


# --- rule selection: select / extend-select / ignore, as ruff does it --------------------------------------------

@dataclass(frozen=True)
class Selection:
    """One layer of selectors: the configuration file's, or the command line's. Each selector comes with the
    place it was written (``pyproject.toml [tool.pillarscan] ignore``) so an error can name it."""

    select: tuple[tuple[str, str], ...] | None = None
    extend_select: tuple[tuple[str, str], ...] = ()
    ignore: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, select: Iterable[str] | None, extend_select: Iterable[str], ignore: Iterable[str],
           where: str = "") -> "Selection":
        def tag(items: Iterable[str], option: str) -> tuple[tuple[str, str], ...]:
            return tuple((item, f"{where} {option}".strip()) for item in items)

        return cls(None if select is None else tag(select, "select" if where else "--select"),
                   tag(extend_select, "extend-select" if where else "--extend-select"),
                   tag(ignore, "ignore" if where else "--ignore"))


def file_selection(config: LoadedConfig) -> Selection:
    """The configuration's layer: ``select``/``extend-select``/``ignore``, and the older spellings of the same
    thing (``enable`` and ``enable-pillars`` select, ``disable`` and ``disable-pillars`` ignore)."""
    values, where = config.values, config.where
    chosen: list[tuple[str, str]] | None = None
    if values.select is not None or values.enable is not None or values.enable_pillars is not None:
        chosen = [(item, f"{where} select") for item in values.select or ()]
        chosen += [(item, f"{where} enable") for item in values.enable or ()]
        pillars = select_pillars(values.enable_pillars or (), f"{where} enable-pillars")
        chosen += [(f"CWE-{p}", f"{where} enable-pillars") for p in sorted(pillars)]
    ignored = [(item, f"{where} ignore") for item in values.ignore]
    ignored += [(item, f"{where} disable") for item in values.disable]
    ignored += [(f"CWE-{p}", f"{where} disable-pillars")
                for p in sorted(select_pillars(values.disable_pillars, f"{where} disable-pillars"))]
    return Selection(None if chosen is None else tuple(chosen),
                     tuple((item, f"{where} extend-select") for item in values.extend_select), tuple(ignored))


def resolve_selection(layers: Iterable[Selection], rules: list[Rule]) -> frozenset[str]:
    """The rules that run. It starts from the default review (every rule outside the ``hygiene`` group); each
    layer in turn (the file, then the command line) either replaces the set (when it has ``select``) or edits it
    (``extend-select`` adds, ``ignore`` removes). Within a layer the more specific selector wins (a rule id over
    a CWE, a deeper CWE over its parent, a CWE over a pillar, a pillar over a group, a group over ``ALL``), and
    on a tie ``ignore`` wins: ``--ignore taint --extend-select sql-injection`` runs sql-injection alone of the
    taint rules. The rule as ruff applies it, so ruff users can carry their habits over."""
    enabled = {rule.id for rule in rules if rule.default_on}
    for layer in layers:
        steps = [(*expand_selector(text, rules, where), False) for text, where in
                 (*(layer.select or ()), *layer.extend_select)]
        steps += [(*expand_selector(text, rules, where), True) for text, where in layer.ignore]
        updates: dict[str, bool] = {}
        for _, ids, ignored in sorted(steps, key=lambda step: (step[0], step[2])):
            updates.update(dict.fromkeys(ids, not ignored))
        if layer.select is not None:
            enabled = {rule_id for rule_id, on in updates.items() if on}
        else:
            enabled |= {rule_id for rule_id, on in updates.items() if on}
            enabled -= {rule_id for rule_id, on in updates.items() if not on}
    return frozenset(enabled)


_SPECIFIC_ALL, _SPECIFIC_GROUP, _SPECIFIC_PILLAR, _SPECIFIC_RULE = 0, 1, 2, 1000


def expand_selector(selector: str, rules: list[Rule], where: str) -> tuple[int, frozenset[str]]:
    """(specificity, rule ids) for one selector: ``ALL``; a rule id; ``CWE-NNN`` (the rules whose CWE is it or
    lies under it in the ChildOf chains of view 1000); a pillar (``CWE-707``, its name ``Improper
    Neutralization`` or short name ``neutralization``); a group (``hygiene``, ``taint``, ``pattern``). Anything
    else is an error naming the selector and where it was written."""
    text = selector.strip()
    folded = _fold(text)
    if folded == "all":
        return _SPECIFIC_ALL, frozenset(rule.id for rule in rules)
    by_id = {rule.id for rule in rules}
    if text in by_id:
        return _SPECIFIC_RULE, frozenset({text})
    if folded in PILLAR_GROUPS or folded in _PILLAR_NAMES:
        pillar = PILLAR_GROUPS.get(folded) or _PILLAR_NAMES[folded]
        return _SPECIFIC_PILLAR, frozenset(rule.id for rule in rules if pillar_of(rule.cwe) == pillar)
    if folded in GROUPS:
        return _SPECIFIC_GROUP, frozenset(rule.id for rule in rules if folded in rule.groups)
    if text.upper().startswith("CWE-") and text[4:].isdigit():
        number = int(text[4:])
        if number in PILLARS:
            return _SPECIFIC_PILLAR, frozenset(rule.id for rule in rules if pillar_of(rule.cwe) == number)
        matching = frozenset(rule.id for rule in rules if rule.cwe == number or number in chain(rule.cwe))
        if not matching:
            under = " or a weakness under it" if known(number) else ""
            raise ConfigError(f"{where}: no rule reports CWE-{number}{under} (`pillarscan cwe {number}` shows where "
                              "it sits; `pillarscan rules` lists the rules)")
        return _SPECIFIC_PILLAR + len(chain(number)), matching
    raise ConfigError(f"{where}: unknown rule {text!r}: not a rule id, CWE-NNN, pillar or group (groups: "
                      f"{', '.join(sorted(GROUPS))}; `pillarscan rules` lists the rules)")


def _fold(text: str) -> str:
    """Names compared loosely: ``Control_Flow``, ``control flow`` and ``control-flow`` are one name."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


_PILLAR_NAMES = {_fold(name): number for number, name in PILLARS.items()}


def select_rules(selectors: Iterable[str], rules: list[Rule], where: str) -> frozenset[str]:
    """Every rule any of the selectors names (see ``expand_selector``)."""
    chosen: set[str] = set()
    for selector in selectors:
        chosen |= expand_selector(selector, rules, where)[1]
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


def _explain(exc: ValidationError, path: Path | str) -> str:
    problems = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(table)"
        if error["type"] == "extra_forbidden":
            problems.append(f"unknown key '{key}' (known keys: {', '.join(KNOWN_KEYS)})")
        else:
            problems.append(f"'{key}': {error['msg']} (got {error.get('input')!r})")
    return f"{path} [tool.pillarscan]: " + "; ".join(problems)
