"""ModuleContext: the one parse of a file plus the facts every rule asks about it (names, parents, literals)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from .names import NameResolver

_MISSING = object()
_TEST_PATH = re.compile(r"(^|/)(tests?|testing|unittests?|functional|unit)(/|$)|(^|/)test_[^/]*\.py$|_tests?\.py$|(^|/)conftest\.py$")


@dataclass
class ModuleContext:
    """What a rule sees: the tree, its source lines, qualified names and a parent map, computed once per file."""

    path: str
    tree: ast.Module
    lines: list[str]
    names: NameResolver
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)
    rel_path: str = ""  # path below the scan root: what "is this test code?" is judged on
    rule_errors: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, path: str, tree: ast.Module, lines: list[str], module: str, is_package: bool = False,
              rel_path: str | None = None) -> "ModuleContext":
        ctx = cls(path=path, tree=tree, lines=lines, names=NameResolver(tree, module, is_package),
                  rel_path=rel_path if rel_path is not None else path)
        parents = ctx.parents
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        return ctx

    # --- names -----------------------------------------------------------------------------------------------
    def qualname(self, node: ast.AST) -> str | None:
        return self.names.qualname(node)

    def call_name(self, call: ast.Call) -> str | None:
        return self.names.qualname(call.func)

    # --- structure -------------------------------------------------------------------------------------------
    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.parents.get(node)

    def ancestors(self, node: ast.AST):
        node = self.parents.get(node)
        while node is not None:
            yield node
            node = self.parents.get(node)

    def enclosing_function(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        for anc in self.ancestors(node):
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return anc
        return None

    def line(self, lineno: int) -> str:
        if 1 <= lineno <= len(self.lines):
            return self.lines[lineno - 1].rstrip("\r\n")
        return ""

    @property
    def is_test_code(self) -> bool:
        """Test files: where Bandit's classic noise lives (asserts, fixture passwords, /tmp)."""
        return bool(_TEST_PATH.search(self.rel_path.replace("\\", "/")))

    # --- literals --------------------------------------------------------------------------------------------
    @staticmethod
    def kwarg(call: ast.Call, name: str) -> ast.expr | None:
        for kw in call.keywords:
            if kw.arg == name:
                return kw.value
        return None

    @staticmethod
    def arg(call: ast.Call, index: int, name: str | None = None) -> ast.expr | None:
        """Positional argument ``index`` or keyword ``name``, whichever the call uses."""
        if name is not None:
            for kw in call.keywords:
                if kw.arg == name:
                    return kw.value
        if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
            return call.args[index]
        return None

    @staticmethod
    def literal(node: ast.AST | None, default: Any = _MISSING) -> Any:
        """The Python value of a literal expression, or ``default`` (``MISSING``) when it is not a literal."""
        if node is None:
            return default
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return default

    MISSING = _MISSING

    def is_literal(self, node: ast.AST | None) -> bool:
        return self.literal(node) is not _MISSING

    def is_constant_string_expr(self, node: ast.AST) -> bool:
        """True when an expression can only produce text written in the source (literals, joined literals)."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(isinstance(v, ast.Constant) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            return self.is_constant_string_expr(node.left) and self.is_constant_string_expr(node.right)
        if isinstance(node, (ast.Tuple, ast.List)):
            return all(self.is_constant_string_expr(e) for e in node.elts)
        return False
