"""Permission checks that answer 'yes' when the check itself fails flagged; checks that deny on error not."""

import jwt


class PermissionService:
    def __init__(self, client):
        self.client = client

    def can_access(self, user, document) -> bool:
        try:
            self.client.check_permission(user.id, document.id, "read")
        except Exception:
            return True  # expect: CWE-636
        return True

    def token_ok(self, token, key) -> bool:
        authorized = False
        try:
            jwt.decode(token, key, algorithms=["HS256"])
            authorized = True
        except jwt.DecodeError:
            authorized = True  # expect: CWE-636
        return authorized

    def can_write(self, user, document) -> bool:
        try:
            self.client.check_permission(user.id, document.id, "write")
        except Exception:
            return False
        return True
