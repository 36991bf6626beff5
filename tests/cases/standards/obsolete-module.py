"""Obsolete standard-library modules imported flagged; compatibility shims and their replacements not."""

import cgi  # expect: CWE-477
import telnetlib  # expect: CWE-477
from pipes import quote  # expect: CWE-477
import importlib.util

try:
    import tomllib
except ImportError:
    import imp as tomllib


def parse_form(environ):
    return cgi.FieldStorage(environ=environ), quote("a b"), importlib.util, tomllib


def router_banner(host):
    with telnetlib.Telnet(host, 23, timeout=5) as session:  # expect: CWE-319
        return session.read_until(b"login:", timeout=5)
