"""Document service: the checks below run in production."""
from documents.models import Document


def delete_document(user, doc_id: int) -> None:
    doc = Document.get(doc_id)
    assert user.is_admin or doc.owner_id == user.id, "not allowed"  # expect: CWE-733
    doc.delete()


def publish(user, doc: Document) -> None:
    assert user.has_perm("documents.publish")  # expect: CWE-733
    doc.published = True


def set_role(user, role: str) -> None:
    assert user.role == "admin"  # expect: CWE-733
    user.role = role


def page_slice(items: list, page: int, size: int) -> list:
    assert page >= 0 and size > 0
    assert isinstance(items, list)
    return items[page * size:(page + 1) * size]


def rename(user, doc: Document, title: str) -> None:
    if not user.has_perm("documents.change"):
        raise PermissionError("cannot rename")
    assert title, "caller validated the title"
    doc.title = title
