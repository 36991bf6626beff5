"""TLS client contexts: obsolete protocol versions flagged, modern defaults and guards not."""

import ssl
from ssl import PROTOCOL_TLSv1


def legacy_context():
    return ssl.SSLContext(ssl.PROTOCOL_SSLv3)  # expect: CWE-327


def tls10_context():
    return ssl.SSLContext(PROTOCOL_TLSv1)  # expect: CWE-327


def permissive_floor():
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1  # expect: CWE-327
    return context


def modern_context():
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if context.minimum_version <= ssl.TLSVersion.TLSv1_1:
        raise RuntimeError("TLS floor too low")
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), context


def server_context_allowing_sslv3():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.options &= ~ssl.OP_NO_SSLv3  # expect: CWE-757
    return context


def server_context_allowing_tls10():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.options = context.options & ~(ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1)  # expect: CWE-757
    return context
