"""Taint propagation inside a function: an abstract interpreter over the statements of one function body.

Each function is read once, in order, following the structure of the code (if/else, loops, try, match, with).
Values carry taint with its trace, known constants (so branches on constants are pruned), and container slots
(so ``d["safe"]`` stays clean when ``d["user"]`` is tainted). Guards refine values on each branch: after
``if x not in ALLOWED: return`` the fall-through path knows ``x`` is safe. Calls whose callee may live in
another module become call sites that ``summaries.py`` settles across the whole tree.

The package follows the interpreter's seams: ``module`` runs a file, ``function`` holds one body's state and
parameters, ``statements``, ``guards``, ``expressions`` and ``calls`` evaluate each kind of syntax (``containers``
the methods of lists, dicts, queues and strings), ``conditions`` are the named sink conditions that models refer
to, and ``knowledge`` is the vocabulary kept in code.
"""

from __future__ import annotations

from ..context import ModuleContext
from ..facts import ModuleFacts
from ..gc_pause import paused_gc
from ..models import load_models
from .conditions import SINK_CONDITIONS
from .env import BudgetExceeded
from .function import FunctionAnalyzer
from .module import ModuleAnalyzer

__all__ = ["SINK_CONDITIONS", "BudgetExceeded", "FunctionAnalyzer", "ModuleAnalyzer", "extract_module_facts"]


def extract_module_facts(ctx: ModuleContext, extra_models: tuple[str, ...] = ()) -> ModuleFacts:
    """The per-file phase of the taint engine: facts for every function of one module."""
    with paused_gc():
        return ModuleAnalyzer(ctx, load_models(extra_models)).run()
