"""Code is analysed by its own grammar: Python 3.12+ files are read even when pillarscan runs on 3.10 or 3.11,
the libcst → ast conversion agrees with the host parser node for node, and failures say plainly why."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from pillarscan.engine import ScanOptions, scan
from pillarscan.python.cst_to_ast import parse_with_libcst
from pillarscan.python.deep_stack import call_with_deep_stack
from pillarscan.python.parse import ParseFailure, parse_source, too_complex_for_libcst

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "parse"
MODERN = FIXTURES / "modern_syntax.py"
OLD_HOST = sys.version_info < (3, 12)


def _parsed(path: Path):
    return parse_source(path.read_bytes(), str(path))


def _function(tree: ast.Module, name: str) -> ast.FunctionDef:
    return next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)


def _source_lines(path: Path, needle: str) -> list[int]:
    return [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]


# ------------------------------------------------------------------------------------------ modern grammar
@pytest.mark.skipif(not OLD_HOST, reason="the host parser itself reads 3.12 syntax")
def test_the_host_parser_really_rejects_the_modern_fixture() -> None:
    with pytest.raises(SyntaxError):
        ast.parse(MODERN.read_text(encoding="utf-8"))


def test_modern_grammar_parses_on_any_supported_host() -> None:
    parsed = _parsed(MODERN)
    assert parsed.grammar == ("libcst" if OLD_HOST else "host")
    assert (parsed.host_error is not None) == OLD_HOST
    names = {n.name for n in parsed.tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert names == {"first", "convert", "Box", "greet", "nested", "multiline", "run"}
    assert _function(parsed.tree, "first").args.args[0].arg == "items"


def test_a_pep701_fstring_keeps_its_call_at_the_right_line() -> None:
    tree = _parsed(MODERN).tree
    (line,) = _source_lines(MODERN, '", ".join(names)')
    fstring = _function(tree, "greet").body[0].value
    assert isinstance(fstring, ast.JoinedStr) and fstring.lineno == line
    assert isinstance(fstring.values[0], ast.Constant) and fstring.values[0].value == "hello "
    formatted = fstring.values[1]
    assert isinstance(formatted, ast.FormattedValue)
    call = formatted.value
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "join"
    assert call.func.value.value == ", " and call.lineno == line
    text = MODERN.read_text(encoding="utf-8").splitlines()[line - 1]
    assert text[call.col_offset:call.end_col_offset] == '", ".join(names)'


def test_nested_fstrings_specs_debug_and_non_ascii_columns() -> None:
    tree = _parsed(MODERN).tree
    (line,) = _source_lines(MODERN, '{f"{user!r}"}')
    fstring = _function(tree, "nested").body[0].value
    inner = fstring.values[0].value
    assert isinstance(inner, ast.JoinedStr)
    assert inner.values[0].conversion == ord("r") and inner.values[0].value.id == "user"
    spec_call = next(n for n in ast.walk(fstring) if isinstance(n, ast.Call))
    assert spec_call.func.id == "len" and spec_call.lineno == line
    # columns are UTF-8 byte offsets, as in ast: "é" before the call counts two bytes
    raw = MODERN.read_text(encoding="utf-8").splitlines()[line - 1].encode("utf-8")
    assert raw[spec_call.col_offset:spec_call.end_col_offset] == b"len(user)"
    texts = [v.value for v in fstring.values if isinstance(v, ast.Constant)]
    assert texts[-1] == " user="  # f"{user=}" shows its own text, then repr()
    assert fstring.values[-1].conversion == ord("r")


def test_a_multiline_replacement_field_keeps_real_lines() -> None:
    tree = _parsed(MODERN).tree
    (line,) = _source_lines(MODERN, "len(names)")
    call = next(n for n in ast.walk(_function(tree, "multiline")) if isinstance(n, ast.Call))
    assert call.func.id == "len" and call.lineno == line


def test_type_aliases_and_generics_become_analysable_nodes() -> None:
    tree = _parsed(MODERN).tree
    (line,) = _source_lines(MODERN, "type Handler")
    alias = tree.body[2]
    assert alias.lineno == line
    if hasattr(ast, "TypeAlias"):
        assert isinstance(alias, ast.TypeAlias) and alias.name.id == "Handler"
    else:
        assert isinstance(alias, ast.Assign) and [t.id for t in alias.targets] == ["Handler"]
        assert isinstance(alias.targets[0].ctx, ast.Store)
    assert isinstance(alias.value, ast.Subscript) and alias.value.value.id == "dict"
    box = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    assert box.name == "Box" and [f.name for f in box.body] == ["__init__"]


def test_a_flow_inside_a_pep701_fstring_is_found_on_an_older_host() -> None:
    result = scan([str(MODERN)], ScanOptions(jobs=1))
    assert not result.diagnostics
    (line,) = _source_lines(MODERN, "os.system(")
    assert [(f.cwe, f.location.line) for f in result.findings if f.cwe == 78] == [(78, line)]


@pytest.mark.skipif(OLD_HOST, reason="needs a host that parses 3.12 syntax to compare with")
def test_the_conversion_of_modern_syntax_matches_a_modern_host() -> None:
    text = MODERN.read_text(encoding="utf-8")
    assert _without_empty_fstring_parts(parse_with_libcst(text)) == _without_empty_fstring_parts(ast.parse(text))


def _without_empty_fstring_parts(tree: ast.AST) -> str:
    """Some 3.12 releases end a nested format spec with an empty ``Constant``; it carries nothing."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            node.values = [v for v in node.values if not (isinstance(v, ast.Constant) and v.value == "")]
    return ast.dump(tree)


