"""Type checks by class name flagged; isinstance and identity on the class not."""


class AdminUser:
    pass


def can_delete(user) -> bool:
    if type(user).__name__ == "AdminUser":  # expect: CWE-486
        return True
    return user.__class__.__name__ in ("Owner", "Moderator")  # expect: CWE-486


def can_edit(user) -> bool:
    return isinstance(user, AdminUser) or type(user) is AdminUser


def describe(user) -> str:
    return "user of type " + type(user).__name__
