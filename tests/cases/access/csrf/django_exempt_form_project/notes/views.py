"""Notes: a quick-note endpoint was exempted from CSRF checks for a browser extension, and the page's own form
posts to it too."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from notes.models import Note


@login_required
def note_list(request):
    return render(request, "notes/list.html", {"notes": Note.objects.filter(owner=request.user)})


@login_required
def note_edit(request, note_id):
    note = Note.objects.get(pk=note_id, owner=request.user)
    if request.method == "POST":
        note.text = request.POST["text"]
        note.save()
        return redirect("note_list")
    return render(request, "notes/edit.html", {"note": note})


@csrf_exempt  # expect: CWE-352
@login_required
def quick_note(request):
    Note.objects.create(owner=request.user, text=request.POST["text"])
    return redirect("note_list")


@login_required
def share_note(request):
    if request.method == "POST":
        Note.objects.filter(owner=request.user, pk=request.POST["note"]).update(shared=True)
        return redirect("note_list")
    return render(request, "notes/share.html")


@login_required
def import_notes(request):
    for line in request.FILES["notes"].read().decode().splitlines():
        Note.objects.create(owner=request.user, text=line)
    return redirect("note_list")
