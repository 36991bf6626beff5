"""Task views of a project tracker: objects fetched by the id in the URL."""
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render

from tracker.models import Note, Task


@login_required
def task_list(request):
    return render(request, "tasks.html", {"tasks": Task.objects.filter(assignee=request.user)})


@login_required
def task_edit(request, task_id):
    task = Task.objects.get(pk=task_id)  # expect: CWE-639
    task.title = request.POST["title"]
    task.save()
    return redirect("task_list")


@login_required
def note_delete(request, note_id):
    note = get_object_or_404(Note, pk=note_id)  # expect: CWE-639
    note.delete()
    return redirect("task_list")


@login_required
def note_create(request):
    Note.objects.create(author=request.user, text=request.POST["text"])
    return redirect("task_list")


@login_required
def task_detail(request, task_id):
    task = get_object_or_404(Task, pk=task_id, assignee=request.user)
    return render(request, "task.html", {"task": task})


@login_required
def task_complete(request, task_id):
    task = Task.objects.get(pk=task_id)
    if task.assignee != request.user:
        return redirect("task_list")
    task.done = True
    task.save()
    return redirect("task_list")


@permission_required("tracker.change_task")
def task_reassign(request, task_id):
    task = Task.objects.get(pk=task_id)
    task.assignee_id = request.POST["user"]
    task.save()
    return redirect("task_list")
