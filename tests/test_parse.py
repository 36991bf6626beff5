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
def test_a_file_with_nothing_readable_is_a_syntax_error_with_the_host_message_and_line() -> None:
    with pytest.raises(ParseFailure) as info:
        parse_source(b"def broken(:\n    pass\n", "broken.py")
    assert info.value.reason == "syntax error: invalid syntax" and info.value.line == 1


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
    (b"if x:\n        y = 1\n\tz = 2\n", "tabs and spaces mixed in indentation", 3),
])
def test_python2_files_are_read_and_named_as_such(source: bytes, feature: str, line: int) -> None:
    parsed = parse_source(source, "legacy.py")
    assert parsed.grammar == "python2"
    ((note, where),) = parsed.notes
    assert note.startswith(f"read as Python 2 ({feature}): ") and where == line
    assert parsed.text == source.decode() and parsed.lines == source.decode().splitlines()


def test_the_python2_meaning_is_what_is_analysed() -> None:
    tree = parse_source(b'print >>log, "x", `v`\nn = input("n") + 0755 + 10L\nif a <> b: pass\n', "old.py").tree
    assert ast.unparse(tree).splitlines() == ["print('x', repr(v), file=log)", "n = eval(input('n')) + 493 + 10",
                                              "if a != b:", "    pass"]


def test_a_python2_file_with_print_function_keeps_its_calls() -> None:
    source = b"from __future__ import print_function\nprint('a', end='')\nexec 'x'\n"
    parsed = parse_source(source, "future.py")
    assert parsed.grammar == "python2" and "exec('x')" in ast.unparse(parsed.tree)


PYTHON2 = FIXTURES / "python2_every_fixer.py"
_SYNTHESISED = {"print", "repr", "eval", "input", "exec", "compile", "open", "str", "int", "range", "iter", "list",
                "Exception", "with_traceback", "items", "getcwd", "args", "read", "rb"}


def test_every_name_of_the_converted_python2_fixture_stays_on_its_own_line() -> None:
    """Fixers may insert lines (a tuple parameter, ``except E, (a, b)``); every node is mapped back, so each name
    and string the tree holds is on the line of the original that shows it."""
    parsed = _parsed(PYTHON2)
    assert parsed.grammar == "python2"
    lines = PYTHON2.read_text(encoding="utf-8").splitlines()
    checked = 0
    for node in ast.walk(parsed.tree):
        word = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else \
            node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
        if word is None or word in _SYNTHESISED or word.startswith("xxx_todo"):
            continue
        assert word in lines[node.lineno - 1], (word, node.lineno)
        checked += 1
    assert checked >= 60


def test_the_python2_fixture_exercises_every_fixer() -> None:
    from pillarscan.python import recover

    fired: set[str] = set()
    recover.convert_python2("")  # builds the tool
    tool = recover._tool
    originals = {}
    for fixer in tool.pre_order + tool.post_order:
        name = type(fixer).__module__.rsplit("fix_", 1)[-1]
        originals[fixer] = fixer.transform
        fixer.transform = (lambda f, n: lambda node, results: (fired.add(n), f(node, results))[1])(fixer.transform,
                                                                                                    name)
    try:
        recover.convert_python2(PYTHON2.read_text(encoding="utf-8"))
    finally:
        for fixer, transform in originals.items():
            fixer.transform = transform
    assert fired == set(recover.FIXERS)


def test_the_conversion_writes_nothing_into_the_home_folder(tmp_path: Path) -> None:
    """fissix caches its grammar tables under the user's cache folder; the scanner generates them in memory."""
    import os
    import subprocess

    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code = ("from pillarscan.python.parse import parse_source; "
            "assert parse_source(b'print 1\\n', 'x.py').grammar == 'python2'")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_python2_file_with_a_syntax_error_is_converted_around_it() -> None:
    source = (b'import os\nprint "start"\n\ndef broken(:\n    print "x"\n\n'
              b'def run(cmd):\n    print "running", cmd\n    os.system(cmd)\n')
    parsed = parse_source(source, "old.py")
    assert parsed.grammar == "python2"
    assert [type(n).__name__ for n in parsed.tree.body] == ["Import", "Expr", "FunctionDef"]
    assert parsed.tree.body[-1].body[-1].lineno == 9
    assert [line for _, line in parsed.notes] == [2, 4]
    assert "function broken (lines 4-5) was left out" in parsed.notes[1][0]


# ------------------------------------------------------------------------------------------ partial files
def _kept(parsed) -> list[str]:
    return [getattr(n, "name", type(n).__name__) for n in parsed.tree.body]


def test_a_broken_function_is_left_out_and_the_rest_is_kept_at_its_lines() -> None:
    source = b"import os\n\n@route('/a')\ndef first():\n    pass\n\ndef broken(:\n    return 1\n\nx = 1\n"
    parsed = parse_source(source, "partial.py")
    assert parsed.grammar == "recovered" and _kept(parsed) == ["Import", "first", "Assign"]
    assert parsed.tree.body[1].decorator_list[0].lineno == 3 and parsed.tree.body[2].lineno == 10
    assert parsed.notes == [("syntax error at line 7: invalid syntax; function broken (lines 7-8) was left out and "
                             "the rest of the file was analysed", 7)]


