"""Validators for the import job: patterns kept as constants, compiled or used further down."""
import re

NAME_PART = r"[a-z]+"
WORD_RUN = r"(\w+\s?)*"
NESTED = r"^((a)+)+$"
ALTERNATION = "(x|x)*"
TAG_LIST = rf"^({NAME_PART}\d?)+$"
LINE = "^" + WORD_RUN + "$"


class Importer:
    ROW = r"^(\d+,?)+;$"

    def valid_row(self, row: str) -> bool:
        return re.match(self.ROW, row) is not None  # expect: CWE-1333


def nested(text: str) -> bool:
    return re.fullmatch(NESTED, text) is not None  # expect: CWE-1333


def tags(text: str) -> bool:
    return re.match(TAG_LIST, text) is not None  # expect: CWE-1333


def line(text: str) -> bool:
    return bool(re.compile(LINE).match(text))  # expect: CWE-1333


def alternation(text: str) -> bool:
    checker = re.compile(ALTERNATION + "y")  # expect: CWE-1333
    return bool(checker.match(text))


def local(text: str) -> bool:
    pattern = r"(.*,){12}"
    return re.search(pattern, text) is not None  # expect: CWE-1333
