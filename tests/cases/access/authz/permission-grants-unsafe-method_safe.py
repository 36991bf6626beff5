"""Permissions that open reading to all and decide writes on the caller."""
from rest_framework import permissions


class ArticlePermission(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        elif request.method == "DELETE":
            return bool(request.user and request.user.is_staff)
        return request.user.is_authenticated


class CommentPermission(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        if request.method in ("PUT", "PATCH") and obj.author == request.user:
            return True
        if request.method == "POST":
            return request.user.is_authenticated
        return request.method in permissions.SAFE_METHODS


class ReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method == "GET":
            return True
        return False
