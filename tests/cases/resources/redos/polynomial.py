"""Input clean-up for the feedback form."""
import re

TRAILING = re.compile(r"\s*\s*$")  # expect: CWE-1333
NUMBER = re.compile(r"^\d+\.?\d*$")  # expect: CWE-1333


def key_value(line: str):
    return re.match(r".*.*=", line)  # expect: CWE-1333
