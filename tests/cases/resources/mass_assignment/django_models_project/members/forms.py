"""Forms of models defined in models.py: the member form lets a user pick their own role."""
from django import forms

from .models import Comment, Member


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = "__all__"  # expect: CWE-915


class MemberNameForm(forms.ModelForm):
    class Meta:
        model = Member
        exclude = ["role"]


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = "__all__"
