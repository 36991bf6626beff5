"""Escaping that does not fit the spot the value lands in flagged; matching escapers not."""

import html
import shlex
from xml.sax.saxutils import escape, quoteattr


def avatar(user_name: str, url: str) -> str:
    return f'<img alt="{escape(user_name)}" src="/a.png">'  # expect: CWE-838


def profile_link(url: str, label: str) -> str:
    return "<a href=%s>%s</a>" % (html.escape(url), html.escape(label))  # expect: CWE-838


def archive_command(name: str) -> str:
    return f'tar czf "{shlex.quote(name)}.tgz" data/'  # expect: CWE-838


def avatar_safe(user_name: str) -> str:
    label = f"<p>{escape(user_name)}</p>"
    return f'<img alt="{html.escape(user_name)}" title={quoteattr(user_name)}>' + label


def archive_command_safe(name: str) -> list:
    return shlex.split(f"tar czf {shlex.quote(name)}.tgz data/")
