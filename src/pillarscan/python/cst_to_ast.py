"""libcst concrete tree → standard ``ast`` tree, so code newer than the running interpreter can still be reviewed.

The host's ``ast.parse`` only knows the host's grammar: on Python 3.10/3.11 it rejects PEP 701 f-strings
(``f"{", ".join(x)}"``), ``type X = ...`` and PEP 695 generics. libcst ships its own parser for the newest
grammar; this module turns its concrete tree into the ``ast`` nodes every rule already understands, so the
rest of pillarscan never knows which parser ran.

Positions follow ``ast`` conventions: 1-based lines and 0-based columns counted in UTF-8 *bytes*. libcst
counts columns in characters, so each column is re-measured on its source line (lines that are pure ASCII,
almost all of them, need no work). Where ``ast`` and libcst disagree on what a node spans, ``ast`` wins:
a parenthesised tuple or generator includes its innermost parentheses, a generator that is a call's sole
argument takes the call's parentheses, decorated definitions start at ``def``/``class``. Inside f-strings,
positions are the precise ones Python 3.12 reports (older hosts report the whole string for every part).

Syntax the host's ``ast`` has no node for is mapped to the nearest analysable shape:
``type X = v`` becomes ``X = v`` (an ``ast.Assign``) where ``ast.TypeAlias`` does not exist; type parameters
are dropped where definitions have no ``type_params`` field; ``except*`` becomes a plain ``try`` before 3.11;
template strings (``t"..."``) become a tuple of their interpolated expressions (not a string: a template is
not concatenation, and treating it as one would invent injection findings); lazy imports become imports;
``{**d for d in ds}`` becomes a dict comprehension whose key is the starred mapping.

Known gaps, all inherited from libcst and all rare: it rejects a parenthesised annotated target
(``(x): int = 1``), so such a file still needs a host that can parse it; it drops blanks after an f-string
conversion (``f"{x!r  }"``), shifting later columns on that line by as many characters.
"""

from __future__ import annotations

import ast
import re
import unicodedata
import warnings
from typing import Callable, Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

__all__ = ["ConversionError", "convert_module", "parse_with_libcst"]


class ConversionError(Exception):
    """A libcst node this converter has no mapping for (a libcst release newer than this module)."""


_LOAD, _STORE, _DEL = ast.Load(), ast.Store(), ast.Del()
_NEWLINES = re.compile(r"\r\n|\r|\n")

_BINARY_OPS: dict[type, type] = {
    cst.Add: ast.Add, cst.Subtract: ast.Sub, cst.Multiply: ast.Mult, cst.Divide: ast.Div,
    cst.FloorDivide: ast.FloorDiv, cst.Modulo: ast.Mod, cst.Power: ast.Pow, cst.LeftShift: ast.LShift,
    cst.RightShift: ast.RShift, cst.BitOr: ast.BitOr, cst.BitAnd: ast.BitAnd, cst.BitXor: ast.BitXor,
    cst.MatrixMultiply: ast.MatMult,
}
_AUG_OPS: dict[type, type] = {
    cst.AddAssign: ast.Add, cst.SubtractAssign: ast.Sub, cst.MultiplyAssign: ast.Mult,
    cst.DivideAssign: ast.Div, cst.FloorDivideAssign: ast.FloorDiv, cst.ModuloAssign: ast.Mod,
    cst.PowerAssign: ast.Pow, cst.LeftShiftAssign: ast.LShift, cst.RightShiftAssign: ast.RShift,
    cst.BitOrAssign: ast.BitOr, cst.BitAndAssign: ast.BitAnd, cst.BitXorAssign: ast.BitXor,
    cst.MatrixMultiplyAssign: ast.MatMult,
}
_UNARY_OPS: dict[type, type] = {cst.Plus: ast.UAdd, cst.Minus: ast.USub, cst.Not: ast.Not, cst.BitInvert: ast.Invert}
_COMPARE_OPS: dict[type, type] = {
    cst.Equal: ast.Eq, cst.NotEqual: ast.NotEq, cst.LessThan: ast.Lt, cst.LessThanEqual: ast.LtE,
    cst.GreaterThan: ast.Gt, cst.GreaterThanEqual: ast.GtE, cst.Is: ast.Is, cst.IsNot: ast.IsNot,
    cst.In: ast.In, cst.NotIn: ast.NotIn,
}
_NAME_CONSTANTS = {"True": True, "False": False, "None": None}


def parse_with_libcst(text: str) -> ast.Module:
    """Parse ``text`` with libcst's own grammar and return an ``ast.Module``.

    Raises ``libcst.ParserSyntaxError`` when the text is not Python, ``ConversionError`` for unmapped nodes.
    """
    return convert_module(cst.parse_module(text), text)


