"""Write docs/cli.md from pillarscan's own argument parser, so the command-line reference cannot go stale.

    .venv/bin/python scripts/gen_cli_docs.py          # rewrite docs/cli.md
    .venv/bin/python scripts/gen_cli_docs.py --check  # exit 1 when docs/cli.md differs (tests/test_cli_docs.py)

The page is laid out from the parser's actions (their option strings, metavars, choices and help, the same text
`--help` prints) rather than from argparse's formatted help, whose wrapping depends on the terminal and whose
layout changes between Python versions.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "docs" / "cli.md"
REGENERATE = ".venv/bin/python scripts/gen_cli_docs.py"


def render() -> str:
    sys.path.insert(0, str(REPO / "src"))
    try:
        from pillarscan.cli import build_parser
    finally:
        sys.path.pop(0)
    parser = build_parser()
    commands = _subcommands(parser)
    out = [
        "# Command line",
        "",
        f"<!-- Generated from pillarscan's argument parser by scripts/gen_cli_docs.py; do not edit by hand. After "
        f"changing an option run `{REGENERATE}` (tests/test_cli_docs.py fails while this page is stale). -->",
        "",
        "`pillarscan --help` and `pillarscan COMMAND --help` print the same text; this page is that help for "
        "every command, generated from the parser itself. Settings that also have a `[tool.pillarscan]` key are "
        "described in [configuration.md](configuration.md); change reviews in [review.md](review.md).",
        "",
        f"```text\n{_usage(parser, 'pillarscan', [])}\n```",
        "",
        _text(parser.description),
        "",
        "| Command | What it does |",
        "|---|---|",
    ]
    out += [f"| [`{name}`](#pillarscan-{name}) | {_cell(help_text)} |" for name, help_text, _ in commands]
    out += ["", *_options_table(parser), ""]
    if parser.epilog:
        out += [_text(parser.epilog), ""]
    for name, _, sub in commands:
        out += [f"## pillarscan {name}", "", f"```text\n{_usage(sub, f'pillarscan {name}', _positionals(sub))}\n```",
                ""]
        if sub.description:
            out += [_text(sub.description), ""]
        positionals = _positionals(sub)
        if positionals:
            out += ["| Argument | Meaning |", "|---|---|"]
            out += [f"| `{_metavar_text(a)}` | {_cell(_help(sub, a))} |" for a in positionals]
            out.append("")
        out += [*_options_table(sub), ""]
        if sub.epilog:
            out += [_text(sub.epilog), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            return [(name, helps.get(name, ""), sub) for name, sub in action.choices.items()]
    return []


def _positionals(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not a.option_strings and not isinstance(a, argparse._SubParsersAction)
            and a.help != argparse.SUPPRESS]


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if a.option_strings and a.help != argparse.SUPPRESS]


def _usage(parser: argparse.ArgumentParser, prog: str, positionals: list[argparse.Action]) -> str:
    parts = [prog]
    if _options(parser):
        parts.append("[OPTIONS]")
    parts += [_metavar_text(a) if a.nargs not in ("?", "*") else f"[{_metavar_text(a)}]" for a in positionals]
    if any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
        parts.append("COMMAND [OPTIONS]")
    return " ".join(parts)


def _options_table(parser: argparse.ArgumentParser) -> list[str]:
    rows = ["| Option | Meaning |", "|---|---|"]
    for action in _options(parser):
        rows.append(f"| `{_option_text(action)}` | {_cell(_help(parser, action))} |")
    return rows


def _option_text(action: argparse.Action) -> str:
    if action.nargs == 0:
        return ", ".join(action.option_strings)
    metavar = action.metavar or (action.dest.upper() if action.choices is None else "NAME")
    return ", ".join(f"{option} {metavar}" for option in action.option_strings)


def _metavar_text(action: argparse.Action) -> str:
    metavar = action.metavar or action.dest
    if action.nargs == "+":
        return f"{metavar} [{metavar} ...]"
    if action.nargs == "*":
        return f"{metavar} ..."
    return str(metavar)


def _help(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """The help as --help prints it (%-placeholders expanded), with the choices spelt out where --help shows them
    in place of a metavar."""
    text = action.help or ""
    if "%" in text:  # argparse's own placeholders: %(default)s, %(prog)s, %(choices)s...
        params = {k: v for k, v in vars(action).items() if v is not argparse.SUPPRESS}
        if params.get("choices") is not None:
            params["choices"] = ", ".join(map(str, params["choices"]))
        text = text % {**params, "prog": parser.prog}
    if action.choices is not None and action.metavar is None:
        choices = ", ".join(f"`{choice}`" for choice in action.choices)
        text = f"{text.rstrip('.')}; one of {choices}" if text else f"one of {choices}"
    return text


def _text(text: str | None) -> str:
    return " ".join((text or "").split())


def _cell(text: str) -> str:
    return _text(text).replace("|", "\\|")


def main(argv: list[str]) -> int:
    text = render()
    if argv == ["--check"]:
        if not OUTPUT.is_file() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"docs/cli.md is stale: run {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    if argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
