"""A login check against a password digest written into the code."""
import hashlib
import hmac

ADMIN_PASSWORD_SHA256 = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"  # expect: CWE-798


def check_admin(password: str) -> bool:
    digest = hashlib.sha256(password.encode()).hexdigest()
    return hmac.compare_digest(digest, ADMIN_PASSWORD_SHA256)


def check_operator(password: str) -> bool:
    return hashlib.sha256(password.encode()).hexdigest() == "ef92b778bafe771e89245b89ecbc08a44a4e166c06659911881f383d4473e94f"  # expect: CWE-798
