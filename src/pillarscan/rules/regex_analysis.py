"""Does a regular expression backtrack super-linearly in Python's own engine? Decided by analysis, not by look.

The pattern is parsed with ``re``'s own parser (``re._parser`` on 3.11+, ``sre_parse`` on 3.10), so the tree is
the one CPython runs, after its own rewrites (``(?:a|b)`` becomes a set, ``(a|a)`` becomes ``a(?:|)``). From it
we build a position automaton (Glushkov) whose edges keep their multiplicity: ``(a+)+`` has one position and
two ways of going from ``a`` back to ``a``, and that is exactly the ambiguity a backtracking engine pays for.

- **Exponential**: some position ``q`` can go from ``q`` back to ``q`` along two different paths reading the
  same text (Weideman et al., "exponential degree of ambiguity"). Found as a strongly connected component of the
  product automaton (pairs of positions reading a common character) that holds a pair ``(q, q)`` and either a
  pair ``(p1, p2)`` with ``p1 != p2`` or a doubled edge. ``(a+)+``, ``((a)+)+``, ``(a|a)*``, ``(\\w+\\s?)*``,
  ``(.|\\s)*`` and ``(.*a){20}`` are; ``(ab+)+``, ``(\\d{3})+``, ``^[a-z]+$`` and ``(?:[^,]+,)*`` are not.
- **Polynomial**: two unbounded repeats with only optional items between them that can consume the same text
  (``\\s*\\s*$``, ``.*.*=``, ``\\d+\\.?\\d*$``): each split of a run between them is tried, so a long near-miss
  costs quadratic (or worse, under ``search``) time.

Either way something after the ambiguous part must be able to fail (an anchor, a required character, a required
further repetition, or ``fullmatch``); without it the first greedy attempt succeeds and nothing is retried.
Characters are compared through a fixed probe alphabet (printable ASCII plus a few others), which is exact for
the character classes real patterns use. Atomic groups and possessive repeats (which forbid backtracking) make
the analysis decline to judge rather than guess; so do patterns too large to analyse within a small budget.
"""

from __future__ import annotations

import string
import warnings
from collections import Counter
from dataclasses import dataclass
from typing import Callable

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

MAX_PATTERN_CHARS = 5000
MAX_POSITIONS = 300  # positions of the automaton after unrolling small counted repeats
MAX_PAIR_EDGES = 250_000  # product-automaton edges examined before the analysis gives up
LOOP_BOUND = 10  # a counted repeat allowing this many or more repetitions backtracks like an unbounded one

_PROBES = string.printable + "\u00e9\u00a0\u4e00\u2028\x00\x7f"
_INDEX = {c: i for i, c in enumerate(_PROBES)}
_ALL = (1 << len(_PROBES)) - 1
_NEWLINE = 1 << _INDEX["\n"]
_UNBOUNDED = _c.MAXREPEAT
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)
_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdigit, "CATEGORY_NOT_DIGIT": lambda c: not c.isdigit(),
    "CATEGORY_SPACE": str.isspace, "CATEGORY_NOT_SPACE": lambda c: not c.isspace(),
    "CATEGORY_WORD": lambda c: c.isalnum() or c == "_", "CATEGORY_NOT_WORD": lambda c: not (c.isalnum() or c == "_"),
    "CATEGORY_LINEBREAK": lambda c: c == "\n", "CATEGORY_NOT_LINEBREAK": lambda c: c != "\n",
}
_CATEGORY_MASKS = {name: sum(1 << i for i, ch in enumerate(_PROBES) if test(ch)) for name, test in _CATEGORIES.items()}
_START_ANCHORS = frozenset(("AT_BEGINNING", "AT_BEGINNING_STRING", "AT_BEGINNING_LINE"))
_FAILING_ANCHORS = frozenset(str(a) for a in ("AT_END", "AT_END_STRING", "AT_BOUNDARY", "AT_NON_BOUNDARY",
                                                "AT_END_LINE", "AT_BEGINNING", "AT_BEGINNING_LINE",
                                                "AT_BEGINNING_STRING"))


