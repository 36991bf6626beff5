from django.db import models


class Member(models.Model):
    name = models.CharField(max_length=80)
    role = models.CharField(max_length=20, default="reader")


class Comment(models.Model):
    text = models.TextField()
