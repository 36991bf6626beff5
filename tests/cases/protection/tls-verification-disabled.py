"""HTTP and socket clients: certificate checks switched off flagged, CA bundles and guards not."""

import ssl

import httpx
import requests


def fetch_status(url):
    return requests.get(url, verify=False, timeout=5)  # expect: CWE-295


def fetch_with_session(url):
    session = requests.Session()
    session.verify = False  # expect: CWE-295
    return session.get(url, timeout=5)


def internal_client():
    return httpx.Client(verify=False)  # expect: CWE-295


def raw_context():
    context = ssl.create_default_context()
    context.check_hostname = False  # expect: CWE-295
    context.verify_mode = ssl.CERT_NONE  # expect: CWE-295
    return context


def quick_context():
    return ssl._create_unverified_context()  # expect: CWE-295


def private_ca(url):
    context = ssl.create_default_context(cafile="/etc/ssl/internal-ca.pem")
    if context.verify_mode == ssl.CERT_NONE:
        raise RuntimeError("verification must stay on")
    return requests.get(url, verify="/etc/ssl/internal-ca.pem", timeout=5), context
