"""Qualified names: what a name in this module really refers to, after imports and aliases.

Rules match ``subprocess.call`` whether the code says ``subprocess.call``, ``sp.call`` or ``from subprocess
import call as c``; they never match on text. Imports anywhere in the module count (code often imports inside
functions), which is flow-insensitive but right for nearly all real code.
"""

from __future__ import annotations

import ast
import builtins

BUILTIN_NAMES = frozenset(dir(builtins))


def module_name_for(rel_path: str) -> str:
    """``pkg/sub/mod.py`` → ``pkg.sub.mod``; ``pkg/__init__.py`` → ``pkg``. Used for cross-module resolution."""
    parts = rel_path.replace("\\", "/").lstrip("./").split("/")
    if parts and parts[-1].endswith(".py"):
        parts[-1] = parts[-1][:-3]
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(p for p in parts if p and p != "-") or "__main__"


class NameResolver:
    """Maps local names to fully qualified names, built once per module and shared by all rules."""

    def __init__(self, tree: ast.Module, module: str = "__main__", is_package: bool = False,
                 imports: list[ast.Import | ast.ImportFrom] | None = None):
        """``imports``: the module's import statements in ``ast.walk`` order, when the caller has them already
        (saves a walk of the whole tree)."""
        self.module = module
        self.is_package = is_package
        self.aliases: dict[str, str] = {}
        self.module_defs: set[str] = set()
        self.star_modules: list[str] = []  # ``from pkg.mod import *``, in the order they appear
        self._collect(tree, imports)

    def _package(self, level: int) -> str:
        parts = self.module.split(".")
        if not self.is_package:
            parts = parts[:-1]
        if level > 1:
            parts = parts[: len(parts) - (level - 1)] if len(parts) >= level - 1 else []
        return ".".join(parts)

    def _collect(self, tree: ast.Module, imports: list | None) -> None:
        for stmt in tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.module_defs.add(stmt.name)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    for node in ast.walk(target):
                        if isinstance(node, ast.Name):
                            self.module_defs.add(node.id)
        for node in imports if imports is not None else ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        head = alias.name.split(".")[0]
                        self.aliases.setdefault(head, head)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    pkg = self._package(node.level)
                    base = ".".join(p for p in (pkg, base) if p)
                for alias in node.names:
                    if alias.name == "*":
                        if base and base not in self.star_modules:
                            self.star_modules.append(base)
                        continue
                    full = f"{base}.{alias.name}" if base else alias.name
                    self.aliases[alias.asname or alias.name] = full

    def qualname(self, node: ast.AST) -> str | None:
        """The dotted qualified name an expression refers to, or None when it is not a plain name chain."""
        if isinstance(node, ast.Name):
            name = node.id
            if name in self.aliases:
                return self.aliases[name]
            if name in self.module_defs:
                return f"{self.module}.{name}"
            if name in BUILTIN_NAMES:
                return f"builtins.{name}"
            if self.star_modules:
                # brought in by ``from m import *``: with one such import, the name is m's; with several, it is
                # this module's namespace, which the cross-module phase searches through each (``star_exports``)
                if len(self.star_modules) == 1:
                    return f"{self.star_modules[0]}.{name}"
                return f"{self.module}.{name}"
            return None
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value)
            if base is None:
                return None
            return f"{base}.{node.attr}"
        return None

    def call_name(self, call: ast.Call) -> str | None:
        return self.qualname(call.func)

    def imports_module(self, prefix: str) -> bool:
        """True if anything under ``prefix`` (e.g. ``flask``) is imported here: cheap gate for framework rules.

        That is, some imported name equals ``prefix`` or starts with ``prefix + "."``: ``prefix`` is one of the
        names cut at a dot, all of which are listed once per module (asked tens of times per module)."""
        heads = self.__dict__.get("_import_heads")
        if heads is None:
            heads = set()
            for value in (*self.aliases.values(), *self.star_modules):
                heads.add(value)
                dot = value.find(".")
                while dot >= 0:
                    heads.add(value[:dot])
                    dot = value.find(".", dot + 1)
            self._import_heads = heads
        return prefix in heads

    def star_exports(self) -> dict[str, str]:
        """The star imports as export entries (``"*0"`` → module), so that a name looked up in this module is
        also looked up in each module it star-imports, as Python's namespace would hold it."""
        return {f"*{i}": module for i, module in enumerate(self.star_modules)}
