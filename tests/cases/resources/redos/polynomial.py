"""Input clean-up for the feedback form."""
import re

TRAILING = re.compile(r"\s*\s*$")  # expect: CWE-1333
NUMBER = re.compile(r"^\d+\.?\d*$")


def key_value(line: str):
    return re.search(r".*.*=", line)  # expect: CWE-1333


def key_value_at_start(line: str):
    return re.match(r".*.*=", line)
