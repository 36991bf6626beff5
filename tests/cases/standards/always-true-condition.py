"""Guards that can never fail flagged; correct membership tests and plain defaults not."""


def can_publish(role: str, draft: dict) -> bool:
    if role == "admin" or "editor":  # expect: CWE-571
        return True
    assert (draft.get("title"), "draft needs a title")  # expect: CWE-571
    return False


def can_review(role: str, title: str) -> bool:
    label = title or "untitled"
    assert title, "title required"
    return role in ("admin", "editor") or (role == "reviewer" and label != "")


def names(users):
    return [u.name for u in users if u.role == "staff" or "guest"]  # expect: CWE-571
