"""API serializers of the shop's own models."""
from django.db import models
from rest_framework import serializers


class Member(models.Model):
    name = models.CharField(max_length=80)
    is_admin = models.BooleanField(default=False)


class Product(models.Model):
    name = models.CharField(max_length=80)
    price = models.DecimalField(max_digits=8, decimal_places=2)


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = "__all__"  # expect: CWE-915


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = "__all__"