def test_a_decorator_stays_with_its_broken_function() -> None:
    parsed = parse_source(b"@app.route('/a')\ndef broken(:\n    pass\n\ndef kept():\n    pass\n", "d.py")
    assert _kept(parsed) == ["kept"] and parsed.tree.body[0].decorator_list == []
    assert "function broken (lines 1-3)" in parsed.notes[0][0]


def test_a_broken_method_costs_only_itself_and_a_broken_class_attribute_the_class() -> None:
    source = (b"class Views:\n    def broken(self):\n        return [x for x in y if x = 1]\n\n"
              b"    def kept(self):\n        return 2\n\n"
              b"class Config:\n    LIMIT = (1,\n\n    def method(self):\n        pass\n\ndef tail():\n    pass\n")
    parsed = parse_source(source, "cls.py")
    assert _kept(parsed) == ["Views", "tail"]
    views = parsed.tree.body[0]
    assert [type(n).__name__ for n in views.body] == ["Pass", "FunctionDef"] and views.body[1].lineno == 5
    notes = [note for note, _ in parsed.notes]
    assert "method broken of class Views (lines 2-3)" in notes[0] and "class Config (lines 8-12)" in notes[1]


@pytest.mark.parametrize("source, kept", [
    (b"def a():\n    return (\n\ndef b():\n    pass\n", ["b"]),  # '(' was never closed: named at its line
    (b"def a():\nx = 1\ndef b():\n    pass\n", ["Assign", "b"]),  # expected an indented block after line 1
    (b"def a():\n    if x:\n    y = 1\n\ndef b():\n    pass\n", ["b"]),
    (b"def a():\n        x = 1\n    y = 2\n\ndef b():\n    pass\n", ["b"]),  # unindent does not match
    (b"def b():\n    pass\n\ndef a(:\n", ["b"]),  # at the end of the file
    (b"x = 1\ny = = 2\nz = 3\n", ["Assign", "Assign"]),  # a module-level statement
])
def test_typical_syntax_errors_lose_only_their_statement(source: bytes, kept: list[str]) -> None:
    parsed = parse_source(source, "e.py")
    assert _kept(parsed) == kept and len(parsed.notes) == 1


def test_an_unterminated_string_leaves_out_the_rest_it_swallows_and_keeps_what_precedes() -> None:
    parsed = parse_source(b'def a():\n    pass\n\ndef b():\n    s = """open\n\ndef c():\n    pass\n', "s.py")
    assert _kept(parsed) == ["a"]
    assert "function b (lines 4-8) was left out" in parsed.notes[0][0]


def test_recovery_is_bounded_on_hostile_input() -> None:
    import time

    from pillarscan.python import recover

    many = "".join(f"def f{i}():\n    x = = {i}\n" for i in range(5_000)).encode()
    started = time.monotonic()
    with pytest.raises(ParseFailure) as info:
        parse_source(many + b"def ok():\n    pass\n", "many.py")
    assert info.value.reason == "syntax error: invalid syntax" and info.value.line == 2
    few = "".join(f"def f{i}():\n    x = = {i}\n" for i in range(recover.MAX_LEFT_OUT)).encode() + b"def ok():\n    pass\n"
    assert _kept(parse_source(few, "few.py")) == ["ok"]
    assert time.monotonic() - started < 20
    python2 = "".join(f"def f{i}():\n    print 'x'\n    y = = {i}\n" for i in range(recover.MAX_LEFT_OUT + 1))
    with pytest.raises(ParseFailure) as info:
        parse_source(python2.encode(), "old.py")
    assert info.value.reason.startswith("Python 2 syntax (print statement): ")
    huge = b"x = 1\n" * (recover.MAX_RECOVERY_CHARS // 6 + 1) + b"def f(:\n"
    with pytest.raises(ParseFailure):
        parse_source(huge, "huge.py")


def test_a_valid_file_never_goes_through_recovery() -> None:
    parsed = parse_source(b'print("x")\nexec("y")\n', "py3.py")
    assert parsed.grammar == "host" and parsed.notes == []


def test_a_broken_python3_file_is_not_called_python2() -> None:
    source = b'def helper():\n    """Print the result, 0755 style: `x`."""\n    return (\n'
    with pytest.raises(ParseFailure) as info:
        parse_source(source, "broken.py")
    assert info.value.reason.startswith("syntax error: ")


def test_a_scan_reports_the_findings_around_a_syntax_error_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import os\n\ndef bad(:\n    pass\n\ndef run():\n    os.system(input())\n",
                                     encoding="utf-8")
    result = scan([str(tmp_path)], ScanOptions(jobs=1))
    assert [(f.cwe, f.location.line) for f in result.findings if f.cwe == 78] == [(78, 7)]
    assert [(d.kind, d.line) for d in result.diagnostics] == [("warning", 3)]
    assert not result.skipped


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


def test_python2_without_a_tell_tale_statement_is_still_read_when_it_converts_whole() -> None:
    parsed = parse_source(b"def span((start, end)):\n    return end - start\n\nx = span((1, 2))\n", "tuple.py")
    assert parsed.grammar == "python2" and parsed.notes[0][0].startswith("read as Python 2 (Python 2 grammar)")
    assert [n.lineno for n in parsed.tree.body] == [1, 4]
