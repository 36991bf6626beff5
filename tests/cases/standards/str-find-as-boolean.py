"""str.find() used as a truth value flagged; `in`, explicit -1 checks and non-str find() not."""


def is_admin_path(path: str) -> bool:
    if path.find("/admin"):  # expect: CWE-253
        return True
    return not path.lower().find("/internal")  # expect: CWE-253


def is_admin_path_ok(path: str, soup) -> bool:
    if "/admin" in path or path.find("/admin") != -1:
        return True
    if soup.find("div"):
        return True
    return path.startswith("/internal")
