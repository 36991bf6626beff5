"""ModuleContext: the one parse of a file plus the facts every rule asks about it (names, parents, literals)."""

from __future__ import annotations

import ast
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable

from .gc_pause import paused_gc
from .names import NameResolver

_MISSING = object()
_FUNCTION_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_NESTED_SCOPES = _FUNCTION_SCOPES + (ast.ClassDef,)
# Fields that never hold code: operator and context tokens (Load, Add, Eq…: shared singletons in parsed trees,
# with no one parent), and the plain strings of the most common nodes.
_NOT_CHILDREN = frozenset({"ctx", "op", "ops"})
_SCALAR_FIELDS = {
    ast.Name: ("id",), ast.Attribute: ("attr",), ast.Constant: ("value", "kind"), ast.keyword: ("arg",),
    ast.arg: ("arg", "type_comment"), ast.alias: ("name", "asname"), ast.ImportFrom: ("module", "level"),
    ast.FunctionDef: ("name", "type_comment"), ast.AsyncFunctionDef: ("name", "type_comment"),
    ast.ClassDef: ("name",), ast.Import: (), ast.Global: ("names",), ast.Nonlocal: ("names",),
}
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
_IMPORTS = (ast.Import, ast.ImportFrom)
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
    # Every node of the tree (no expression contexts or operators), in ``ast.walk`` order: rules are handed
    # nodes in this order, so a rule sees the same sequence as a walk, without walking again.
    walk_order: list[ast.AST] = field(default_factory=list, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # see memo()
    _qualnames: dict = field(default_factory=dict, repr=False, compare=False)
    _child_lists: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Test files: where Bandit's classic noise lives (asserts, fixture passwords, /tmp). Rules ask this for
        # most nodes, so it is a plain attribute, judged once on the path below the scan root.
        self.is_test_code = bool(_TEST_PATH.search(self.rel_path.replace("\\", "/")))

    @classmethod
    def build(cls, path: str, tree: ast.Module, lines: list[str], module: str, is_package: bool = False,
              rel_path: str | None = None) -> "ModuleContext":
        """One breadth-first pass gives the parent map, the child lists, the walk order and the imports."""
        with paused_gc():
            order, parents, children = _index_tree(tree)
            names = NameResolver(tree, module, is_package,
                                 imports=[n for n in order if n.__class__ in _IMPORTS])
            return cls(path=path, tree=tree, lines=lines, names=names, parents=parents,
                       rel_path=rel_path if rel_path is not None else path, walk_order=order,
                       _child_lists=children)

    # --- names -----------------------------------------------------------------------------------------------
    def qualname(self, node: ast.AST) -> str | None:
        """Memoised per node: rules and the flow analyser ask about the same calls many times over."""
        try:
            return self._qualnames[node]
        except KeyError:
            found = self._qualnames[node] = self.names.qualname(node)
            return found

    def call_name(self, call: ast.Call) -> str | None:
        func = call.func
        try:
            return self._qualnames[func]
        except KeyError:
            found = self._qualnames[func] = self.names.qualname(func)
            return found

    def may_resolve_under(self, root: str) -> bool:
        """Can a qualified name in this module start with the package ``root``? Only imports, the module's own
        package and builtins give qualified names (see ``NameResolver.qualname``)."""
        roots = self._memo.get("name_roots")
        if roots is None:
            roots = {value.partition(".")[0] for value in (*self.names.aliases.values(), *self.names.star_modules)}
            roots.add(self.names.module.partition(".")[0])
            roots.add("builtins")
            self._memo["name_roots"] = roots
        return root in roots

    def source_mentions(self, word: str) -> bool:
        """Does ``word`` occur in the source text? Identifiers are compared as Python reads them (NFKC), so
        a name spelled with compatibility characters is still found."""
        key = ("mentions", word)
        found = self._memo.get(key)
        if found is None:
            text = self._memo.get("source_text")
            if text is None:
                text = "\n".join(self.lines)
                if not text.isascii():
                    text = unicodedata.normalize("NFKC", text)
                self._memo["source_text"] = text
            found = self._memo[key] = word in text
        return found

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
        """Every node of exactly ``node_type`` in the file, in walk order: lets a rule ask "is there any X here?"
        without a walk. One pass per type asked (most modules are asked for one or two types, and a filtering
        pass costs a third of filing every node by type)."""
        key = ("nodes_of_type", node_type)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = [node for node in self.walk_order or ast.walk(self.tree)
                                       if node.__class__ is node_type]
        return found

    def attribute_names(self) -> frozenset[str]:
        """The names of every attribute read or written in the file (``x.attr``): several rules first ask
        whether any attribute they look for is there at all, before testing the nodes one by one."""
        found = self._memo.get("attribute_names")
        if found is None:
            found = self._memo["attribute_names"] = frozenset([n.attr for n in self.nodes_of_type(ast.Attribute)])
        return found

    def _children(self) -> dict[ast.AST, list[ast.AST]]:
        """Child lists in source order, read off the parent map (built in ast.iter_child_nodes order)."""
        return self._child_lists

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


def _child_fields(node_type: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(node_type)
    if fields is None:
        scalars = _SCALAR_FIELDS.get(node_type, ())
        fields = _CHILD_FIELDS[node_type] = tuple(
            f for f in node_type._fields if f not in _NOT_CHILDREN and f not in scalars)
    return fields


def _index_tree(tree: ast.AST) -> tuple[list[ast.AST], dict, dict]:
    """(nodes in ``ast.walk`` order, child → parent, parent → children in field order), tokens left out.

    Equivalent to ``ast.walk`` plus ``ast.iter_child_nodes`` on every node, at a fraction of the cost: it
    looks only at the fields of each node type that can hold code, and builds all three maps in one pass.
    """
    order = [tree]
    parents: dict = {}
    children: dict = {}
    AST = ast.AST
    plans = _CHILD_FIELDS
    for node in order:  # the list grows while it is read: a breadth-first queue
        cls = node.__class__
        fields = plans.get(cls) or _child_fields(cls)
        kids = None
        for name in fields:
            value = getattr(node, name, None)
            if value is None:
                continue
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, AST):
                        if kids is None:
                            kids = [item]
                        else:
                            kids.append(item)
            elif isinstance(value, AST):
                if kids is None:
                    kids = [value]
                else:
                    kids.append(value)
        if kids is not None:
            children[node] = kids
            for kid in kids:
                parents[kid] = node
            order.extend(kids)
    return order, parents, children
