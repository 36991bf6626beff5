"""Registration forms built from the user model."""
from django import forms
from django.contrib.auth.models import User


class SignupForm(forms.ModelForm):
    class Meta:
        model = User
        exclude = ["groups", "user_permissions", "last_login"]  # expect: CWE-915


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]


class StaffUserForm(forms.ModelForm):
    """The admin site's form (admin.py): staff may set every field."""

    class Meta:
        model = User
        fields = "__all__"
