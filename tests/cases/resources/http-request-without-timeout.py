"""Client for the exchange-rate service."""
import urllib.request

import httpx
import requests

RATES_URL = "https://rates.example.com/v1/latest"


def latest_rates() -> dict:
    return requests.get(RATES_URL).json()  # expect: CWE-1088


def latest_rates_bounded() -> dict:
    return requests.get(RATES_URL, timeout=10).json()


def post_usage(count: int) -> None:
    session = requests.Session()
    session.post(RATES_URL + "/usage", json={"count": count})  # expect: CWE-1088
    session.post(RATES_URL + "/usage", json={"count": count}, timeout=(3, 10))
    session.close()


def legacy_rates() -> bytes:
    with urllib.request.urlopen(RATES_URL) as resp:  # expect: CWE-1088
        return resp.read()


def legacy_rates_bounded() -> bytes:
    with urllib.request.urlopen(RATES_URL, timeout=5) as resp:
        return resp.read()


def modern_rates() -> dict:
    return httpx.get(RATES_URL).json()


def forwarded(**options) -> dict:
    return requests.get(RATES_URL, **options).json()
