from django.db import models


class Comment(models.Model):
    author = models.CharField(max_length=80)
    body = models.TextField()
