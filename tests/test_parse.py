"""Code is analysed by its own grammar: Python 3.12+ files are read even when pillarscan runs on 3.10 or 3.11."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan
from pillarscan.python.cst_to_ast import parse_with_libcst
from pillarscan.python.parse import ParseFailure, parse_source

MODERN = '''\
import os

type Handler = dict[str, str]


def first[T](items: list[T]) -> T:
    return items[0]


class Box[T]:
    def __init__(self, item: T) -> None:
        self.item = item


def greet(names: list[str]) -> str:
    return f"hello {", ".join(names)}"


def run() -> None:
    os.system(f"echo {input("name? ")}")
'''


def test_modern_grammar_parses_on_any_supported_host() -> None:
    parsed = parse_source(MODERN.encode(), "modern.py")
    assert parsed.grammar == ("host" if sys.version_info >= (3, 12) else "libcst")
    names = {n.name for n in parsed.tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert names == {"first", "Box", "greet", "run"}
    greet = next(n for n in parsed.tree.body if isinstance(n, ast.FunctionDef) and n.name == "greet")
    fstring = greet.body[0].value
    assert isinstance(fstring, ast.JoinedStr) and fstring.lineno == 16
    call = next(n for n in ast.walk(fstring) if isinstance(n, ast.Call))
    assert isinstance(call.func, ast.Attribute) and call.func.attr == "join" and call.lineno == 16


def test_a_flow_inside_a_pep701_fstring_is_found_on_an_older_host(tmp_path: Path) -> None:
    path = tmp_path / "modern.py"
    path.write_text(MODERN, encoding="utf-8")
    result = scan([str(path)], ScanOptions(jobs=1))
    assert not result.diagnostics
    assert [(f.cwe, f.location.line) for f in result.findings if f.cwe == 78] == [(78, 20)]


def test_a_real_syntax_error_is_still_reported_with_its_line() -> None:
    with pytest.raises(ParseFailure) as info:
        parse_source(b"x = 1\ndef broken(:\n    pass\n", "broken.py")
    assert info.value.reason.startswith("syntax error") and info.value.line == 2


def _strip_positions(tree: ast.AST) -> str:
    return ast.dump(tree, include_attributes=False)


@pytest.mark.parametrize("path", sorted(Path(__file__).resolve().parents[1].joinpath("src").rglob("*.py")),
                         ids=lambda p: p.name)
def test_the_libcst_conversion_matches_the_host_parser(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    host = ast.parse(text)
    converted = parse_with_libcst(text)
    assert _strip_positions(converted) == _strip_positions(host)
    host_calls = [(n.lineno, n.col_offset, n.end_lineno) for n in ast.walk(host) if isinstance(n, ast.Call)]
    conv_calls = [(n.lineno, n.col_offset, n.end_lineno) for n in ast.walk(converted) if isinstance(n, ast.Call)]
    assert conv_calls == host_calls
