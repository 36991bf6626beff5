"""Identity tests against literals flagged; identity against None/True/sentinels and == comparisons not."""

_MISSING = object()


def role_label(role: str, level: int) -> str:
    if role is "admin":  # expect: CWE-597
        return "Administrator"
    if level is not 0:  # expect: CWE-595
        return "Staff"
    if role == "guest" or role is None:
        return "Guest"
    return "User"


def lookup(mapping: dict, key: str, default=_MISSING):
    value = mapping.get(key, _MISSING)
    if value is _MISSING and default is _MISSING:
        raise KeyError(key)
    return value if value is not _MISSING else default


def is_enabled(flag) -> bool:
    return flag is True
