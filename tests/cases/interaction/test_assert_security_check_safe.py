"""Tests may assert on permissions: asserts are how tests check things."""
from documents.models import Document


def test_admin_can_delete(admin_user):
    doc = Document(owner_id=1)
    assert admin_user.is_admin
    assert admin_user.has_perm("documents.delete")
    assert doc.owner_id == 1
