"""Input validation for the sign-up form."""
import re

USERNAME = re.compile(r"^([a-z0-9]+)+$")  # expect: CWE-1333
WORDS = re.compile(r"^(\w+\s?)*$")  # expect: CWE-1333
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CSV_LINE = re.compile(r"^(?:[^,]+,)*[^,]+$")
VERSION = re.compile(r"^\d+(\.\d+)*$")
SPACES = re.compile(r"\s+")


def is_valid_email(address: str) -> bool:
    return re.match(r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$", address) is not None  # expect: CWE-1333


def strip_comment(line: str) -> str:
    return re.sub(r"(.|\s)*#", "", line)  # expect: CWE-1333


def tokens(text: str) -> list:
    return re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)
