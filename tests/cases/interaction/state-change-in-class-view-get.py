"""Class-based views of the tasks app."""
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views import View
from rest_framework import viewsets
from rest_framework.response import Response

from tasks.models import Task
from tasks.serializers import TaskSerializer


class CompleteTaskView(View):
    def get(self, request, pk):
        task = get_object_or_404(Task, pk=pk)
        task.done = True
        task.save()  # expect: CWE-650
        return JsonResponse({"ok": True})

    def post(self, request, pk):
        Task.objects.filter(pk=pk).update(done=True)
        return JsonResponse({"ok": True})


class TaskView(View):
    def get(self, request, pk):
        task = get_object_or_404(Task, pk=pk)
        return JsonResponse({"title": task.title})

    def delete(self, request, pk):
        get_object_or_404(Task, pk=pk).delete()
        return JsonResponse({"ok": True})


class TaskViewSet(viewsets.ViewSet):
    def list(self, request):
        Task.objects.filter(done=True).delete()  # expect: CWE-650
        return Response(TaskSerializer(Task.objects.all(), many=True).data)
