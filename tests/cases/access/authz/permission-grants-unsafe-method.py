"""A blog API's permission: reading is open, and so, by mistake, is deleting."""
from rest_framework import permissions


class ArticlePermission(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        elif request.method == "DELETE":  # expect: CWE-285
            return True
        return False

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        elif request.method == "DELETE":
            return True
        return False


class CommentPermission(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        if request.method in ("PUT", "PATCH"):  # expect: CWE-285
            return True
        return request.method in permissions.SAFE_METHODS
