"""A Django view that re-renders a bound form's errors: the rendered list is escaped, the raw value is not."""

from django import forms
from django.http import HttpResponse
from django.utils.safestring import mark_safe


class CommentForm(forms.Form):
    body = forms.CharField(max_length=200)


def comment(request):
    form = CommentForm(request.POST)
    if not form.is_valid():
        return HttpResponse(mark_safe(form.errors.as_ul()))
    return HttpResponse(mark_safe(request.POST["body"]))  # expect: CWE-79
