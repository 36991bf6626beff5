"""ModuleContext: the one parse of a file plus the facts every rule asks about it (names, parents, literals)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .names import NameResolver

_MISSING = object()
_FUNCTION_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_NESTED_SCOPES = _FUNCTION_SCOPES + (ast.ClassDef,)
# Load/Store and operator nodes are shared singletons in parsed trees: they have no one parent, and name no code.
_TOKEN_NODES = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)
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
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # see memo()

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

    def scope_nodes(self, scope: ast.AST, *, with_header: bool = False,
                    into_classes: bool = False) -> tuple[ast.AST, ...]:
        """The nodes of one function's (or module's) own code, in source order, computed once per scope.

        Nested functions and lambdas (and classes, unless ``into_classes``) are listed but not entered: their
        code runs at another time. ``with_header`` adds the decorators, parameters, defaults and annotations.
        Expression contexts and operators (Load, Add, Eq…) are left out: they are attributes, not code.
        Rules ask this for every function; memoising it saves walking the same body once per rule.
        """
        key = ("scope_nodes", scope, with_header, into_classes)
        found = self._memo.get(key)
        if found is None:
            children = self._children()
            if with_header:
                roots = children.get(scope, [])
            else:
                body = getattr(scope, "body", [])
                roots = body if isinstance(body, list) else [body]
            closed = _FUNCTION_SCOPES if into_classes else _NESTED_SCOPES
            out = []
            stack = list(reversed(roots))
            while stack:
                node = stack.pop()
                out.append(node)
                if not isinstance(node, closed):
                    stack.extend(reversed(children.get(node, ())))
            found = self._memo[key] = tuple(out)
        return found

    def nodes_of_type(self, node_type: type) -> list[ast.AST]:
        """Every node of exactly ``node_type`` in the file: lets a rule ask "is there any X here?" without a walk."""
        index = self._memo.get("nodes_of_type")
        if index is None:
            index = {type(self.tree): [self.tree]}
            for node in self.parents:
                index.setdefault(type(node), []).append(node)
            self._memo["nodes_of_type"] = index
        return index.get(node_type, [])

    def _children(self) -> dict[ast.AST, list[ast.AST]]:
        """Child lists in source order, read off the parent map (built in ast.iter_child_nodes order)."""
        children = self._memo.get("children")
        if children is None:
            children = {}
            for child, parent in self.parents.items():
                if not isinstance(child, _TOKEN_NODES):
                    children.setdefault(parent, []).append(child)
            self._memo["children"] = children
        return children

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, evaluated once per file and key: for facts about the whole module that rules consult
        from many nodes (is there a before_request hook, which names hold TarFiles)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def line(self, lineno: int) -> str:
        if 1 <= lineno <= len(self.lines):
            return self.lines[lineno - 1].rstrip("\r\n")
        return ""

    @property
    def is_test_code(self) -> bool:
        """Test files: where Bandit's classic noise lives (asserts, fixture passwords, /tmp). Asked for most nodes,
        so the path is matched once per file."""
        return self.memo("is_test_code", lambda: bool(_TEST_PATH.search(self.rel_path.replace("\\", "/"))))

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