def convert_module(module: cst.Module, text: str) -> ast.Module:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escape sequences in literals are the author's business
        return _Converter(positions, text).module(wrapper.module)


def _ident(name: str) -> str:
    """Identifiers are NFKC-normalised by Python's tokenizer; ``ast`` shows the normalised spelling."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return _ident(node.value)
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{_ident(node.attr.value)}"
    raise ConversionError(f"unexpected {type(node).__name__} in a dotted name")


def _decode_escapes(raw: str) -> str:
    """Backslash escapes of a non-raw string body; characters beyond Latin-1 survive via backslashreplace."""
    if "\\" not in raw:
        return raw
    return raw.encode("latin-1", "backslashreplace").decode("unicode_escape")


def _number(text: str) -> object:
    try:
        if text[-1] in "jJ":
            return complex(text.replace("_", ""))
        try:
            return int(text, 0)
        except ValueError:
            return float(text)
    except ValueError:
        return ast.literal_eval(text)


class _Converter:
    """One conversion: holds the position table and the source lines used to turn characters into bytes."""

    def __init__(self, positions, text: str):
        self.positions = positions
        self.lines = _NEWLINES.split(text)
        self.byte_cols: dict[int, list[int]] = {}
        self.stmt_handlers: dict[type, Callable] = {
            cst.Expr: self.expr_stmt, cst.Assign: self.assign, cst.AnnAssign: self.ann_assign,
            cst.AugAssign: self.aug_assign, cst.Return: self.return_, cst.Pass: self.simple(ast.Pass),
            cst.Break: self.simple(ast.Break), cst.Continue: self.simple(ast.Continue), cst.Raise: self.raise_,
            cst.Assert: self.assert_, cst.Del: self.delete, cst.Import: self.import_,
            cst.ImportFrom: self.import_from, cst.Global: self.global_, cst.Nonlocal: self.nonlocal_,
            cst.TypeAlias: self.type_alias, cst.If: self.if_, cst.For: self.for_, cst.While: self.while_,
            cst.Try: self.try_, cst.TryStar: self.try_star, cst.With: self.with_,
            cst.FunctionDef: self.function_def, cst.ClassDef: self.class_def, cst.Match: self.match,
        }
        for lazy_name, handler in (("LazyImport", self.import_), ("LazyImportFrom", self.import_from)):
            if hasattr(cst, lazy_name):
                self.stmt_handlers[getattr(cst, lazy_name)] = handler
        self.expr_handlers: dict[type, Callable] = {
            cst.Name: self.name, cst.Attribute: self.attribute, cst.Subscript: self.subscript,
            cst.Call: self.call, cst.Integer: self.number, cst.Float: self.number, cst.Imaginary: self.number,
            cst.SimpleString: self.string, cst.ConcatenatedString: self.string,
            cst.FormattedString: self.string, cst.Ellipsis: self.ellipsis,
            cst.BinaryOperation: self.binary, cst.BooleanOperation: self.boolean,
            cst.UnaryOperation: self.unary, cst.Comparison: self.compare, cst.IfExp: self.if_exp,
            cst.Lambda: self.lambda_, cst.NamedExpr: self.named_expr, cst.Await: self.await_,
            cst.Yield: self.yield_, cst.Tuple: self.tuple_, cst.List: self.list_, cst.Set: self.set_,
            cst.Dict: self.dict_, cst.ListComp: self.list_comp, cst.SetComp: self.set_comp,
            cst.DictComp: self.dict_comp, cst.GeneratorExp: self.generator, cst.StarredElement: self.starred,
        }
        if hasattr(cst, "TemplatedString"):
            self.expr_handlers[cst.TemplatedString] = self.template_string
        if hasattr(cst, "StarredDictComp"):
            self.expr_handlers[cst.StarredDictComp] = self.starred_dict_comp

    # ----------------------------------------------------------------------------------------- positions
    def _byte_col(self, line: int, col: int) -> int:
        if not 1 <= line <= len(self.lines):
            return col
        text = self.lines[line - 1]
        if text.isascii():
            return col
        table = self.byte_cols.get(line)
        if table is None:
            table = [0]
            for ch in text:
                table.append(table[-1] + len(ch.encode("utf-8", "surrogatepass")))
            self.byte_cols[line] = table
        return table[col] if col < len(table) else table[-1] + (col - len(table) + 1)

    def span(self, node: cst.CSTNode) -> tuple[int, int, int, int]:
        rng = self.positions[node]
        return (rng.start.line, self._byte_col(rng.start.line, rng.start.column),
                rng.end.line, self._byte_col(rng.end.line, rng.end.column))

    def paren_span(self, node: cst.CSTNode) -> tuple[int, int, int, int]:
        """``ast`` counts a tuple's (or generator's) own innermost parentheses as part of it."""
        lpar, rpar = getattr(node, "lpar", ()), getattr(node, "rpar", ())
        if lpar and rpar:
            start, end = self.span(lpar[-1]), self.span(rpar[0])
            return start[0], start[1], end[2], end[3]
        return self.span(node)

    @staticmethod
    def at(node: ast.AST, span: tuple[int, int, int, int]) -> ast.AST:
        node.lineno, node.col_offset, node.end_lineno, node.end_col_offset = span
        return node

    def located(self, node: ast.AST, source: cst.CSTNode) -> ast.AST:
        return self.at(node, self.span(source))

    def compound(self, node: ast.AST, source: cst.CSTNode) -> ast.AST:
        """A block statement whose last line ends in ``;`` spans that ``;`` in ``ast`` (libcst stops before)."""
        self.located(node, source)
        end = self.positions[source].end
        if 1 <= end.line <= len(self.lines):
            rest = self.lines[end.line - 1][end.column:]
            stripped = rest.lstrip(" \t\f")
            if stripped.startswith(";"):
                node.end_col_offset = self._byte_col(end.line, end.column + len(rest) - len(stripped) + 1)
        return node

    @staticmethod
    def join(first: tuple[int, int, int, int], last: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        return first[0], first[1], last[2], last[3]

    # ----------------------------------------------------------------------------------------- statements
    def module(self, module: cst.Module) -> ast.Module:
        return ast.Module(body=self.body(module.body), type_ignores=[])

    def body(self, statements: Sequence[cst.BaseStatement] | cst.BaseSuite) -> list[ast.stmt]:
        if isinstance(statements, (cst.IndentedBlock, cst.SimpleStatementSuite)):
            statements = statements.body
        out: list[ast.stmt] = []
        for statement in statements:
            if isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
                out.extend(self.stmt(small) for small in statement.body)
            else:
                out.append(self.stmt(statement))
        return out

    def stmt(self, node: cst.CSTNode) -> ast.stmt:
        handler = self.stmt_handlers.get(type(node))
        if handler is None:
            raise ConversionError(f"no ast mapping for statement {type(node).__name__}")
        return handler(node)

    def simple(self, kind: type) -> Callable:
        return lambda node: self.located(kind(), node)

    def expr_stmt(self, node: cst.Expr) -> ast.stmt:
        return self.located(ast.Expr(value=self.expr(node.value)), node)

    def assign(self, node: cst.Assign) -> ast.stmt:
        targets = [self.expr(t.target, _STORE) for t in node.targets]
        return self.located(ast.Assign(targets=targets, value=self.expr(node.value), type_comment=None), node)

    def ann_assign(self, node: cst.AnnAssign) -> ast.stmt:
        simple = int(isinstance(node.target, cst.Name) and not node.target.lpar)
        return self.located(ast.AnnAssign(target=self.expr(node.target, _STORE),
                                          annotation=self.expr(node.annotation.annotation),
                                          value=self.opt(node.value), simple=simple), node)

    def aug_assign(self, node: cst.AugAssign) -> ast.stmt:
        return self.located(ast.AugAssign(target=self.expr(node.target, _STORE),
                                          op=_AUG_OPS[type(node.operator)](), value=self.expr(node.value)), node)

    def return_(self, node: cst.Return) -> ast.stmt:
        return self.located(ast.Return(value=self.opt(node.value)), node)

    def raise_(self, node: cst.Raise) -> ast.stmt:
        cause = node.cause.item if node.cause is not None else None
        return self.located(ast.Raise(exc=self.opt(node.exc), cause=self.opt(cause)), node)

    def assert_(self, node: cst.Assert) -> ast.stmt:
        return self.located(ast.Assert(test=self.expr(node.test), msg=self.opt(node.msg)), node)

    def delete(self, node: cst.Del) -> ast.stmt:
        target = node.target
        if isinstance(target, cst.Tuple) and not target.lpar:
            targets = [self.expr(e.value, _DEL) for e in target.elements]
        else:
            targets = [self.expr(target, _DEL)]
        return self.located(ast.Delete(targets=targets), node)

    def alias(self, node: cst.ImportAlias) -> ast.alias:
        asname = _ident(node.asname.name.value) if node.asname is not None else None
        return self.located(ast.alias(name=_dotted(node.name), asname=asname), node)

    def import_(self, node) -> ast.stmt:
        return self.located(ast.Import(names=[self.alias(a) for a in node.names]), node)

    def import_from(self, node) -> ast.stmt:
        if isinstance(node.names, cst.ImportStar):
            names = [self.located(ast.alias(name="*", asname=None), node.names)]
        else:
            names = [self.alias(a) for a in node.names]
        module = _dotted(node.module) if node.module is not None else None
        return self.located(ast.ImportFrom(module=module, names=names, level=len(node.relative)), node)

    def global_(self, node: cst.Global) -> ast.stmt:
        return self.located(ast.Global(names=[_ident(n.name.value) for n in node.names]), node)

    def nonlocal_(self, node: cst.Nonlocal) -> ast.stmt:
        return self.located(ast.Nonlocal(names=[_ident(n.name.value) for n in node.names]), node)

    def type_alias(self, node: cst.TypeAlias) -> ast.stmt:
        name = self.name(node.name, _STORE)
        value = self.expr(node.value)
        if hasattr(ast, "TypeAlias"):
            return self.located(ast.TypeAlias(name=name, type_params=self.type_params(node.type_parameters),
                                              value=value), node)
        return self.located(ast.Assign(targets=[name], value=value, type_comment=None), node)

    def if_(self, node: cst.If) -> ast.stmt:
        return self.compound(ast.If(test=self.expr(node.test), body=self.body(node.body),
                                    orelse=self.orelse(node.orelse)), node)

    def orelse(self, node: cst.If | cst.Else | None) -> list[ast.stmt]:
        if node is None:
            return []
        if isinstance(node, cst.If):
            return [self.if_(node)]
        return self.body(node.body)

    def for_(self, node: cst.For) -> ast.stmt:
        kind = ast.AsyncFor if node.asynchronous is not None else ast.For
        return self.compound(kind(target=self.expr(node.target, _STORE), iter=self.expr(node.iter),
                                  body=self.body(node.body), orelse=self.orelse(node.orelse), type_comment=None),
                             node)

    def while_(self, node: cst.While) -> ast.stmt:
        return self.compound(ast.While(test=self.expr(node.test), body=self.body(node.body),
                                       orelse=self.orelse(node.orelse)), node)

    def handler(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> ast.excepthandler:
        name = _ident(node.name.name.value) if node.name is not None else None
        return self.compound(ast.ExceptHandler(type=self.opt(node.type), name=name, body=self.body(node.body)),
                             node)

    def try_(self, node: cst.Try | cst.TryStar, kind: type = ast.Try) -> ast.stmt:
        return self.compound(kind(body=self.body(node.body), handlers=[self.handler(h) for h in node.handlers],
                                  orelse=self.orelse(node.orelse),
                                  finalbody=self.body(node.finalbody.body) if node.finalbody else []), node)

    def try_star(self, node: cst.TryStar) -> ast.stmt:
        return self.try_(node, getattr(ast, "TryStar", ast.Try))

    def with_(self, node: cst.With) -> ast.stmt:
        items = [ast.withitem(context_expr=self.expr(i.item),
                              optional_vars=self.expr(i.asname.name, _STORE) if i.asname else None)
                 for i in node.items]
        kind = ast.AsyncWith if node.asynchronous is not None else ast.With
        return self.compound(kind(items=items, body=self.body(node.body), type_comment=None), node)

    def function_def(self, node: cst.FunctionDef) -> ast.stmt:
        kind = ast.AsyncFunctionDef if node.asynchronous is not None else ast.FunctionDef
        fields = dict(name=_ident(node.name.value), args=self.arguments(node.params), body=self.body(node.body),
                      decorator_list=[self.expr(d.decorator) for d in node.decorators],
                      returns=self.expr(node.returns.annotation) if node.returns else None, type_comment=None)
        if "type_params" in kind._fields:
            fields["type_params"] = self.type_params(node.type_parameters)
        return self.compound(kind(**fields), node)

    def class_def(self, node: cst.ClassDef) -> ast.stmt:
        bases, keywords = self.call_args(node.bases + node.keywords)
        fields = dict(name=_ident(node.name.value), bases=bases, keywords=keywords, body=self.body(node.body),
                      decorator_list=[self.expr(d.decorator) for d in node.decorators])
        if "type_params" in ast.ClassDef._fields:
            fields["type_params"] = self.type_params(node.type_parameters)
        return self.compound(ast.ClassDef(**fields), node)

    def type_params(self, params: cst.TypeParameters | None) -> list:
        """Only reached on hosts whose ``ast`` has type parameters (3.12+); older hosts drop them."""
        out = []
        for param in (params.params if params is not None else ()):
            inner = param.param
            name = _ident(inner.name.value)
            if isinstance(inner, cst.TypeVar):
                node = ast.TypeVar(name=name, bound=self.opt(inner.bound))
            elif isinstance(inner, cst.TypeVarTuple):
                node = ast.TypeVarTuple(name=name)
            else:
                node = ast.ParamSpec(name=name)
            if param.default is not None and "default_value" in type(node)._fields:
                node.default_value = self.expr(param.default)
            last = param.default if param.default is not None else inner  # not the trailing comma
            out.append(self.at(node, self.join(self.span(param), self.span(last))))
        return out

    # ----------------------------------------------------------------------------------------- match
    def match(self, node: cst.Match) -> ast.stmt:
        cases = [ast.match_case(pattern=self.pattern(c.pattern), guard=self.opt(c.guard), body=self.body(c.body))
                 for c in node.cases]
        return self.compound(ast.Match(subject=self.expr(node.subject), cases=cases), node)

    def pattern(self, node: cst.MatchPattern) -> ast.pattern:
        if isinstance(node, cst.MatchAs):
            name = node.name.value if node.name is not None else None
            pattern = self.pattern(node.pattern) if node.pattern is not None else None
            result = ast.MatchAs(pattern=pattern, name=None if name == "_" else _ident(name) if name else None)
        elif isinstance(node, cst.MatchSingleton):  # a value pattern spans its value without its parentheses
            return self.located(ast.MatchSingleton(value=_NAME_CONSTANTS[node.value.value]), node.value)
        elif isinstance(node, cst.MatchValue):
            return self.located(ast.MatchValue(value=self.expr(node.value)), node.value)
        elif isinstance(node, (cst.MatchList, cst.MatchTuple)):
            result = ast.MatchSequence(patterns=[self.sequence_pattern(p) for p in node.patterns])
            return self.at(result, self.paren_span(node) if isinstance(node, cst.MatchTuple) else self.span(node))
        elif isinstance(node, cst.MatchMapping):
            result = ast.MatchMapping(keys=[self.expr(e.key) for e in node.elements],
                                      patterns=[self.pattern(e.pattern) for e in node.elements],
                                      rest=_ident(node.rest.value) if node.rest is not None else None)
        elif isinstance(node, cst.MatchClass):
            result = ast.MatchClass(cls=self.expr(node.cls), patterns=[self.pattern(p.value) for p in node.patterns],
                                    kwd_attrs=[_ident(k.key.value) for k in node.kwds],
                                    kwd_patterns=[self.pattern(k.pattern) for k in node.kwds])
        elif isinstance(node, cst.MatchOr):
            result = ast.MatchOr(patterns=[self.pattern(p.pattern) for p in node.patterns])
        else:
            raise ConversionError(f"no ast mapping for pattern {type(node).__name__}")
        return self.located(result, node)

    def sequence_pattern(self, node: cst.MatchSequenceElement | cst.MatchStar) -> ast.pattern:
        if isinstance(node, cst.MatchStar):
            name = node.name.value if node.name is not None else None
            star = self.span(node)  # libcst's span runs on over the trailing comma; ast's ends at the name
            if node.name is not None:
                star = self.join(star, self.span(node.name))
            else:  # ``*_``: the star, any blanks, the underscore
                gap = node.whitespace_before_name
                width = 2 + (len(gap.value) if isinstance(gap, cst.SimpleWhitespace) else 0)
                star = (star[0], star[1], star[0], star[1] + width)
            return self.at(ast.MatchStar(name=None if name in (None, "_") else _ident(name)), star)
        return self.pattern(node.value)

    # ----------------------------------------------------------------------------------------- arguments
    def arguments(self, params: cst.Parameters) -> ast.arguments:
        positional = list(params.posonly_params) + list(params.params)
        star = params.star_arg
        return ast.arguments(
            posonlyargs=[self.arg(p) for p in params.posonly_params],
            args=[self.arg(p) for p in params.params],
            vararg=self.arg(star) if isinstance(star, cst.Param) else None,
            kwonlyargs=[self.arg(p) for p in params.kwonly_params],
            kw_defaults=[self.opt(p.default) for p in params.kwonly_params],
            kwarg=self.arg(params.star_kwarg) if params.star_kwarg is not None else None,
            defaults=[self.expr(p.default) for p in positional if p.default is not None],
        )

    def arg(self, param: cst.Param) -> ast.arg:
        annotation = self.expr(param.annotation.annotation) if param.annotation is not None else None
        start = self.span(param.name)
        end = start
        if param.annotation is not None:  # a parenthesised annotation's parentheses belong to the arg in ast
            annotation_node = param.annotation.annotation
            end = self.span(annotation_node.rpar[-1] if annotation_node.rpar else annotation_node)
        return self.at(ast.arg(arg=_ident(param.name.value), annotation=annotation, type_comment=None),
                       self.join(start, end))

    def call_args(self, args: Sequence[cst.Arg]) -> tuple[list[ast.expr], list[ast.keyword]]:
        positional: list[ast.expr] = []
        keywords: list[ast.keyword] = []
        for arg in args:
            value = self.expr(arg.value)
            if arg.keyword is not None:
                keywords.append(self.located(ast.keyword(arg=_ident(arg.keyword.value), value=value), arg))
            elif arg.star == "**":
                keywords.append(self.located(ast.keyword(arg=None, value=value), arg))
            elif arg.star == "*":
                positional.append(self.located(ast.Starred(value=value, ctx=_LOAD), arg))
            else:
                positional.append(value)
        return positional, keywords

    # ----------------------------------------------------------------------------------------- expressions
    def opt(self, node: cst.BaseExpression | None) -> ast.expr | None:
        return None if node is None else self.expr(node)

    def expr(self, node: cst.CSTNode, ctx: ast.expr_context = _LOAD) -> ast.expr:
        handler = self.expr_handlers.get(type(node))
        if handler is None:
            raise ConversionError(f"no ast mapping for expression {type(node).__name__}")
        return handler(node, ctx)

    def name(self, node: cst.Name, ctx: ast.expr_context = _LOAD) -> ast.expr:
        if node.value in _NAME_CONSTANTS and ctx is _LOAD:
            return self.located(ast.Constant(value=_NAME_CONSTANTS[node.value], kind=None), node)
        return self.located(ast.Name(id=_ident(node.value), ctx=ctx), node)

    def attribute(self, node: cst.Attribute, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.Attribute(value=self.expr(node.value), attr=_ident(node.attr.value), ctx=ctx), node)

    def subscript(self, node: cst.Subscript, ctx: ast.expr_context = _LOAD) -> ast.expr:
        elements = node.slice
        single = len(elements) == 1 and elements[0].comma == cst.MaybeSentinel.DEFAULT
        if single and not (isinstance(elements[0].slice, cst.Index) and elements[0].slice.star):
            index = self.slice(elements[0].slice)
        else:
            parts = [self.slice(e.slice) for e in elements]
            last = elements[-1].comma if isinstance(elements[-1].comma, cst.Comma) else elements[-1]
            span = self.join(self.span(elements[0]), self.span(last))
            index = self.at(ast.Tuple(elts=parts, ctx=_LOAD), span)
        return self.located(ast.Subscript(value=self.expr(node.value), slice=index, ctx=ctx), node)

    def slice(self, node: cst.Index | cst.Slice) -> ast.expr:
        if isinstance(node, cst.Index):
            value = self.expr(node.value)
            if node.star:
                return self.located(ast.Starred(value=value, ctx=_LOAD), node)
            return value
        # libcst's slice runs on over trailing whitespace; ast's ends at its last token.
        last = next(part for part in (node.step, node.second_colon, node.upper, node.first_colon)
                    if isinstance(part, cst.CSTNode))
        first = node.lower if node.lower is not None else node.first_colon
        return self.at(ast.Slice(lower=self.opt(node.lower), upper=self.opt(node.upper), step=self.opt(node.step)),
                       self.join(self.span(first), self.span(last)))

    def call(self, node: cst.Call, ctx: ast.expr_context = _LOAD) -> ast.expr:
        func = self.expr(node.func)
        args, keywords = self.call_args(node.args)
        if (len(node.args) == 1 and isinstance(node.args[0].value, cst.GeneratorExp)
                and not node.args[0].value.lpar and args):
            # ``f(x for x in y)``: the generator borrows the call's parentheses, as in ``ast``.
            whole = self.span(node)
            args[0].lineno, args[0].col_offset = func.end_lineno, self._paren_after_func(node, func)
            args[0].end_lineno, args[0].end_col_offset = whole[2], whole[3]
        return self.located(ast.Call(func=func, args=args, keywords=keywords), node)

    def _paren_after_func(self, node: cst.Call, func: ast.expr) -> int:
        gap = node.whitespace_after_func
        return func.end_col_offset + (len(gap.value.encode("utf-8")) if isinstance(gap, cst.SimpleWhitespace) else 0)

    def number(self, node: cst.BaseNumber, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.Constant(value=_number(node.value), kind=None), node)

    def ellipsis(self, node: cst.Ellipsis, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.Constant(value=..., kind=None), node)

    def binary(self, node: cst.BinaryOperation, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.BinOp(left=self.expr(node.left), op=_BINARY_OPS[type(node.operator)](),
                                      right=self.expr(node.right)), node)

    def boolean(self, node: cst.BooleanOperation, ctx: ast.expr_context = _LOAD) -> ast.expr:
        """``a and b and c`` is one ``BoolOp`` with three values in ``ast``; libcst nests it to the left."""
        op_type = type(node.operator)
        operands: list[cst.BaseExpression] = [node.right]
        left = node.left
        while isinstance(left, cst.BooleanOperation) and type(left.operator) is op_type and not left.lpar:
            operands.append(left.right)
            left = left.left
        operands.append(left)
        values = [self.expr(o) for o in reversed(operands)]
        op = ast.And() if op_type is cst.And else ast.Or()
        return self.located(ast.BoolOp(op=op, values=values), node)

    def unary(self, node: cst.UnaryOperation, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.UnaryOp(op=_UNARY_OPS[type(node.operator)](), operand=self.expr(node.expression)),
                            node)

    def compare(self, node: cst.Comparison, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.Compare(left=self.expr(node.left),
                                        ops=[_COMPARE_OPS[type(c.operator)]() for c in node.comparisons],
                                        comparators=[self.expr(c.comparator) for c in node.comparisons]), node)

    def if_exp(self, node: cst.IfExp, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.IfExp(test=self.expr(node.test), body=self.expr(node.body),
                                      orelse=self.expr(node.orelse)), node)

    def lambda_(self, node: cst.Lambda, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.Lambda(args=self.arguments(node.params), body=self.expr(node.body)), node)

    def named_expr(self, node: cst.NamedExpr, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.NamedExpr(target=self.expr(node.target, _STORE), value=self.expr(node.value)), node)

    def await_(self, node: cst.Await, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.Await(value=self.expr(node.expression)), node)

    def yield_(self, node: cst.Yield, ctx: ast.expr_context = _LOAD) -> ast.expr:
        if isinstance(node.value, cst.From):
            return self.located(ast.YieldFrom(value=self.expr(node.value.item)), node)
        return self.located(ast.Yield(value=self.opt(node.value)), node)

    def element(self, node: cst.BaseElement, ctx: ast.expr_context) -> ast.expr:
        if isinstance(node, cst.StarredElement):
            return self.starred(node, ctx)
        return self.expr(node.value, ctx)

    def starred(self, node: cst.StarredElement, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.Starred(value=self.expr(node.value, ctx), ctx=ctx), node)

    def tuple_(self, node: cst.Tuple, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.at(ast.Tuple(elts=[self.element(e, ctx) for e in node.elements], ctx=ctx), self.paren_span(node))

    def list_(self, node: cst.List, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.List(elts=[self.element(e, ctx) for e in node.elements], ctx=ctx), node)

    def set_(self, node: cst.Set, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.Set(elts=[self.element(e, _LOAD) for e in node.elements]), node)

    def dict_(self, node: cst.Dict, ctx: ast.expr_context = _LOAD) -> ast.expr:
        keys: list[ast.expr | None] = []
        values: list[ast.expr] = []
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                keys.append(None)
            else:
                keys.append(self.expr(element.key))
            values.append(self.expr(element.value))
        return self.located(ast.Dict(keys=keys, values=values), node)

    def comprehensions(self, node: cst.CompFor | None) -> list[ast.comprehension]:
        out = []
        while node is not None:
            out.append(ast.comprehension(target=self.expr(node.target, _STORE), iter=self.expr(node.iter),
                                         ifs=[self.expr(i.test) for i in node.ifs],
                                         is_async=int(node.asynchronous is not None)))
            node = node.inner_for_in
        return out

    def list_comp(self, node: cst.ListComp, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.ListComp(elt=self.element_or_expr(node.elt),
                                         generators=self.comprehensions(node.for_in)), node)

    def set_comp(self, node: cst.SetComp, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.SetComp(elt=self.element_or_expr(node.elt),
                                        generators=self.comprehensions(node.for_in)), node)

    def generator(self, node: cst.GeneratorExp, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.at(ast.GeneratorExp(elt=self.element_or_expr(node.elt),
                                        generators=self.comprehensions(node.for_in)), self.paren_span(node))

    def dict_comp(self, node: cst.DictComp, ctx: ast.expr_context = _LOAD) -> ast.expr:
        return self.located(ast.DictComp(key=self.expr(node.key), value=self.expr(node.value),
                                         generators=self.comprehensions(node.for_in)), node)

    def starred_dict_comp(self, node, ctx: ast.expr_context = _LOAD) -> ast.expr:
        value = self.expr(node.value)
        key = self.at(ast.Starred(value=value, ctx=_LOAD), (value.lineno, value.col_offset, value.end_lineno,
                                                             value.end_col_offset))
        none = self.at(ast.Constant(value=None, kind=None), (key.lineno, key.col_offset, key.end_lineno,
                                                              key.end_col_offset))
        return self.located(ast.DictComp(key=key, value=none, generators=self.comprehensions(node.for_in)), node)

    def element_or_expr(self, node: cst.CSTNode) -> ast.expr:
        return self.starred(node) if isinstance(node, cst.StarredElement) else self.expr(node)

    # ----------------------------------------------------------------------------------------- strings
    def string(self, node: cst.BaseString, ctx: ast.expr_context = _LOAD) -> ast.expr:
        parts = list(self.string_parts(node))
        whole = self.span(node)
        if all(isinstance(p, cst.SimpleString) for p in parts):
            values = [self.simple_string_value(p) for p in parts]
            value = values[0] if len(values) == 1 else (b"" if isinstance(values[0], bytes) else "").join(values)
            kind = "u" if "u" in parts[0].prefix.lower() else None
            return self.at(ast.Constant(value=value, kind=kind), whole)
        pieces: list[ast.expr] = []
        for part in parts:
            if isinstance(part, cst.SimpleString):
                self.add_text(pieces, self.simple_string_value(part), self.span(part))
            elif isinstance(part, cst.FormattedString):
                self.add_fstring(pieces, part.parts, "r" in part.start.lower())
            else:  # a template string glued to f-strings: keep its expressions reachable
                pieces.append(self.template_string(part))
        return self.at(ast.JoinedStr(values=pieces), whole)

    @staticmethod
    def string_parts(node: cst.BaseString) -> list[cst.BaseString]:
        """The pieces of an implicit concatenation, in order (iteratively: hundreds of pieces are common)."""
        parts: list[cst.BaseString] = []
        pending = [node]
        while pending:
            current = pending.pop()
            if isinstance(current, cst.ConcatenatedString):
                pending.extend((current.right, current.left))
            else:
                parts.append(current)
        return parts

    def simple_string_value(self, node: cst.SimpleString) -> str | bytes:
        try:
            return ast.literal_eval(node.value)
        except (SyntaxError, ValueError):
            body = node.raw_value
            if "r" not in node.prefix.lower():
                body = _decode_escapes(body)
            return body.encode("latin-1", "replace") if "b" in node.prefix.lower() else body

    @staticmethod
    def add_text(pieces: list[ast.expr], text: str, span: tuple[int, int, int, int]) -> None:
        if not text:
            return
        previous = pieces[-1] if pieces else None
        if isinstance(previous, ast.Constant):
            previous.value += text
            previous.end_lineno, previous.end_col_offset = span[2], span[3]
            return
        pieces.append(_Converter.at(ast.Constant(value=text, kind=None), span))

    def add_fstring(self, pieces: list[ast.expr], parts: Sequence[cst.CSTNode], raw: bool) -> None:
        for part in parts:
            if isinstance(part, cst.FormattedStringText):
                text = _NEWLINES.sub("\n", part.value.replace("{{", "{").replace("}}", "}"))
                self.add_text(pieces, text if raw else _decode_escapes(text), self.span(part))
            else:
                if part.equal is not None:  # f"{x=}" shows its own source text before the value
                    self.add_text(pieces, self.debug_text(part), self.join(self.span(part), self.span(part.equal)))
                pieces.append(self.formatted_value(part, raw))

    def debug_text(self, part: cst.FormattedStringExpression) -> str:
        """The source text between ``{`` and the end of ``=``, whitespace included, as Python shows it."""
        start = self.positions[part].start
        end = self.positions[part.equal].end
        lines = self.lines[start.line - 1:end.line]
        last = lines[-1]
        end_column = end.column
        while end_column < len(last) and last[end_column] in " \t\f":  # whitespace after "=" is shown too
            end_column += 1
        if len(lines) == 1:
            return last[start.column + 1:end_column]
        return "\n".join([lines[0][start.column + 1:], *lines[1:-1], last[:end_column]])

    def formatted_value(self, part: cst.FormattedStringExpression, raw: bool) -> ast.expr:
        conversion = ord(part.conversion) if part.conversion else -1
        if part.equal is not None and conversion == -1 and part.format_spec is None:
            conversion = ord("r")
        spec = None
        if part.format_spec is not None:
            spec_pieces: list[ast.expr] = []
            self.add_fstring(spec_pieces, part.format_spec, raw)
            spec = self.at(ast.JoinedStr(values=spec_pieces), self.span(part))
            if spec_pieces:  # the spec starts at its ":" (one byte before its first piece)
                spec.lineno, spec.col_offset = spec_pieces[0].lineno, max(spec_pieces[0].col_offset - 1, 0)
                spec.end_lineno, spec.end_col_offset = spec_pieces[-1].end_lineno, spec_pieces[-1].end_col_offset
        value = ast.FormattedValue(value=self.expr(part.expression), conversion=conversion, format_spec=spec)
        return self.located(value, part)

    def template_string(self, node, ctx: ast.expr_context = _LOAD) -> ast.expr:
        values = []
        for part in node.parts:
            if hasattr(part, "expression"):
                values.append(self.expr(part.expression))
        return self.located(ast.Tuple(elts=values, ctx=_LOAD), node)

