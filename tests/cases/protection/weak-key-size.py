"""Key generation: keys under 2048 bits and tiny curves flagged, 3072-bit RSA and P-256 not."""

from Crypto.PublicKey import RSA
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa


def legacy_keys():
    signing = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # expect: CWE-326
    dsa_key = dsa.generate_private_key(key_size=1024)  # expect: CWE-326
    device = ec.generate_private_key(ec.SECP192R1())  # expect: CWE-326
    return signing, dsa_key, device, RSA.generate(1024)  # expect: CWE-326


def modern_keys():
    signing = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    device = ec.generate_private_key(ec.SECP256R1())
    return signing, device, RSA.generate(bits=2048)