@dataclass(frozen=True)
class Verdict:
    """What backtracking a pattern allows: ``kind`` is ``"exponential"`` or ``"polynomial"``."""

    kind: str
    detail: str


class _TooBig(Exception):
    pass


def parse(pattern: str | bytes, flags: int = 0):
    """The parsed pattern, or None when ``re`` itself rejects it (another rule's business)."""
    if isinstance(pattern, bytes):
        pattern = pattern.decode("latin-1")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # FutureWarning about nested sets is not ours to report
            return _parser.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - re.error, RecursionError, OverflowError on absurd counts
        return None


def analyse(pattern: str | bytes, flags: int = 0, fullmatch: bool = False, anchored: bool = False) -> Verdict | None:
    """The worst backtracking ``pattern`` allows, or None when it is linear (or too large to judge).

    ``anchored``: the pattern is only tried at the start of the text (``re.match``/``fullmatch``); otherwise it
    is tried at every position, as ``search``, ``findall`` and ``sub`` do (and a compiled pattern is assumed to)."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return None
    parsed = parse(pattern, flags)
    if parsed is None:
        return None
    items = list(parsed)
    flags |= getattr(getattr(parsed, "state", None), "flags", 0)
    if _has_op(items, {getattr(_c, "ATOMIC_GROUP", None), getattr(_c, "POSSESSIVE_REPEAT", None)} - {None}):
        return None  # no backtracking into these: judging them needs more than this model
    try:
        automaton = _Glushkov(flags)
        automaton.build(items, fullmatch)
        if automaton.exponential():
            return Verdict("exponential", "a repeated part can match the same text in more than one way")
    except (_TooBig, RecursionError):
        pass  # too large to judge for exponential backtracking; the cheaper polynomial test still runs
    try:
        pair = _adjacent_overlap(items, fullmatch, flags, not anchored and not fullmatch)
    except RecursionError:
        return None
    if pair:
        return Verdict("polynomial", pair)
    return None


# --- characters ---------------------------------------------------------------------------------------------

def _mask_of(op, av, flags: int) -> int:
    """The probe characters one single-character item accepts."""
    icase = flags & _c.SRE_FLAG_IGNORECASE
    if op is _c.LITERAL:
        return _char_mask(chr(av), icase)
    if op is _c.NOT_LITERAL:
        return _ALL & ~_char_mask(chr(av), icase)
    if op is _c.ANY:
        return _ALL if flags & _c.SRE_FLAG_DOTALL else _ALL & ~_NEWLINE
    if op is _c.CATEGORY:
        return _CATEGORY_MASKS.get(str(av), _ALL)
    if op is _c.IN:
        negate, mask = False, 0
        for mop, mav in av:
            if mop is _c.NEGATE:
                negate = True
            elif mop is _c.LITERAL:
                mask |= _char_mask(chr(mav), icase)
            elif mop is _c.RANGE:
                lo, hi = mav
                mask |= sum(1 << i for i, ch in enumerate(_PROBES) if lo <= ord(ch) <= hi
                            or icase and (lo <= ord(ch.lower()) <= hi or lo <= ord(ch.upper()) <= hi))
            elif mop is _c.CATEGORY:
                mask |= _CATEGORY_MASKS.get(str(mav), 0)
            else:  # a big charset / charset bitmap: rare in source text; assume anything
                mask = _ALL
        return _ALL & ~mask if negate else mask
    return _ALL  # GROUPREF and other character consumers we do not model: anything


def _char_mask(ch: str, icase: int) -> int:
    mask = 0
    for variant in {ch, ch.lower(), ch.upper()} if icase else {ch}:
        if variant in _INDEX:
            mask |= 1 << _INDEX[variant]
    return mask


def _has_op(items, ops: set) -> bool:
    for op, av in items:
        if op in ops:
            return True
        for sub in _children(op, av):
            if _has_op(sub, ops):
                return True
    return False


def _children(op, av) -> list:
    if op in _REPEATS:
        return [av[2]]
    if op is _c.SUBPATTERN:
        return [av[-1]]
    if op is _c.BRANCH:
        return list(av[1])
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op is _c.GROUPREF_EXISTS:
        return [av[1]] + ([av[2]] if av[2] else [])
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return [av]
    if op is getattr(_c, "POSSESSIVE_REPEAT", None):
        return [av[2]]
    return []


# --- the position automaton ---------------------------------------------------------------------------------

def _add(counter: Counter, other: Counter, times: int = 1) -> None:
    if times:
        for k, v in other.items():
            if v:
                counter[k] = min(2, counter[k] + v * times)


@dataclass
class _Frag:
    """What a part of the pattern contributes: first and last positions and epsilon paths, each with its
    multiplicity (capped at 2: only 'more than one way' matters)."""

    first: Counter
    last: Counter
    nullable: int


class _Glushkov:
    def __init__(self, flags: int):
        self.flags = flags
        self.masks: list[int] = []
        self.fail_after: list[bool] = []
        self.guarded: list[bool] = []  # inside a repeat whose body holds a lookaround: left alone
        self.follow: list[Counter] = []

    def _position(self, mask: int, tail: bool, guarded: bool) -> int:
        if len(self.masks) >= MAX_POSITIONS:
            raise _TooBig
        self.masks.append(mask)
        self.fail_after.append(tail)
        self.guarded.append(guarded)
        self.follow.append(Counter())
        return len(self.masks) - 1

    def _link(self, last: Counter, first: Counter) -> None:
        for p, m in last.items():
            for q, n in first.items():
                if m and n:
                    self.follow[p][q] = min(2, self.follow[p][q] + m * n)

    def build(self, items, fullmatch: bool) -> None:
        self._seq(items, fullmatch, False)

    def _concat(self, a: _Frag, b: _Frag) -> _Frag:
        self._link(a.last, b.first)
        first = Counter(a.first)
        _add(first, b.first, a.nullable)
        last = Counter(b.last)
        _add(last, a.last, b.nullable)
        return _Frag(first, last, min(2, a.nullable * b.nullable))

    def _seq(self, items, tail: bool, guarded: bool) -> _Frag:
        # tails[i]: can something after item i (inside this sequence or beyond it) fail?
        tails = [tail] * len(items)
        running = tail
        for i in range(len(items) - 1, -1, -1):
            tails[i] = running
            running = running or _can_fail(items[i])
        frag = _Frag(Counter(), Counter(), 1)
        for (op, av), t in zip(items, tails):
            frag = self._concat(frag, self._item(op, av, t, guarded))
        return frag

    def _item(self, op, av, tail: bool, guarded: bool) -> _Frag:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.CATEGORY, _c.GROUPREF):
            p = self._position(_mask_of(op, av, self.flags), tail, guarded)
            return _Frag(Counter({p: 1}), Counter({p: 1}), 0)
        if op is _c.SUBPATTERN:
            return self._seq(av[-1], tail, guarded)
        if op is _c.BRANCH:
            out = _Frag(Counter(), Counter(), 0)
            for alt in av[1]:
                part = self._seq(alt, tail, guarded)
                _add(out.first, part.first)
                _add(out.last, part.last)
                out.nullable = min(2, out.nullable + part.nullable)
            return out
        if op is _c.GROUPREF_EXISTS:
            return self._item(_c.BRANCH, (None, [av[1], av[2] or []]), tail, guarded)
        if op in _REPEATS:
            return self._repeat(av[0], av[1], av[2], tail, guarded)
        return _Frag(Counter(), Counter(), 1)  # anchors and lookarounds: zero-width

    def _repeat(self, lo: int, hi: int, body, tail: bool, guarded: bool) -> _Frag:
        guarded = guarded or _has_op(body, {_c.ASSERT, _c.ASSERT_NOT})
        body_tail = tail or lo > 1  # a required further repetition can fail too: (.*a){20} must find twenty
        if hi == _UNBOUNDED or hi >= LOOP_BOUND:
            frag = _Frag(Counter(), Counter(), 1)
            for _ in range(min(lo, 2)):
                frag = self._concat(frag, self._seq(body, body_tail, guarded))
            star = self._seq(body, body_tail, guarded)
            self._link(star.last, star.first)
            return self._concat(frag, _Frag(star.first, star.last, 1))
        if hi > MAX_POSITIONS:
            raise _TooBig
        # x{2,4} as x x (x (x)?)?: each optional copy only after the one before it
        rest = _Frag(Counter(), Counter(), 1)
        for _ in range(hi - lo):
            part = self._concat(self._seq(body, body_tail, guarded), rest)
            rest = _Frag(part.first, part.last, min(2, part.nullable + 1))
        frag = _Frag(Counter(), Counter(), 1)
        for _ in range(lo):
            frag = self._concat(frag, self._seq(body, body_tail, guarded))
        return self._concat(frag, rest)

    def exponential(self) -> bool:
        """Is there a component of the pair automaton holding (q, q) and a way to diverge and meet again?"""
        n = len(self.masks)
        succ: list[list[int]] = [list(f) for f in self.follow]
        looped = [p for p in range(n) if not self.guarded[p] and self.fail_after[p]]
        if not looped:
            return False
        budget = [MAX_PAIR_EDGES]

        def edges(node: int) -> list[int]:
            p1, p2 = divmod(node, n)
            out = []
            for q1 in succ[p1]:
                m1 = self.masks[q1]
                for q2 in succ[p2]:
                    if m1 & self.masks[q2]:
                        out.append(q1 * n + q2)
            budget[0] -= len(out) + 1
            if budget[0] < 0:
                raise _TooBig
            return out

        # Tarjan's algorithm, iteratively, over the pairs reachable from the diagonal.
        index: dict[int, int] = {}
        low: dict[int, int] = {}
        on_stack: set[int] = set()
        stack: list[int] = []
        counter = 0
        for start in (q * n + q for q in looped):
            if start in index:
                continue
            work = [(start, iter(edges(start)))]
            index[start] = low[start] = counter
            counter += 1
            stack.append(start)
            on_stack.add(start)
            while work:
                node, it = work[-1]
                advanced = False
                for nxt in it:
                    if nxt not in index:
                        index[nxt] = low[nxt] = counter
                        counter += 1
                        stack.append(nxt)
                        on_stack.add(nxt)
                        work.append((nxt, iter(edges(nxt))))
                        advanced = True
                        break
                    if nxt in on_stack:
                        low[node] = min(low[node], index[nxt])
                if advanced:
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if self._ambiguous_component(component, n):
                        return True
        return False

    def _ambiguous_component(self, component: list[int], n: int) -> bool:
        members = set(component)
        diagonal = [node // n for node in component if node // n == node % n]
        if not any(self.fail_after[q] and not self.guarded[q] for q in diagonal):
            return False
        if any(node // n != node % n for node in component):
            return True
        # only diagonal pairs: ambiguous when some edge inside the component is doubled
        for q in diagonal:
            for r, mult in self.follow[q].items():
                if mult > 1 and r * n + r in members:
                    return True
        return False


def _nullable(items) -> bool:
    return all(_item_nullable(op, av) for op, av in items)


def _item_nullable(op, av) -> bool:
    if op in _REPEATS:
        return av[0] == 0 or _nullable(av[2])
    if op is _c.SUBPATTERN:
        return _nullable(av[-1])
    if op is _c.BRANCH:
        return any(_nullable(alt) for alt in av[1])
    if op is _c.GROUPREF_EXISTS:
        return _nullable(av[1]) or not av[2] or _nullable(av[2])
    return op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


def _can_fail(item) -> bool:
    """Can matching this item fail at some position? Consuming items and anchors can; ``x*`` cannot."""
    op, av = item
    if op is _c.AT:
        return str(av) in _FAILING_ANCHORS
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return True
    if op in _REPEATS:
        return av[0] > 0 and any(_can_fail(i) for i in av[2])
    if op is _c.SUBPATTERN:
        return any(_can_fail(i) for i in av[-1])
    if op is _c.BRANCH:
        return all(any(_can_fail(i) for i in alt) for alt in av[1])
    return not _item_nullable(op, av)


# --- polynomial: two adjacent unbounded repeats over the same text -------------------------------------------

def _flatten(items) -> list:
    out = []
    for op, av in items:
        if op is _c.SUBPATTERN:
            out.extend(_flatten(av[-1]))
        else:
            out.append((op, av))
    return out


def _all_chars(items, flags: int) -> int:
    mask = 0
    for op, av in items:
        subs = _children(op, av)
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        if subs:
            for sub in subs:
                mask |= _all_chars(sub, flags)
        elif op not in (_c.AT,):
            mask |= _mask_of(op, av, flags)
    return mask


def _matchable_within(items, allowed: int, flags: int) -> bool:
    """Can ``items`` match some non-empty text made only of ``allowed`` characters?"""
    nonempty = False
    for op, av in items:
        if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        if op in _REPEATS:
            ok = _matchable_within(av[2], allowed, flags)
            if av[0] > 0 and not ok and not _nullable(av[2]):
                return False
            nonempty = nonempty or ok
        elif op is _c.SUBPATTERN:
            ok = _matchable_within(av[-1], allowed, flags)
            if not ok and not _nullable(av[-1]):
                return False
            nonempty = nonempty or ok
        elif op is _c.BRANCH:
            ok = any(_matchable_within(alt, allowed, flags) for alt in av[1])
            if not ok and not any(_nullable(alt) for alt in av[1]):
                return False
            nonempty = nonempty or ok
        elif _children(op, av):
            return False
        else:
            if not _mask_of(op, av, flags) & allowed:
                return False
            nonempty = True
    return nonempty


def _adjacent_overlap(items, tail: bool, flags: int, unanchored: bool) -> str:
    """A description of a pair of adjacent unbounded repeats over common text, followed by something that can
    fail, that a search may start at any position (nothing required and no ``^`` before it); empty when there is
    none. Such a pair costs cubic time under ``search`` (every start, every split); anchored, or behind a required
    prefix, it is quadratic at worst and not reported: the input would have to be huge to matter."""
    if not unanchored:
        return ""
    flat = _flatten(items)
    tails = [tail] * len(flat)
    running = tail
    for i in range(len(flat) - 1, -1, -1):
        tails[i] = running
        running = running or _can_fail(flat[i])
    for i, (op, av) in enumerate(flat):
        if op is _c.BRANCH:
            for alt in av[1]:
                found = _adjacent_overlap(list(alt) + flat[i + 1:], tail, flags, True)
                if found:
                    return found
        if op in _REPEATS and av[1] == _UNBOUNDED and not _has_op(av[2], {_c.ASSERT, _c.ASSERT_NOT}):
            for j in range(i + 1, len(flat)):
                op2, av2 = flat[j]
                if op2 in _REPEATS and av2[1] == _UNBOUNDED and tails[j]:
                    common = _all_chars(av[2], flags) & _all_chars(av2[2], flags)
                    if common and _matchable_within(av[2], common, flags) \
                            and _matchable_within(av2[2], common, flags):
                        return "two unbounded repeats in a row can share the same run of text"
                if not _item_nullable(op2, av2):
                    break
        if not _item_nullable(op, av) or op is _c.AT and str(av) in _START_ANCHORS:
            return ""  # past here a search can only start after something required
    return ""
