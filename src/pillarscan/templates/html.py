"""Where in the HTML a template output lands, for the places where HTML escaping does not protect it.

Autoescaping turns ``<>&'"`` into entities. That is enough in text and in quoted attribute values, but not:
inside ``<script>`` (outside a JS string, ``1;alert(1)`` needs none of those characters), in an event-handler
attribute (the browser decodes the entities before running the JavaScript), in an unquoted attribute value (a
space starts a new attribute), or at the start of a URL attribute (``javascript:alert(1)`` has nothing to escape).
The tracker follows the template's literal text in source order; an output is a placeholder in that text.
"""

from __future__ import annotations

URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster", "background",
                       "codebase", "cite", "lowsrc", "dynsrc"})
_DATA, _TAG, _ATTR, _AFTER_ATTR, _BEFORE_VALUE, _VALUE_Q, _VALUE_UNQ, _SCRIPT, _STYLE, _COMMENT = range(10)
# AngularJS compiles the page below an ng-app element as its own template: {{ }} written there by the server is
# evaluated in the browser, and HTML escaping leaves braces alone (client-side template injection)
ANGULAR_APP_ATTRS = frozenset({"ng-app", "data-ng-app", "x-ng-app", "ng:app"})
ANGULAR_WHY = ("inside an AngularJS app (ng-app), which evaluates {{ }} in the page as an expression; HTML "
               "escaping does not escape braces")


class HtmlContext:
    """A small HTML tokenizer state machine, fed piece by piece."""

    def __init__(self) -> None:
        self.state = _DATA
        self.tag = ""  # the open tag's name while inside it
        self.attr = ""  # the attribute being read
        self.quote = ""
        self.value = ""  # the quoted/unquoted attribute value so far
        self.js_quote = ""  # inside <script>: the JS string quote open, if any
        self.pending = ""  # text not yet decided (a '<' at the end of a piece)
        self.angular = False  # an ng-app element has opened: the rest of the page is an AngularJS template

    def feed(self, text: str) -> None:
        text = self.pending + text
        self.pending = ""
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            s = self.state
            if s == _DATA:
                j = text.find("<", i)
                if j < 0:
                    return
                if j + 1 >= n:
                    self.pending = "<"
                    return
                if text.startswith("<!--", j):
                    self.state, i = _COMMENT, j + 4
                    continue
                k = j + 1
                if text[k] == "/":
                    k += 1
                start = k
                while k < n and (text[k].isalnum() or text[k] in "-:_"):
                    k += 1
                if k == start:
                    i = j + 1
                    continue
                self.tag = text[start:k].lower() if text[j + 1] != "/" else ""
                self.state, i = _TAG, k
            elif s == _COMMENT:
                j = text.find("-->", i)
                if j < 0:
                    return
                self.state, i = _DATA, j + 3
            elif s in (_SCRIPT, _STYLE):
                close = "</script" if s == _SCRIPT else "</style"
                j = text.lower().find(close, i)
                end = j if j >= 0 else n
                if s == _SCRIPT:
                    self._js(text[i:end])
                if j < 0:
                    return
                self.js_quote = ""
                self.tag, self.state, i = "", _TAG, j + len(close)
            elif s == _TAG:
                if c == ">":
                    self._close_tag()
                elif c.isspace() or c == "/":
                    pass
                else:
                    self.attr, self.state = c.lower(), _ATTR
                i += 1
            elif s == _ATTR:
                if c == "=":
                    self._attr_named()
                    self.state = _BEFORE_VALUE
                elif c.isspace():
                    self._attr_named()
                    self.state = _AFTER_ATTR
                elif c == ">":
                    self._attr_named()
                    self._close_tag()
                else:
                    self.attr += c.lower()
                i += 1
            elif s == _AFTER_ATTR:
                if c == "=":
                    self.state = _BEFORE_VALUE
                elif c == ">":
                    self._close_tag()
                elif not c.isspace():
                    self.attr, self.state = c.lower(), _ATTR
                i += 1
            elif s == _BEFORE_VALUE:
                if c in "\"'":
                    self.quote, self.value, self.state = c, "", _VALUE_Q
                elif c == ">":
                    self._close_tag()
                elif not c.isspace():
                    self.value, self.state = c, _VALUE_UNQ
                i += 1
            elif s == _VALUE_Q:
                j = text.find(self.quote, i)
                if j < 0:
                    self.value += text[i:]
                    return
                self.value += text[i:j]
                self.state, i = _TAG, j + 1
            elif s == _VALUE_UNQ:
                if c.isspace():
                    self.state = _TAG
                elif c == ">":
                    self._close_tag()
                else:
                    self.value += c
                i += 1

    def _attr_named(self) -> None:
        if self.attr in ANGULAR_APP_ATTRS:
            self.angular = True

    def _close_tag(self) -> None:
        self.state = {"script": _SCRIPT, "style": _STYLE}.get(self.tag, _DATA)
        self.js_quote = ""

    def _js(self, code: str) -> None:
        """Follow JS string quotes in script text, so an output inside "..." is told from one in code."""
        quote = self.js_quote
        escaped = False
        for c in code:
            if escaped:
                escaped = False
            elif c == "\\" and quote:
                escaped = True
            elif quote:
                if c == quote:
                    quote = ""
            elif c in "\"'`":
                quote = c
        self.js_quote = quote

    def unprotected(self) -> str:
        """Why an output here is not protected by HTML escaping, or "" when escaping is enough."""
        s = self.state
        if s == _SCRIPT and self.js_quote in ("", "`"):
            return "inside a <script> block, where HTML escaping does not stop JavaScript"
        if s in (_BEFORE_VALUE, _VALUE_UNQ):
            return f"in the unquoted attribute value {self.attr}=, where a space starts a new attribute"
        if s == _VALUE_Q and self.attr.startswith("on"):
            return f"inside the event-handler attribute {self.attr}=, which the browser decodes and runs as JavaScript"
        if s == _VALUE_Q and self.attr in URL_ATTRS and not self.value.strip():
            return f"at the start of the URL attribute {self.attr}=, where a javascript: URL runs script"
        if self.angular and s in (_DATA, _VALUE_Q):
            return ANGULAR_WHY
        return ""

    def output(self) -> None:
        """The output's own text takes its place in the page (the value is no longer empty, etc.)."""
        if self.state == _SCRIPT:
            return
        self.feed("x")
