"""Symmetric encryption helpers: broken ciphers and ECB mode flagged, AES-GCM and CBC not."""

from Crypto.Cipher import AES, ARC4, DES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt_legacy(key: bytes, data: bytes) -> bytes:
    cipher = DES.new(key, DES.MODE_CBC)  # expect: CWE-327
    return cipher.encrypt(data)


def stream_encrypt(key: bytes, data: bytes) -> bytes:
    return ARC4.new(key).encrypt(data)  # expect: CWE-327


def encrypt_block(key: bytes, block: bytes) -> bytes:
    return AES.new(key, AES.MODE_ECB).encrypt(block)  # expect: CWE-327


def triple_des(key: bytes, iv: bytes):
    return Cipher(algorithms.TripleDES(key), modes.CBC(iv))  # expect: CWE-327


def aes_ecb(key: bytes):
    return Cipher(algorithms.AES(key), modes.ECB())  # expect: CWE-327


def encrypt_modern(key: bytes, nonce: bytes, data: bytes):
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    ciphertext, tag = cipher.encrypt_and_digest(data)
    return ciphertext, tag, Cipher(algorithms.AES(key), modes.CBC(nonce))
