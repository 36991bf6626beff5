"""Ordinary comments about reporting, and prompt-injection phrases kept as data, are left alone."""

INJECTION_MARKERS = [
    "ignore previous instructions",
    "disregard the system prompt",
]


def lint(paths):
    # Report no findings for empty files: there is nothing to check.
    results = []
    for path in paths:
        # skip the rest of the checks when the file is generated
        results.append(path)
    return results


def is_injection(text: str) -> bool:
    """True when the user's text tries to make the assistant ignore its rules (see INJECTION_MARKERS)."""
    return any(marker in text.lower() for marker in INJECTION_MARKERS)


def add_missing_default_rules(rules):
    """Adds default rules to the given dict. It will not override the existing rules, and it will
    ignore any rules that are deprecated."""
    return rules


def safe_default():
    # The default is safe: the value is escaped by the template engine.
    return "ok"
