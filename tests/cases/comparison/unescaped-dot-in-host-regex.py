"""Host patterns with bare dots flagged; escaped dots and dots that really mean 'any character' not."""

import re

TRUSTED = re.compile(r"^https://(www|api).example.com/")  # expect: CWE-625


def is_company_mail(address: str) -> bool:
    return re.fullmatch(r"[a-z.]+@corp.example.org", address) is not None  # expect: CWE-625


def is_trusted(url: str) -> bool:
    return re.match(r"^https://(www|api)\.example\.com/", url) is not None


def version_tag(text: str):
    return re.search(r"v\d+.\d+", text), re.findall(r"[a-z.]+", text)
