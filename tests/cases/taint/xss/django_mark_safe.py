"""mark_safe() on a string holding the posted biography turns off template escaping for it."""

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST


@require_POST
def preview_bio(request):
    bio = mark_safe("<div class='bio'>" + request.POST["bio"] + "</div>")  # expect: CWE-79
    return render(request, "accounts/bio_preview.html", {"bio": bio})
