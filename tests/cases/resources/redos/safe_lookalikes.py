"""Patterns that look scary but cannot backtrack super-linearly in Python's engine."""
import re

PRODUCT_CODE = re.compile(r"^(ab+)+$")
PHONE_GROUPS = re.compile(r"^(\d{3})+$")
LOWER = re.compile(r"^[a-z]+$")
CHOICE = re.compile(r"^(?:a|b)+$")
CSV_LINE = re.compile(r"^(?:[^,]+,)*[^,]+$")
VERSION = re.compile(r"^\d+(\.\d+)*$")
NUMBER = re.compile(r"^\d+(\.\d*)?$")
IPV4 = re.compile(r"^(\d{1,3}\.){3}\d{1,3}$")
NO_AB = re.compile(r"^(?:(?!ab).)*$")
GREEDY_UNANCHORED = re.compile(r"(a+)+")
TRIM = re.compile(r"^\s+|\s+$")
DOUBLED = re.compile(r"\b(then?|[iao]n|i[fst]|but|f?or|at|and|[dt]o)\s+\1\b")
WORD = r"\w+"
SENTENCE = re.compile(WORD + r"(\s" + WORD + ")*$")


def parse_pair(text: str):
    return re.match(r"(\d+)\s+(\d+)", text)


def dynamic(pattern: str, text: str):
    return re.match(pattern, text)
