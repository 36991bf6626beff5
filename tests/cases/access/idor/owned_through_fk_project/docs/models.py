"""A document store: projects have members, documents belong to a project, notices are public."""
from django.conf import settings
from django.db import models


class Project(models.Model):
    title = models.CharField(max_length=80)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL)


class Document(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE)
    path = models.CharField(max_length=300)


class Notice(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    text = models.TextField()
