"""Template files → the places where they write a value into the page without HTML escaping.

A template is part of the program: ``render_template("profile.html", bio=bio)`` is safe only as long as
``profile.html`` escapes ``bio``. ``jinja.py`` reads Jinja2 templates with Jinja2's own parser and ``django.py``
Django templates with a lexer faithful to Django's; both hand back ``TemplateFacts``: every raw output with the
variable path it writes (``user.bio``), its line, and why escaping does not protect it there. ``link.py`` joins
those with the render calls the flow engine recorded. Nothing here renders or executes a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .html import ANGULAR_WHY

TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml")
FOLDER_ONLY_SUFFIXES = (".txt", ".xml")  # templates only inside a ``templates/`` folder (else data, docs)
MAX_TEMPLATE_BYTES = 512 * 1024  # a real template is a few KiB; a bigger .html is generated output, not code

# Filters whose result is safe to write whatever the input (escaped, or a number / JSON for script contexts).
ESCAPING_FILTERS = frozenset({"e", "escape", "forceescape", "force_escape", "escapejs", "tojson", "json_script",
                              "urlencode", "int", "float", "length", "count", "wordcount", "filesizeformat",
                              "yesno", "pluralize", "date", "time", "timesince", "timeuntil",
                              "urlize", "urlizetrunc", "linebreaks", "linebreaksbr", "xmlattr", "abs", "round"})
# Filters that keep the value's text but not its escaping need: they pass what was fed in through.
SAFE_MARKERS = frozenset({"safe", "safeseq"})

# Request data that a template reads itself (Flask's ``request`` and Django's request context processor).
TEMPLATE_REQUEST_ATTRS = frozenset({"args", "form", "values", "cookies", "headers", "json", "data", "GET", "POST",
                                    "COOKIES", "META", "query_string", "full_path", "url", "path", "query_params"})


_FORCE_ESCAPES = frozenset({"forceescape", "force_escape"})
_HTML_ESCAPES = frozenset({"e", "escape"})


def filter_verdict(filters: list[str], autoescape: bool, off_words: str) -> str:
    """Why a chain of filters (outermost first) leaves the value raw, or "". Read from the value outwards: an
    escaping filter before ``safe`` wins (``x|e|safe``), ``safe`` before ``e`` does not (``e`` leaves marked-safe
    text alone; ``forceescape`` does not), and a filter that yields a number or JSON ends any danger."""
    state = ""
    for name in reversed(filters):
        if name in SAFE_MARKERS:
            if state != "escaped":
                state = name
        elif name in _FORCE_ESCAPES or (name in ESCAPING_FILTERS and name not in _HTML_ESCAPES):
            state = "escaped"
        elif name in _HTML_ESCAPES and not state:
            state = "escaped"
    if state in SAFE_MARKERS:
        return f"marked safe with |{state}, so autoescaping leaves it as it is"
    if not autoescape and state != "escaped":
        return f"inside {off_words}, so nothing escapes it"
    return ""


def context_escaped(filters: list[str]) -> bool:
    """A filter that makes the value safe even where HTML escaping is not enough (JSON, a number, URL-encoding)."""
    return any(f in ESCAPING_FILTERS and f not in _HTML_ESCAPES and f not in _FORCE_ESCAPES for f in filters)

USER_TEXT_FIELDS = frozenset({"username", "first_name", "last_name", "email", "get_full_name", "get_username",
                              "get_short_name"})


@dataclass(frozen=True)
class RawOutput:
    """One value written into the page unescaped (or escaped where escaping does not protect it)."""

    line: int
    column: int
    var: str  # the variable path as the context names it: "user.bio", "comment"
    why: str  # "marked safe with |safe", "inside <script>", ...

    @property
    def root(self) -> str:
        return self.var.split(".", 1)[0]

    @property
    def client_template(self) -> bool:
        """Escaped, but where AngularJS evaluates it: client-side template injection rather than XSS."""
        return self.why == ANGULAR_WHY

    def from_signed_in_user(self) -> bool:
        """``user.username|safe``: text the signed-in user chose, that the template reads from the context every
        page gets (Django's auth context processor ``user``, Flask-Login's ``current_user``): stored data."""
        parts = self.var.split(".")
        if parts[:2] == ["request", "user"]:
            parts = parts[1:]
        return len(parts) == 2 and parts[0] in ("user", "current_user") and parts[1] in USER_TEXT_FIELDS

    def from_request(self) -> bool:
        """``request.args.q|safe``: untrusted data that the template reads from the request itself."""
        parts = self.var.split(".")
        return len(parts) >= 2 and parts[0] == "request" and parts[1] in TEMPLATE_REQUEST_ATTRS


@dataclass
class TemplateFacts:
    path: str
    dialect: str  # "jinja" or "django"
    outputs: list[RawOutput] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)  # constant names of extends / include / import
    error: str = ""  # why the template could not be parsed (a diagnostic; never a crash)


def is_template_name(name: str, in_templates_folder: bool) -> bool:
    """Whether a file is read as a template: by its suffix, and ``.txt``/``.xml`` only under ``templates/``."""
    lower = name.lower()
    return lower.endswith(TEMPLATE_SUFFIXES) or (in_templates_folder and lower.endswith(FOLDER_ONLY_SUFFIXES))


def may_output_raw(text: str) -> bool:
    """Cheap pre-check: could this template hold a raw output that needs no render call to matter?"""
    return "safe" in text or "autoescape" in text


def analyse(path: str, text: str, dialect: str | None = None) -> TemplateFacts:
    """The raw outputs of one template; ``dialect`` from the render call when known, else guessed from the text."""
    dialect = dialect or guess_dialect(text)
    if dialect == "jinja":
        from .jinja import analyse_jinja

        facts = analyse_jinja(path, text)
        if not facts.error:
            return facts
        from .django import analyse_django

        fallback = analyse_django(path, text)  # the shared {{ }} / {% %} syntax, read token by token
        if guess_dialect(text, strict=True) != "django":  # a Jinja2 template Jinja2 refuses: say so
            fallback.dialect, fallback.error = "jinja", facts.error + "; read with the tolerant lexer instead"
        return fallback
    from .django import analyse_django

    return analyse_django(path, text)


_DJANGO_ONLY = ("{% load ", "{% csrf_token", "{% url '", '{% url "', "{% autoescape off",
                "{% autoescape on", "{% verbatim", "{% cycle ", "{% firstof ", "{% spaceless", "{% now ")


def guess_dialect(text: str, strict: bool = False) -> str:
    """Django's tags and its ``filter:arg`` syntax say Django; otherwise Jinja2 (the two share ``{{ }}``)."""
    import re

    if any(word in text for word in _DJANGO_ONLY) or re.search(r"\{\{[^}]*\|\s*\w+:", text):
        return "django"
    return "jinja" if not strict else ""