def test_except_star_is_read_on_every_host() -> None:
    tree = parse_with_libcst((FIXTURES / "except_star.py").read_text(encoding="utf-8"))
    statement = tree.body[1]
    assert isinstance(statement, getattr(ast, "TryStar", ast.Try))
    assert [h.name for h in statement.handlers] == ["group", None]


# ------------------------------------------------------------------------------------------ conversion property
def _positions_outside_fstrings(tree: ast.AST) -> list[tuple]:
    """Every located node's type and span, in walk order, except the parts of f-strings (whose positions older
    hosts approximate and the converter reports precisely, as 3.12 does)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside.update(id(n) for n in ast.walk(node) if n is not node)
    return [(type(n).__name__, n.lineno, n.col_offset, n.end_lineno, n.end_col_offset)
            for n in ast.walk(tree) if hasattr(n, "lineno") and id(n) not in inside]


CONVERSION_CORPUS = sorted((ROOT / "src" / "pillarscan").rglob("*.py")) + [FIXTURES / "broad_syntax.py"]
if sys.version_info >= (3, 11):
    CONVERSION_CORPUS.append(FIXTURES / "except_star.py")


@pytest.mark.parametrize("path", CONVERSION_CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_libcst_conversion_matches_the_host_parser(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    host = ast.parse(text)
    converted = call_with_deep_stack(parse_with_libcst, text)
    assert _positions_outside_fstrings(converted) == _positions_outside_fstrings(host)
    assert _without_empty_fstring_parts(converted) == _without_empty_fstring_parts(host)


def test_the_broad_fixture_really_is_broad() -> None:
    """The property test above is only as good as the forms it sees."""
    tree = ast.parse((FIXTURES / "broad_syntax.py").read_text(encoding="utf-8"))
    kinds = {type(n).__name__ for n in ast.walk(tree)}
    expected = {"Match", "MatchMapping", "MatchSequence", "MatchClass", "MatchOr", "MatchAs", "MatchStar",
                "MatchValue", "MatchSingleton", "NamedExpr", "AsyncFunctionDef", "AsyncWith", "AsyncFor", "Await",
                "Lambda", "ListComp", "SetComp", "DictComp", "GeneratorExp", "Starred", "Slice", "JoinedStr",
                "FormattedValue", "Yield", "YieldFrom", "Global", "Nonlocal", "Try", "With", "Delete", "AugAssign",
                "AnnAssign", "ImportFrom", "BoolOp", "Compare", "IfExp", "ClassDef", "Raise", "Assert"}
    assert expected <= kinds


def test_long_elif_chains_and_concatenations_convert_on_the_deep_stack() -> None:
    # 3.12+ caps C-level recursion at a fixed depth that libcst's position pass reaches sooner
    depth = 600 if OLD_HOST else 200
    branches = "".join(f"elif x == {i}:\n    y = {i}\n" for i in range(1, depth))
    chain = "if x == 0:\n    y = 0\n" + branches
    concatenation = "s = (\n" + "".join(f"    'part {i}'\n" for i in range(depth * 3)) + ")\n"
    for text in (chain, concatenation):
        converted = call_with_deep_stack(parse_with_libcst, text)
        assert _shape(converted) == _shape(call_with_deep_stack(ast.parse, text))


def _shape(tree: ast.AST) -> list[tuple]:
    """Node types, plain field values and positions in walk order: ``ast.dump`` without its recursion."""
    return [(type(node).__name__,
             tuple(value for _, value in ast.iter_fields(node) if not isinstance(value, (ast.AST, list))),
             tuple(getattr(node, a, None) for a in ("lineno", "col_offset", "end_lineno", "end_col_offset")))
            for node in ast.walk(tree)]


# ------------------------------------------------------------------------------------------ failures
def test_a_real_syntax_error_is_reported_with_the_host_message_and_line() -> None:
    with pytest.raises(ParseFailure) as info:
        parse_source(b"x = 1\ndef broken(:\n    pass\n", "broken.py")
    assert info.value.reason == "syntax error: invalid syntax" and info.value.line == 2


@pytest.mark.parametrize("source, feature, line", [
    (b'import sys\nprint "hello", sys.argv\n', "print statement", 2),
    (b"print 'total: %d' % total\n", "print statement", 1),
    (b'exec "x = 1" in namespace\n', "exec statement", 1),
    (b"x = `y`\n", "backtick repr", 1),
    (b"os.chmod(path, 0755)\n", "octal literal without 0o", 1),
    (b"big = 10L\n", "long integer literal", 1),
    (b"if a <> b:\n    pass\n", "<> operator", 1),
    (b"raise ValueError, 'bad'\n", "raise E, message", 1),
    (b"pattern = ur'\\d+'\n", "ur'' string prefix", 1),
])
def test_python2_files_are_named_as_such(source: bytes, feature: str, line: int) -> None:
    with pytest.raises(ParseFailure) as info:
        parse_source(source, "legacy.py")
    assert info.value.reason.startswith(f"Python 2 syntax ({feature}): ")
    assert info.value.line == line


def test_a_broken_python3_file_is_not_called_python2() -> None:
    source = b'def helper():\n    """Print the result, 0755 style: `x`."""\n    return (\n'
    with pytest.raises(ParseFailure) as info:
        parse_source(source, "broken.py")
    assert info.value.reason.startswith("syntax error: ")


@pytest.mark.parametrize("data, reason", [
    (b"x = 1\ny = '\xff'\n", "cannot decode source: not valid UTF-8 (byte 0xff at line 2)"),
    (b"x = '\xe9'\n", "cannot decode source: not valid UTF-8 (byte 0xe9 at line 1)"),
    (b"# coding: ascii\nx = '\xc3\xa9'\n",
     "cannot decode source: not valid ascii, its declared encoding (byte 0xc3 at line 2)"),
    (b"# coding: klingon\nx = 1\n", "cannot decode source: unknown encoding: klingon"),
    (b"\xef\xbb\xbf# coding: latin-1\nx = 1\n",
     "cannot decode source: a UTF-8 byte-order mark contradicts the coding declaration"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not Python source"),
])
def test_undecodable_and_binary_bytes_get_a_precise_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ParseFailure) as info:
        parse_source(data, "bad.py")
    assert info.value.reason == reason


def test_bom_and_coding_cookie_decode_like_python() -> None:
    bom = parse_source(b"\xef\xbb\xbfname = 'caf\xc3\xa9'\n", "bom.py")
    latin = parse_source(b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n", "latin.py")
    assert bom.encoding == "utf-8-sig" and latin.encoding == "iso-8859-1"
    for parsed in (bom, latin):
        assert parsed.tree.body[-1].value.value == "café"
        assert not parsed.text.startswith("\ufeff")


def test_depth_beyond_python_limits_is_refused_without_trying_libcst() -> None:
    with pytest.raises(ParseFailure) as info:
        parse_source(b"x = " + b"(" * 1000 + b"1" + b")" * 1000 + b"\n", "parens.py")
    assert info.value.reason == "nesting too deep to parse: too many nested parentheses"


@pytest.mark.parametrize("tail", [
    "y = " + "-" * 100_000 + "1\n",  # would overflow libcst's native stack and kill the interpreter
    "y = " + "+".join(["a"] * 20_000) + "\n",  # would take libcst minutes
    "y = " + "not " * 5_000 + "z\n",
])
def test_pathological_modern_files_never_reach_libcst(tail: str) -> None:
    text = 'x = f"{", ".join(a)}"\n' + tail  # the f-string makes an older host fall back
    assert too_complex_for_libcst(text)
    if OLD_HOST:
        with pytest.raises(ParseFailure) as info:
            parse_source(text.encode(), "deep.py")
        assert info.value.line == 1


def test_ordinary_code_is_not_too_complex_for_libcst() -> None:
    for path in CONVERSION_CORPUS + [MODERN]:
        assert not too_complex_for_libcst(path.read_text(encoding="utf-8")), path
